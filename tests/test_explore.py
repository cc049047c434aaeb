"""The exact explorer, checked against brute force over whole paths on random small scenarios;
its budget; and its disk cache."""

import json
import os
from collections import deque

from hypothesis import HealthCheck, assume, given, settings, strategies as st

from game.engine import choose, start
from game.engine.bounds import exact_bounds, playable_bounds, remember
from game.engine.explore import Exploration, explore
from game.model import PRINCIPLE_KEYS, ScenarioError, load_scenario, load_scenario_text
from game.store.explorations import cache_path, explored

from .conftest import FIXTURES, SCENARIOS

HEAD = """format: 1
id: random
title: Random
premise: A generated scenario.
minutes: 1
difficulty: 1
content_warnings: []
lens: {drug: Fentanyl., set: Wary., setting: A park.}
variables: {trust: 0, seen: false}
start: n0
debrief: {questions: [Why?]}
nodes:
"""
CONDITIONS = [None, "trust >= 1", "not seen", "trust <= 0 or seen", "health_dignity >= 2", "trust >= 2 and seen"]
FORWARD_EFFECTS = [[], ["trust += 1"], ["trust -= 1"], ["seen = true"], ["trust += 1", "seen = true"], ["trust = 1"]]


@st.composite
def scenarios(draw):
    count = draw(st.integers(3, 7))
    endings = draw(st.integers(1, 2))
    lines = [HEAD]
    for i in range(count + endings):
        lines.append(f"  n{i}:\n    text: Moment {i}.\n")
        if i >= count:
            kind = ("good", "poor")[i % 2]
            lines.append(f"    ending: {{kind: {kind}, title: End {i}}}\n")
            continue
        lines.append("    choices:\n")
        for c in range(draw(st.integers(1, 3))):
            # The first choice leads on to the next moment, unconditionally: every node is reachable.
            target = i + 1 if c == 0 else draw(st.integers(0, count + endings - 1))
            when = None if c == 0 else draw(st.sampled_from(CONDITIONS))
            effects = draw(st.sampled_from(FORWARD_EFFECTS)) if target > i else draw(st.sampled_from([[], ["seen = true"]]))
            scores = {PRINCIPLE_KEYS[p]: draw(st.integers(-2, 2)) for p in draw(st.sets(st.integers(0, 5), max_size=2))}
            lines.append(f"      - text: Option {c}.\n        goto: n{target}\n        feedback: Why.\n")
            if when:
                lines.append(f"        when: \"{when}\"\n")
            if effects:
                lines.append(f"        effects: {json.dumps(effects)}\n")
            if scores:
                lines.append("        scores: {" + ", ".join(f"{k}: {v}" for k, v in scores.items()) + "}\n")
    return "".join(lines)


def brute_force(scenario):
    """Every play state with its whole set of steps taken, breadth first (finite when the explorer's is)."""
    first = start(scenario, 0)
    queue = deque([(first, 0)])
    seen = set()
    reached, offered = set(), set()
    per_ending, shortest = {}, {}
    while queue:
        state, depth = queue.popleft()
        key = (state.node, tuple(sorted(state.variables.items())), state.totals, frozenset(state.path))
        if key in seen:
            continue
        seen.add(key)
        if len(seen) > 4_000:
            return None
        reached.add(state.node)
        node = scenario.nodes[state.node]
        if node.is_ending:
            best, worst = per_ending.get(state.node, (state.totals, state.totals))
            per_ending[state.node] = (tuple(map(max, best, state.totals)), tuple(map(min, worst, state.totals)))
            shortest.setdefault(state.node, depth)
            continue
        for rule in node.choices:
            if rule.condition is None or rule.condition.test(state.variables, state.totals):
                offered.add((state.node, rule.index))
                queue.append((choose(scenario, state, rule.index), depth + 1))
    return reached, offered, per_ending, shortest


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow])
@given(scenarios())
def test_the_explorer_agrees_with_brute_force(text):
    try:
        scenario = load_scenario_text(text)
    except ScenarioError:
        assume(False)
    result = explore(scenario, max_states=5000)
    # A counter that rises round a loop has endlessly many states: the explorer must say so.
    assume(result.exact or "5,000 play states" not in result.reason)
    assert result.exact
    found = brute_force(scenario)
    assume(found is not None)
    reached, offered, per_ending, shortest = found
    assert result.reached == reached
    assert result.offered == offered
    for node_id, routes in result.endings.items():
        assert routes.reachable == (node_id in per_ending)
        if routes.reachable:
            assert (routes.best, routes.worst) == per_ending[node_id]
            assert len(routes.shortest) == shortest[node_id]
            assert routes.routes >= 1
    if per_ending:
        assert result.best == tuple(map(max, *[b for b, _ in per_ending.values()])) if len(per_ending) > 1 \
            else result.best == next(iter(per_ending.values()))[0]


