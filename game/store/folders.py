"""Where Outreach keeps the player's files: the platform's user folders, or one folder of our own.

Setting OUTREACH_HOME puts everything under that folder (config/, data/, cache/), so tests and
the storyboard never read or change the real player's settings, autosave or records.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "outreach"
HOME_VARIABLE = "OUTREACH_HOME"


def config_dir() -> Path:
    """Settings. Created on demand."""
    return _folder("config", platformdirs.user_config_dir)


def data_dir() -> Path:
    """Autosave, records and exported debriefs. Created on demand."""
    return _folder("data", platformdirs.user_data_dir)


def cache_dir() -> Path:
    """Anything that can be rebuilt. Created on demand."""
    return _folder("cache", platformdirs.user_cache_dir)


def _folder(name: str, platform_folder) -> Path:
    home = os.environ.get(HOME_VARIABLE)
    # appauthor=False: on Windows the folder is just "outreach", not "outreach\outreach".
    path = Path(home).expanduser().absolute() / name if home else Path(platform_folder(APP_NAME, appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def folders_problem() -> str | None:
    """None when the user folders exist or could be made; else why not, in a few words (a home
    folder that cannot be created is not a damaged save, and must not be reported as one)."""
    for folder in (config_dir, data_dir):
        try:
            folder()
        except OSError as error:
            where = f" {error.filename}" if error.filename else ""
            return f"the folder{where} could not be created ({error.strerror or error})"
    return None


def clean_temporary_files() -> int:
    """At start: remove temporary files that interrupted atomic writes left in the user folders.
    How many went; never raises."""
    from .atomic import remove_stale_temporaries

    removed = 0
    for folder in (config_dir, data_dir, cache_dir):
        try:
            base = folder()
        except OSError:
            continue
        removed += remove_stale_temporaries(base)
        if folder is data_dir:
            for sub in ("sessions", "exports"):
                removed += remove_stale_temporaries(base / sub)
    return removed
