"""The rules of play: start, offer choices, choose, rewind. Pure and deterministic for a seed."""

from __future__ import annotations

import random
from dataclasses import replace
from zlib import crc32
from operator import add
from typing import NamedTuple

from game.model import ChoiceRule, NodeRule, Scenario

from .state import PlayState, Step


_INDEX_BYTES = tuple(i.to_bytes(2, "little") for i in range(64))
_step = tuple.__new__  # makes a Step (a named tuple) in C


def _index_bytes(index: int) -> bytes:
    return _INDEX_BYTES[index] if index < 64 else index.to_bytes(4, "little")


def _offer(numbered) -> "OfferedChoice":
    return tuple.__new__(OfferedChoice, numbered)


class ChoiceError(ValueError):
    """A choice that cannot be made in this state (unknown, unavailable, or the scenario is over)."""


class OfferedChoice(NamedTuple):
    """A choice as offered right now: its place on screen and the authored choice behind it.
    (A tuple: made several times a step, and a tuple is made in C.)"""

    number: int  # 1-based position in the offered order
    rule: ChoiceRule

    @property
    def index(self) -> int:
        return self.rule.index

    @property
    def text(self) -> str:
        return self.rule.spec.text


def start(scenario: Scenario, seed: int | None = None) -> PlayState:
    if seed is None:
        seed = random.SystemRandom().randrange(2**31)
    first = scenario.nodes[scenario.start]
    return PlayState(
        scenario_id=scenario.id,
        content_hash=scenario.content_hash,
        seed=seed,
        node=scenario.start,
        variables=dict(scenario.initial_variables),
        totals=(0,) * 6,
        revealed=_new_reveals((), first),
    )


def current_node(scenario: Scenario, state: PlayState) -> NodeRule:
    return scenario.nodes[state.node]


def is_over(scenario: Scenario, state: PlayState) -> bool:
    return scenario.nodes[state.node].is_ending


def node_text(scenario: Scenario, state: PlayState, node_id: str | None = None) -> str:
    """What the moment says on this route: the first variant whose condition holds, else the text."""
    node = scenario.nodes[node_id or state.node]
    for variant in node.variants:
        if variant.condition.test(state.variables, state.totals):
            return variant.text
    return node.spec.text


def available(rule: ChoiceRule, state: PlayState) -> bool:
    return rule.condition is None or rule.condition.test(state.variables, state.totals)


def offered_choices(scenario: Scenario, state: PlayState) -> list[OfferedChoice]:
    """The choices open now, in this playthrough's order for this node."""
    node = scenario.nodes[state.node]
    variables, totals = state.variables, state.totals
    rules = [rule for rule in node.choices if rule.condition is None or rule.condition.test(variables, totals)]
    if node.spec.order == "shuffled" and len(rules) > 1:
        # Ordered by a hash of playthrough, node and choice, so the order is stable across
        # rewinds, restores and processes but differs between playthroughs: position never gives
        # the answer away. A CRC, not a seeded random.Random, which costs more than a whole step.
        base = crc32(f"{state.seed}:{state.node}".encode())
        rules.sort(key=lambda rule: crc32(_INDEX_BYTES[rule.index] if rule.index < 64 else _index_bytes(rule.index),
                                          base))
    return list(map(_offer, enumerate(rules, start=1)))


def _taken_before(scenario: Scenario, state: PlayState, step: Step) -> bool:
    """Whether `step` is in the path, looking only as far back as the current stay in its loop:
    outside a loop a choice cannot come round again, and a loop once left is never re-entered."""
    loops = scenario.loops
    loop = loops.get(step.node)
    if loop is None:
        return False
    for past in reversed(state.path):
        if loops.get(past.node) != loop:
            return False
        if past == step:
            return True
    return False


def already_taken(state: PlayState, node: str, index: int) -> bool:
    """A choice scores only the first time it is taken in a playthrough, so loops add nothing."""
    return Step(node, index) in state.path


def choose(scenario: Scenario, state: PlayState, index: int) -> PlayState:
    """Take the authored choice `index` of the current node; returns the next state."""
    node = scenario.nodes[state.node]
    if node.spec.ending is not None:
        raise ChoiceError("the scenario has ended")
    if not 0 <= index < len(node.choices):
        raise ChoiceError(f"node '{state.node}' has no choice {index}")
    rule = node.choices[index]
    if rule.condition is not None and not rule.condition.test(state.variables, state.totals):
        raise ChoiceError(f"choice {index} of '{state.node}' is not available now")
    step = _step(Step, (state.node, index))
    totals = state.totals
    if not _taken_before(scenario, state, step):
        totals = tuple(map(add, totals, rule.scores))
    variables = state.variables
    if rule.effects:
        variables = dict(variables)
        for effect in rule.effects:
            effect.apply(variables, totals)
    target = scenario.nodes[rule.target]
    revealed = state.revealed
    if rule.spec.reveals:
        revealed = _add_reveals(revealed, rule.spec.reveals)
    if target.spec.reveals:
        revealed = _add_reveals(revealed, target.spec.reveals)
    # Positional, in the order of PlayState's fields: this runs at every step of play and of
    # every playtest.
    return PlayState(state.scenario_id, state.content_hash, state.seed, target.id, variables, totals,
                     state.path + (step,), revealed, state.stepped_back)


def replay(scenario: Scenario, seed: int, path) -> PlayState:
    """The state reached by making the choices of `path` from the start."""
    state = start(scenario, seed)
    for step in path:
        if step.node != state.node:
            raise ChoiceError(f"the path expects node '{step.node}' but play is at '{state.node}'")
        state = choose(scenario, state, step.choice)
    return state


MAX_STEPPED_BACK = 50  # the play state stays one small value however often someone steps back


def rewind(scenario: Scenario, state: PlayState, steps: int = 1) -> PlayState:
    """The state `steps` choices ago (at most back to the start)."""
    if steps < 0:
        raise ValueError("steps must be zero or more")
    keep = max(len(state.path) - steps, 0)
    undone = tuple((number, step) for number, step in enumerate(state.path, start=1) if number > keep)
    back = replay(scenario, state.seed, state.path[:keep])
    return replace(back, stepped_back=(state.stepped_back + undone)[-MAX_STEPPED_BACK:])


def _new_reveals(revealed: tuple[str, ...], node: NodeRule) -> tuple[str, ...]:
    return _add_reveals(revealed, node.spec.reveals)


def _add_reveals(revealed: tuple[str, ...], facts: tuple[str, ...]) -> tuple[str, ...]:
    fresh = tuple(dict.fromkeys(fact for fact in facts if fact not in revealed))
    return revealed + fresh if fresh else revealed
