"""Problems found in a scenario file, as sortable values with one formatter per output."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from enum import Enum
from typing import Iterable, Sequence


class Level(str, Enum):
    ERROR = "error"
    WARNING = "warning"


# A path into the document: keys and list indexes, e.g. ("nodes", "arrival", "choices", 0).
DocPath = tuple[str | int, ...]


@dataclass(frozen=True, slots=True, order=True)
class Diagnostic:
    """One problem, located in a file. Lines and columns count from 1."""

    file: str
    line: int
    column: int
    level: Level = field(compare=False)
    code: str = field(compare=False)
    message: str = field(compare=False)
    hint: str = field(default="", compare=False)
    path: DocPath = field(default=(), compare=False)
    # Extra lines shown under the message, e.g. an expression with a caret under the error.
    context: str = field(default="", compare=False)

    @property
    def is_error(self) -> bool:
        return self.level is Level.ERROR

    def format(self) -> str:
        text = f"{self.file}:{self.line}:{self.column}: {self.level.value}: {self.message}"
        if self.context:
            text += "".join(f"\n    {line}" for line in self.context.splitlines())
        if self.hint:
            text += f"\n    hint: {self.hint}"
        return text

    def to_json(self) -> dict:
        data = asdict(self)
        data["level"] = self.level.value
        data["path"] = list(self.path)
        return data


class ScenarioError(Exception):
    """A scenario could not be loaded. Carries every problem found, sorted by position."""

    def __init__(self, diagnostics: Sequence[Diagnostic]):
        self.diagnostics = sorted(diagnostics)
        first = self.diagnostics[0].format() if self.diagnostics else "invalid scenario"
        more = len(self.diagnostics) - 1
        super().__init__(first + (f"\n(and {more} more)" if more > 0 else ""))

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.is_error]


def format_text(diagnostics: Iterable[Diagnostic]) -> str:
    return "\n".join(d.format() for d in sorted(diagnostics))


def format_json(diagnostics: Iterable[Diagnostic]) -> str:
    return json.dumps([d.to_json() for d in sorted(diagnostics)], indent=2)


def caret_line(source_line: str, column: int) -> str:
    """The line with a caret under `column` (1-based), for showing where an expression breaks;
    clipped to 60 characters either side so a huge line stays readable."""
    start = max(column - 61, 0)
    clipped = source_line[start:column + 60]
    prefix = "…" if start else ""
    return f"{prefix}{clipped}\n{' ' * (len(prefix) + column - 1 - start)}^"
