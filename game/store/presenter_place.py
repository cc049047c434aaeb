"""Where the facilitator last put the presenter window, so it opens there again (on the laptop's
screen, not on the projector). A small JSON file in the user's data folder; reading never raises."""

from __future__ import annotations

import json

from .atomic import read_json, write_atomic
from .folders import data_dir

FILE = "presenter-window.json"
LIMIT = 100_000  # pixels: anything beyond is not a screen position


def load_place() -> tuple[int, int, int, int] | None:
    """(x, y, width, height) of the presenter window when it was last moved, or None."""
    try:
        data, problem = read_json(data_dir() / FILE)
    except OSError:
        return None
    if problem or not isinstance(data, dict):
        return None
    values = [data.get(k) for k in ("x", "y", "width", "height")]
    if not all(isinstance(v, int) and not isinstance(v, bool) and -LIMIT < v < LIMIT for v in values):
        return None
    x, y, width, height = values
    return (x, y, width, height) if width >= 200 and height >= 150 else None


def save_place(x: int, y: int, width: int, height: int) -> str | None:
    """Remember the window's place; a one-line message when it could not be written."""
    try:
        write_atomic(data_dir() / FILE, json.dumps({"x": x, "y": y, "width": width, "height": height}) + "\n")
    except OSError as error:
        return f"could not remember the presenter window's place: {error.strerror or error}"
    return None
