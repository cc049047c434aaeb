"""The exact explorer of play: every play state the rules allow, conditions respected.

Two playthroughs that arrive at the same moment with the same future are explored once. What
decides the future is the node, the variables some later condition can still read (a variable no
condition downstream reads is forgotten), the principle totals only where a condition reads them,
and which scoring choices were already taken only inside a loop (elsewhere a choice cannot come
round again). A counter that only ever rises and is compared with fixed numbers stops mattering
past the largest of them, so it is held there. The result is a finite graph of play states; best and worst
totals, the ranges per ending and the number of routes come from one pass over it.

Some scenarios have more states than can be visited (or infinitely many: a counter that keeps
rising round a loop and feeds a sum). Past a state or time budget the explorer stops and says so:
`exact` is False with the reason, and callers print it.

Pure: reads only the loaded scenario; no pygame, no I/O.
"""

from __future__ import annotations

import gc
import time
from operator import add, mul
from dataclasses import dataclass, field
from typing import Mapping

from game.analysis import components
from game.language.syntax import Binary, Int, Name, Unary, parse_condition, parse_effect
from game.model import PRINCIPLE_KEYS, Scenario

EXPLORER_VERSION = 1
MAX_STATES = 100_000
BUDGET_S = 2.0
ROUTE_CAP = 10**12  # counts past this are reported as "more than"
_P = len(PRINCIPLE_KEYS)
_ZERO = (0,) * _P
_STILL = 0  # the packed spread (see _spread) of a choice that scores nothing

# A spread (best totals, then worst totals negated: 2 x 6 numbers) is packed into one integer,
# _W bits a number, each held as value + _BIAS so that every field stays non-negative. Adding a
# choice's scores is then one integer addition, and the element-wise maximum of two spreads a
# handful of integer operations (_max) instead of twelve comparisons: the pass over every edge
# of the state graph does one of each per edge. Totals stay far inside +-2**29 (a route scores
# at most 2 per principle per step, and the explorer stops at MAX_STATES states).
_W = 32
_FIELD = (1 << _W) - 1
_BIAS = 1 << (_W - 3)
_ONES = sum(1 << (_W * i) for i in range(2 * _P))  # a 1 in every field
_GUARDS = _ONES << (_W - 1)  # the top bit of every field, always 0 in a packed spread
_ALL = _FIELD * _ONES
_START = _BIAS * _ONES  # the spread of the empty route: every total 0

Route = tuple[tuple[str, int], ...]  # (node id, authored choice index) per step


@dataclass(frozen=True, slots=True)
class EndingRoutes:
    """The routes into one ending."""

    node: str
    kind: str
    title: str
    reachable: bool
    best: tuple[int, ...] | None  # per principle, the highest total of a route reaching this ending
    worst: tuple[int, ...] | None
    best_sum: int | None  # the highest sum over all principles of one route here
    worst_sum: int | None
    routes: int  # distinct routes, each loop gone round at most once more (see `loops`)
    capped: bool  # more than ROUTE_CAP routes
    loops: bool  # some route here can go round a loop: there are endlessly many variations
    shortest: Route  # one shortest route (empty when unreachable)


