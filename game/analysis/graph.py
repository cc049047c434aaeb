"""The branching structure as a plain graph, and the linear-time walks over it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class StoryGraph:
    """Nodes by index; for each node its choices' targets and their score vectors."""

    ids: tuple[str, ...]
    edges: tuple[tuple[int, ...], ...]
    scores: tuple[tuple[tuple[int, ...], ...], ...]
    endings: frozenset[int]
    start: int  # -1 when the start node does not exist

    def __len__(self) -> int:
        return len(self.ids)


def reachable(graph: StoryGraph) -> list[bool]:
    """Which nodes some playthrough can visit, ignoring conditions."""
    seen = [False] * len(graph)
    if graph.start < 0:
        return seen
    seen[graph.start] = True
    stack = [graph.start]
    while stack:
        for target in graph.edges[stack.pop()]:
            if not seen[target]:
                seen[target] = True
                stack.append(target)
    return seen


def reaches_ending(graph: StoryGraph) -> list[bool]:
    """Which nodes have some way on to an ending."""
    incoming: list[list[int]] = [[] for _ in graph.ids]
    for source, targets in enumerate(graph.edges):
        for target in targets:
            incoming[target].append(source)
    seen = [False] * len(graph)
    stack = list(graph.endings)
    for ending in stack:
        seen[ending] = True
    while stack:
        for source in incoming[stack.pop()]:
            if not seen[source]:
                seen[source] = True
                stack.append(source)
    return seen


def components(graph: StoryGraph) -> tuple[list[int], int]:
    """Strongly connected components (iterative Tarjan).

    Returns each node's component number and the number of components. Components are
    numbered in reverse topological order: every edge goes to a component numbered lower or
    equal, so a pass in increasing order sees a component's successors first.
    """
    count = len(graph)
    index = [-1] * count
    low = [0] * count
    on_stack = [False] * count
    component = [-1] * count
    stack: list[int] = []
    next_index = 0
    next_component = 0
    for root in range(count):
        if index[root] >= 0:
            continue
        work = [(root, 0)]
        index[root] = low[root] = next_index
        next_index += 1
        stack.append(root)
        on_stack[root] = True
        while work:
            node, position = work[-1]
            targets = graph.edges[node]
            if position < len(targets):
                work[-1] = (node, position + 1)
                target = targets[position]
                if index[target] < 0:
                    index[target] = low[target] = next_index
                    next_index += 1
                    stack.append(target)
                    on_stack[target] = True
                    work.append((target, 0))
                elif on_stack[target] and index[target] < low[node]:
                    low[node] = index[target]
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                if low[node] < low[parent]:
                    low[parent] = low[node]
            if low[node] == index[node]:
                while True:
                    member = stack.pop()
                    on_stack[member] = False
                    component[member] = next_component
                    if member == node:
                        break
                next_component += 1
    return component, next_component
