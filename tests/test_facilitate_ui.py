"""Facilitator mode, headless: a whole session driven by real key presses, then its export."""

import csv
import json

import pygame
import pytest

from game.model import load_scenario
from game.store import Settings, data_dir
from game.ui.app import App
from game.ui.page import Block, Button
from game.ui.scenes.facilitate import KEYS
from game.ui.scenes.menus import BriefingScene, TitleScene

from .conftest import SCENARIOS

OVERDOSE = SCENARIOS / "overdose-in-the-park.yaml"


@pytest.fixture(autouse=True)
def no_unfinished_sessions():
    """Each test starts a new session: an earlier test's unfinished one would be resumed."""
    import shutil

    shutil.rmtree(data_dir() / "sessions", ignore_errors=True)
    yield


def make_app(size=(1920, 1080)):
    settings = Settings(reduced_motion=True)
    app = App(size=size, settings=settings, background_loading=False, seed=2, facilitating=True,
              scenario_folder=SCENARIOS)
    app.push(TitleScene(app))
    app.push(BriefingScene(app, load_scenario(OVERDOSE)))
    app.step()
    return app


def press(app, key, mod=0):
    app.step([pygame.event.Event(pygame.KEYDOWN, key=key, mod=mod, unicode="", scancode=0)])


def take_yourself(app, key):
    """Ctrl + letter, twice: the facilitator takes that option."""
    press(app, key, pygame.KMOD_CTRL)
    press(app, key, pygame.KMOD_CTRL)


def letter(name):
    return getattr(pygame, f"K_{name.lower()}")


def text_of(app):
    return " ".join(i.text if isinstance(i, Block) else i.label for i in app.scene.view.page.items
                    if isinstance(i, (Block, Button)))


def test_projector_text_is_big_enough_for_the_back_row():
    app = make_app()
    press(app, pygame.K_RETURN)
    assert app.scene.name == "facilitate"
    assert app.theme.metrics.body >= 40  # at 1920x1080
    assert app.theme.palette.name == "projector"


def test_projector_shows_no_scores_or_feedback_before_reveal():
    app = make_app()
    press(app, pygame.K_RETURN)
    scene = app.scene
    shown = text_of(app)
    node = scene.scenario.nodes[scene.session.state.node]
    for rule in node.choices:
        assert rule.spec.feedback not in shown
    assert "Health and Dignity" not in shown and "Pragmatic" not in shown
    press(app, pygame.K_p)
    assert "Scores and feedback will show on this window" in text_of(app)  # asked first, naming the risk
    assert "The options, their scores and feedback" not in text_of(app)
    press(app, pygame.K_x)  # any other key cancels
    press(app, pygame.K_p)
    press(app, pygame.K_p)
    assert "The options, their scores and feedback" in text_of(app)  # only in the presenter view
    press(app, pygame.K_p)
    assert "The options, their scores and feedback" not in text_of(app)


