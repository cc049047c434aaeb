"""A path through a scenario written as an author writes choices (the number as written, the id,
or the start of the text), followed from the start, with a clear refusal where it does not fit."""

from __future__ import annotations

from typing import Sequence

from game.model import Scenario

from .play import available, choose, offered_choices, start
from .state import PlayState

MAX_STEPS = 500


class RouteError(ValueError):
    """A path that cannot be followed, with a message for the author."""


def follow(scenario: Scenario, refs: Sequence[int | str], seed: int) -> PlayState:
    """The state reached by taking the named choices in turn from the start."""
    state = start(scenario, seed)
    for number, ref in enumerate(refs, start=1):
        node = scenario.nodes[state.node]
        if node.is_ending:
            rest = ",".join(str(r) for r in refs[number - 1:])
            raise RouteError(f"the path reaches the ending '{state.node}' ({node.spec.ending.title}) after "
                             f"{number - 1} step{'s' * (number != 2)}, so the rest of it ({rest}) cannot be taken")
        rule = node.find_choice(ref)
        if isinstance(rule, str):
            raise RouteError(f"step {number}, at '{state.node}': {rule}")
        if not available(rule, state):
            raise RouteError(f"step {number}, at '{state.node}': choice {rule.index + 1} ('{rule.id}') is not "
                             f"offered at this point (its condition '{rule.spec.when}' is false)")
        state = choose(scenario, state, rule.index)
    return state


def finish(scenario: Scenario, state: PlayState) -> PlayState:
    """Play on from `state`, taking the first choice offered on screen, until an ending."""
    for _ in range(MAX_STEPS):
        if scenario.nodes[state.node].is_ending:
            break
        offered = offered_choices(scenario, state)
        if not offered:
            break
        state = choose(scenario, state, offered[0].index)
    return state
