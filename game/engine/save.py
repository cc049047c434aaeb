"""Play state to and from JSON. A save names its scenario and the content hash of the file it was
played on, so a save from another scenario or another version of the file is recognised."""

from __future__ import annotations

from typing import Any

from game.formats import SAVE_KIND, check_record, record_header
from game.model import PRINCIPLE_KEYS, Scenario

from .play import ChoiceError, replay
from .state import PlayState, Step

SAVE_VERSION = 1
OLDEST_READABLE = 1


class SaveError(ValueError):
    """A save that cannot be restored, with a message for the player."""


def to_json(state: PlayState) -> dict[str, Any]:
    return {
        **record_header(SAVE_KIND, SAVE_VERSION, state.scenario_id, state.content_hash),
        "seed": state.seed,
        "node": state.node,
        "variables": dict(state.variables),
        "totals": dict(zip(PRINCIPLE_KEYS, state.totals)),
        "path": [[step.node, step.choice] for step in state.path],
        "revealed": list(state.revealed),
    }


def from_json(scenario: Scenario, data: Any) -> PlayState:
    """Restore a state on `scenario`, checking the save belongs to it and is consistent.

    The path is replayed from the start, so a save that was edited by hand or made on another
    version of the file cannot put play into a state the rules would never produce.
    """
    check_record(data, scenario.id, scenario.content_hash, kind=SAVE_KIND, version=SAVE_VERSION,
                 oldest=OLDEST_READABLE, noun="save", made="made", error=SaveError)
    seed, path = data.get("seed"), data.get("path")
    if not isinstance(seed, int) or isinstance(seed, bool) or not isinstance(path, list):
        raise SaveError("the save is damaged (seed or path missing)")
    try:
        steps = tuple(Step(node, choice) for node, choice in path)
        if not all(isinstance(s.node, str) and isinstance(s.choice, int) for s in steps):
            raise TypeError
        state = replay(scenario, seed, steps)
    except (TypeError, ValueError, KeyError, ChoiceError):
        raise SaveError("the save is damaged (its path does not fit the scenario)") from None
    stored = (data.get("node"), data.get("variables"), data.get("totals"), data.get("revealed"))
    if stored != (state.node, dict(state.variables), dict(zip(PRINCIPLE_KEYS, state.totals)), list(state.revealed)):
        raise SaveError("the save is damaged (its contents do not match its path)")
    return state
