"""Which endings play can really reach, and the best and worst totals it can end with,
conditions respected: the playtests' view of the explorer (engine/explore.py).

Past its budget the explorer stops and says so (`complete` is False, with `reason`): then no
ending figures are given, and callers must tell the author that the properties were not checked.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping

from game.model import Scenario

from .explore import MAX_STATES, explore as explore_play

BUDGET = MAX_STATES


@dataclass(frozen=True, slots=True)
class Reach:
    complete: bool  # False: the budget ran out, and nothing below is proved
    states: int  # play states explored
    # Per ending reached: (best, worst) total per principle over the routes that reach it.
    endings: Mapping[str, tuple[tuple[int, ...], tuple[int, ...]]] = field(default_factory=dict)
    reason: str = ""  # why the search stopped, when it did

    @property
    def best(self) -> tuple[int, ...] | None:
        """Best total per principle over every route to any ending (None when none is reached)."""
        if not self.endings:
            return None
        return tuple(max(values) for values in zip(*(best for best, _ in self.endings.values())))

    @property
    def worst(self) -> tuple[int, ...] | None:
        if not self.endings:
            return None
        return tuple(min(values) for values in zip(*(worst for _, worst in self.endings.values())))


def explore(scenario: Scenario, budget: int = BUDGET) -> Reach:
    """Every play state reachable from the start, up to `budget` of them."""
    if budget == BUDGET:
        from .bounds import exploration  # the same exploration the debrief uses, made once

        found = exploration(scenario)
    else:
        found = explore_play(scenario, max_states=budget)
    if not found.exact:
        return Reach(False, found.states, {}, found.reason)
    endings = {node_id: (e.best, e.worst) for node_id, e in found.endings.items() if e.reachable}
    return Reach(True, found.states, endings)
