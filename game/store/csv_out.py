"""CSV files for spreadsheets, every cell through game.store.csv_cells.safe_cell (a cell a
spreadsheet would run as a formula is written as text)."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from .atomic import write_atomic
from .csv_cells import safe_cell as _neutralised


def safe_cell(value: Any) -> Any:
    """Numbers stay numbers; text goes through the one neutraliser (game.store.csv_cells): an
    apostrophe before what a spreadsheet would run as a formula, control characters escaped."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    return _neutralised(value)


def write_csv(path: Path, header: list[str], rows: list[list[Any]]) -> Path:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([safe_cell(h) for h in header])
    writer.writerows([[safe_cell(cell) for cell in row] for row in rows])
    write_atomic(path, "\ufeff" + buffer.getvalue())  # the mark tells spreadsheets it is UTF-8
    return path
