"""Play state to and from JSON. A save names its scenario and the content hash of the file it was
played on, and its route names each choice by the author's stable id (or, for a choice without
one, its number as written), so a save survives an edit that reorders choices.

Restoring replays the route from the start. On the same file the replayed state must equal the
stored one (anything else is damage). On an edited file the route is replayed by ids: if every
step still exists and is still offered, play resumes where the route leads on the new file;
otherwise the save is refused, saying which step no longer fits. Version 1 saves (choices by
position) are read on the very file they were made on.
"""

from __future__ import annotations

from typing import Any

from game.formats import SAVE_KIND, check_record, record_header
from game.model import PRINCIPLE_KEYS, Scenario

from .play import ChoiceError, available, choose, replay, start
from .state import PlayState, Step

SAVE_VERSION = 2
OLDEST_READABLE = 1
_BY_POSITION = 1  # the last version whose route names choices by 0-based position


class SaveError(ValueError):
    """A save that cannot be restored, with a message for the player."""


def to_json(state: PlayState, scenario: Scenario | None = None) -> dict[str, Any]:
    """The state as JSON. Pass the scenario to name choices by their ids; without it (a caller
    that only holds the state) choices without ids in the file are named by their numbers."""
    return {
        **record_header(SAVE_KIND, SAVE_VERSION, state.scenario_id, state.content_hash),
        "seed": state.seed,
        "node": state.node,
        "variables": dict(state.variables),
        "totals": dict(zip(PRINCIPLE_KEYS, state.totals)),
        "path": [[step.node, _choice_name(scenario, step)] for step in state.path],  # see choice_names
        "revealed": list(state.revealed),
    }


def _choice_name(scenario: Scenario | None, step: Step) -> str | int:
    """The author's id (text), or the number as written (a number) when the choice has none."""
    if scenario is not None:
        spec = scenario.nodes[step.node].choices[step.choice].spec
        if spec.id:
            return spec.id
    return step.choice + 1


def from_json(scenario: Scenario, data: Any) -> PlayState:
    """Restore a state on `scenario`, checking the save belongs to it and still fits it."""
    check_record(data, scenario.id, None, kind=SAVE_KIND, version=SAVE_VERSION,
                 oldest=OLDEST_READABLE, noun="save", made="made", error=SaveError)
    same_file = data.get("content_hash") == scenario.content_hash
    by_position = data.get("version") <= _BY_POSITION
    if by_position and not same_file:
        raise SaveError("the scenario file has changed since this save was made, so it cannot be resumed")
    seed, path = data.get("seed"), data.get("path")
    if not isinstance(seed, int) or isinstance(seed, bool) or not isinstance(path, list):
        raise SaveError("the save is damaged (seed or path missing)")
    if not all(isinstance(step, list) and len(step) == 2 and isinstance(step[0], str) for step in path):
        raise SaveError("the save is damaged (its path does not fit the scenario)")
    if by_position:
        state = _replay_positions(scenario, seed, path)
    else:
        state, problem, _ = replay_names(scenario, start(scenario, seed), path, same_file)
        if problem:
            if same_file:
                raise SaveError("the save is damaged (its path does not fit the scenario)")
            raise SaveError("the scenario file has changed since this save was made, and the route played "
                            f"no longer fits it: {problem}")
    if not same_file:
        return state  # totals, variables and facts follow the edited file
    stored = (data.get("node"), data.get("variables"), data.get("totals"), data.get("revealed"))
    if stored != (state.node, dict(state.variables), dict(zip(PRINCIPLE_KEYS, state.totals)), list(state.revealed)):
        raise SaveError("the save is damaged (its contents do not match its path)")
    return state


def _replay_positions(scenario: Scenario, seed: int, path: list) -> PlayState:
    try:
        steps = tuple(Step(node, choice) for node, choice in path)
        if not all(isinstance(s.choice, int) and not isinstance(s.choice, bool) for s in steps):
            raise TypeError
        return replay(scenario, seed, steps)
    except (TypeError, ValueError, KeyError, ChoiceError):
        raise SaveError("the save is damaged (its path does not fit the scenario)") from None


def choice_names(scenario: Scenario, state: PlayState) -> list[list]:
    """The route of `state` as [node, id or number as written] pairs, which survive reordering."""
    return [[step.node, _choice_name(scenario, step)] for step in state.path]


def replay_names(scenario: Scenario, state: PlayState, path: list, same_file: bool = False
                 ) -> tuple[PlayState, str, int]:
    """Take the named choices of `path` in turn from `state`: the state reached, "" or why the
    next step does not fit (the state is then the longest valid prefix), and how many steps fit."""
    for number, (node_id, name) in enumerate(path, start=1):
        here, kept = f"at step {number}", number - 1
        if node_id != state.node:
            where = "no longer in the scenario" if node_id not in scenario.nodes else f"not where play is ('{state.node}')"
            return state, f"{here} the route is at '{node_id}', which is {where}", kept
        node = scenario.nodes[node_id]
        if node.is_ending:
            return state, f"{here} '{node_id}' is now an ending", kept
        rule = _find(node, name, same_file)
        if rule is None:
            label = f"choice {name}" if isinstance(name, int) else f"the choice '{name}'"
            return state, f"{here} '{node_id}' no longer has {label}", kept
        if not available(rule, state):
            return state, f"{here} the choice '{rule.id}' of '{node_id}' is no longer offered on this route", kept
        try:
            state = choose(scenario, state, rule.index)
        except ChoiceError as error:
            return state, f"{here}: {error}", kept
    return state, "", len(path)


def _find(node, name, same_file: bool):
    if isinstance(name, str):
        return next((rule for rule in node.choices if rule.spec.id == name), None)
    if isinstance(name, int) and not isinstance(name, bool) and 1 <= name <= len(node.choices):
        rule = node.choices[name - 1]
        # On an edited file a number can only mean a choice that still has no id: if that place
        # now holds a choice with an id, the choices were reorganised and the number says nothing.
        return rule if same_file or rule.spec.id is None else None
    return None