@dataclass(frozen=True)
class Exploration:
    content_hash: str
    exact: bool
    reason: str  # why the result is not exact ("" when it is)
    states: int
    seconds: float
    budget_s: float
    reached: frozenset[str]  # nodes some play reaches
    offered: frozenset[tuple[str, int]]  # (node, choice index) offered in some play
    always: frozenset[tuple[str, int]]  # choices with a condition that is true every time they are offered
    best: tuple[int, ...] | None  # per principle over every route to an ending
    worst: tuple[int, ...] | None
    endings: Mapping[str, EndingRoutes]
    # At each reached node, the lowest and highest value of each variable (and principle total)
    # that a condition downstream reads; true/false as 1/0.
    ranges: Mapping[str, Mapping[str, tuple[int, int]]] = field(default_factory=dict)
    # Counters held at a limit (see the module doc): name -> (floor or None, ceiling or None);
    # a range that touches the limit means "this or beyond".
    limits: Mapping[str, tuple[int | None, int | None]] = field(default_factory=dict)
    stuck: tuple[tuple[str, Mapping[str, int | bool]], ...] = ()  # states where nothing is offered

    # -- the figures others ask for ------------------------------------------------------------

    def never_offered(self, scenario: Scenario) -> list[tuple[str, int]]:
        """Choices at reached moments that no play offers (only meaningful when exact)."""
        return [(node_id, rule.index) for node_id, node in scenario.nodes.items() if node_id in self.reached
                for rule in node.choices if (node_id, rule.index) not in self.offered]

    def never_reached(self, scenario: Scenario) -> list[str]:
        return [node_id for node_id in scenario.nodes if node_id not in self.reached]

    # -- storage (the disk cache in game.store keeps this as JSON) -----------------------------

    def to_json(self) -> dict:
        return {
            "version": EXPLORER_VERSION, "content_hash": self.content_hash, "exact": self.exact,
            "reason": self.reason, "states": self.states, "seconds": self.seconds, "budget_s": self.budget_s,
            "reached": sorted(self.reached), "offered": sorted(map(list, self.offered)),
            "always": sorted(map(list, self.always)),
            "best": _list(self.best), "worst": _list(self.worst),
            "endings": {k: {"kind": e.kind, "title": e.title, "reachable": e.reachable, "best": _list(e.best),
                            "worst": _list(e.worst), "best_sum": e.best_sum, "worst_sum": e.worst_sum,
                            "routes": e.routes, "capped": e.capped, "loops": e.loops,
                            "shortest": [list(step) for step in e.shortest]}
                        for k, e in self.endings.items()},
            "ranges": {n: {k: list(v) for k, v in r.items()} for n, r in self.ranges.items()},
            "limits": {k: list(v) for k, v in self.limits.items()},
            "stuck": [[n, dict(v)] for n, v in self.stuck],
        }

    @classmethod
    def from_json(cls, data: dict) -> "Exploration":
        """Raises (KeyError, TypeError, ValueError) on anything not written by to_json."""
        if data.get("version") != EXPLORER_VERSION:
            raise ValueError("written by another version of the explorer")
        endings = {}
        for key, e in data["endings"].items():
            endings[str(key)] = EndingRoutes(
                str(key), str(e["kind"]), str(e["title"]), bool(e["reachable"]), _tuple(e["best"]),
                _tuple(e["worst"]), _int_or_none(e["best_sum"]), _int_or_none(e["worst_sum"]), int(e["routes"]),
                bool(e["capped"]), bool(e["loops"]), tuple((str(n), int(i)) for n, i in e["shortest"]))
        return cls(
            content_hash=str(data["content_hash"]), exact=bool(data["exact"]), reason=str(data["reason"]),
            states=int(data["states"]), seconds=float(data["seconds"]), budget_s=float(data["budget_s"]),
            reached=frozenset(map(str, data["reached"])),
            offered=frozenset((str(n), int(i)) for n, i in data["offered"]),
            always=frozenset((str(n), int(i)) for n, i in data["always"]),
            best=_tuple(data["best"]), worst=_tuple(data["worst"]), endings=endings,
            ranges={str(n): {str(k): (int(v[0]), int(v[1])) for k, v in r.items()} for n, r in data["ranges"].items()},
            limits={str(k): (_int_or_none(v[0]), _int_or_none(v[1])) for k, v in data["limits"].items()},
            stuck=tuple((str(n), {str(k): v for k, v in dict(values).items()}) for n, values in data["stuck"]),
        )


def _list(vector):
    return None if vector is None else list(vector)


def _tuple(vector):
    if vector is None:
        return None
    if len(vector) != _P:
        raise ValueError("a vector of the wrong length")
    return tuple(int(v) for v in vector)


def _int_or_none(value):
    return None if value is None else int(value)


# -- what each variable can matter for -----------------------------------------------------------


def _live_names(scenario: Scenario, order: list[str], index: dict[str, int]) -> list[set[str]]:
    """For each node, the names (variables and principle keys) that some condition reachable from
    it reads, directly or through an effect that feeds a variable such a condition reads."""
    reads: list[set[str]] = []
    preds: list[list[int]] = [[] for _ in order]
    for i, node_id in enumerate(order):
        here: set[str] = set()
        for rule in scenario.nodes[node_id].choices:
            if rule.condition is not None:
                here.update(rule.condition.names)
            preds[index[rule.target]].append(i)
        reads.append(here)
    live = [set(r) for r in reads]
    work = list(range(len(order)))
    queued = [True] * len(order)
    while work:
        target = work.pop()
        queued[target] = False
        for source in preds[target]:
            before = len(live[source])
            for rule in scenario.nodes[order[source]].choices:
                if index[rule.target] != target:
                    continue
                incoming = set(live[target])
                for effect in reversed(rule.effects):
                    if effect.target in incoming:
                        incoming.update(effect.names)
                live[source] |= incoming
            if len(live[source]) != before and not queued[source]:
                queued[source] = True
                work.append(source)
    return live


