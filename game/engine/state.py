"""Everything that changes during play, in one small immutable value.

The state refers to the scenario only by ids (node ids, choice indexes), so it serialises to JSON
in a few lines and knows nothing of the rules: `play.choose(scenario, state, index)` reads the
scenario and returns the next state.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping, NamedTuple


class Step(NamedTuple):
    """One choice made: at `node`, the authored choice number `choice` (0-based, as written).

    A tuple, so finding a step in the path compares in C: choose() checks it on every step.
    """

    node: str
    choice: int


@dataclass(frozen=True, slots=True)
class PlayState:
    scenario_id: str
    content_hash: str  # of the scenario file this state was played on
    seed: int  # decides the order choices are offered in
    node: str
    variables: Mapping[str, int | bool]  # never mutated: each step makes a new dict
    totals: tuple[int, ...]  # running total per principle, in PRINCIPLE_KEYS order
    path: tuple[Step, ...] = ()
    revealed: tuple[str, ...] = ()  # lens fact ids, in the order the worker learnt them
    # Choices stepped back from, as (moment number, Step), oldest first: the first instinct a trainer
    # wants to see. A record only: two states at the same place with the same totals are equal.
    stepped_back: tuple[tuple[int, Step], ...] = field(default=(), compare=False)

    @property
    def steps_taken(self) -> int:
        return len(self.path)
