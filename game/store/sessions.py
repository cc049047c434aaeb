"""Facilitated sessions on disk: one file per session, rewritten after every vote and every step
so a crash or a closed lid never loses a workshop, and the exports a trainer keeps afterwards.

A session lives in data_dir()/sessions/<scenario-id>-<YYYYmmdd-HHMMSS>.json, named after the
local time it started; the file is game.facilitation.to_json's record. Saving and loading never
raise (a message comes back instead, the session goes on in memory); exporting raises OSError,
since the facilitator asked for those files.
"""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import datetime
from pathlib import Path

from game.engine import build_debrief
from game.facilitation import (CSV_COLUMNS, SESSION_KIND, SESSION_VERSION, Session, SessionError, from_json,
                               main_line, main_line_state, to_csv_rows, to_json, vote_split)
from game.model import Scenario
from game.report import debrief_html

from .atomic import read_json, write_atomic
from .csv_cells import safe_row
from .envelope import envelope_problem
from .folders import data_dir

SESSIONS_FOLDER = "sessions"
_STAMP = re.compile(r"-(\d{8}-\d{6}(?:-\d{3})?)\.json$")


def sessions_dir() -> Path:
    return data_dir() / SESSIONS_FOLDER


def session_path(session: Session) -> Path:
    """Where `session` is autosaved: always the same file for the same session."""
    return sessions_dir() / f"{_stem(session.scenario_id)}-{_stamp(session.started_at)}.json"


def save_session(session: Session) -> str | None:
    """Write the session's record in one atomic step. None, or a one-line message when it could
    not be saved (the session goes on regardless; say so quietly and try again at the next step)."""
    try:
        text = json.dumps(to_json(session), ensure_ascii=False, separators=(",", ":"), allow_nan=False) + "\n"
        write_atomic(session_path(session), text)
    except (OSError, TypeError, ValueError) as error:
        return f"could not save the session: {error}"
    return None


def load_latest_session(scenario: Scenario) -> tuple[Session | None, str | None]:
    """The most recently started session of `scenario` and None; (None, None) when there is none;
    (None, a one-line message) when the latest cannot be resumed (damaged, of a newer Outreach,
    or played on another version of the scenario file). Never raises. A session that reached an
    ending comes back too: check `session.is_over` before offering to resume it."""
    try:
        candidates = _sessions_of(scenario.id)
    except OSError as error:
        return None, f"could not look for earlier sessions ({error.strerror or error})"
    if not candidates:
        return None, None
    path = candidates[-1]
    data, problem = read_json(path)
    if problem:
        return None, f"{problem}; the session was not resumed"
    if data is None:  # removed since we listed the folder
        return None, None
    problem = envelope_problem(data, path, "facilitation session", SESSION_VERSION, SESSION_KIND)
    if problem:
        return None, f"{problem}; the session was not resumed"
    try:
        return from_json(scenario, data), None
    except SessionError as error:
        return None, f"{path.name}: {error}"
    except Exception as error:  # noqa: BLE001 - whatever a damaged file does, the game must start
        return None, f"{path.name} could not be read ({type(error).__name__}); the session was not resumed"


def export_session(session: Session, scenario: Scenario, folder: Path | str | None = None) -> dict[str, Path]:
    """Write the session for the trainer's report, into data_dir()/exports (or `folder`):
    <scenario-id>-session-<started>.json (the full record), .csv (one row per option at each
    moment, every branch) and .html (the debrief of the main line, with the room's votes).
    Returns {"json": path, "csv": path, "html": path}. Each file is written atomically; raises
    OSError (and SessionError when `scenario` is not the session's)."""
    now = datetime.now()
    state = main_line_state(session, scenario)
    record = json.dumps(to_json(session), ensure_ascii=False, indent=2, allow_nan=False) + "\n"
    table = io.StringIO(newline="")
    writer = csv.DictWriter(table, fieldnames=CSV_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(safe_row(row) for row in to_csv_rows(session, scenario))
    from game import exact_bounds  # the figures known now: an export never waits for the search

    page = debrief_html(build_debrief(scenario, state, *exact_bounds.current(scenario)), votes=vote_split(session, scenario, main_line(session)),
                        exported_at=now)
    target = Path(folder) if folder is not None else data_dir() / "exports"
    stem = f"{_stem(session.scenario_id)}-session-{_stamp(session.started_at)}"
    paths = _free(target, stem)
    write_atomic(paths["json"], record)
    write_atomic(paths["csv"], table.getvalue())
    write_atomic(paths["html"], page)
    return paths


def _free(target: Path, stem: str) -> dict[str, Path]:
    """Three paths sharing a name none of which exists yet: exporting twice keeps both."""
    number = 1
    while True:
        name = stem if number == 1 else f"{stem}-{number}"
        paths = {kind: target / f"{name}.{kind}" for kind in ("json", "csv", "html")}
        if not any(path.exists() for path in paths.values()):
            return paths
        number += 1


def _sessions_of(scenario_id: str) -> list[Path]:
    """The session files of one scenario, oldest first (by the start time in their names). Names
    of other scenarios that merely begin with this id ('small' and 'small-talk') do not count."""
    folder = sessions_dir()
    prefix = _stem(scenario_id)
    found = []
    for path in folder.glob(f"{prefix}-*.json"):
        match = _STAMP.search(path.name)
        if match and path.name[:match.start()] == prefix:
            found.append((match.group(1), path))
    return [path for _, path in sorted(found)]


def _stem(scenario_id: str) -> str:
    # Scenario ids are already file-name safe; this keeps it so for any id a loader lets through.
    return re.sub(r"[^A-Za-z0-9_-]+", "-", scenario_id) or "session"


def _stamp(seconds: float) -> str:
    try:
        # Milliseconds too: two sessions started in the same second must not share one file.
        return f"{datetime.fromtimestamp(seconds):%Y%m%d-%H%M%S}-{int(seconds * 1000) % 1000:03d}"
    except (OverflowError, OSError, ValueError):
        return "00000000-000000-000"
