"""Rules of play, save/restore and the debrief, on the small fixture scenario."""

import json
from dataclasses import replace

import pytest

from game.engine import (ChoiceError, SaveError, build_debrief, choose, from_json, offered_choices,
                         rewind, start, to_json)
from game.model import PRINCIPLE_KEYS, load_scenario_text

from .conftest import FIXTURES

SMALL = (FIXTURES / "small.yaml").read_text()
HD, PC, PI, PA, SC, PR = range(6)


def test_start_reveals_the_first_facts_and_sets_variables(small):
    state = start(small, 1)
    assert state.node == "meet"
    assert state.variables == {"trust": 0, "stayed": False}
    assert state.revealed == ("supply",)
    assert state.totals == (0,) * 6


def test_choose_applies_scores_effects_and_reveals(small):
    state = choose(small, start(small, 1), 0)
    assert state.node == "talk"
    assert state.variables["trust"] == 1
    assert state.totals[HD] == 2 and state.totals[PC] == 1
    assert state.revealed == ("supply", "alone")


def test_conditions_hide_choices(small):
    at_talk = choose(small, start(small, 1), 0)
    assert {c.index for c in offered_choices(small, at_talk)} == {0, 1}
    no_trust = replace(at_talk, variables={"trust": 0, "stayed": False})
    assert [c.index for c in offered_choices(small, no_trust)] == [1]
    with pytest.raises(ChoiceError):
        choose(small, no_trust, 0)


def test_invalid_choices_are_refused(small):
    state = start(small, 1)
    with pytest.raises(ChoiceError):
        choose(small, state, 5)
    ended = choose(small, state, 1)
    with pytest.raises(ChoiceError):
        choose(small, ended, 0)


def test_order_is_shuffled_per_playthrough_and_stable_within_one(small):
    orders = {tuple(c.index for c in offered_choices(small, start(small, seed))) for seed in range(40)}
    assert orders == {(0, 1), (1, 0)}
    state = start(small, 5)
    first = [c.index for c in offered_choices(small, state)]
    again = rewind(small, choose(small, state, 0), 1)
    assert [c.index for c in offered_choices(small, again)] == first


def test_fixed_order_is_kept():
    scenario = load_scenario_text(SMALL.replace("    reveals: [supply]\n", "    reveals: [supply]\n    order: fixed\n"))
    for seed in range(20):
        assert [c.index for c in offered_choices(scenario, start(scenario, seed))] == [0, 1]


def test_rewind_goes_back_any_number_of_steps(small):
    state = choose(small, choose(small, start(small, 3), 0), 0)
    assert rewind(small, state, 1) == choose(small, start(small, 3), 0)
    assert rewind(small, state, 2) == start(small, 3)
    assert rewind(small, state, 99) == start(small, 3)


LOOP = SMALL.replace("""      - text: Leave a naloxone kit and go.""", """      - text: Ask again how Jo is doing.
        goto: talk
        scores: {health_dignity: 1}
        feedback: Checking in again.
      - text: Leave a naloxone kit and go.""")


def test_a_repeated_choice_scores_only_once():
    scenario = load_scenario_text(LOOP)
    state = choose(scenario, start(scenario, 1), 0)
    once = choose(scenario, state, 1)
    twice = choose(scenario, once, 1)
    assert once.totals[HD] == state.totals[HD] + 1
    assert twice.totals[HD] == once.totals[HD]
    assert scenario.bounds.best[HD] == 2 + 1 + 1  # meet, the loop once, stay


def test_save_round_trip_through_json_and_continuation(small):
    state = choose(small, start(small, 11), 0)
    restored = from_json(small, json.loads(json.dumps(to_json(state))))
    assert restored == state
    assert choose(small, restored, 0) == choose(small, state, 0)
    assert offered_choices(small, restored) == offered_choices(small, state)


def test_save_from_another_version_of_the_file_is_recognised(small):
    data = to_json(choose(small, start(small, 2), 0), small)
    changed = load_scenario_text(SMALL.replace("Jo is sitting", "Jo sits"))
    assert from_json(changed, data).content_hash == changed.content_hash  # the route still fits: resumed
    data = to_json(choose(small, choose(small, start(small, 2), 0), 0), small)
    distrust = load_scenario_text(SMALL.replace("effects: [trust += 1]", "effects: [trust -= 1]"))
    with pytest.raises(SaveError, match="changed since this save was made, and the route played no longer fits"):
        from_json(distrust, data)
    other = load_scenario_text(SMALL.replace("id: small", "id: other"))
    with pytest.raises(SaveError, match="belongs to the scenario 'small'"):
        from_json(other, data)


