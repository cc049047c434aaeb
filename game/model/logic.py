"""Checks that need to know what play can really do (conditions respected), from an exploration
made by the explorer (game.engine.explore): moments, endings and choices no play reaches or
offers, conditions that are always true, and a poor ending that outscores every good one.

Each reason is said in words, with the range each variable can have at that moment
("needs trust >= 5; at this moment trust is at most 1"). Pure: the exploration is given.
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING

from game.analysis import reachable
from game.language.syntax import Binary, ExpressionError, Name, parse_condition

from .diagnostics import Diagnostic, Level
from .principles import PRINCIPLE_KEYS
from .scenario import Scenario
from .yaml_source import SourceDocument

if TYPE_CHECKING:  # the engine imports the model, so only for the type
    from game.engine.explore import Exploration

_ORDER_UP = (">=", ">")
_ORDER_DOWN = ("<=", "<")


def logic_diagnostics(source: SourceDocument, scenario: Scenario, exploration: "Exploration") -> list[Diagnostic]:
    if not exploration.exact:
        return []  # nothing can be proved; the caller prints the explorer's reason instead
    found: list[Diagnostic] = []
    nodes = scenario.nodes
    structural = set(_structurally_reached(scenario))
    booleans = {name for name, value in scenario.document.variables.items() if isinstance(value, bool)}

    def say(node_id: str, index: int) -> str:
        rule = nodes[node_id].choices[index]
        if rule.condition is None:
            return f"choice {index + 1} of '{node_id}'"
        why = describe(rule.condition.text, exploration.ranges.get(node_id, {}), exploration.limits, booleans)
        return f"choice {index + 1} of '{node_id}' (needs {rule.condition.text}; at this moment {why})"

    for node_id, node in nodes.items():
        if node_id not in structural:
            continue  # the structural check already says it can never be reached
        if node_id not in exploration.reached:
            kind = "ending" if node.is_ending else "moment"
            ways = [(source_id, rule.index) for source_id, source_node in nodes.items()
                    if source_id in exploration.reached for rule in source_node.choices if rule.target == node_id]
            if ways:
                reason = "no play offers " + "; nor ".join(say(n, i) for n, i in ways[:3])
                if len(ways) > 3:
                    reason += f" (nor {len(ways) - 3} more)"
            else:
                reason = "every moment that leads here is itself never reached"
            found.append(source.diagnostic(
                ("nodes", node_id), f"{kind} '{node_id}' can never be reached in play: {reason}",
                hint="change a condition on the way here, or the effects that set what it tests",
                code="unreachable-in-play", at_key=True))
            continue
        for rule in node.choices:
            where = ("nodes", node_id, "choices", rule.index, "when")
            if rule.condition is None:
                continue
            ranges = exploration.ranges.get(node_id, {})
            if (node_id, rule.index) not in exploration.offered:
                why = describe(rule.condition.text, ranges, exploration.limits, booleans)
                if _true_somewhere_in(rule.condition, ranges, scenario):
                    why += ", but never in the combination it needs on any one route"
                found.append(source.diagnostic(
                    where, f"choice {rule.index + 1} of '{node_id}' is never offered: needs {rule.condition.text}; "
                    f"at this moment {why}",
                    hint="no route reaches this moment with values that make it true: change the condition, "
                    "or the effects before it", code="never-offered"))
            elif (node_id, rule.index) in exploration.always:
                found.append(source.diagnostic(
                    where, f"the condition of choice {rule.index + 1} of '{node_id}' is true on every route here: "
                    f"{rule.condition.text}; at this moment "
                    f"{describe(rule.condition.text, ranges, exploration.limits, booleans)}",
                    hint="remove 'when', or check the effects before this moment", code="always-true",
                    level=Level.WARNING))
    for node_id, values in exploration.stuck[:5]:
        case = ", ".join(f"{name} = {str(value).lower()}" for name, value in sorted(values.items())) or "always"
        found.append(source.diagnostic(
            ("nodes", node_id, "choices"), f"play can get stuck at '{node_id}': no choice is offered when {case}",
            hint="add a choice without 'when' as a fallback, or make the conditions cover this case",
            code="stuck", at_key=True))
    found.extend(_poor_outscores_good(source, exploration))
    return found


def _poor_outscores_good(source: SourceDocument, exploration: "Exploration") -> list[Diagnostic]:
    good = [e for e in exploration.endings.values() if e.kind == "good" and e.reachable]
    if not good:
        return []
    best_good = max(good, key=lambda e: e.best_sum)
    found = []
    for ending in exploration.endings.values():
        if ending.kind == "poor" and ending.reachable and ending.best_sum > best_good.best_sum:
            found.append(source.diagnostic(
                ("nodes", ending.node),
                f"poor ending '{ending.node}' can be reached with a total of {ending.best_sum} over the six "
                f"principles, more than the best route into any good ending ({best_good.best_sum}, "
                f"'{best_good.node}')",
                hint="check the scores on the routes into these endings: the best practice should lead somewhere good",
                code="poor-outscores-good", level=Level.WARNING, at_key=True))
    return found


def _true_somewhere_in(condition, ranges, scenario: Scenario) -> bool:
    """Whether some mix of the lowest and highest values each name can have makes the condition
    true: then it is the combination, not any one value, that never happens."""
    names = sorted(condition.names)
    if any(name not in ranges for name in names) or len(names) > 10:
        return False
    variables = dict(scenario.document.variables)
    for corner in itertools.product(*(sorted(set(ranges[name])) for name in names)):
        totals = [0] * len(PRINCIPLE_KEYS)
        for name, value in zip(names, corner):
            if name in PRINCIPLE_KEYS:
                totals[PRINCIPLE_KEYS.index(name)] = value
            else:
                variables[name] = bool(value) if isinstance(variables[name], bool) else value
        if condition.test(variables, tuple(totals)):
            return True
    return False


def _structurally_reached(scenario: Scenario):
    graph = scenario.graph
    seen = reachable(graph)
    return [graph.ids[i] for i, flag in enumerate(seen) if flag]


def describe(condition: str, ranges, limits, booleans) -> str:
    """What each name the condition reads can be at this moment, in words."""
    try:
        tree = parse_condition(condition)
    except ExpressionError:
        return "its values are unknown"
    directions: dict[str, set[str]] = {}
    _directions(tree, directions)
    parts = []
    for name, seen in directions.items():
        span = ranges.get(name)
        if span is None:
            continue
        lo, hi = span
        if name in booleans:
            parts.append(f"{name} is always {'true' if lo else 'false'}" if lo == hi else f"{name} can be true or false")
            continue
        floor, ceiling = limits.get(name, (None, None))
        high = f"{hi} or more" if ceiling is not None and hi >= ceiling else str(hi)
        low = f"{lo} or less" if floor is not None and lo <= floor else str(lo)
        label = name if name not in PRINCIPLE_KEYS else f"the {name} total"
        if lo == hi and low == high:
            parts.append(f"{label} is always {lo}")
        elif seen == {"up"}:
            parts.append(f"{label} is at most {high}")
        elif seen == {"down"}:
            parts.append(f"{label} is at least {low}")
        else:
            parts.append(f"{label} is from {low} to {high}")
    return " and ".join(parts) if parts else "it is never true"


def _directions(expr, out: dict[str, set[str]]) -> None:
    """For each name, whether the condition asks for it to be high ('up'), low ('down') or else."""
    if isinstance(expr, Name):
        out.setdefault(expr.name, set()).add("other")
        return
    if isinstance(expr, Binary) and expr.op in _ORDER_UP + _ORDER_DOWN:
        for side, flip in ((expr.left, False), (expr.right, True)):
            if isinstance(side, Name):
                up = (expr.op in _ORDER_UP) != flip
                out.setdefault(side.name, set()).add("up" if up else "down")
            else:
                _directions(side, out)
        return
    for part in ("operand", "left", "right"):
        child = getattr(expr, part, None)
        if child is not None:
            _directions(child, out)
