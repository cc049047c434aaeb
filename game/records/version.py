"""A scenario version as plain data, kept with the records: every moment's text and every choice's
id, text, scores and feedback. Records and statements can then be read and rebuilt long after the
scenario file has changed or gone (and on a laptop that never had it)."""

from __future__ import annotations

from typing import Any

from game.engine.bounds import playable_bounds
from game.analysis import ScoreBounds
from game.model import PRINCIPLE_KEYS, Scenario

VERSION_FORMAT = 1


def choice_ref(spec: Any, index: int) -> str:
    """How records and statements name a choice: its id when the file gives one (format 2), else its
    0-based index as written, as text."""
    given = getattr(spec, "id", None)
    return given if isinstance(given, str) and given else str(index)


def scenario_version(scenario: Scenario, bounds: ScoreBounds | None = None, exact: bool = True) -> dict[str, Any]:
    """`bounds`: the best and worst totals to keep with it (by default the exact ones, searched for
    here: a tool may wait for them, play may not); `exact` says whether they are the exact ones."""
    doc = scenario.document
    bounds = bounds if bounds is not None else playable_bounds(scenario)
    nodes: dict[str, Any] = {}
    for node_id, rule in scenario.nodes.items():
        spec = rule.spec
        nodes[node_id] = {
            "speaker": spec.speaker,
            "text": spec.text,
            "ending": {"kind": spec.ending.kind, "title": spec.ending.title} if spec.ending else None,
            "choices": [
                {"ref": choice_ref(c.spec, c.index), "text": c.spec.text, "scores": list(c.scores),
                 "feedback": c.spec.feedback, "lens": list(c.spec.lens), "goto": c.spec.goto}
                for c in rule.choices
            ],
        }
    return {
        "format": VERSION_FORMAT,
        "id": scenario.id,
        "content_hash": scenario.content_hash,
        "title": doc.title,
        "premise": doc.premise,
        "start": doc.start,
        "principles": list(PRINCIPLE_KEYS),
        "best": list(bounds.best),
        "worst": list(bounds.worst),
        "exact_bounds": bool(exact),
        "nodes": nodes,
    }


def overall_share(totals: list[int] | tuple[int, ...], best: list[int], worst: list[int]) -> float:
    """How close the totals came to the best possible, averaged over the principles the scenario can
    move at all (the same figure the picker shows as the best result): 0.0 worst .. 1.0 best."""
    shares = [(t - w) / (b - w) for t, b, w in zip(totals, best, worst) if b != w]
    return min(1.0, max(0.0, sum(shares) / len(shares))) if shares else 1.0
