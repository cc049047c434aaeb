"""Best and worst total per principle over every playthrough from the start to an ending.

A choice scores the first time it is taken in a playthrough (the engine applies the same rule),
so loops cannot inflate a total. Inside a loop (a strongly connected component) a player can take
every choice of the loop, so the best case collects all its positive scores and the worst case all
its negative ones. Conditions are not evaluated: the bounds are what the structure allows, exact
for scenarios without loops or conditions and never lower than what a player can reach.
One pass over the components in topological order: linear in nodes plus choices.
"""

from __future__ import annotations

from dataclasses import dataclass

from .graph import StoryGraph, components

_PRINCIPLES = 6


@dataclass(frozen=True, slots=True)
class ScoreBounds:
    best: tuple[int, ...]
    worst: tuple[int, ...]


def score_bounds(graph: StoryGraph) -> ScoreBounds:
    zero = (0,) * _PRINCIPLES
    if graph.start < 0 or not graph.endings:
        return ScoreBounds(zero, zero)
    component, count = components(graph)
    endings = graph.endings
    edges, scores = graph.edges, graph.scores
    # best_from[c][p]: best total for principle p from entering component c to an ending
    # (None when no ending can be reached from c).
    best_from: list[list[int] | None] = [None] * count
    worst_from: list[list[int] | None] = [None] * count
    # Nodes grouped by component, components in increasing order: successors come first.
    by_component = sorted(range(len(component)), key=component.__getitem__)
    position = 0
    while position < len(by_component):
        c = component[by_component[position]]
        end = position
        while end < len(by_component) and component[by_component[end]] == c:
            end += 1
        best = worst = None
        inner_best = inner_worst = None
        for node in by_component[position:end]:
            if node in endings:  # stopping here is one way to finish: a total of 0 from now
                best = [max(b, 0) for b in best] if best else [0] * _PRINCIPLES
                worst = [min(w, 0) for w in worst] if worst else [0] * _PRINCIPLES
            for target, vector in zip(edges[node], scores[node]):
                there = component[target]
                if there == c:  # inside a loop: every choice of it can be taken once
                    if inner_best is None:
                        inner_best, inner_worst = [0] * _PRINCIPLES, [0] * _PRINCIPLES
                    for p, value in enumerate(vector):
                        if value > 0:
                            inner_best[p] += value
                        elif value < 0:
                            inner_worst[p] += value
                    continue
                after_best = best_from[there]
                if after_best is None:
                    continue
                after_worst = worst_from[there]
                if best is None:
                    best = [v + a for v, a in zip(vector, after_best)]
                    worst = [v + a for v, a in zip(vector, after_worst)]
                    continue
                for p in range(_PRINCIPLES):
                    b = vector[p] + after_best[p]
                    if b > best[p]:
                        best[p] = b
                    w = vector[p] + after_worst[p]
                    if w < worst[p]:
                        worst[p] = w
        if best is not None and inner_best is not None:
            best = [b + i for b, i in zip(best, inner_best)]
            worst = [w + i for w, i in zip(worst, inner_worst)]
        best_from[c], worst_from[c] = best, worst
        position = end
    start_best, start_worst = best_from[component[graph.start]], worst_from[component[graph.start]]
    if start_best is None:
        return ScoreBounds(zero, zero)
    return ScoreBounds(tuple(start_best), tuple(start_worst))
