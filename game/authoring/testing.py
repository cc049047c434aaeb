"""`outreach test`: run every scenario's playtests and built-in properties, and report each failure
at the file:line:column where the failing step, expectation or node is written."""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

from game.catalog import scenario_files
from game.engine.playtest import Outcome, run_all
from game.model import Diagnostic, ScenarioError, check_file
from game.model.yaml_source import SourceDocument, read_source
from game.paths import shipped_scenarios
from game.store.explorations import explored

OK, PROBLEMS, USAGE = 0, 1, 2


@dataclass(frozen=True, slots=True)
class Located:
    """One failure of one check, placed in the file."""

    file: str
    line: int
    column: int
    outcome: int  # index into FileReport.outcomes
    kind: str  # "playtest" or "property"
    name: str
    message: str

    def format(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: {self.kind} '{self.name}': {self.message}"


@dataclass(slots=True)
class FileReport:
    path: str
    diagnostics: tuple[Diagnostic, ...] = ()  # load errors: the scenario could not be tested
    outcomes: list[Outcome] = field(default_factory=list)
    failures: list[Located] = field(default_factory=list)

    @property
    def loaded(self) -> bool:
        return not any(d.is_error for d in self.diagnostics)

    @property
    def ok(self) -> bool:
        return self.loaded and all(o.passed or o.unchecked for o in self.outcomes)


def run_file(path: str | Path) -> FileReport:
    result = check_file(path)
    if result.scenario is None:
        return FileReport(str(path), result.errors)
    outcomes = run_all(result.scenario, explored(result.scenario))
    report = FileReport(str(path), (), outcomes)
    if any(o.failures for o in outcomes):
        source = _source(path, result.scenario.content_hash)
        for index, outcome in enumerate(outcomes):
            for failure in outcome.failures:
                line, column = source.position(failure.path, at_key=failure.at_key) if source else (1, 1)
                report.failures.append(Located(str(path), line, column, index, outcome.kind, outcome.name,
                                               failure.message))
    return report


def _source(path, content_hash: str) -> SourceDocument | None:
    """The parsed file again, for positions; None if it changed on disk since it was tested."""
    try:
        source = read_source(path)
    except ScenarioError:
        return None
    return source if source.content_hash == content_hash else None


def run(args) -> int:
    files, missing = scenario_files(args.paths or [shipped_scenarios()])
    for name in missing:
        print(f"{name}: error: no such file or folder", file=sys.stderr)
    if not files and not missing:
        print("no scenario files (.yaml, .yml) found", file=sys.stderr)
        return USAGE
    reports = [run_file(path) for path in files]
    if args.json:
        print(json.dumps({"files": [_json(r) for r in reports], **_counts(reports)}, indent=2, ensure_ascii=False))
    else:
        for report in reports:
            _print(report)
        counts = _counts(reports)
        summary = (f"{len(reports)} file{'s' * (len(reports) != 1)} tested: {counts['passed']} passed, "
                   f"{counts['failed']} failed")
        if counts["unchecked"]:
            summary += f", {counts['unchecked']} not checked (too many play states)"
        if counts["untestable"]:
            summary += f"; {counts['untestable']} file{'s' * (counts['untestable'] != 1)} with errors"
        print(summary, file=sys.stderr)
    if missing:
        return USAGE
    return OK if all(r.ok for r in reports) else PROBLEMS


def _print(report: FileReport) -> None:
    if not report.loaded:
        for diagnostic in report.diagnostics:
            print(diagnostic.format())
        print(f"{report.path}: not tested: fix the errors above first ('outreach validate {report.path}')")
        return
    for located in report.failures:
        print(located.format())
    for outcome in report.outcomes:
        if outcome.unchecked:
            print(f"{report.path}: {outcome.kind} '{outcome.name}': not checked: {outcome.unchecked}")
    playtests = [o for o in report.outcomes if o.kind == "playtest"]
    properties = [o for o in report.outcomes if o.kind == "property"]
    print(f"{report.path}: {_tally(playtests, 'playtest')}, {_tally(properties, 'built-in property', 'built-in properties')}")


def _tally(outcomes: list[Outcome], noun: str, plural: str = "") -> str:
    plural = plural or noun + "s"
    passed = sum(o.passed for o in outcomes)
    if not outcomes:
        return f"no {plural}"
    word = noun if len(outcomes) == 1 else plural
    if passed == len(outcomes):
        return f"{len(outcomes)} {word} passed"
    return f"{passed} of {len(outcomes)} {word} passed"


def _counts(reports: list[FileReport]) -> dict:
    outcomes = [o for r in reports for o in r.outcomes]
    return {"passed": sum(o.passed for o in outcomes), "failed": sum(bool(o.failures) for o in outcomes),
            "unchecked": sum(bool(o.unchecked) for o in outcomes),
            "untestable": sum(not r.loaded for r in reports)}


def _json(report: FileReport) -> dict:
    if not report.loaded:
        return {"path": report.path, "ok": False, "diagnostics": [d.to_json() for d in report.diagnostics],
                "results": []}
    results = []
    for index, outcome in enumerate(report.outcomes):
        failures = [{"line": f.line, "column": f.column, "message": f.message}
                    for f in report.failures if f.outcome == index]
        status = "failed" if outcome.failures else "unchecked" if outcome.unchecked else "passed"
        results.append({"kind": outcome.kind, "name": outcome.name, "status": status, "failures": failures,
                        **({"reason": outcome.unchecked} if outcome.unchecked else {})})
    return {"path": report.path, "ok": report.ok, "diagnostics": [], "results": results}
