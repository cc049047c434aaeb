"""Where scenario files are: the shipped library, folders and paths given on the command line."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from game.model import CheckResult, check_file
from game.paths import shipped_scenarios

SUFFIXES = (".yaml", ".yml")


def scenario_files(paths: list[str | Path]) -> tuple[list[Path], list[str]]:
    """Files named, and scenario files inside folders named; plus the names that do not exist."""
    files: list[Path] = []
    missing: list[str] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*") if p.suffix in SUFFIXES and p.is_file()))
        elif path.exists():
            files.append(path)
        else:
            missing.append(str(raw))
    return files, missing


@dataclass(frozen=True, slots=True)
class Entry:
    path: Path
    result: CheckResult


def catalog(folder: Path | None = None) -> list[Entry]:
    """Every scenario file in `folder` (the shipped library by default), checked."""
    files, _ = scenario_files([folder or shipped_scenarios()])
    return [Entry(path, check_file(path)) for path in files]


def find_scenario(name: str, entries: list[Entry] | None = None) -> Path | None:
    """A scenario by path, or by the id of a scenario in the shipped library."""
    path = Path(name)
    if path.is_file():
        return path
    for entry in entries if entries is not None else catalog():
        scenario = entry.result.scenario
        if (scenario and scenario.id == name) or entry.path.stem == name:
            return entry.path
    return None
