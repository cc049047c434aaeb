"""Moving records between laptops: `outreach export` writes everything (or what matches) as one
JSON file, and `outreach import FILE...` adds such files, session records (JSON from facilitator
mode's autosave or its export) and old completion files, skipping what is already here. The
records and session files that came before the records store are imported once, by the same code,
and left where they were."""

from __future__ import annotations

import hashlib
import json
import stat
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from game.facilitation import SESSION_KIND

from . import playlog
from .folders import data_dir
from .records import RECORDS_FILE, RECORDS_KIND
from .records_db import RecordsError, transaction

EXPORT_KIND = "outreach-records-export"
EXPORT_VERSION = 1
MAX_IMPORT_BYTES = 256 * 1024 * 1024
PLAY_COLUMNS = ("id", "trainee", "trainee_name", "label", "origin", "scenario_id", "content_hash", "seed", "feedback",
                "mode", "status", "started_at", "updated_at", "completed_at", "path", "node", "totals", "ending_node",
                "ending_kind", "ending_title", "share", "best", "worst", "reactions", "self_ratings", "take_home", "reflected_at",
                "sitting")
STEP_COLUMNS = ("seq", "kind", "at", "seconds", "moment", "node", "choice", "offered", "counted")
SESSION_COLUMNS = ("id", "facilitator", "facilitator_name", "label", "origin", "scenario_id", "content_hash",
                   "started_at", "updated_at", "ended")


@dataclass
class Imported:
    playthroughs: int = 0
    sessions: int = 0
    skipped: int = 0  # records already here
    seen_before: bool = False  # this very file was imported before: nothing in it was read again
    completions: int = 0  # old completion counts


def export_records(target: Path, since: str | None = None) -> dict[str, int]:
    """Write the records (started on or after `since`) to `target` as one JSON file. Raises
    RecordsError, OSError."""
    from .atomic import write_atomic
    from .records_db import connect

    db = connect()
    plays = [dict(r) for r in db.execute("SELECT * FROM playthroughs WHERE started_at >= ? ORDER BY started_at",
                                          (since or "",))]
    steps: dict[str, list] = {}
    for row in db.execute("SELECT * FROM steps ORDER BY playthrough, seq"):
        steps.setdefault(row["playthrough"], []).append({k: row[k] for k in STEP_COLUMNS})
    sessions = [dict(r) for r in db.execute("SELECT * FROM sessions ORDER BY started_at")]
    if since:
        from .cohort import _epoch

        sessions = [s for s in sessions if s["started_at"] >= _epoch(since)]
    used = {(p["scenario_id"], p["content_hash"]) for p in plays} | {(s["scenario_id"], s["content_hash"]) for s in sessions}
    versions = [json.loads(r["data"]) for r in db.execute("SELECT scenario_id, content_hash, data FROM scenario_versions")
                if (r["scenario_id"], r["content_hash"]) in used]
    document = {
        "kind": EXPORT_KIND, "version": EXPORT_VERSION, "exported_at": datetime.now().astimezone().isoformat(),
        "scenario_versions": versions,
        "playthroughs": [{**{k: p[k] for k in PLAY_COLUMNS}, "steps": steps.get(p["id"], [])} for p in plays],
        "sessions": [{**{k: s[k] for k in SESSION_COLUMNS}, "record": json.loads(s["record"])} for s in sessions],
    }
    write_atomic(target, json.dumps(document, ensure_ascii=False, indent=1) + "\n")
    return {"playthroughs": len(plays), "sessions": len(sessions)}


def import_file(path: Path, label: str | None = None) -> tuple[Imported | None, str | None]:
    """Add one file's records. (what was added, None) or (None, a one-line problem)."""
    data, problem = _read(path)
    if problem:
        return None, problem
    raw, document = data
    digest = hashlib.sha256(raw).hexdigest()
    try:
        with transaction(durable=True) as db:
            if db.execute("SELECT 1 FROM imports WHERE digest = ?", (digest,)).fetchone():
                return Imported(seen_before=True), None
            result = _import(db, document, str(path), label)
            if result is None:
                return None, (f"{path} is not an Outreach records export, session record or completion file")
            db.execute("INSERT INTO imports (digest, source, at) VALUES (?, ?, ?)",
                       (digest, str(path), playlog.iso(playlog.now_utc())))
    except RecordsError as error:
        return None, str(error)
    except (KeyError, TypeError, ValueError, IndexError, AttributeError) as error:
        return None, f"{path} is damaged ({type(error).__name__}: {error}); nothing from it was added"
    return result, None


def import_legacy(db) -> None:
    """Once per records store: the completion file and session autosaves from before it existed.
    They stay where they are; a damaged one is skipped (the picker and the facilitator still read
    them as before)."""
    folder = data_dir()
    sources = [folder / RECORDS_FILE, *sorted((folder / "sessions").glob("*.json"))]
    for path in sources:
        data, problem = _read(path)
        if problem or data is None:
            continue
        raw, document = data
        digest = hashlib.sha256(raw).hexdigest()
        if db.execute("SELECT 1 FROM imports WHERE digest = ?", (digest,)).fetchone():
            continue
        try:
            db.execute("SAVEPOINT legacy")
            if _import(db, document, f"earlier file {path.name}", None) is not None:
                db.execute("INSERT INTO imports (digest, source, at) VALUES (?, ?, ?)",
                           (digest, str(path), playlog.iso(playlog.now_utc())))
            db.execute("RELEASE legacy")
        except (KeyError, TypeError, ValueError, IndexError, AttributeError):
            db.execute("ROLLBACK TO legacy")
            db.execute("RELEASE legacy")