def _constant(expr) -> int | None:
    if isinstance(expr, Int):
        return expr.value
    if isinstance(expr, Unary) and expr.op == "-":
        inner = _constant(expr.operand)
        return None if inner is None else -inner
    return None


def _compared_with(expr, name: str, found: list[int]) -> bool:
    """Collect the numbers `name` is compared with; False if it appears any other way."""
    if isinstance(expr, Name):
        return expr.name != name
    if isinstance(expr, (Int,)) or not isinstance(expr, (Binary, Unary)):
        return True
    if isinstance(expr, Unary):
        return _compared_with(expr.operand, name, found)
    if expr.op in ("==", "!=", "<", "<=", ">", ">="):
        for side, other in ((expr.left, expr.right), (expr.right, expr.left)):
            if isinstance(side, Name) and side.name == name:
                value = _constant(other)
                if value is None:
                    return False
                found.append(value)
                return True
    return _compared_with(expr.left, name, found) and _compared_with(expr.right, name, found)


def _limits(scenario: Scenario) -> dict[str, tuple[int | None, int | None]]:
    """Counters that only rise (or only fall) by fixed steps, read only in comparisons with fixed
    numbers and by no other effect: past the largest (smallest) number, every value behaves alike."""
    numbers = [name for name, value in scenario.document.variables.items() if not isinstance(value, bool)]
    limits: dict[str, tuple[int | None, int | None]] = {}
    conditions = [rule.condition.text for node in scenario.nodes.values() for rule in node.choices
                  if rule.condition is not None]
    trees = [parse_condition(text) for text in set(conditions)]
    effects = [e for node in scenario.nodes.values() for rule in node.choices for e in rule.effects]
    for name in numbers:
        direction = 0
        ok = True
        for effect in effects:
            if effect.target != name:
                if name in effect.names:
                    ok = False
                continue
            tree = parse_effect(effect.text)
            step = _constant(tree.value)
            if tree.op == "=" or step is None:
                ok = False
                continue
            sign = (step > 0) - (step < 0)
            if tree.op == "-=":
                sign = -sign
            if sign and direction and sign != direction:
                ok = False
            direction = direction or sign
        found: list[int] = []
        if not ok or not direction or not all(_compared_with(tree, name, found) for tree in trees):
            continue
        if not found:
            continue  # never compared: liveness forgets it anyway
        limits[name] = (None, max(found) + 1) if direction > 0 else (min(found) - 1, None)
    return limits


# -- the exploration -----------------------------------------------------------------------------


def explore(scenario: Scenario, *, max_states: int | None = None, budget_s: float = BUDGET_S) -> Exploration:
    """Visit every play state of `scenario` the rules allow (up to the budget: MAX_STATES states
    unless `max_states` says otherwise, and `budget_s` seconds)."""
    # Hundreds of thousands of small acyclic tuples: the cyclic collector would walk the growing
    # heap again and again for nothing (the loader pauses it for the same reason).
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _explore(scenario, max_states or MAX_STATES, budget_s)
    finally:
        if was_enabled:
            gc.enable()


