"""Step-backs are recorded (the first instinct a trainer wants to see) in the timeline, the
history and the export, and survive a save."""

from game.engine import build_debrief, choose, from_json, history, rewind, start, to_json
from game.report import debrief_html


def stepped(small):
    first = start(small, seed=1)
    home = choose(small, first, 1)  # "Tell Jo to go home": an ending
    back = rewind(small, home, 1)
    return choose(small, choose(small, back, 0), 0)


def test_a_step_back_is_kept_and_shown_everywhere(small):
    state = stepped(small)
    assert state == choose(small, choose(small, start(small, seed=1), 0), 0)  # the same place and totals
    timeline = build_debrief(small, state).timeline
    assert timeline[0].stepped_back == ("Tell Jo to go home.",) and timeline[1].stepped_back == ()
    assert history(small, state)[0].stepped_back == ("Tell Jo to go home.",)
    html = debrief_html(build_debrief(small, state))
    assert "<dt>Stepped back</dt><dd>First chose &quot;Tell Jo to go home.&quot;, then stepped back.</dd>" in html


def test_step_backs_survive_a_save_and_old_saves_still_load(small):
    state = stepped(small)
    saved = to_json(state, small)
    assert saved["stepped_back"] == [[1, "meet", 2]]
    assert from_json(small, saved).stepped_back == state.stepped_back
    old = {k: v for k, v in saved.items() if k != "stepped_back"}
    assert from_json(small, old).stepped_back == () and from_json(small, old) == state
    damaged = {**saved, "stepped_back": [["x"], [1, "nowhere", 1], 7]}
    assert from_json(small, damaged).stepped_back == ()