def _import(db, document: Any, origin: str, label: str | None) -> Imported | None:
    if not isinstance(document, dict):
        return None
    kind = document.get("kind")
    now = playlog.now_utc()
    result = Imported()
    if kind == SESSION_KIND:
        _add_session(db, document, origin, label, result, now)
        return result
    if kind == RECORDS_KIND and isinstance(document.get("scenarios"), dict):
        for scenario_id, entry in document["scenarios"].items():
            if isinstance(entry, dict):
                old = db.execute("SELECT data FROM legacy_completions WHERE scenario_id = ?", (scenario_id,)).fetchone()
                if old is None:
                    db.execute("INSERT INTO legacy_completions (scenario_id, data, imported_at) VALUES (?, ?, ?)",
                               (scenario_id, json.dumps(entry), playlog.iso(now)))
                    result.completions += int(entry.get("times_completed", 0))
                else:
                    result.skipped += 1
        return result
    if kind != EXPORT_KIND or document.get("version") != EXPORT_VERSION:
        return None
    for version in document.get("scenario_versions", []):
        db.execute("INSERT OR IGNORE INTO scenario_versions (scenario_id, content_hash, title, data) VALUES (?, ?, ?, ?)",
                   (version["id"], version["content_hash"], version["title"], json.dumps(version)))
    for play in document.get("playthroughs", []):
        if db.execute("SELECT 1 FROM playthroughs WHERE id = ?", (play["id"],)).fetchone():
            result.skipped += 1
            continue
        values = {k: play.get(k) for k in PLAY_COLUMNS}
        values["origin"] = origin
        if label:
            values["label"] = label
        if values["status"] == "open":
            values["status"] = "abandoned"  # nobody will go on with it here
        db.execute(f"INSERT INTO playthroughs ({', '.join(PLAY_COLUMNS)}) VALUES ({', '.join('?' * len(PLAY_COLUMNS))})",
                   [values[k] for k in PLAY_COLUMNS])
        db.executemany(f"INSERT INTO steps (playthrough, {', '.join(STEP_COLUMNS)}) "
                       f"VALUES (?, {', '.join('?' * len(STEP_COLUMNS))})",
                       [[play["id"], *[s.get(k) for k in STEP_COLUMNS]] for s in play.get("steps", [])])
        row = db.execute("SELECT * FROM playthroughs WHERE id = ?", (play["id"],)).fetchone()
        version = playlog._stored_version(db, row["scenario_id"], row["content_hash"])
        if version is not None:
            steps = [dict(s) for s in db.execute("SELECT * FROM steps WHERE playthrough = ? ORDER BY seq", (play["id"],))]
            playlog._enqueue(db, playlog.playthrough_statements(row, steps, version), now)
        result.playthroughs += 1
    for session in document.get("sessions", []):
        _add_session(db, session["record"], origin, label or session.get("label"), result, now,
                     facilitator=(session.get("facilitator"), session.get("facilitator_name")))
    return result


def _add_session(db, record: dict[str, Any], origin: str, label: str | None, result: Imported, now,
                 facilitator: tuple[str | None, str | None] | None = None) -> None:
    for key in ("scenario", "content_hash", "started_at", "seed", "branches"):
        if key not in record:
            raise KeyError(key)
    identity = playlog.session_uuid(record)
    if db.execute("SELECT 1 FROM sessions WHERE id = ?", (identity,)).fetchone():
        result.skipped += 1
        return
    playlog.store_session(db, record, origin, label, now)
    if facilitator and facilitator[0]:
        db.execute("UPDATE sessions SET facilitator = ?, facilitator_name = ? WHERE id = ?",
                   (facilitator[0], facilitator[1], identity))
    result.sessions += 1


def _read(path: Path) -> tuple[tuple[bytes, Any] | None, str | None]:
    """The bytes and JSON of a file someone handed us: a regular file only, and not huge."""
    try:
        info = path.stat()
    except FileNotFoundError:
        return None, f"{path}: no such file"
    except OSError as error:
        return None, f"{path}: cannot be read ({error.strerror or error})"
    if not stat.S_ISREG(info.st_mode):
        return None, f"{path} is not a regular file"
    if info.st_size > MAX_IMPORT_BYTES:
        return None, f"{path} is larger than {MAX_IMPORT_BYTES // (1024 * 1024)} MB"
    try:
        with open(path, "rb") as file:
            raw = file.read(MAX_IMPORT_BYTES + 1)
        return (raw, json.loads(raw.decode("utf-8"))), None
    except OSError as error:
        return None, f"{path}: cannot be read ({error.strerror or error})"
    except (UnicodeDecodeError, ValueError, RecursionError):
        return None, f"{path} is not JSON (an Outreach export is a .json file)"


__all__ = ["EXPORT_KIND", "Imported", "export_records", "import_file", "import_legacy"]