def _explore(scenario: Scenario, max_states: int, budget_s: float) -> Exploration:
    began = time.perf_counter()
    deadline = began + budget_s
    order = list(scenario.nodes)
    index = {node_id: i for i, node_id in enumerate(order)}
    names = tuple(scenario.document.variables)
    initial = tuple(scenario.document.variables.values())
    var_slot = {name: i for i, name in enumerate(names)}
    total_slot = {key: i for i, key in enumerate(PRINCIPLE_KEYS)}
    component, _ = components(scenario.graph)
    live = _live_names(scenario, order, index)
    limits = _limits(scenario)
    reads_totals = any(name in total_slot for names_here in live for name in names_here)

    # Per node: which variable slots to keep (others go back to their start value), with limits;
    # which totals to keep; and its choices, precompiled.
    keep_vars: list[tuple[tuple[int, int | None, int | None], ...] | None] = []
    keep_totals: list[tuple[int, ...]] = []  # per node, 1 for each total a condition downstream reads, else 0
    node_choices: list[tuple] = []
    bits_in: dict[int, int] = {}  # component -> next free bit
    for i, node_id in enumerate(order):
        slots = tuple((var_slot[n], *limits.get(n, (None, None))) for n in sorted(live[i]) if n in var_slot)
        everything = len(slots) == len(names) and not any(lo is not None or hi is not None for _, lo, hi in slots)
        keep_vars.append(None if everything else slots)
        wanted = {total_slot[n] for n in live[i] if n in total_slot}
        keep_totals.append(tuple(int(p in wanted) for p in range(_P)) if wanted else _ZERO)
        choices = []
        for rule in scenario.nodes[node_id].choices:
            target = index[rule.target]
            same = component[target] == component[i]
            bit = -1
            if same and any(rule.scores):
                c = component[i]
                bit = bits_in.get(c, 0)
                bits_in[c] = bit + 1
            test = rule.condition.test if rule.condition is not None else None
            applies = tuple(e.apply for e in rule.effects)
            scores = rule.scores if any(rule.scores) else _ZERO  # identity marks "scores nothing"
            spread = _spread(scores) if scores is not _ZERO else _STILL
            choices.append((rule.index, target, test, applies, scores, spread, sum(scores), bit, same))
        node_choices.append(tuple(choices))
    endings = [scenario.nodes[node_id].is_ending for node_id in order]

    def canonical(node: int, values: tuple, totals: tuple) -> tuple[tuple, tuple]:
        slots = keep_vars[node]
        if slots is not None:
            kept = list(initial)
            for slot, lo, hi in slots:
                value = values[slot]
                if hi is not None and value > hi:
                    value = hi
                elif lo is not None and value < lo:
                    value = lo
                kept[slot] = value
            values = tuple(kept)
        if reads_totals:
            mask = keep_totals[node]
            totals = tuple(map(mul, totals, mask)) if mask is not _ZERO else _ZERO
        return values, totals

    plain = [slots is None and not reads_totals for slots in keep_vars]  # nothing to forget here
    # States, by number, in the order found (breadth first: parents give shortest routes).
    first_values, first_totals = canonical(index[scenario.start], initial, _ZERO)
    key0 = (index[scenario.start], first_values, first_totals, 0)
    seen: dict[tuple, int] = {key0: 0}
    keys: list[tuple] = [key0]
    parent: list[tuple[int, int]] = [(-1, -1)]
    edges: list[list[tuple[int, int, int, int]]] = []  # (choice, target state, packed spread, score sum)
    offered: set[tuple[int, int]] = set()
    false_somewhere: set[tuple[int, int]] = set()
    stuck: list[int] = []
    exact, reason = True, ""
    position = 0
    while position < len(keys):
        if position & 511 == 0 and position and time.perf_counter() > deadline:
            exact = False
            reason = (f"stopped at the time budget ({budget_s:g} s) after {len(keys):,} play states; "
                      "the scenario has too many combinations of moments and variable values to check them all")
            break
        node, values, totals, bits = keys[position]
        out: list[tuple[int, int, int, int]] = []
        edges.append(out)
        position += 1
        if endings[node]:
            continue
        variables = dict(zip(names, values)) if names else {}
        for choice_index, target, test, applies, scores, spread, score_sum, bit, same in node_choices[node]:
            if test is not None and not test(variables, totals):
                false_somewhere.add((node, choice_index))
                continue
            offered.add((node, choice_index))
            if bit >= 0 and bits >> bit & 1:
                gain, gain_spread = _ZERO, _STILL
            else:
                gain, gain_spread, gained = scores, spread, score_sum
            new_totals = tuple(map(add, totals, gain)) if reads_totals and gain is not _ZERO else totals
            new_values = values
            if applies:
                changed = dict(variables)
                for apply in applies:
                    apply(changed, new_totals)
                new_values = tuple(map(changed.__getitem__, names))
            new_bits = (bits | (1 << bit) if bit >= 0 else bits) if same else 0
            if plain[target]:
                key = (target, new_values, new_totals, new_bits)
            else:
                kept_values, kept_totals = canonical(target, new_values, new_totals)
                key = (target, kept_values, kept_totals, new_bits)
            found = seen.get(key)
            if found is None:
                found = len(keys)
                if found >= max_states:
                    exact = False
                    reason = (f"stopped at {max_states:,} play state{'s' * (max_states != 1)}; the scenario has too many combinations "
                              "of moments and variable values to check them all")
                    break
                seen[key] = found
                keys.append(key)
                parent.append((position - 1, choice_index))
            out.append((choice_index, found, gain_spread, 0 if gain is _ZERO else gained))
        if not exact:
            break
        if not out:
            stuck.append(position - 1)

    elapsed = time.perf_counter() - began
    reached = frozenset(order[key[0]] for key in keys)
    offered_ids = frozenset((order[n], i) for n, i in offered)
    always = frozenset((order[n], i) for n, i in offered
                       if (n, i) not in false_somewhere and _has_condition(scenario, order[n], i))
    ranges = _ranges(scenario, keys, order, names, live, reads_totals)
    end_nodes = {node_id: scenario.nodes[node_id].spec.ending for node_id in order if endings[index[node_id]]}
    if not exact:
        routes = {node_id: EndingRoutes(node_id, e.kind, e.title, node_id in reached, None, None, None, None, 0,
                                        False, False, ()) for node_id, e in end_nodes.items()}
        return Exploration(scenario.content_hash, False, reason, len(keys), round(elapsed, 4), budget_s, reached,
                           offered_ids, frozenset(), None, None, routes, ranges, limits)

    per_ending = _per_ending(keys, edges, endings)
    shortest: dict[int, Route] = {}
    for state, key in enumerate(keys):
        if endings[key[0]] and key[0] not in shortest:
            shortest[key[0]] = _route(state, parent, keys, order)
    routes = {}
    best = worst = None
    for node_id, ending in end_nodes.items():
        n = index[node_id]
        record = per_ending.get(n)
        if record is None:
            routes[node_id] = EndingRoutes(node_id, ending.kind, ending.title, False, None, None, None, None, 0,
                                           False, False, ())
            continue
        b, w, bs, ws, count, loops = record
        routes[node_id] = EndingRoutes(node_id, ending.kind, ending.title, True, tuple(b), tuple(w), bs, ws,
                                       min(count, ROUTE_CAP), count > ROUTE_CAP, loops, shortest.get(n, ()))
        best = tuple(b) if best is None else tuple(map(max, best, b))
        worst = tuple(w) if worst is None else tuple(map(min, worst, w))
    stuck_states = tuple((order[keys[s][0]], dict(zip(names, keys[s][1]))) for s in stuck)
    return Exploration(scenario.content_hash, True, "", len(keys), round(elapsed, 4), budget_s, reached, offered_ids,
                       always, best, worst, routes, ranges, limits, stuck_states)