def test_a_whole_session_with_votes_reveal_jump_back_debrief_and_export():
    app = make_app()
    press(app, pygame.K_RETURN)
    scene = app.scene
    import game.facilitation as fac

    options = fac.options(scene.session, scene.scenario)
    a, b = options[0].letter, options[1].letter
    for _ in range(3):
        press(app, letter(a))
    for _ in range(5):
        press(app, letter(b))
    press(app, letter(b), pygame.KMOD_SHIFT)  # one vote taken back
    press(app, pygame.K_1)
    press(app, pygame.K_2)
    press(app, letter(a))  # typed count: A has 12
    votes = {o.letter: o.votes for o in fac.options(scene.session, scene.scenario)}
    assert votes[a] == 12 and votes[b] == 4
    press(app, pygame.K_t)
    assert f"{a}: 12 votes (most)" in " ".join(
        str(getattr(i, "text", "")) for i in scene.view.page.items) or scene.session.visit.tally_shown
    press(app, pygame.K_RETURN)  # take the majority option
    assert scene.stage == "reveal"
    revealed = text_of(app)
    assert "The room chose option" in revealed and "Every option at this moment" in revealed
    first_taken = scene.session.state.path[0]
    press(app, pygame.K_RETURN)  # continue
    # Moment 2: a tie, broken by the facilitator with Ctrl + letter.
    options = fac.options(scene.session, scene.scenario)
    press(app, letter(options[0].letter))
    press(app, letter(options[1].letter))
    press(app, pygame.K_RETURN)
    assert "A tie between" in scene.message
    take_yourself(app, letter(options[1].letter))
    assert scene.stage == "reveal" and "The vote was tied; the facilitator chose option" in text_of(app)
    press(app, pygame.K_RETURN)
    # Jump back to moment 1 and explore another option.
    press(app, pygame.K_j)
    assert scene.panel == "jump"
    press(app, pygame.K_1)
    assert scene.panel is None and scene.session.state.steps_taken == 0
    other = next(o for o in fac.options(scene.session, scene.scenario) if o.index != first_taken.choice)
    take_yourself(app, letter(other.letter))
    press(app, pygame.K_RETURN)
    # Play the new branch to its ending, the room always taking the first option.
    for _ in range(40):
        if scene.ended:
            break
        first = fac.options(scene.session, scene.scenario)[0]
        press(app, letter(first.letter))
        press(app, pygame.K_RETURN)
        press(app, pygame.K_RETURN)
    assert scene.stage == "debrief"
    phases = []
    for _ in range(4):
        phases.append(text_of(app))
        press(app, pygame.K_RIGHT)
    assert "How did that feel?" in phases[0] and "What happened?" in phases[1]
    assert "Health and Dignity" in phases[2] and "not medical advice" in phases[3]
    press(app, pygame.K_s)
    exports = data_dir() / "exports"
    record = json.loads(sorted(exports.glob("overdose-in-the-park-*.json"))[-1].read_text())
    assert record["kind"] == "outreach-facilitation"
    assert len(record["branches"]) >= 2
    first_visit = record["branches"][0]["visits"][0]
    assert sorted(o["votes"] for o in first_visit["options"])[-2:] == [4, 12]
    assert first_visit["taken_by"] == "majority"
    assert record["branches"][0]["visits"][1]["taken_by"] == "tie-break"
    rows = list(csv.DictReader(sorted(exports.glob("overdose-in-the-park-*.csv"))[-1].open()))
    assert {row["branch"] for row in rows} >= {"1", "2"}
    assert any(row["taken_by"] == "majority" and "12" in (row["votes_A"], row["votes_B"], row["votes_C"])
               for row in rows)
    html = sorted(exports.glob("overdose-in-the-park-*.html"))[-1].read_text()
    assert "vote" in html.lower()


def test_help_lists_every_key_binding():
    app = make_app()
    press(app, pygame.K_RETURN)
    press(app, pygame.K_SLASH)
    shown = text_of(app)
    for key, meaning in KEYS:
        assert f"{key}: {meaning}" in shown
    press(app, pygame.K_ESCAPE)
    assert app.scene.panel is None


def test_a_crashed_session_can_be_resumed():
    app = make_app()
    press(app, pygame.K_RETURN)
    press(app, letter("A"))
    take_yourself(app, letter("A"))
    press(app, pygame.K_RETURN)
    taken = app.scene.session.state
    again = make_app()  # as after a power cut: the autosave is on disk
    assert "Resume the unfinished session (moment 2)" in text_of(again)
    press(again, pygame.K_r)
    assert again.scene.name == "facilitate" and again.scene.session.state == taken


def test_a_crash_during_a_reveal_resumes_on_the_reveal_without_the_time_away():
    app = make_app()
    press(app, pygame.K_RETURN)
    press(app, letter("A"))
    press(app, pygame.K_RETURN)
    assert app.scene.stage == "reveal"
    import game.facilitation as fac
    from game.store.sessions import load_latest_session_saved

    session, saved_at, _ = load_latest_session_saved(app.scene.scenario)
    assert session.revealing and saved_at is not None
    again = make_app()
    assert "Enter: resume" in again.scene.header_right
    press(again, pygame.K_RETURN)  # Enter resumes, as the screen says
    scene = again.scene
    assert scene.name == "facilitate" and scene.stage == "reveal" and "The room chose option A" in text_of(again)
    press(again, pygame.K_RETURN)
    assert scene.stage == "vote" and fac.path(scene.session)[0].taken is not None


def test_facilitation_storyboard_renders_projector_and_presenter(tmp_path):
    from game.ui.storyboard import render_facilitation

    shots = render_facilitation(OVERDOSE, tmp_path, votes=[[3, 12, 1], [4, 4, 2]], size=(1280, 720))
    names = [p.name for p in shots]
    for part in ("briefing", "moment-1-projector", "moment-1-tally", "moment-1-presenter", "moment-1-reveal",
                 "jump-back", "debrief-1-projector", "debrief-4-presenter", "summary", "keys"):
        assert any(part in n for n in names), part
    assert pygame.image.load(str(shots[1])).get_size() == (1280, 720)