@pytest.mark.parametrize("damage", [
    lambda d: d.update(kind="something else"),
    lambda d: d.update(version=99),
    lambda d: d.update(path=[["meet", 7]]),
    lambda d: d.update(path="meet"),
    lambda d: d.update(seed="x"),
    lambda d: d["variables"].update(trust=9),
    lambda d: d["totals"].update(pragmatic=9),
])
def test_damaged_saves_are_refused(small, damage):
    data = to_json(choose(small, start(small, 2), 0))
    damage(data)
    with pytest.raises(SaveError):
        from_json(small, data)


def test_debrief_compares_with_best_and_worst_and_reads_the_lens(small):
    state = choose(small, choose(small, start(small, 4), 0), 1)  # sit down, then leave a kit
    debrief = build_debrief(small, state)
    assert debrief.ending.kind == "mixed"
    totals = {p.key: (p.total, p.worst, p.best) for p in debrief.principles}
    assert [p.key for p in debrief.principles] == list(PRINCIPLE_KEYS)
    assert totals["health_dignity"] == (2, 0, 3)
    assert totals["participant_centered"] == (1, -2, 1)
    lens = {r.key: r for r in debrief.lens}
    assert lens["set"].attended_at == (1,)
    assert lens["drug"].attended_at == (2,)
    assert lens["setting"].missed_at == (2,) and not lens["setting"].attended
    assert lens["setting"].learnt == ("Nobody else is around.",)
    assert [e.choice for e in debrief.timeline] == ["Sit down beside Jo and ask how they are.",
                                                    "Leave a naloxone kit and go."]
    assert debrief.timeline[0].effects == ("trust += 1",)
    assert debrief.missed == ()  # one point short of the best answer is not a missed opportunity
    assert debrief.questions == ("What did Jo need first?",)
    assert "not medical advice" in debrief.disclaimer


def test_the_engine_imports_no_pygame():
    import subprocess
    import sys

    code = ("import sys, game.engine, game.model, game.analysis, game.language, game.text; "
            "print('pygame' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


def test_a_poor_choice_is_a_missed_opportunity_with_the_better_one(small):
    state = choose(small, start(small, 4), 1)  # tell Jo to go home
    debrief = build_debrief(small, state)
    [missed] = debrief.missed
    assert (missed.number, missed.better, missed.gap) == (1, "Sit down beside Jo and ask how they are.", 5)
    assert debrief.more_missed == 0
    assert not any(r.attended for r in debrief.lens)


def test_best_possible_respects_conditions():
    # "Offer to stay" needs more trust than anyone can earn: the structure allows it, play does not.
    scenario = load_scenario_text(SMALL.replace("when: trust >= 1", "when: trust >= 5"))
    assert scenario.bounds.best[HD] == 3
    state = choose(scenario, choose(scenario, start(scenario, 1), 0), 1)  # the kit: the only way on
    debrief = build_debrief(scenario, state)
    assert {p.key: p.best for p in debrief.principles}["health_dignity"] == 2
    assert {p.key: p.best for p in debrief.principles}["pragmatic"] == 1


def test_the_offered_order_is_the_same_in_every_process(small):
    import subprocess
    import sys

    code = ("from game.model import load_scenario; from game.engine import start, offered_choices;"
            f"s = load_scenario({str(FIXTURES / 'small.yaml')!r});"
            "print([[c.index for c in offered_choices(s, start(s, seed))] for seed in range(12)])")
    outputs = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                              env={**__import__("os").environ, "PYTHONHASHSEED": str(h)}).stdout for h in (1, 2)}
    here = str([[c.index for c in offered_choices(small, start(small, seed))] for seed in range(12)])
    assert outputs == {here + "\n"}


def test_rules_and_states_made_the_fast_way_have_every_field(small):
    """Loading and choose() build named tuples with tuple.__new__ and the next state from positional
    fields, which check nothing: a field added later must be added there too."""
    from dataclasses import fields

    from game.engine.state import PlayState, Step
    from game.language import CompiledCondition, CompiledEffect
    from game.model import ChoiceRule

    rules = [rule for node in small.nodes.values() for rule in node.choices]
    assert all(len(rule) == len(ChoiceRule._fields) for rule in rules)
    assert all(len(rule.condition) == len(CompiledCondition._fields) for rule in rules if rule.condition)
    assert all(len(effect) == len(CompiledEffect._fields) for rule in rules for effect in rule.effects)
    state = choose(small, start(small, 1), 0)
    assert len(state.path[-1]) == len(Step._fields)
    assert [f.name for f in fields(PlayState)] == [
        "scenario_id", "content_hash", "seed", "node", "variables", "totals", "path", "revealed", "stepped_back"]
    assert (state.node, state.path[-1].node, state.seed) == ("talk", "meet", 1)
