"""A loaded scenario: the validated document plus its rules compiled for play. Immutable."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from types import MappingProxyType
from typing import Mapping, NamedTuple

from game.analysis import ScoreBounds, StoryGraph, components, score_bounds
from game.language import CompiledCondition, CompiledEffect

from .diagnostics import Diagnostic
from .document import Choice, LensFact, Node, ScenarioDocument
from .principles import LENS_KEYS


# The rules below are named tuples rather than frozen dataclasses: just as immutable, but made
# in one C call where a frozen dataclass sets each field through object.__setattr__, and a
# file of a thousand moments makes thousands of them at every load.


class ChoiceRule(NamedTuple):
    """An authored choice with its condition and effects compiled."""

    index: int  # position in the node's `choices` list, as written
    spec: Choice
    condition: CompiledCondition | None
    effects: tuple[CompiledEffect, ...]
    scores: tuple[int, ...]  # in PRINCIPLE_KEYS order
    target: str  # the node it leads to (spec.goto), kept here: analysis and play read it often

    @property
    def id(self) -> str:
        """The author's stable id, or the number as written (1-based) for a choice without one."""
        return self.spec.id or str(self.index + 1)


class TextRule(NamedTuple):
    """A conditional variant of a node's text, its condition compiled."""

    condition: CompiledCondition
    text: str


class NodeRule(NamedTuple):
    id: str
    spec: Node
    choices: tuple[ChoiceRule, ...]
    variants: tuple[TextRule, ...] = ()

    @property
    def is_ending(self) -> bool:
        return self.spec.ending is not None

    def find_choice(self, ref: int | str) -> ChoiceRule | str:
        """The choice an author names by id, number as written (1-based) or the start of its text;
        or, when none or several match, a sentence saying why."""
        if isinstance(ref, int) and not isinstance(ref, bool):
            if 1 <= ref <= len(self.choices):
                return self.choices[ref - 1]
            return f"'{self.id}' has {len(self.choices)} choices, so there is no choice {ref}"
        for choice in self.choices:
            if choice.spec.id == ref:
                return choice
        wanted = " ".join(str(ref).split()).casefold()
        matches = [c for c in self.choices if " ".join(c.spec.text.split()).casefold().startswith(wanted)]
        if len(matches) == 1:
            return matches[0]
        if matches:
            return f"several choices of '{self.id}' start with \"{ref}\": write more of the text, or use an id"
        names = ", ".join(c.spec.id for c in self.choices if c.spec.id)
        return (f"'{self.id}' has no choice with the id or text \"{ref}\""
                + (f" (its ids: {names})" if names else ""))


@dataclass(frozen=True)
class Scenario:
    document: ScenarioDocument
    source: str
    content_hash: str
    nodes: Mapping[str, NodeRule]
    warnings: tuple[Diagnostic, ...] = ()

    @property
    def id(self) -> str:
        return self.document.id

    @property
    def title(self) -> str:
        return self.document.title

    @property
    def start(self) -> str:
        return self.document.start

    @cached_property
    def initial_variables(self) -> Mapping[str, int | bool]:
        return MappingProxyType(dict(self.document.variables))

    @cached_property
    def facts(self) -> Mapping[str, tuple[str, LensFact]]:
        """Every lens fact by id, with the factor (drug, set, setting) it belongs to."""
        lens = self.document.lens
        return MappingProxyType({
            fact.id: (key, fact) for key in LENS_KEYS for fact in getattr(lens, key).facts
        })

    @cached_property
    def graph(self) -> StoryGraph:
        return story_graph(self.document.start, self.nodes)

    @cached_property
    def loops(self) -> Mapping[str, int]:
        """For each node on a loop, the number of its loop (strongly connected component). A choice
        can be taken twice only inside a loop, and only during one stay in it: once play leaves
        a loop it never comes back."""
        component, _ = components(self.graph)
        sizes: dict[int, int] = {}
        for c in component:
            sizes[c] = sizes.get(c, 0) + 1
        graph = self.graph
        return MappingProxyType({
            node_id: component[i] for i, node_id in enumerate(graph.ids)
            if sizes[component[i]] > 1 or i in graph.edges[i]})

    @cached_property
    def bounds(self) -> ScoreBounds:
        """Best and worst total per principle over any playthrough from start to an ending."""
        return score_bounds(self.graph)


def story_graph(start: str, nodes: Mapping[str, NodeRule]) -> StoryGraph:
    """The scenario's branching structure as a plain graph for analysis (unknown targets dropped)."""
    ids = tuple(nodes)
    index = {node_id: i for i, node_id in enumerate(ids)}
    edges, scores = [], []
    for rule in nodes.values():
        kept = [c for c in rule.choices if c.target in index]
        edges.append(tuple(index[c.target] for c in kept))
        scores.append(tuple(c.scores for c in kept))
    endings = frozenset(i for i, rule in enumerate(nodes.values()) if rule.is_ending)
    return StoryGraph(ids, tuple(edges), tuple(scores), endings, index.get(start, -1))
