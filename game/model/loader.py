"""Load a scenario file: safe YAML -> document shape -> compiled rules and checks."""

from __future__ import annotations

import gc
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from .checks import compile_and_check
from .diagnostics import Diagnostic, Level, ScenarioError
from .logic import logic_diagnostics
from .scenario import Scenario
from .shape import validate_shape
from .yaml_source import SourceDocument, parse_source, read_source


Explorer = Callable[[Scenario], object]


@dataclass(frozen=True, slots=True)
class CheckResult:
    """Everything found in one file; `scenario` is set when it has no errors."""

    source: str
    diagnostics: tuple[Diagnostic, ...]
    scenario: Scenario | None
    # What the explorer found, when the caller asked for the checks that need it (see check_file).
    exploration: object | None = None

    @property
    def errors(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if d.is_error)

    @property
    def warnings(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if not d.is_error)


@contextmanager
def _collector_paused():
    """Loading allocates hundreds of thousands of small acyclic objects (YAML nodes, marks,
    tokens); the cyclic garbage collector would walk the growing heap again and again, which
    costs more than the loading itself on a large file. Nothing here makes cycles to collect.

    What survives (the scenario: models, rules, compiled conditions) lives as long as the
    scenario is in use. Left in the youngest generation, the collector's next run would walk all
    of it, then walk it again when it moves to the middle generation, before it settles in the
    oldest; gc.freeze() and unfreeze() move every object straight to the oldest generation
    instead, without walking any. (Other young objects of the process move with them, and wait
    for the collector's next full run; a program that froze objects itself is left alone, as
    unfreeze() would undo that.)"""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            if gc.get_freeze_count() == 0:
                gc.freeze()
                gc.unfreeze()
            gc.enable()


def check_file(path: str | Path, explore: Explorer | None = None) -> CheckResult:
    """Check a file and report every problem; never raises for bad content.

    With `explore` (a function from a Scenario to an exploration, e.g. the cached one of
    game.store.explorations) the checks that need to know what play can really do run too."""
    with _collector_paused():
        try:
            return _check(read_source(path), explore)
        except ScenarioError as error:
            return CheckResult(str(path), _capped(error.diagnostics, str(path)), None)


def check_text(text: str | bytes, name: str = "<text>", explore: Explorer | None = None) -> CheckResult:
    with _collector_paused():
        try:
            return _check(parse_source(text, name), explore)
        except ScenarioError as error:
            return CheckResult(name, _capped(error.diagnostics, name), None)


def load_scenario(path: str | Path) -> Scenario:
    """The scenario in `path`, ready to play; raises ScenarioError listing every error."""
    return _unwrap(check_file(path))


def load_scenario_text(text: str | bytes, name: str = "<text>") -> Scenario:
    return _unwrap(check_text(text, name))


def _unwrap(result: CheckResult) -> Scenario:
    if result.scenario is None:
        raise ScenarioError(result.diagnostics)
    return result.scenario


MAX_DIAGNOSTICS = 200


def _capped(problems, name: str) -> tuple[Diagnostic, ...]:
    """Every problem up to a limit, then one line saying how many more: a broken generated file
    must not print a million lines."""
    ordered = sorted(problems)
    if len(ordered) <= MAX_DIAGNOSTICS:
        return tuple(ordered)
    rest = len(ordered) - MAX_DIAGNOSTICS
    last = ordered[MAX_DIAGNOSTICS - 1]
    more = Diagnostic(name, last.line, last.column, Level.ERROR, "too-many",
                      f"and {rest} more problems not listed", "fix these first, then validate again")
    return tuple(ordered[:MAX_DIAGNOSTICS]) + (more,)


def _check(source: SourceDocument, explore: Explorer | None = None) -> CheckResult:
    document, problems = validate_shape(source)
    if document is None:
        return CheckResult(source.name, _capped([*problems, *source.warnings], source.name), None)
    nodes, problems = compile_and_check(source, document)
    diagnostics = _capped([*problems, *source.warnings], source.name)
    if any(d.is_error for d in diagnostics):
        return CheckResult(source.name, diagnostics, None)
    scenario = Scenario(document, source.name, source.content_hash, nodes, diagnostics)
    if explore is None:
        return CheckResult(source.name, diagnostics, scenario)
    exploration = explore(scenario)
    found = logic_diagnostics(source, scenario, exploration)
    if not found:
        return CheckResult(source.name, diagnostics, scenario, exploration)
    diagnostics = _capped(list(diagnostics) + found, source.name)
    if any(d.is_error for d in diagnostics):
        return CheckResult(source.name, diagnostics, None, exploration)
    scenario = Scenario(document, source.name, source.content_hash, nodes, diagnostics)
    return CheckResult(source.name, diagnostics, scenario, exploration)
