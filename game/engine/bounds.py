"""Best and worst totals per principle over the playthroughs the rules really allow.

The structural bounds (game.analysis) ignore conditions, so a choice offered only when 911 has
not been called yet can make a "best possible" that no player can reach. For scenarios of the
usual size every reachable play state can be visited, which gives the exact figures; past a
limit the structural bounds stand in.
"""

from __future__ import annotations

import time

from game.analysis import ScoreBounds
from game.model import Scenario

from .play import available, choose, start

STATE_LIMIT = 50_000
_cache: dict[tuple[str, str], ScoreBounds] = {}


def playable_bounds(scenario: Scenario, budget_s: float | None = None) -> ScoreBounds:
    """The exact bounds, or `scenario.bounds` (the same object) past STATE_LIMIT or `budget_s`
    seconds of searching."""
    key = (scenario.source, scenario.content_hash)
    if key not in _cache:
        deadline = None if budget_s is None else time.monotonic() + budget_s
        _cache[key] = _explore(scenario, deadline) or scenario.bounds
    return _cache[key]


def _explore(scenario: Scenario, deadline: float | None = None) -> ScoreBounds | None:
    best: list[int] | None = None
    worst: list[int] | None = None
    first = start(scenario, 0)
    stack = [first]
    seen = set()
    while stack:
        state = stack.pop()
        key = (state.node, tuple(sorted(state.variables.items())), state.totals, frozenset(state.path))
        if key in seen:
            continue
        seen.add(key)
        if len(seen) > STATE_LIMIT or (deadline is not None and time.monotonic() > deadline):
            return None
        node = scenario.nodes[state.node]
        if node.is_ending:
            totals = state.totals
            best = list(totals) if best is None else [max(b, t) for b, t in zip(best, totals)]
            worst = list(totals) if worst is None else [min(w, t) for w, t in zip(worst, totals)]
            continue
        for rule in node.choices:
            if available(rule, state):
                stack.append(choose(scenario, state, rule.index))
    if best is None:
        return None
    return ScoreBounds(tuple(best), tuple(worst))
