"""A loaded scenario: the validated document plus its rules compiled for play. Immutable."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from types import MappingProxyType
from typing import Mapping

from game.analysis import ScoreBounds, StoryGraph, score_bounds
from game.language import CompiledCondition, CompiledEffect

from .diagnostics import Diagnostic
from .document import Choice, LensFact, Node, ScenarioDocument
from .principles import LENS_KEYS


@dataclass(frozen=True, slots=True)
class ChoiceRule:
    """An authored choice with its condition and effects compiled."""

    index: int  # position in the node's `choices` list, as written
    spec: Choice
    condition: CompiledCondition | None
    effects: tuple[CompiledEffect, ...]
    scores: tuple[int, ...]  # in PRINCIPLE_KEYS order

    @property
    def target(self) -> str:
        return self.spec.goto


@dataclass(frozen=True, slots=True)
class NodeRule:
    id: str
    spec: Node
    choices: tuple[ChoiceRule, ...]

    @property
    def is_ending(self) -> bool:
        return self.spec.ending is not None


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
