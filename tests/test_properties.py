"""Property tests: the loader raises nothing but ScenarioError; play is exactly reproducible."""

import json

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.engine import choose, from_json, offered_choices, is_over, rewind, start, to_json
from game.model import ScenarioError, check_file, load_scenario_text

from .conftest import FIXTURES, SCENARIOS

SMALL = (FIXTURES / "small.yaml").read_text()
PLAYABLE = [check_file(p).scenario for p in sorted(SCENARIOS.glob("*.yaml")) + [FIXTURES / "small.yaml"]]
PLAYABLE = [s for s in PLAYABLE if s is not None]


def load_or_refuse(text):
    try:
        load_scenario_text(text, "fuzz.yaml")
    except ScenarioError as error:
        assert error.diagnostics
        for d in error.diagnostics:
            assert d.file == "fuzz.yaml" and d.line >= 1 and d.column >= 1


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=400))
def test_arbitrary_text(text):
    load_or_refuse(text)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300))
def test_arbitrary_bytes(raw):
    load_or_refuse(raw)


scalars = st.one_of(st.none(), st.booleans(), st.integers(-5, 5), st.text(max_size=12),
                    st.sampled_from(["meet", "talk", "good-end", "trust >= 1", "trust += 1", "good", "drug"]))
keys = st.one_of(st.text(max_size=10), st.sampled_from([
    "format", "id", "title", "premise", "minutes", "difficulty", "content_warnings", "lens", "drug", "set",
    "setting", "summary", "facts", "variables", "start", "nodes", "text", "choices", "goto", "when",
    "effects", "scores", "feedback", "ending", "kind", "debrief", "questions", "health_dignity",
]))
structures = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                           st.dictionaries(keys, inner, max_size=5)),
                          max_leaves=30)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(structures)
def test_arbitrary_yaml_structures(value):
    load_or_refuse(yaml.safe_dump(value, allow_unicode=True))


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_mutated_scenario(data):
    lines = SMALL.splitlines()
    for _ in range(data.draw(st.integers(1, 4))):
        i = data.draw(st.integers(0, len(lines) - 1))
        action = data.draw(st.sampled_from(["drop", "dup", "edit", "indent"]))
        if action == "drop":
            del lines[i]
        elif action == "dup":
            lines.insert(i, lines[i])
        elif action == "indent":
            lines[i] = " " + lines[i]
        else:
            lines[i] = lines[i][: data.draw(st.integers(0, len(lines[i])))] + data.draw(scalars.map(str))
        if not lines:
            break
    load_or_refuse("\n".join(lines))


def random_walk(scenario, seed, picks):
    """States of a straight playthrough choosing offered[pick % n] at each moment."""
    states = [start(scenario, seed)]
    for pick in picks:
        state = states[-1]
        if is_over(scenario, state):
            break
        offered = offered_choices(scenario, state)
        states.append(choose(scenario, state, offered[pick % len(offered)].index))
    return states


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(PLAYABLE), st.integers(0, 2**31), st.lists(st.integers(0, 8), max_size=40), st.data())
def test_save_restore_and_rewind_reproduce_a_straight_playthrough(scenario, seed, picks, data):
    states = random_walk(scenario, seed, picks)
    # Save and restore at every point gives the same state, through real JSON text.
    for state in states:
        assert from_json(scenario, json.loads(json.dumps(to_json(state)))) == state
    # Rewinding k steps from the end gives the state k steps earlier, and choosing again
    # the same choices from there reproduces the rest of the playthrough exactly.
    k = data.draw(st.integers(0, len(states) - 1))
    back = rewind(scenario, states[-1], k)
    assert back == states[len(states) - 1 - k]
    for expected in states[len(states) - k:]:
        back = choose(scenario, back, expected.path[-1].choice)
        assert back == expected
