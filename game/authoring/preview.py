"""Live preview, the part without a window: where play starts (`--from NODE --set name=value`),
and carrying the current route over to a scenario file that was just saved again. Pure."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from game.engine import PlayState, start
from game.engine.save import choice_names, replay_names
from game.model import PRINCIPLE_KEYS, Scenario
from game.suggest import did_you_mean


class StartError(ValueError):
    """A `--from` or `--set` that does not fit the scenario, with a message for the author."""


@dataclass(frozen=True, slots=True)
class Origin:
    """Where preview play starts: the scenario's start, or a moment with variables set."""

    node: str | None = None
    sets: tuple[tuple[str, str], ...] = ()  # (name, value as typed)

    def state(self, scenario: Scenario, seed: int | None) -> PlayState:
        return start_at(scenario, self.node, self.sets, seed)


def parse_set(text: str) -> tuple[str, str]:
    name, equals, value = text.partition("=")
    if not equals or not name.strip() or not value.strip():
        raise StartError(f"'{text}' is not name=value (for example trust=2 or told=true)")
    return name.strip(), value.strip()


def start_at(scenario: Scenario, node: str | None, sets: Sequence[tuple[str, str]], seed: int | None) -> PlayState:
    """Play from `node` (default: the start) with the variables in `sets` changed; scores start at
    0 and the facts known are those the moment reveals."""
    state = start(scenario, seed)
    if node is None and not sets:
        return state
    if node is not None and node not in scenario.nodes:
        hint = did_you_mean(node, scenario.nodes) or "see the ids under 'nodes:'"
        raise StartError(f"--from: the scenario has no moment '{node}' ({hint})")
    variables = dict(state.variables)
    for name, text in sets:
        if name not in variables:
            known = ", ".join(variables) or "none"
            hint = did_you_mean(name, variables) or f"its variables: {known}"
            raise StartError(f"--set: '{name}' is not a variable of the scenario ({hint})")
        variables[name] = _value(name, text, variables[name])
    where = node or state.node
    reveals = tuple(dict.fromkeys(scenario.nodes[where].spec.reveals))
    return PlayState(scenario.id, scenario.content_hash, state.seed, where, variables, (0,) * len(PRINCIPLE_KEYS),
                     (), reveals if node is not None else state.revealed)


def _value(name: str, text: str, current: int | bool) -> int | bool:
    if isinstance(current, bool):
        if text.lower() in ("true", "false"):
            return text.lower() == "true"
        raise StartError(f"--set: '{name}' is true or false, not '{text}'")
    try:
        return int(text)
    except ValueError:
        raise StartError(f"--set: '{name}' is a whole number, not '{text}'") from None


@dataclass(frozen=True, slots=True)
class CarriedOver:
    state: PlayState
    kept: int  # choices of the route replayed on the new file
    of: int  # choices the route had
    problem: str  # "" when the whole route still fits; else why the next step does not

    def describe(self) -> str:
        if not self.problem:
            return f"Reloaded. Your route still fits: {self.of} choice{'s' * (self.of != 1)} replayed."
        return (f"Reloaded. The route no longer fits ({self.problem}), so play resumes after the first "
                f"{self.kept} of its {self.of} choice{'s' * (self.of != 1)}.")


def carry_over(old: Scenario, state: PlayState, new: Scenario, origin: Origin) -> CarriedOver:
    """`state`'s route, taken again by choice ids on the edited scenario from the same origin:
    all of it if it still fits, else its longest prefix that does."""
    names = choice_names(old, state)
    begin = origin.state(new, state.seed)
    reached, problem, kept = replay_names(new, begin, names)
    return CarriedOver(reached, kept, len(names), problem)
