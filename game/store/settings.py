"""The player's settings, kept between runs in the user's config folder."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

from .atomic import read_json, write_atomic
from .envelope import envelope_problem
from .folders import config_dir

TEXT_SCALES = (1.0, 1.25, 1.5, 1.75, 2.0)
THEMES = ("default", "high-contrast")
FEEDBACK_MODES = ("coach", "assessment")
SETTINGS_VERSION = 1
SETTINGS_FILE = "settings.json"


@dataclass(frozen=True, slots=True)
class Settings:
    text_scale: float = 1.0
    theme: str = "default"
    fullscreen: bool = False
    reduced_motion: bool = False
    feedback: str = "coach"
    primer_seen: bool = False  # "How this works" is offered before the first scenario until read
    trainee_name: str = ""  # optional, shown on exports; never required
    self_voicing: bool = False  # read focus and new text aloud through the system's speech (V)


def settings_path() -> Path:
    return config_dir() / SETTINGS_FILE


def load_settings() -> tuple[Settings, str | None]:
    """The saved settings and None, or the defaults and a one-line message saying what was wrong.

    Unknown keys are ignored (a newer game may have written them); a bad value falls back to its
    default and the good ones are kept. Never raises: the game must start whatever the file holds.
    """
    try:
        path = settings_path()
    except OSError as error:
        return Settings(), f"could not open the settings folder ({error}); using the default settings"
    data, problem = read_json(path, set_aside=True)
    if problem:
        return Settings(), f"{problem}; using the default settings"
    if data is None:
        return Settings(), None
    problem = envelope_problem(data, path, "settings", SETTINGS_VERSION)
    if problem:
        return Settings(), f"{problem}; using the default settings"
    values, rejected = {}, []
    for field in fields(Settings):
        if field.name not in data:
            continue
        value = _checked(field.name, data[field.name])
        if value is None:
            rejected.append(field.name)
        else:
            values[field.name] = value
    settings = Settings(**values)
    if rejected:
        return settings, f"{path}: unusable value for {', '.join(rejected)}; using the default there"
    return settings, None


def save_settings(settings: Settings) -> str | None:
    """Write the settings; None, or a one-line message when they could not be saved (the game goes
    on with them for this run, so a read-only disk is not a crash)."""
    text = json.dumps({"version": SETTINGS_VERSION, **asdict(settings)}, indent=2, allow_nan=False) + "\n"
    try:
        write_atomic(settings_path(), text)
    except OSError as error:
        return f"could not save the settings: {error}"
    return None


def _checked(name: str, value: Any) -> Any | None:
    """The value if it is allowed for this setting (text_scale as a float), else None."""
    if name == "text_scale":
        if isinstance(value, (int, float)) and not isinstance(value, bool) and float(value) in TEXT_SCALES:
            return float(value)
        return None
    if name == "trainee_name":
        return value if isinstance(value, str) and len(value) <= 80 and value.isprintable() else None
    if name in ("fullscreen", "reduced_motion", "primer_seen", "self_voicing"):
        return value if isinstance(value, bool) else None
    allowed = {"theme": THEMES, "feedback": FEEDBACK_MODES}[name]
    return value if isinstance(value, str) and value in allowed else None