def test_shortest_route_replays_to_its_ending(small):
    result = explore(small)
    for node_id, routes in result.endings.items():
        state = start(small, 0)
        for step_node, index in routes.shortest:
            assert state.node == step_node
            state = choose(small, state, index)
        assert state.node == node_id


def test_a_condition_true_on_every_route_is_found(small):
    # 'trust >= 1' at 'talk': the only way there adds 1 to trust.
    assert explore(small).always == {("talk", 0)}


def test_the_starters_are_exact_and_tighter_than_the_structure():
    for path in sorted(SCENARIOS.glob("*.yaml")):
        scenario = load_scenario(path)
        result = explore(scenario)
        assert result.exact, result.reason
        assert all(e.reachable for e in result.endings.values())
        structural = scenario.bounds
        assert all(b <= s for b, s in zip(result.best, structural.best))
        assert all(w >= s for w, s in zip(result.worst, structural.worst))


def test_past_the_budget_it_says_so_and_bounds_fall_back(small):
    result = explore(small, max_states=2)
    assert not result.exact
    assert "2 play states" in result.reason
    assert result.best is None
    remember(small, result)
    try:
        assert playable_bounds(small, budget_s=result.budget_s) == small.bounds
    finally:
        remember(small, explore(small))
    assert exact_bounds(small)


def test_a_loop_counts_as_endless_variations():
    text = (FIXTURES / "small.yaml").read_text().replace("""      - text: Leave a naloxone kit and go.""", """      - text: Ask again how Jo is doing.
        goto: talk
        scores: {health_dignity: 1}
        feedback: Checking in again.
      - text: Leave a naloxone kit and go.""")
    result = explore(load_scenario_text(text))
    assert result.exact
    good = result.endings["good-end"]
    assert good.loops and good.best[0] == 2 + 1 + 1  # meet, asking again scores once, stay


def test_round_trip_through_json(small):
    result = explore(small)
    assert Exploration.from_json(json.loads(json.dumps(result.to_json()))) == result


def test_the_disk_cache_is_used_and_a_damaged_file_rewritten(small):
    path = cache_path(small)
    if path.exists():
        path.unlink()
    first = explored(small)
    assert path.is_file()
    data = json.loads(path.read_text())
    data["states"] = 12345  # a mark: a cached result is read back, not recomputed
    path.write_text(json.dumps(data))
    assert explored(small).states == 12345
    for damage in ("{not json", json.dumps({**data, "content_hash": "somethingelse"}), json.dumps({"version": 99}),
                   json.dumps([1, 2]), "\u0000" * 10):
        path.write_text(damage)
        again = explored(small)
        assert again.states == first.states
        assert json.loads(path.read_text())["content_hash"] == small.content_hash


def test_a_cache_path_that_is_not_a_file_is_ignored(small):
    path = cache_path(small)
    if path.exists():
        path.unlink()
    os.mkfifo(path)
    try:
        assert explored(small).exact  # must not block on the FIFO
    finally:
        if path.exists() and not path.is_file():
            path.unlink()


def test_the_built_in_properties(small):
    from game.engine.properties import property_failures

    for path in sorted(SCENARIOS.glob("*.yaml")):
        scenario = load_scenario(path)
        assert property_failures(scenario, explore(scenario)) == []
    hidden = load_scenario(FIXTURES / "logic" / "hidden-ending.yaml")
    codes = [(f.code, f.path) for f in property_failures(hidden, explore(hidden))]
    assert ("ending-unreachable", ("nodes", "plan")) in codes and ("no-good-ending", ("nodes",)) in codes
    assert [f.code for f in property_failures(small, explore(small, max_states=1))] == ["not-explored"]


_TOTAL = st.integers(min_value=-(10**6), max_value=10**6)


@given(st.lists(_TOTAL, min_size=12, max_size=12), st.lists(_TOTAL, min_size=12, max_size=12),
       st.lists(st.integers(-2, 2), min_size=6, max_size=6))
def test_packed_spreads_add_and_take_maxima_field_by_field(a, b, scores):
    """The explorer packs twelve totals into one integer; adding scores and taking the maximum
    must act on each total alone, negative ones included, with no carry between them."""
    from game.engine.explore import _START, _max, _spread, _unpack

    def pack(values):
        return _START + sum(v << (32 * i) for i, v in enumerate(values))

    assert _unpack(pack(a)) == a
    assert _unpack(_max(pack(a), pack(b))) == [max(x, y) for x, y in zip(a, b)]
    gained = list(scores) + [-s for s in scores]
    assert _unpack(pack(a) + _spread(tuple(scores))) == [x + g for x, g in zip(a, gained)]
