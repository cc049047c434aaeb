"""The properties every scenario should have, checked on the explorer's result: every ending can
be reached, a good ending can be reached, and for each principle the best route scores above the
worst (for the principles some choice scores). `outreach test` runs them for a scenario without playtests of its own. Pure."""

from __future__ import annotations

from dataclasses import dataclass

from game.model import PRINCIPLES, Scenario

from .explore import Exploration


@dataclass(frozen=True, slots=True)
class PropertyFailure:
    code: str  # "ending-unreachable", "no-good-ending", "flat-principle", "not-explored"
    message: str
    path: tuple  # where in the file to report it, e.g. ("nodes", "plan"); () for the whole file


def property_failures(scenario: Scenario, exploration: Exploration) -> list[PropertyFailure]:
    """Every built-in property that does not hold. When the explorer stopped at its budget nothing
    can be proved either way: one failure says so (with the explorer's reason)."""
    if not exploration.exact:
        return [PropertyFailure("not-explored", f"the built-in properties could not be checked: the explorer "
                                f"{exploration.reason}", ())]
    failures = []
    for node_id, ending in exploration.endings.items():
        if not ending.reachable:
            failures.append(PropertyFailure(
                "ending-unreachable", f"{ending.kind} ending '{node_id}' cannot be reached by any play",
                ("nodes", node_id)))
    if not any(e.reachable and e.kind == "good" for e in exploration.endings.values()):
        failures.append(PropertyFailure("no-good-ending", "no play reaches a good ending", ("nodes",)))
    if exploration.best is not None:
        scored = [any(rule.scores[p] for node in scenario.nodes.values() for rule in node.choices)
                  for p in range(len(PRINCIPLES))]
        for principle, best, worst, used in zip(PRINCIPLES, exploration.best, exploration.worst, scored):
            if used and best <= worst:  # a principle no choice scores is left out, not failed
                failures.append(PropertyFailure(
                    "flat-principle", f"every route ends with the same {principle.label} total ({best}): "
                    "the best route should score above the worst", ("nodes",)))
    return failures