def test_option_e_can_be_voted_for_and_taken(tmp_path):
    choices = "".join(f"      - {{text: Option {i}, goto: end, feedback: f, scores: {{pragmatic: 1}}}}\n"
                      for i in range(5))
    path = tmp_path / "five.yaml"
    path.write_text(f"""format: 1
id: five
title: Five options
premise: A test.
minutes: 1
difficulty: 1
content_warnings: []
lens: {{drug: d, set: s, setting: t}}
start: ask
nodes:
  ask:
    text: Which one?
    choices:
{choices}  end:
    ending: {{kind: good, title: Done}}
    text: Done.
debrief:
  questions: [Why?]
""")
    app = App(size=(1920, 1080), settings=Settings(reduced_motion=True), background_loading=False, seed=1,
              facilitating=True)
    app.push(TitleScene(app))
    app.push(BriefingScene(app, load_scenario(path)))
    press(app, pygame.K_RETURN)
    import game.facilitation as fac

    press(app, pygame.K_e)
    assert fac.options(app.scene.session, app.scene.scenario)[4].votes == 1
    take_yourself(app, pygame.K_e)
    assert app.scene.stage == "reveal"


def test_presenter_view_in_a_second_window():
    app = App(size=(1280, 720), settings=Settings(reduced_motion=True), background_loading=False, seed=2,
              facilitating=True, presenter_window=True)
    app.push(TitleScene(app))
    app.push(BriefingScene(app, load_scenario(OVERDOSE)))
    press(app, pygame.K_RETURN)
    scene = app.scene
    assert scene.window is not None
    press(app, pygame.K_a)
    app.draw()
    image = scene.window.get_surface()
    colours = {image.get_at((x, y))[:3] for x in range(0, image.get_width(), 20) for y in range(0, 300, 10)}
    assert len(colours) > 2  # the presenter page is drawn there
    assert "Presenter view: only you" not in text_of(app)  # the projector keeps the room's view
    app.step([pygame.event.Event(pygame.WINDOWCLOSE, window=scene.window)])
    assert scene.window is None and app.running


def test_the_group_debrief_shows_the_roads_explored():
    app = make_app()
    press(app, pygame.K_RETURN)
    scene = app.scene
    import game.facilitation as fac

    first = fac.options(scene.session, scene.scenario)[0]
    take_yourself(app, letter(first.letter))
    press(app, pygame.K_RETURN)
    press(app, pygame.K_j)
    press(app, pygame.K_1)
    second = next(o for o in fac.options(scene.session, scene.scenario) if o.index != first.index)
    for _ in range(3):
        press(app, letter(second.letter))
    press(app, pygame.K_RETURN)  # the room takes the other road this time
    for _ in range(60):
        if scene.ended:
            break
        if scene.stage == "vote":
            take_yourself(app, letter(fac.options(scene.session, scene.scenario)[0].letter))
        press(app, pygame.K_RETURN)
    assert scene.stage == "debrief"
    press(app, pygame.K_RIGHT)
    shown = text_of(app)
    assert "Other roads the room explored" in shown and f"At moment 1: {first.letter}." in shown


def test_the_presenter_window_closes_reopens_and_scrolls_itself():
    app = App(size=(1280, 720), settings=Settings(reduced_motion=True), background_loading=False, seed=2,
              facilitating=True, presenter_window=True)
    app.push(TitleScene(app))
    app.push(BriefingScene(app, load_scenario(OVERDOSE)))
    press(app, pygame.K_RETURN)
    scene = app.scene
    scene.window.size = (640, 240)  # a small window: the presenter view goes on below
    app.draw()
    # Page Down pressed in the presenter window scrolls the presenter, not the projector.
    app.step([pygame.event.Event(pygame.KEYDOWN, key=pygame.K_PAGEDOWN, mod=0, unicode="", scancode=0,
                                 window=scene.window)])
    app.draw()
    assert scene.window_scroll > 0 and scene.view.scroll == 0
    # Moved: its place is remembered for next time.
    app.step([pygame.event.Event(pygame.WINDOWMOVED, window=scene.window, x=40, y=30)])
    from game.store.presenter_place import load_place

    assert load_place() is not None and load_place()[2:] == tuple(scene.window.size)
    # Closed by its close button, P opens it again; P never swaps the projector to the scores.
    app.step([pygame.event.Event(pygame.WINDOWCLOSE, window=scene.window)])
    assert scene.window is None and "P opens it again" in text_of(app)
    press(app, pygame.K_p)
    assert scene.window is not None and not scene.presenter
    press(app, pygame.K_p)
    assert scene.window is None and not scene.presenter
    assert "The options, their scores and feedback" not in text_of(app)
    press(app, pygame.K_p)
    scene.close()
    assert scene.window is None


