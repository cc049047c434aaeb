"""Which endings play can really reach, and the best and worst totals it can end with,
conditions respected.

A plain bounded search of play states through the engine's own rules (`choose`), so what it finds
is what a player can do. The future of a play state depends on its node, its variables, its totals
(conditions may read them) and, where a node sits on a loop, which choices of the loop were taken
already (a choice scores only the first time). States equal in all of that are explored once.
Past `budget` states it stops and says so (`complete` is False): callers must tell the author.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping

from game.analysis import components
from game.model import Scenario

from .play import available, choose, start

BUDGET = 200_000


@dataclass(frozen=True, slots=True)
class Reach:
    complete: bool  # False: the budget ran out, and the figures cover only the states seen
    states: int  # play states explored
    # Per ending reached: (best, worst) total per principle over the routes that reach it.
    endings: Mapping[str, tuple[tuple[int, ...], tuple[int, ...]]] = field(default_factory=dict)

    @property
    def best(self) -> tuple[int, ...] | None:
        """Best total per principle over every route to any ending (None when none is reached)."""
        if not self.endings:
            return None
        return tuple(max(values) for values in zip(*(best for best, _ in self.endings.values())))

    @property
    def worst(self) -> tuple[int, ...] | None:
        if not self.endings:
            return None
        return tuple(min(values) for values in zip(*(worst for _, worst in self.endings.values())))


def explore(scenario: Scenario, budget: int = BUDGET) -> Reach:
    """Every play state reachable from the start, up to `budget` of them."""
    on_loop = _nodes_on_loops(scenario)
    endings: dict[str, tuple[list[int], list[int]]] = {}
    stack = [start(scenario, 0)]
    seen: set = set()
    while stack:
        state = stack.pop()
        loop_steps = frozenset(step for step in state.path if step.node in on_loop) if on_loop else None
        key = (state.node, tuple(sorted(state.variables.items())), state.totals, loop_steps)
        if key in seen:
            continue
        if len(seen) >= budget:
            return Reach(False, len(seen), _frozen(endings))
        seen.add(key)
        node = scenario.nodes[state.node]
        if node.is_ending:
            totals = state.totals
            if state.node in endings:
                best, worst = endings[state.node]
                endings[state.node] = ([max(b, t) for b, t in zip(best, totals)],
                                       [min(w, t) for w, t in zip(worst, totals)])
            else:
                endings[state.node] = (list(totals), list(totals))
            continue
        for rule in node.choices:
            if available(rule, state):
                stack.append(choose(scenario, state, rule.index))
    return Reach(True, len(seen), _frozen(endings))


def _frozen(endings: dict) -> dict:
    return {node: (tuple(best), tuple(worst)) for node, (best, worst) in endings.items()}


def _nodes_on_loops(scenario: Scenario) -> frozenset[str]:
    graph = scenario.graph
    component, _ = components(graph)
    sizes: dict[int, int] = {}
    for c in component:
        sizes[c] = sizes.get(c, 0) + 1
    return frozenset(
        node_id for i, node_id in enumerate(graph.ids)
        if sizes[component[i]] > 1 or i in graph.edges[i]
    )
