"""The clinical and training fixes issue 10 asked of the two starters, and the facts First Shift and
Two Lines or One depend on, checked by playing the real files."""

from game.engine import play
from game.model import load_scenario
from game.model.principles import PRINCIPLE_KEYS

from .conftest import SCENARIOS


def _load(name):
    return load_scenario(SCENARIOS / f"{name}.yaml")


def _walk(scenario, route):
    """Play `route` (node id, choice id) pairs from the start and return the state reached."""
    state = play.start(scenario, seed=1)
    for node_id, choice_id in route:
        assert state.node == node_id
        index = next(i for i, rule in enumerate(scenario.nodes[node_id].choices) if rule.id == choice_id)
        state = play.choose(scenario, state, index)
    return state


def _choice(scenario, node_id, choice_id):
    return next(rule for rule in scenario.nodes[node_id].choices if rule.id == choice_id)


def _all_text(scenario):
    parts = []
    for rule in scenario.nodes.values():
        parts.append(rule.spec.text)
        parts.extend(v.text for v in rule.variants)
        parts.extend(c.spec.text + " " + c.spec.feedback for c in rule.choices)
    return " ".join(parts)


def test_the_late_dose_says_what_the_wait_cost_only_when_no_breaths_were_given():
    park = _load("overdose-in-the-park")
    start = [("arrival", "kneel"), ("assess", "rouse"), ("first-dose", "call-honest")]
    with_breaths = _walk(park, start + [("call-honest", "breaths"), ("timing", "ten-min-called")])
    without = _walk(park, start + [("call-honest", "keep-rubbing"), ("timing", "ten-min-called")])
    assert with_breaths.node == without.node == "late-dose"
    assert "too little oxygen reaching his brain" in play.node_text(park, without)
    assert "too little oxygen reaching his brain" not in play.node_text(park, with_breaths)
    assert "Your breaths keep oxygen going" in play.node_text(park, with_breaths)


def test_the_park_keeps_the_reviewed_wording():
    text = _all_text(_load("overdose-in-the-park"))
    for wrong in ("often outlasts", "often needs more than one", "five or six seconds", "takes 2–3 minutes to work",
                  "the man on the cardboard"):
        assert wrong not in text
    assert "unresponsive and not breathing" in text
    assert "fifteen or twenty seconds" in text  # barely breathing, unlike the recovered 12 to 14 a minute
    for cause in ("benzodiazepines", "head injury", "cold"):
        assert cause in text


def test_waking_up_sick_scores_warmth_as_a_reflection_and_asks_before_mentioning_moud():
    sick = _load("waking-up-sick")
    assert sum(_choice(sick, "angry", "blanket-water").scores) == sum(_choice(sick, "angry", "reflect").scores)
    assert "decision-making capacity" in _all_text(sick) and "alert adult" not in _all_text(sick)
    asked = [_choice(sick, "open", "ask-mention"), _choice(sick, "plan", "another-way")]
    unasked = _choice(sick, "open", "unasked-moud")
    assert all(sum(c.scores) > 0 for c in asked) and sum(unasked.scores) < 0


def test_helping_a_friend_scores_autonomy_not_involvement():
    autonomy, involvement = PRINCIPLE_KEYS.index("participant_autonomy"), PRINCIPLE_KEYS.index("participant_involvement")
    sick, park = _load("waking-up-sick"), _load("overdose-in-the-park")
    for scenario, node_id, choice_id in ((sick, "who-stays", "two-hours"), (park, "keisha-talk", "hand-box")):
        scores = _choice(scenario, node_id, choice_id).scores
        assert scores[autonomy] > 0 and scores[involvement] == 0


def test_a_negative_strip_is_never_called_safe_by_a_good_choice():
    two = _load("two-lines-or-one")
    good = _choice(two, "molly-negative", "not-safe")
    bad = _choice(two, "molly-negative", "youre-good")
    assert sum(good.scores) > 0 > sum(bad.scores)
    assert "can't" in good.spec.text
