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
    inner_best = [[0] * _PRINCIPLES for _ in range(count)]
    inner_worst = [[0] * _PRINCIPLES for _ in range(count)]
    exits: list[list[tuple[int, tuple[int, ...]]]] = [[] for _ in range(count)]
    for source, (targets, vectors) in enumerate(zip(graph.edges, graph.scores)):
        here = component[source]
        for target, vector in zip(targets, vectors):
            there = component[target]
            if there != here:
                exits[here].append((there, vector))
                continue
            best, worst = inner_best[here], inner_worst[here]
            for p, value in enumerate(vector):
                if value > 0:
                    best[p] += value
                elif value < 0:
                    worst[p] += value
    ends = [False] * count
    for ending in graph.endings:
        ends[component[ending]] = True

    # best_from[c][p]: best total for principle p from entering component c to an ending.
    best_from: list[list[int] | None] = [None] * count
    worst_from: list[list[int] | None] = [None] * count
    for c in range(count):  # successors are numbered lower, so they are done already
        best = [0] * _PRINCIPLES if ends[c] else None
        worst = [0] * _PRINCIPLES if ends[c] else None
        for there, vector in exits[c]:
            after_best, after_worst = best_from[there], worst_from[there]
            if after_best is None:
                continue
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
        if best is not None:
            best_from[c] = [b + i for b, i in zip(best, inner_best[c])]
            worst_from[c] = [w + i for w, i in zip(worst, inner_worst[c])]
    start_best, start_worst = best_from[component[graph.start]], worst_from[component[graph.start]]
    if start_best is None:
        return ScoreBounds(zero, zero)
    return ScoreBounds(tuple(start_best), tuple(start_worst))