def test_the_reveal_shows_the_road_not_taken_and_the_smaller_things():
    app = make_app()
    press(app, pygame.K_RETURN)
    scene = app.scene
    import game.facilitation as fac

    options = fac.options(scene.session, scene.scenario)
    for _ in range(3):
        press(app, letter(options[0].letter))
    press(app, pygame.K_RETURN)
    assert scene.stage == "reveal"
    other = options[1]
    rule = scene.scenario.nodes[scene.session.state.path[0].node].choices[other.index]
    assert rule.spec.feedback not in text_of(app)
    press(app, letter(other.letter))
    shown = text_of(app)
    assert f"The road not taken: option {other.letter}" in shown and rule.spec.feedback in shown
    press(app, letter(other.letter))  # the same letter hides it again
    assert rule.spec.feedback not in text_of(app)
    press(app, pygame.K_RETURN)
    # The timer: the room sees the time spent, never "over time"; Shift+Space hides it from the room.
    scene.time_box = 1
    scene.timer_spent = 75.0
    app.draw()
    assert scene._clock() == "Discussion 1:15"
    press(app, pygame.K_p)
    press(app, pygame.K_p)
    assert "OVER TIME by 1:14: only you see this" in text_of(app)
    press(app, pygame.K_p)
    press(app, pygame.K_SPACE, pygame.KMOD_SHIFT)
    assert scene.timer_hidden
    press(app, pygame.K_SLASH)
    assert "F11: full screen on or off" in text_of(app)
    press(app, pygame.K_ESCAPE)
    # A click on an option points at it; only its key adds a vote.
    target = scene.view.page.buttons[0]
    rect = target.rect.move(scene.view.viewport.x, scene.view.viewport.y - scene.view.scroll)
    app.step([pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=rect.center, button=1)])
    assert scene.session.visit.total_votes == 0 and "press" in scene.message
    # Ctrl + letter asks for the same again before it takes the option.
    first = fac.options(scene.session, scene.scenario)[0]
    press(app, letter(first.letter), pygame.KMOD_CTRL)
    assert scene.stage == "vote" and f"Press Ctrl+{first.letter} again" in text_of(app)
    press(app, pygame.K_LCTRL)  # pressing Ctrl itself changes nothing
    press(app, letter(first.letter), pygame.KMOD_CTRL)
    assert scene.stage == "reveal"
    press(app, pygame.K_RETURN)
    press(app, pygame.K_j)
    assert "the facilitator chose" in text_of(app)


def test_the_presenter_window_opens_away_from_the_projected_window(monkeypatch):
    from game.ui.scenes import facilitate

    def desktop(sizes, x, width=1280):
        monkeypatch.setattr(pygame.display, "get_desktop_sizes", lambda: sizes)
        monkeypatch.setattr(pygame.display, "get_window_position", lambda: (x, 0))
        monkeypatch.setattr(pygame.display, "get_window_size", lambda: (width, 720))

    desktop([(1920, 1080), (1920, 1080)], 100)  # main window on the first display: the second
    assert facilitate._presenter_position((1100, 800)) == (pygame.WINDOWPOS_CENTERED | 1,) * 2
    desktop([(1920, 1080), (1920, 1080)], 2000)
    assert facilitate._presenter_position((1100, 800)) == (pygame.WINDOWPOS_CENTERED | 0,) * 2
    desktop([(3840, 1080)], 2500)  # two screens joined into one wide desktop: the other half
    assert facilitate._presenter_position((1100, 800)) == (410, 140)
    desktop([(3840, 1080)], 100)
    assert facilitate._presenter_position((1100, 800)) == (1920 + 410, 140)
    desktop([(1920, 1080)], 100)
    assert facilitate._presenter_position((1100, 800)) is None
