"""'Did you mean' hints, shared by every layer that reports a misspelt name."""

from __future__ import annotations

import difflib
from typing import Iterable


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """A hint naming the closest candidate, or '' when nothing is close."""
    # Names more than a few letters longer or shorter cannot be close; skipping them keeps a file
    # with thousands of misspelt names from taking minutes.
    near = [c for c in candidates if abs(len(c) - len(word)) <= 3]
    close = difflib.get_close_matches(word, near, n=1, cutoff=0.6) if len(near) <= 2000 else []
    return f"did you mean '{close[0]}'?" if close else ""
