"""Compile a validated document into rules and check everything that spans fields:
targets, ids, expressions, reachability, dead ends, loops, coverage of conditions.
Every problem is collected; nothing stops at the first."""

from __future__ import annotations

import itertools
import operator
import random
from types import MappingProxyType
from typing import Mapping

from game.analysis import components, reachable, reaches_ending
from game.language import BOOLEAN, NUMBER, ExpressionError, Expressions, Symbol
from game.suggest import did_you_mean

from .diagnostics import Diagnostic, DocPath, Level, caret_line
from .document import ScenarioDocument
from .wording import SCENARIO_LIMIT, wording
from .principles import LENS_KEYS, PRINCIPLE_INDEX, PRINCIPLE_KEYS
from .scenario import ChoiceRule, NodeRule, TextRule, story_graph
from .yaml_source import SourceDocument

MAX_HINTED = 200  # problems shown per file (diagnostics cap the output at this)
MAX_CHOICES = 9  # number keys 1-9
LONG_NODE_TEXT = 1500
LONG_CHOICE_TEXT = 280
_COVERAGE_SAMPLES = 4096
_scores_of = operator.attrgetter(*PRINCIPLE_KEYS)  # a choice's scores as a tuple, in PRINCIPLE_KEYS order
_rule = tuple.__new__  # makes a ChoiceRule (a named tuple) in C: a file has thousands of choices


def compile_and_check(source: SourceDocument, doc: ScenarioDocument) -> tuple[Mapping[str, NodeRule], list[Diagnostic]]:
    checker = _Checker(source, doc)
    nodes = checker.compile_nodes()
    checker.check_references(nodes)
    checker.check_structure(nodes)
    checker.check_coverage(nodes)
    checker.check_usage(nodes)
    checker.check_wording(nodes)
    checker.check_playtests(nodes)
    return MappingProxyType(nodes), checker.found