def _has_condition(scenario: Scenario, node_id: str, index: int) -> bool:
    return scenario.nodes[node_id].choices[index].condition is not None


def _ranges(scenario, keys, order, names, live, reads_totals) -> dict[str, dict[str, tuple[int, int]]]:
    """Per node, the range of each variable and total a condition downstream reads."""
    at_node: dict[int, list[tuple]] = {}
    for key in keys:
        found = at_node.get(key[0])
        if found is None:
            at_node[key[0]] = [key]
        else:
            found.append(key)
    result: dict[str, dict[str, tuple[int, int]]] = {}
    for node, states in at_node.items():
        here = live[node]
        ranges: dict[str, tuple[int, int]] = {}
        for slot, name in enumerate(names):
            if name in here:
                seen = [int(state[1][slot]) for state in states]
                ranges[name] = (min(seen), max(seen))
        if reads_totals:
            for slot, name in enumerate(PRINCIPLE_KEYS):
                if name in here:
                    seen = [state[2][slot] for state in states]
                    ranges[name] = (min(seen), max(seen))
        if ranges:
            result[order[node]] = ranges
    return result


def _route(state: int, parent, keys, order) -> Route:
    steps = []
    while parent[state][0] >= 0:
        before, choice = parent[state]
        steps.append((order[keys[before][0]], choice))
        state = before
    return tuple(reversed(steps))


def _spread(scores: tuple[int, ...]) -> int:
    """What a choice adds to a spread: its scores to the best totals, their negation to the
    negated worst totals, packed (unbiased: adding it to a biased spread keeps the bias)."""
    return sum(score << (_W * i) for i, score in enumerate(scores + tuple(-score for score in scores)))


def _max(a: int, b: int) -> int:
    """The element-wise maximum of two packed spreads. Each field of (a | guards) - b is
    a_i + 2**31 - b_i, which borrows from no neighbour; its top bit is set exactly where
    a_i >= b_i, and spreading that bit over its field gives the mask that picks a_i there."""
    mask = ((((a | _GUARDS) - b) & _GUARDS) >> (_W - 1)) * _FIELD
    return (a & mask) | (b & (_ALL ^ mask))


