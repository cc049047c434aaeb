"""Facilitated sessions on disk: one file per session, rewritten after every vote and every step
so a crash or a closed lid never loses a workshop, and the exports a trainer keeps afterwards.

A session lives in data_dir()/sessions/<scenario-id>-<YYYYmmdd-HHMMSS>.json, named after the
UTC time it started (the newest is found by the time recorded inside, so names from before a
time-zone or daylight-saving change cannot mislead); the file is game.facilitation.to_json's record. Saving and loading never
raise (a message comes back instead, the session goes on in memory); exporting raises OSError,
since the facilitator asked for those files.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from game.engine import build_debrief
from game.facilitation import (SESSION_KIND, SESSION_VERSION, Session, SessionError, csv_columns, csv_rows,
                               from_json, main_line_state, roads, started_text, to_json)
from game.model import Scenario
from game.report.room import session_html

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


def save_session(session: Session, now: float | None = None) -> str | None:
    """Write the session's record in one atomic step, with the time it was saved (so a resumed
    session does not count the time away). None, or a one-line message when it could not be saved
    (the session goes on regardless; say so quietly and try again at the next step)."""
    try:
        record = {**to_json(session), "saved_at": time.time() if now is None else now}
        text = json.dumps(record, ensure_ascii=False, separators=(",", ":"), allow_nan=False) + "\n"
        write_atomic(session_path(session), text)
    except (OSError, TypeError, ValueError) as error:
        return f"could not save the session: {error}"
    from .playlog import note_session

    return note_session(record, label=session.label or None)  # the label the facilitator typed, if any


def load_latest_session(scenario: Scenario) -> tuple[Session | None, str | None]:
    """The most recently started session of `scenario` and None; (None, None) when there is none;
    (None, a one-line message) when the latest cannot be resumed (damaged, of a newer Outreach,
    or played on another version of the scenario file). Never raises. A session that reached an
    ending comes back too: check `session.is_over` before offering to resume it."""
    session, _, problem = load_latest_session_saved(scenario)
    return session, problem


def load_latest_session_saved(scenario: Scenario) -> tuple[Session | None, float | None, str | None]:
    """load_latest_session(), with the time the session was last saved (None if not recorded)."""
    from .playlog import remember

    remember(scenario)  # so this store can describe the session's moments in its records
    try:
        candidates = _sessions_of(scenario.id)
    except OSError as error:
        return None, None, f"could not look for earlier sessions ({error.strerror or error})"
    if not candidates:
        return None, None, None
    return _load(scenario, candidates[-1])


def _load(scenario: Scenario, path: Path) -> tuple[Session | None, float | None, str | None]:
    data, problem = read_json(path, set_aside=True)
    if problem:
        return None, None, f"{problem}; the session was not resumed"
    if data is None:  # removed since we listed the folder
        return None, None, None
    problem = envelope_problem(data, path, "facilitation session", SESSION_VERSION, SESSION_KIND)
    if problem:
        return None, None, f"{problem}; the session was not resumed"
    saved = data.get("saved_at")
    saved = float(saved) if isinstance(saved, (int, float)) and not isinstance(saved, bool) else None
    try:
        return from_json(scenario, data), saved, None
    except SessionError as error:
        return None, None, f"{path.name}: {error}"
    except Exception as error:  # noqa: BLE001 - whatever a damaged file does, the game must start
        return None, None, f"{path.name} could not be read ({type(error).__name__}); the session was not resumed"


@dataclass(frozen=True, slots=True)
class SavedSession:
    """A session file as `outreach sessions` lists it, read without its scenario."""

    id: str  # the file name without .json: what `outreach sessions export ID` takes
    path: Path
    scenario: str
    started_at: float | None
    label: str
    facilitator: str
    finished: bool  # the room's own run reached an ending
    branches: int
    problem: str | None = None  # the file could not be read

    @property
    def started(self) -> str:
        return started_text(self.started_at) if self.started_at is not None else ""


def list_sessions() -> list[SavedSession]:
    """Every saved session, oldest first. Never raises: an unreadable file is listed with its problem."""
    try:
        files = sorted(p for p in sessions_dir().glob("*.json") if _STAMP.search(p.name))
    except OSError:
        return []
    found = [_summary(path) for path in files]
    return sorted(found, key=lambda s: (s.started_at or 0.0, s.id))


def _summary(path: Path) -> SavedSession:
    data, problem = read_json(path)
    problem = problem or (envelope_problem(data, path, "facilitation session", SESSION_VERSION, SESSION_KIND)
                          if data is not None else "removed while listing")
    if problem or not isinstance(data, dict):
        return SavedSession(path.stem, path, "", None, "", "", False, 0, problem or "not a session")
    branches = data.get("branches") if isinstance(data.get("branches"), list) else []
    started = data.get("started_at")
    return SavedSession(
        path.stem, path, str(data.get("scenario", "")),
        float(started) if isinstance(started, (int, float)) and not isinstance(started, bool) else None,
        _text(data.get("label")), _text(data.get("facilitator")),
        any(isinstance(b, dict) and b.get("ending") for b in branches), len(branches))


def _text(value: Any) -> str:
    return " ".join(value.split()) if isinstance(value, str) else ""


def find_session(session_id: str) -> Path | None:
    """The file of a saved session by its id (as `list_sessions` gives it), or None."""
    if not re.fullmatch(r"[A-Za-z0-9_-]+", session_id or ""):
        return None
    path = sessions_dir() / f"{session_id}.json"
    return path if path.is_file() else None


def load_session_file(scenario: Scenario, path: Path) -> tuple[Session | None, str | None]:
    """A saved session on its scenario, or a one-line message why not."""
    session, _, problem = _load(scenario, path)
    if session is None and problem is None:
        problem = f"{path.name} is gone"
    return session, problem


def export_session(session: Session, scenario: Scenario, folder: Path | str | None = None) -> dict[str, Path]:
    """Write the session for the trainer's report, into data_dir()/exports (or `folder`):
    <scenario-id>-session-<started>.json (the full record), .csv (one row per moment per road: the
    main line, then each branch) and .html (the session at a glance, the debrief of the main line
    with the room's votes, then every branch explored). Returns {"json": path, "csv": path,
    "html": path}. Each file is written atomically; raises OSError (and SessionError when
    `scenario` is not the session's)."""
    now = datetime.now()
    state = main_line_state(session, scenario)
    record = json.dumps(to_json(session), ensure_ascii=False, indent=2, allow_nan=False) + "\n"
    table = io.StringIO(newline="")
    writer = csv.DictWriter(table, fieldnames=csv_columns(session), lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(safe_row(row) for row in csv_rows(session, scenario))
    from game import exact_bounds  # the figures known now: an export never waits for the search

    page = session_html(build_debrief(scenario, state, *exact_bounds.current(scenario)), roads(session, scenario),
                        meta=session_meta(session), exported_at=now)
    target = Path(folder) if folder is not None else data_dir() / "exports"
    stem = f"{_stem(session.scenario_id)}-session-{_stamp(session.started_at)}"
    paths = _free(target, stem)
    write_atomic(paths["json"], record)
    write_atomic(paths["csv"], table.getvalue())
    write_atomic(paths["html"], page)
    return paths


def session_meta(session: Session) -> tuple[str, ...]:
    """The lines under an export's title that say which session this was."""
    lines = [f"Facilitated session started {started_text(session.started_at)}."]
    if session.label:
        lines.append(f"Session: {session.label}")
    if session.facilitator:
        lines.append(f"Facilitator: {session.facilitator}")
    if session.head_count is not None:
        lines.append(f"People in the room: {session.head_count}")
    return tuple(lines)


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
            found.append((_started(path, match.group(1)), match.group(1), path))
    return [path for _, _, path in sorted(found)]


def _started(path: Path, stamp: str) -> float:
    """When the session started: the time recorded in the file, else the one in its name."""
    data, _ = read_json(path)
    value = data.get("started_at") if isinstance(data, dict) else None
    if isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value):
        return float(value)
    try:
        return datetime.strptime(stamp[:15], "%Y%m%d-%H%M%S").replace(tzinfo=UTC).timestamp()
    except ValueError:
        return 0.0


def _stem(scenario_id: str) -> str:
    # Scenario ids are already file-name safe; this keeps it so for any id a loader lets through.
    return re.sub(r"[^A-Za-z0-9_-]+", "-", scenario_id) or "session"


def _stamp(seconds: float) -> str:
    try:
        # Milliseconds too: two sessions started in the same second must not share one file.
        return f"{datetime.fromtimestamp(seconds, UTC):%Y%m%d-%H%M%S}-{int(seconds * 1000) % 1000:03d}"
    except (OverflowError, OSError, ValueError):
        return "00000000-000000-000"
