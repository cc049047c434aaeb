"""Run a scenario's own tests: its `playtests:` through the real rules of play, and the built-in
properties every scenario must have. Pure: findings name places in the document by path; the
caller turns a path into file:line:column with the file's SourceDocument."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from game.model import PRINCIPLE_KEYS, ChoiceRule, NodeRule, Scenario
from game.model.diagnostics import DocPath
from game.model.document import Playtest, Range

from .explore import Exploration, explore
from .play import ChoiceError, available, choose, start
from .state import PlayState

PROPERTIES = ("every ending reachable", "a good ending reachable", "best route above the worst")


@dataclass(frozen=True, slots=True)
class Failure:
    path: DocPath  # where in the file the failing step, expectation or node is written
    message: str
    at_key: bool = False


@dataclass(frozen=True, slots=True)
class Outcome:
    kind: Literal["playtest", "property"]
    name: str
    failures: tuple[Failure, ...] = ()
    # Set when the check could not be made (the search hit its budget): neither passed nor failed.
    unchecked: str = ""

    @property
    def passed(self) -> bool:
        return not self.failures and not self.unchecked


def run_all(scenario: Scenario, exploration: Exploration | None = None) -> list[Outcome]:
    """The scenario's playtests, then the built-in properties (from `exploration` when the caller
    has one, e.g. from the disk cache; else explored here)."""
    outcomes = [run_playtest(scenario, i, test) for i, test in enumerate(scenario.document.playtests)]
    return outcomes + check_properties(scenario, exploration)


# -- playtests ---------------------------------------------------------------------------------

def run_playtest(scenario: Scenario, number: int, test: Playtest) -> Outcome:
    where: DocPath = ("playtests", number)
    state = start(scenario, 0)
    visits: list[PlayState] = [state]
    for s, step in enumerate(test.route):
        [(node_id, ref)] = step.items()
        at = where + ("route", s, node_id)
        problem = _step_problem(scenario, state, node_id, ref)
        if problem:
            return Outcome("playtest", test.name, (Failure(at, f"step {s + 1}: {problem}"),))
        rule = scenario.nodes[node_id].find_choice(ref)
        try:
            state = choose(scenario, state, rule.index)
        except ChoiceError as error:  # the checks above should make this unreachable
            return Outcome("playtest", test.name, (Failure(at, f"step {s + 1}: {error}"),))
        visits.append(state)
    failures = _expectation_failures(scenario, where + ("expect",), test, state, visits)
    return Outcome("playtest", test.name, tuple(failures))


def _step_problem(scenario: Scenario, state: PlayState, node_id: str, ref) -> str:
    here = scenario.nodes[state.node]
    if here.is_ending:
        return (f"the route goes on after it reached the ending '{state.node}' "
                f"({here.spec.ending.title}); remove the steps after it")
    if node_id != state.node:
        return f"the route expects to be at '{node_id}', but play is at '{state.node}' here"
    rule = here.find_choice(ref)
    if isinstance(rule, str):
        return rule
    if not available(rule, state):
        return (f"{describe_choice(rule)} is not offered at this point: its condition '{rule.spec.when}' is false "
                f"({_values(scenario, rule, state)})")
    return ""


def _expectation_failures(scenario: Scenario, where: DocPath, test: Playtest, state: PlayState,
                          visits: list[PlayState]) -> list[Failure]:
    expect = test.expect
    node = scenario.nodes[state.node]
    failures: list[Failure] = []
    reached = (f"the route ends at the ending '{state.node}' ({node.spec.ending.kind}: {node.spec.ending.title})"
               if node.is_ending else f"the route stops at '{state.node}', which is not an ending")
    if expect.ending is not None and expect.ending != state.node:
        failures.append(Failure(where + ("ending",), f"expected the ending '{expect.ending}', but {reached}"))
    if expect.ending_kind is not None and (not node.is_ending or node.spec.ending.kind != expect.ending_kind):
        failures.append(Failure(where + ("ending_kind",), f"expected a {expect.ending_kind} ending, but {reached}"))
    totals = dict(zip(PRINCIPLE_KEYS, state.totals))
    for key, wanted in expect.totals.items():
        problem = _range_problem(totals[key], wanted)
        if problem:
            failures.append(Failure(where + ("totals", key), f"the total for {key} is {totals[key]}, {problem}",
                                    at_key=True))
    for name, wanted in expect.variables.items():
        value = state.variables.get(name)
        if value != wanted or type(value) is not type(wanted):
            failures.append(Failure(where + ("variables", name),
                                    f"variable '{name}' is {_word(value)} at the end, not {_word(wanted)}",
                                    at_key=True))
    for field, wanted_offered in (("offered", True), ("not_offered", False)):
        for node_id, refs in getattr(expect, field).items():
            failures.extend(_offer_failures(scenario, where + (field, node_id), node_id, refs, wanted_offered, visits))
    return failures


def _offer_failures(scenario: Scenario, where: DocPath, node_id: str, refs, wanted: bool,
                    visits: list[PlayState]) -> list[Failure]:
    there = [state for state in visits if state.node == node_id]
    if not there:
        route = " → ".join(dict.fromkeys(state.node for state in visits))
        return [Failure(where, f"the route never reaches '{node_id}' (it goes {route})", at_key=True)]
    node = scenario.nodes[node_id]
    failures = []
    for i, ref in enumerate(refs):
        rule = node.find_choice(ref)
        if isinstance(rule, str):
            failures.append(Failure(where + (i,), rule))
            continue
        for visit, state in enumerate(there, start=1):
            if available(rule, state) == wanted:
                continue
            when = f" (visit {visit} of {len(there)})" if len(there) > 1 else ""
            if wanted:
                message = (f"{describe_choice(rule)} is not offered at '{node_id}'{when}: its condition "
                           f"'{rule.spec.when}' is false ({_values(scenario, rule, state)})")
            else:
                why = (f": its condition '{rule.spec.when}' is true ({_values(scenario, rule, state)})"
                       if rule.condition else ": it has no condition")
                message = f"{describe_choice(rule)} is offered at '{node_id}'{when}{why}"
            failures.append(Failure(where + (i,), message))
            break
    return failures


def _range_problem(value: int, wanted: int | Range) -> str:
    if isinstance(wanted, int):
        return "" if value == wanted else f"not {wanted}"
    if wanted.at_least is not None and value < wanted.at_least:
        return f"below the expected at_least {wanted.at_least}"
    if wanted.at_most is not None and value > wanted.at_most:
        return f"above the expected at_most {wanted.at_most}"
    return ""


def describe_choice(rule: ChoiceRule) -> str:
    """A choice as an author recognises it: its id, or its number and the start of its text."""
    words = " ".join(rule.spec.text.split())
    start_of_text = words if len(words) <= 40 else words[:39].rstrip() + "…"
    if rule.spec.id:
        return f"the choice '{rule.spec.id}'"
    return f"choice {rule.index + 1} (\"{start_of_text}\")"


def _values(scenario: Scenario, rule: ChoiceRule, state: PlayState) -> str:
    totals = dict(zip(PRINCIPLE_KEYS, state.totals))
    names = sorted(rule.condition.names) if rule.condition else []
    shown = [f"{name} = {_word(state.variables[name] if name in state.variables else totals.get(name))}"
             for name in names]
    return "here " + ", ".join(shown) if shown else "here"


def _word(value) -> str:
    if isinstance(value, bool):
        return str(value).lower()
    return "missing" if value is None else str(value)


# -- built-in properties -----------------------------------------------------------------------

def check_properties(scenario: Scenario, exploration: Exploration | None = None) -> list[Outcome]:
    """Every ending reachable, a good ending reachable, and for each principle the scenario scores
    the best route above the worst: conditions respected (the exact explorer of play)."""
    found = exploration or explore(scenario)
    endings = {node_id: rule for node_id, rule in scenario.nodes.items() if rule.is_ending}
    reached = {node_id for node_id, routes in found.endings.items() if routes.reachable}
    unchecked = "" if found.exact else f"the explorer {found.reason}"
    outcomes = []

    missing = [node_id for node_id in endings if node_id not in reached]
    failures = tuple(Failure(("nodes", node_id), f"no play reaches the ending '{node_id}' "
                             f"({endings[node_id].spec.ending.title}): the conditions on the way never let it",
                             at_key=True) for node_id in missing)
    outcomes.append(_outcome(PROPERTIES[0], failures, unchecked))

    good = [node_id for node_id, rule in endings.items() if rule.spec.ending.kind == "good"]
    if any(node_id in reached for node_id in good):
        failures = ()
    elif good:
        failures = (Failure(("nodes", good[0]), "no play reaches a good ending: "
                            + ", ".join(f"'{n}'" for n in good) + " can never be reached", at_key=True),)
    else:
        failures = (Failure(("nodes",), "the scenario has no good ending",
                            at_key=True),)
    outcomes.append(_outcome(PROPERTIES[1], failures, unchecked if good else ""))

    failures = ()
    if found.best is not None and found.worst is not None:
        scored = _scored_principles(scenario)
        flat = [(key, best) for key, best, worst in zip(PRINCIPLE_KEYS, found.best, found.worst)
                if key in scored and best <= worst]
        failures = tuple(Failure(("nodes",), f"every route ends with the same total for {key} ({best}): "
                                 "no choice a player can make changes it", at_key=True) for key, best in flat)
    outcomes.append(_outcome(PROPERTIES[2], failures, unchecked))
    return outcomes


def _outcome(name: str, failures: tuple[Failure, ...], unchecked: str) -> Outcome:
    # A search cut short can still prove a property (it saw the ending), never disprove one.
    if failures and unchecked:
        return Outcome("property", name, (), unchecked)
    return Outcome("property", name, failures)


def _scored_principles(scenario: Scenario) -> set[str]:
    """Principles some choice of the file scores: a scenario need not touch all six."""
    scored: set[str] = set()
    rules: list[NodeRule] = list(scenario.nodes.values())
    for node in rules:
        for rule in node.choices:
            scored.update(key for key, value in zip(PRINCIPLE_KEYS, rule.scores) if value)
    return scored
