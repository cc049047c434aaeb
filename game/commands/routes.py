"""`outreach routes SCENARIO`: each ending with how many routes reach it, a shortest one and the
range of each principle's total over them; then choices never offered and moments never reached.

The figures come from the explorer (through its disk cache); when it stopped at its budget the
report says so first and gives only what was found.
"""

from __future__ import annotations

import json
import sys

from game.engine.explore import Exploration
from game.model import PRINCIPLES, Scenario
from game.wording import counted

TEXT_START = 48  # characters of a choice's text shown in a route


def start_of(text: str, limit: int = TEXT_START) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0].rstrip(".,;:!?") + "…"


def routes_report(scenario: Scenario, exploration: Exploration) -> dict:
    """Everything `routes` shows, as plain data (also its --json output)."""
    def step(node_id: str, index: int) -> dict:
        rule = scenario.nodes[node_id].choices[index]
        return {"node": node_id, "number": index + 1, "id": rule.spec.id, "text": start_of(rule.spec.text)}

    endings = []
    for node_id, ending in exploration.endings.items():
        totals = None
        if ending.best is not None:
            totals = {p.key: {"worst": w, "best": b} for p, w, b in zip(PRINCIPLES, ending.worst, ending.best)}
        endings.append({
            "id": node_id, "kind": ending.kind, "title": ending.title, "reachable": ending.reachable,
            "routes": ending.routes if exploration.exact else None, "routes_capped": ending.capped,
            "loops": ending.loops, "shortest": [step(n, i) for n, i in ending.shortest], "totals": totals,
            "best_sum": ending.best_sum, "worst_sum": ending.worst_sum,
        })
    never_offered = []
    if exploration.exact:
        for node_id, index in exploration.never_offered(scenario):
            rule = scenario.nodes[node_id].choices[index]
            never_offered.append({**step(node_id, index), "when": rule.spec.when})
    return {
        "scenario": scenario.id, "file": scenario.source, "exact": exploration.exact, "reason": exploration.reason,
        "states": exploration.states, "endings": endings, "never_offered": never_offered,
        "never_reached": exploration.never_reached(scenario) if exploration.exact else None,
    }


def format_routes(report: dict) -> str:
    lines = [f"{report['file']}: {report['scenario']}"]
    if not report["exact"]:
        lines.append(f"note: not every route was checked: the explorer {report['reason']}. "
                     "What follows is only what it found before it stopped.")
    else:
        lines.append(f"Every route checked ({report['states']:,} play states).")
    for ending in report["endings"]:
        lines.append("")
        head = f"{ending['kind'].upper()} ending '{ending['id']}' ({ending['title']})"
        if not ending["reachable"]:
            lines.append(f"{head}: {'no play reaches it' if report['exact'] else 'not reached before the explorer stopped'}")
            continue
        if ending["routes"] is None:
            lines.append(f"{head}: reached")
        else:
            count = f"more than {ending['routes']:,}" if ending["routes_capped"] else f"{ending['routes']:,}"
            plural = "route" if ending["routes"] == 1 and not ending["routes_capped"] else "routes"
            extra = ", and endlessly many more that go round a loop again" if ending["loops"] else ""
            lines.append(f"{head}: {count} {plural}{extra}")
        if ending["shortest"]:
            lines.append(f"  shortest ({counted(len(ending['shortest']), 'choice')}):")
            for step in ending["shortest"]:
                lines.append(f"    {step['node']}, {_name(step)}: {step['text']}")
        if ending["totals"]:
            ranges = ", ".join(f"{p.label} {_span(ending['totals'][p.key])}" for p in PRINCIPLES)
            lines.append(f"  totals over these routes: {ranges}")
    if report["exact"]:
        lines.append("")
        offered = report["never_offered"]
        lines.append("Choices never offered:" + (" none" if not offered else ""))
        for item in offered:
            lines.append(f"  {item['node']}, {_name(item)} (when: {item['when']}): {item['text']}")
        reached = report["never_reached"]
        lines.append("Moments never reached: " + (", ".join(reached) if reached else "none"))
    return "\n".join(lines)


def _name(step: dict) -> str:
    """A choice as the author wrote it: its number (1 = first written) and its id if it has one."""
    return f"choice {step['number']}" + (f" ({step['id']})" if step["id"] else "")


def _span(pair: dict) -> str:
    worst, best = pair["worst"], pair["best"]
    return f"{worst:+d}" if worst == best else f"{worst:+d} to {best:+d}"


def run(scenario: Scenario, as_json: bool) -> int:
    from game.store.explorations import explored

    report = routes_report(scenario, explored(scenario))
    if as_json:
        print(json.dumps(report, indent=2, ensure_ascii=False))
        if not report["exact"]:
            print(f"note: not every route was checked: the explorer {report['reason']}", file=sys.stderr)
    else:
        print(format_routes(report))
    return 0
