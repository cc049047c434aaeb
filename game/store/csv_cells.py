"""Cells for CSV files a spreadsheet may open. Text an author or a room wrote can begin with
`=`, `+`, `-` or `@`, which Excel, LibreOffice and Google Sheets run as a formula
(`=HYPERLINK(...)` sends the sheet's contents away). As OWASP recommends, such a cell gets a
leading apostrophe, which the spreadsheet shows as text; control characters are written as
visible `\\uXXXX` escapes so no byte reaches a program that reads the file as raw text."""

from __future__ import annotations

import re

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# C0 and C1 controls and DEL; newline and tab are kept (a multi-line note stays readable, and the
# csv module quotes the cell), a tab at the very start still counts as a formula start above.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def safe_cell(value) -> str:
    """The text to write in a CSV cell for `value` (numbers as they are, text neutralised)."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (int, float)):
        return str(value)
    text = "" if value is None else str(value)
    if text.startswith(_FORMULA_START):  # even "-2" as text: numbers are passed as numbers
        text = "'" + text
    return _CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def safe_row(row: dict) -> dict:
    """Every cell of a csv.DictWriter row through safe_cell."""
    return {key: safe_cell(value) for key, value in row.items()}