def _unpack(spread: int) -> list[int]:
    return [((spread >> (_W * i)) & _FIELD) - _BIAS for i in range(2 * _P)]


def _per_ending(keys, edges, endings) -> dict[int, list]:
    """Per ending node: [best, worst, best sum, worst sum, routes, loops] over routes from the start.

    Every cycle of the state graph scores nothing (a scoring choice in a loop sets its bit, and
    bits never clear inside the loop), so one forward pass over its strongly connected components
    in topological order is exact. Routes are counted through that condensed graph.

    Best and worst totals travel as one "spread": the best totals followed by the worst totals
    negated, so taking an edge is one vector addition and joining two routes one element-wise
    max (this pass does that about once per edge, and it dominates the explorer's time).
    """
    comp, members, cyclic = _state_components(edges)
    count = len(members)
    # spread, best sum, worst sum, routes, loops: of the routes from the start into component c
    into: list[list | None] = [None] * count
    into[comp[0]] = [_START, 0, 0, 1, False]
    result: dict[int, list] = {}
    cap = ROUTE_CAP + 1
    for c in range(count - 1, -1, -1):  # numbered successors first: backwards is topological
        mine = into[c]
        if mine is None:
            continue
        into[c] = None  # done: free it
        group = members[c]
        if cyclic[c]:
            mine[4] = True
        spread, best_sum, worst_sum, routes, loops = mine
        for state in group:
            node = keys[state][0]
            if endings[node]:
                _merge(result, node, spread, best_sum, worst_sum, routes, loops)
                continue
            for _, target, gain, gained in edges[state]:
                there = comp[target]
                if there == c:
                    continue
                if gain:
                    reached, bs, ws = spread + gain, best_sum + gained, worst_sum + gained
                else:
                    reached, bs, ws = spread, best_sum, worst_sum
                other = into[there]
                if other is None:
                    into[there] = [reached, bs, ws, routes, loops]
                    continue
                if reached != other[0]:
                    other[0] = _max(other[0], reached)
                if bs > other[1]:
                    other[1] = bs
                if ws < other[2]:
                    other[2] = ws
                total = other[3] + routes
                other[3] = total if total < cap else cap
                if loops:
                    other[4] = True
    unpacked = {node: _unpack(spread) for node, (spread, *_) in result.items()}
    return {node: [tuple(unpacked[node][:_P]), tuple(-value for value in unpacked[node][_P:]), *rest]
            for node, (_, *rest) in result.items()}


def _merge(table: dict, key, spread, best_sum, worst_sum, routes, loops) -> None:
    mine = table.get(key)
    if mine is None:
        table[key] = [spread, best_sum, worst_sum, routes, loops]
        return
    mine[0] = _max(mine[0], spread)
    if best_sum > mine[1]:
        mine[1] = best_sum
    if worst_sum < mine[2]:
        mine[2] = worst_sum
    mine[3] = min(mine[3] + routes, ROUTE_CAP + 1)
    mine[4] = mine[4] or loops


def _state_components(edges) -> tuple[list[int], list[list[int]], list[bool]]:
    """Tarjan's strongly connected components (iterative): each state's component, the members
    of each, numbered successors first, and whether each holds a cycle (two or more states, or
    one with a choice back to itself)."""
    count = len(edges)
    number = [-1] * count
    low = [0] * count
    on_stack = [False] * count
    comp = [-1] * count
    stack: list[int] = []
    counter = 0
    groups: list[list[int]] = []
    cyclic: list[bool] = []
    to_itself = [False] * count
    for root in range(count):
        if number[root] >= 0:
            continue
        number[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack[root] = True
        work = [(root, 0)]
        while work:
            state, position = work[-1]
            out = edges[state]
            if position < len(out):
                work[-1] = (state, position + 1)
                target = out[position][1]
                if target == state:
                    to_itself[state] = True
                if number[target] < 0:
                    number[target] = low[target] = counter
                    counter += 1
                    stack.append(target)
                    on_stack[target] = True
                    work.append((target, 0))
                elif on_stack[target] and number[target] < low[state]:
                    low[state] = number[target]
                continue
            work.pop()
            if work:
                above = work[-1][0]
                if low[state] < low[above]:
                    low[above] = low[state]
            if low[state] == number[state]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack[member] = False
                    comp[member] = len(groups)
                    group.append(member)
                    if member == state:
                        break
                groups.append(group)
                cyclic.append(len(group) > 1 or to_itself[state])
    return comp, groups, cyclic