class _Checker:
    def __init__(self, source: SourceDocument, doc: ScenarioDocument):
        self.source = source
        self.doc = doc
        self.found: list[Diagnostic] = []
        self.expressions_failed = False
        self.symbols = self._symbols()
        self.expressions = Expressions(self.symbols)

    def _suggest(self, word: str, candidates) -> str:
        # At most MAX_HINTED problems of a file are shown; one with thousands of misspelt names
        # must not spend its time on hints nobody will read (past that, problems come unhinted).
        return did_you_mean(word, candidates) if len(self.found) < MAX_HINTED else ""

    def report(self, path: DocPath, message: str, hint: str = "", *, code: str,
               level: Level = Level.ERROR, at_key: bool = False) -> None:
        self.found.append(self.source.diagnostic(path, message, hint=hint, code=code, level=level, at_key=at_key))

    def _symbols(self) -> dict[str, Symbol]:
        symbols = {key: Symbol(NUMBER, index, False) for key, index in PRINCIPLE_INDEX.items()}
        for name, value in self.doc.variables.items():
            if name in symbols:
                self.report(("variables", name), f"'{name}' is the name of a principle total",
                            "choose another name; conditions can read the total as it is", code="variable-name",
                            at_key=True)
                continue
            if name in ("and", "or", "not", "true", "false"):
                self.report(("variables", name), f"'{name}' is a word of the condition language",
                            "choose another name", code="variable-name", at_key=True)
                continue
            symbols[name] = Symbol(BOOLEAN if isinstance(value, bool) else NUMBER, name, True)
        return symbols

    # -- compiling ---------------------------------------------------------------------------

    def compile_nodes(self) -> dict[str, NodeRule]:
        nodes = {}
        condition_of, effect_of = self.expressions.condition, self.expressions.effect
        for node_id, node in self.doc.nodes.items():
            choices = []
            for index, choice in enumerate(node.choices):
                condition = None
                if choice.when is not None:
                    try:
                        condition = condition_of(choice.when)
                    except ExpressionError as error:
                        self._failed(("nodes", node_id, "choices", index, "when"), choice.when, error)
                effects = ()
                if choice.effects:
                    compiled = []
                    for i, text in enumerate(choice.effects):
                        try:
                            compiled.append(effect_of(text))
                        except ExpressionError as error:
                            self._failed(("nodes", node_id, "choices", index, "effects", i), text, error)
                    effects = tuple(compiled)
                choices.append(_rule(ChoiceRule, (index, choice, condition, effects, _scores_of(choice.scores),
                                                  choice.goto)))
            variants = []
            for i, variant in enumerate(node.variants):
                try:
                    variants.append(TextRule(condition_of(variant.when), variant.text))
                except ExpressionError as error:
                    self._failed(("nodes", node_id, "variants", i, "when"), variant.when, error)
            nodes[node_id] = NodeRule(node_id, node, tuple(choices), tuple(variants))
        return nodes

    def _failed(self, path: DocPath, text: str, error: ExpressionError) -> None:
        self.expressions_failed = True
        line, column = self.source.expression_position(path, error.column)
        self.found.append(Diagnostic(
            self.source.name, line, column, Level.ERROR, "expression", error.message, error.hint, path,
            caret_line(text, error.column),
        ))

    # -- references --------------------------------------------------------------------------

    def check_references(self, nodes: dict[str, NodeRule]) -> None:
        doc = self.doc
        if doc.start not in nodes:
            self.report(("start",), f"the start node '{doc.start}' does not exist",
                        self._suggest(doc.start, nodes) or "set 'start' to the id of the first node", code="start")
        facts: dict[str, str] = {}
        for key in LENS_KEYS:
            for i, fact in enumerate(getattr(doc.lens, key).facts):
                if fact.id in facts:
                    self.report(("lens", key, "facts", i, "id"),
                                f"lens fact id '{fact.id}' is used twice (also under {facts[fact.id]})",
                                "give each fact its own id", code="duplicate-id")
                facts.setdefault(fact.id, key)
        for node_id, rule in nodes.items():
            node = rule.spec
            for i, fact_id in enumerate(node.reveals):
                if fact_id not in facts:
                    hint = self._suggest(fact_id, facts) or "list the fact under 'lens:' with this id"
                    self.report(("nodes", node_id, "reveals", i), f"unknown lens fact '{fact_id}'", hint,
                                code="unknown-fact")
            choice_ids: dict[str, int] = {}
            for choice in rule.choices:
                for i, fact_id in enumerate(choice.spec.reveals):
                    if fact_id not in facts:
                        hint = self._suggest(fact_id, facts) or "list the fact under 'lens:' with this id"
                        self.report(("nodes", node_id, "choices", choice.index, "reveals", i),
                                    f"unknown lens fact '{fact_id}'", hint, code="unknown-fact")
                if choice.spec.id is not None:
                    if choice.spec.id in choice_ids:
                        self.report(("nodes", node_id, "choices", choice.index, "id"),
                                    f"two choices of '{node_id}' have the id '{choice.spec.id}' "
                                    f"(choices {choice_ids[choice.spec.id] + 1} and {choice.index + 1})",
                                    "give each choice of a moment its own id", code="duplicate-id")
                    choice_ids.setdefault(choice.spec.id, choice.index)
                if choice.target not in nodes:
                    hint = self._suggest(choice.target, nodes) or "add a node with this id, or fix the 'goto'"
                    self.report(("nodes", node_id, "choices", choice.index, "goto"),
                                f"'goto' names a node that does not exist: '{choice.target}'", hint,
                                code="unknown-target")

    # -- structure ---------------------------------------------------------------------------

    def check_structure(self, nodes: dict[str, NodeRule]) -> None:
        graph = story_graph(self.doc.start, nodes)
        if not graph.endings:
            self.report(("nodes",), "no node is an ending",
                        "give at least one node 'ending: {kind: good, title: ...}'", code="no-ending", at_key=True)
        for node_id, rule in nodes.items():
            ending, count = rule.is_ending, len(rule.choices)
            if ending and count:
                self.report(("nodes", node_id, "choices"), f"ending '{node_id}' also has choices",
                            "an ending closes the scenario: remove its choices or its 'ending'",
                            code="ending-with-choices", at_key=True)
            if not ending and not count:
                self.report(("nodes", node_id), f"dead end: node '{node_id}' has no choices and is not an ending",
                            "add choices, or make it an ending with 'ending: {kind: ..., title: ...}'",
                            code="dead-end", at_key=True)
            if count > MAX_CHOICES:
                self.report(("nodes", node_id, "choices"), f"node '{node_id}' has {count} choices",
                            f"players pick with the keys 1-{MAX_CHOICES}; keep to {MAX_CHOICES} or fewer",
                            code="too-many-choices", level=Level.WARNING, at_key=True)
        if graph.start < 0 or not graph.endings:
            return  # without an ending every node would be reported as a loop
        seen = reachable(graph)
        for index, node_id in enumerate(graph.ids):
            if not seen[index]:
                kind = "ending" if index in graph.endings else "node"
                self.report(("nodes", node_id), f"{kind} '{node_id}' can never be reached from the start",
                            "add a choice whose 'goto' leads here, or remove it", code="unreachable", at_key=True)
        onward = reaches_ending(graph)
        stuck_nodes = [i for i in range(len(graph)) if seen[i] and not onward[i] and graph.edges[i]]
        if not stuck_nodes:
            return
        component, _ = components(graph)  # only to tell the loops apart
        stuck: dict[int, list[int]] = {}
        for index in stuck_nodes:
            stuck.setdefault(component[index], []).append(index)
        for members in stuck.values():
            loop = [graph.ids[i] for i in members]
            closes = len(members) > 1 or members[0] in graph.edges[members[0]]
            if not closes:
                continue  # leads only into a dead end, which is reported itself
            self.report(("nodes", loop[0]), "no ending can be reached from here: the choices loop between "
                        + ", ".join(f"'{n}'" for n in loop),
                        "give one of these nodes a choice that leads towards an ending", code="endless-loop",
                        at_key=True)

    # -- conditions --------------------------------------------------------------------------

    def check_coverage(self, nodes: dict[str, NodeRule]) -> None:
        """A node whose every choice has a condition must offer at least one in every case."""
        for node_id, rule in nodes.items():
            if not rule.choices or any(c.spec.when is None for c in rule.choices):
                continue
            conditions = [c.condition for c in rule.choices]
            if any(c is None for c in conditions):
                continue  # a condition that failed to compile is already reported
            witness = self._all_false(conditions)
            if witness is not None:
                case = ", ".join(f"{name} = {str(v).lower()}" for name, v in sorted(witness.items()))
                self.report(("nodes", node_id, "choices"),
                            f"every choice of '{node_id}' has a condition, and all can be false "
                            f"(for example when {case})",
                            "add a choice without 'when' as a fallback, or make the conditions cover every case",
                            code="no-choice-available", at_key=True)

    def _all_false(self, conditions) -> dict | None:
        names = sorted(set().union(*(c.names for c in conditions)))
        literals = set().union(*(c.literals for c in conditions))
        candidates = []
        for name in names:
            symbol = self.symbols[name]
            if symbol.type == BOOLEAN:
                candidates.append((False, True))
                continue
            start = self.doc.variables.get(name, 0)
            values = {start, 0}
            for value in literals:
                values.update((value - 1, value, value + 1))
            candidates.append(tuple(sorted(values)))
        cases = itertools.product(*candidates)
        total = 1
        for values in candidates:
            total *= len(values)
        if total > _COVERAGE_SAMPLES:
            rng = random.Random(0)
            cases = (tuple(rng.choice(values) for values in candidates) for _ in range(_COVERAGE_SAMPLES))
        for case in cases:
            variables = dict(self.doc.variables)
            totals = [0] * len(PRINCIPLE_KEYS)
            for name, value in zip(names, case):
                symbol = self.symbols[name]
                if symbol.writable:
                    variables[name] = value
                else:
                    totals[symbol.slot] = value
            frozen_totals = tuple(totals)
            if not any(c.test(variables, frozen_totals) for c in conditions):
                return dict(zip(names, case))
        return None

    # -- usage and style ---------------------------------------------------------------------

    def check_usage(self, nodes: dict[str, NodeRule]) -> None:
        doc = self.doc
        if doc.content_warnings is None:
            self.report((), "the scenario has no 'content_warnings'",
                        "list what a player should know before starting, e.g. [overdose, withdrawal], or write []",
                        code="no-content-warnings", level=Level.WARNING)
        used = self.expressions.names()
        revealed: set[str] = set()
        for node_id, rule in nodes.items():
            revealed.update(rule.spec.reveals)
            if len(rule.spec.text) > LONG_NODE_TEXT:
                self.report(("nodes", node_id, "text"),
                            f"the text of '{node_id}' is {len(rule.spec.text)} characters long",
                            f"players read it on one screen; keep it under {LONG_NODE_TEXT} characters or split it",
                            code="long-text", level=Level.WARNING)
            for choice in rule.choices:
                revealed.update(choice.spec.reveals)
                if not any(choice.scores):
                    self.report(("nodes", node_id, "choices", choice.index),
                                f"a choice of '{node_id}' scores no principle",
                                "add 'scores:' with at least one principle from -2 to +2",
                                code="no-scores", level=Level.WARNING)
                if len(choice.spec.text) > LONG_CHOICE_TEXT:
                    self.report(("nodes", node_id, "choices", choice.index, "text"),
                                f"a choice of '{node_id}' is {len(choice.spec.text)} characters long",
                                f"choices are buttons; keep them under {LONG_CHOICE_TEXT} characters",
                                code="long-text", level=Level.WARNING)
        for name in doc.variables:
            symbol = self.symbols.get(name)
            if name not in used and symbol is not None and symbol.writable and not self.expressions_failed:
                self.report(("variables", name), f"variable '{name}' is never used",
                            "use it in a 'when' or an effect, or remove it", code="unused-variable",
                            level=Level.WARNING, at_key=True)
        for key in LENS_KEYS:
            for i, fact in enumerate(getattr(doc.lens, key).facts):
                if fact.id not in revealed:
                    self.report(("lens", key, "facts", i), f"lens fact '{fact.id}' is never revealed",
                                "list its id under 'reveals:' in the node where the worker learns it",
                                code="unrevealed-fact", level=Level.WARNING)

    # -- wording -----------------------------------------------------------------------------

    def check_wording(self, nodes: dict[str, NodeRule]) -> None:
        """Warn where the best option is given away by being the longest, or by a stock opening."""
        found = wording(_Nodes(nodes))
        if found.moments >= 3 and found.share > SCENARIO_LIMIT:
            shown = ", ".join(found.flagged_nodes[:6]) + (", ..." if len(found.flagged_nodes) > 6 else "")
            self.report(("nodes",), f"the best-scoring option is also the longest at {found.longest_is_best} of "
                        f"{found.moments} moments with three or more options ({found.share:.0%}; "
                        f"keep it at or under {SCENARIO_LIMIT:.0%}): {shown}",
                        "a trainee who always picks the longest option should not win: make some best options "
                        "short and plain, and some poor options long and well-meant",
                        code="longest-is-best", level=Level.WARNING, at_key=True)
        if found.opener:
            self.report(("nodes",), f"{found.opener_count} of the {found.best_options} best-scoring options open "
                        f"with \"{found.opener}\"", "a stock phrase should not give the answer away: vary how "
                        "good options begin", code="stock-opening", level=Level.WARNING, at_key=True)

    # -- playtests ---------------------------------------------------------------------------

    def check_playtests(self, nodes: dict[str, NodeRule]) -> None:
        """Names in playtests must exist, so a typo is caught here rather than as a failed run."""
        for t, test in enumerate(self.doc.playtests):
            where = ("playtests", t)
            for s, step in enumerate(test.route):
                for node_id, ref in step.items():
                    self._check_choice_ref(nodes, where + ("route", s, node_id), node_id, ref)
            expect = test.expect
            if expect.ending is not None:
                target = nodes.get(expect.ending)
                if target is None or not target.is_ending:
                    endings = [n for n, r in nodes.items() if r.is_ending]
                    self.report(where + ("expect", "ending"), f"'{expect.ending}' is not an ending of this scenario",
                                self._suggest(expect.ending, endings) or "name the id of an ending node",
                                code="playtest-ending")
            for name in expect.variables:
                if name not in self.doc.variables:
                    self.report(where + ("expect", "variables", name), f"unknown variable '{name}'",
                                self._suggest(name, self.doc.variables) or "name a variable declared under 'variables:'",
                                code="playtest-variable", at_key=True)
            for field in ("offered", "not_offered"):
                for node_id, refs in getattr(expect, field).items():
                    for i, ref in enumerate(refs):
                        self._check_choice_ref(nodes, where + ("expect", field, node_id, i), node_id, ref)

    def _check_choice_ref(self, nodes: dict[str, NodeRule], path: DocPath, node_id: str, ref) -> None:
        rule = nodes.get(node_id)
        if rule is None:
            self.report(path, f"the playtest names a moment that does not exist: '{node_id}'",
                        self._suggest(node_id, nodes) or "use the id of a node", code="playtest-node", at_key=True)
            return
        found = rule.find_choice(ref)
        if isinstance(found, str):
            self.report(path, found, "name the choice by its id, its number as written, or the start of its text",
                        code="playtest-choice")


class _Nodes:
    """The little of a Scenario that the wording measure reads, before the Scenario exists."""

    def __init__(self, nodes: dict[str, NodeRule]):
        self.nodes = nodes
