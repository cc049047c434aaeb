"""Reachability and score bounds, checked against brute force on small random graphs."""

from hypothesis import given, settings
from hypothesis import strategies as st

from game.analysis import StoryGraph, components, reachable, reaches_ending, score_bounds


@st.composite
def graphs(draw):
    count = draw(st.integers(1, 7))
    edges, scores = [], []
    endings = set(draw(st.sets(st.integers(0, count - 1), min_size=1)))
    for node in range(count):
        if node in endings:
            edges.append(())
            scores.append(())
            continue
        targets = draw(st.lists(st.integers(0, count - 1), max_size=3))
        edges.append(tuple(targets))
        scores.append(tuple(tuple(draw(st.integers(-2, 2)) for _ in range(6)) for _ in targets))
    return StoryGraph(tuple(map(str, range(count))), tuple(edges), tuple(scores), frozenset(endings), 0)


def brute_force(graph, depth=9):
    """Best/worst per principle over walks of bounded length, each choice scoring once."""
    best, worst = [None] * 6, [None] * 6

    def walk(node, taken, totals, steps):
        if node in graph.endings:
            for p in range(6):
                best[p] = totals[p] if best[p] is None else max(best[p], totals[p])
                worst[p] = totals[p] if worst[p] is None else min(worst[p], totals[p])
        if steps == depth:
            return
        for i, (target, vector) in enumerate(zip(graph.edges[node], graph.scores[node])):
            fresh = (node, i) not in taken
            new = tuple(t + v for t, v in zip(totals, vector)) if fresh else totals
            walk(target, taken | {(node, i)}, new, steps + 1)

    walk(graph.start, frozenset(), (0,) * 6, 0)
    return best, worst


@settings(max_examples=300, deadline=None)
@given(graphs())
def test_bounds_contain_every_walk_and_are_exact_without_loops(graph):
    bounds = score_bounds(graph)
    best, worst = brute_force(graph)
    if best[0] is None:  # no ending reachable: nothing to bound
        return
    for p in range(6):
        assert bounds.best[p] >= best[p] and bounds.worst[p] <= worst[p]
    component, count = components(graph)
    acyclic = count == len(graph) and all(n not in graph.edges[n] for n in range(len(graph)))
    if acyclic:
        assert list(bounds.best) == best and list(bounds.worst) == worst


@settings(max_examples=200, deadline=None)
@given(graphs())
def test_reachability_matches_a_plain_search(graph):
    seen = reachable(graph)
    frontier, found = [graph.start], {graph.start}
    while frontier:
        for t in graph.edges[frontier.pop()]:
            if t not in found:
                found.add(t)
                frontier.append(t)
    assert {i for i, s in enumerate(seen) if s} == found
    onward = reaches_ending(graph)
    for node in range(len(graph)):
        assert onward[node] == (node in graph.endings or any(onward[t] for t in graph.edges[node]) or
                                _reaches(graph, node))


def _reaches(graph, node):
    frontier, found = [node], {node}
    while frontier:
        current = frontier.pop()
        if current in graph.endings:
            return True
        for t in graph.edges[current]:
            if t not in found:
                found.add(t)
                frontier.append(t)
    return False


def test_components_are_in_reverse_topological_order():
    graph = StoryGraph(("a", "b", "c", "d"), ((1,), (2,), (1, 3), ()), (((0,) * 6,), ((0,) * 6,),
                       ((0,) * 6, (0,) * 6), ()), frozenset({3}), 0)
    component, count = components(graph)
    assert count == 3 and component[1] == component[2]
    for source, targets in enumerate(graph.edges):
        for target in targets:
            assert component[target] <= component[source]
