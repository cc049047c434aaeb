"""Debriefs saved as HTML files the player can open, print or send to a trainer."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from typing import Any

from game.engine.debrief import Debrief
from game.report import debrief_html

from .atomic import write_atomic
from .folders import data_dir


def export_debrief(debrief: Debrief, folder: Path | str | None = None, **report_options: Any) -> Path:
    """Write the debrief as data_dir()/exports/<scenario-id>-<YYYYmmdd-HHMMSS>.html (or into
    `folder`) and return its path. `report_options` go to game.report.debrief_html (reactions,
    self_assessment, take_home, votes). Raises OSError: the player asked for this file and must
    hear when it was not written."""
    now = datetime.now()
    target = Path(folder) if folder is not None else data_dir() / "exports"
    # Scenario ids are already file-name safe; this keeps it so for any id a loader lets through.
    stem = f"{re.sub(r'[^A-Za-z0-9_-]+', '-', debrief.scenario_id) or 'debrief'}-{now:%Y%m%d-%H%M%S}"
    path = target / f"{stem}.html"
    number = 2
    while path.exists():  # two exports in the same second must not overwrite each other
        path = target / f"{stem}-{number}.html"
        number += 1
    report_options.setdefault("exported_at", now)
    write_atomic(path, debrief_html(debrief, **report_options))
    return path


def export_name() -> str:
    """The trainee's name for exported pages, if they gave one: in the settings (asked, never
    required) or for their records (Settings, "Your records"); "" when they are anonymous."""
    from .identity import trainee
    from .settings import load_settings

    settings, _ = load_settings()
    return settings.trainee_name or trainee().name or ""


def export_meta() -> tuple[str, ...]:
    """The lines under an exported page's title that say whose debrief it is."""
    name = export_name()
    return (f"Trainee: {name}",) if name else ()
