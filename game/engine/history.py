"""The record of a playthrough so far, moment by moment, as a trainee re-reads it."""

from __future__ import annotations

from dataclasses import dataclass

from game.model import Scenario

from .play import choose, node_text, start
from .state import PlayState


@dataclass(frozen=True, slots=True)
class Moment:
    number: int
    node: str
    speaker: str | None
    text: str  # as shown on this route (conditional text resolved)
    learnt: tuple[tuple[str, str], ...]  # (lens factor, fact) learnt on arriving at this moment
    choice: str
    feedback: str


def history(scenario: Scenario, state: PlayState) -> list[Moment]:
    """Every moment passed on the way to `state`, with what was chosen there."""
    moments = []
    current = start(scenario, state.seed)
    known: tuple[str, ...] = ()
    for number, step in enumerate(state.path, start=1):
        node = scenario.nodes[current.node]
        rule = node.choices[step.choice]
        learnt = tuple(scenario.facts[f][0:1] + (scenario.facts[f][1].text,) for f in current.revealed
                       if f not in known)
        moments.append(Moment(number, current.node, node.spec.speaker, node_text(scenario, current), learnt,
                              rule.spec.text, rule.spec.feedback))
        known = current.revealed
        current = choose(scenario, current, step.choice)
    return moments
