"""One autosave per scenario: where the player was, written after every choice so closing the window
never loses a playthrough (and starting another scenario never overwrites it), and, once play reaches its debrief, what the player has written there so far
(reactions, ratings, the take-home line), so a crash during the debrief loses nothing either. The
play state inside is the engine's own save (game.engine.to_json); the engine's from_json checks it
still fits the scenario when play resumes."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from game.formats import SAVE_KIND

from .atomic import read_json, set_aside, write_atomic
from .envelope import envelope_problem
from .folders import data_dir
from .settings import FEEDBACK_MODES

AUTOSAVE_KIND = "outreach-autosave"
AUTOSAVE_VERSION = 1
AUTOSAVE_FILE = "autosave.json"  # the single slot of earlier versions, migrated on first read
LEFTOVERS_DELAY_S = 1.0
AUTOSAVE_FOLDER = "autosaves"
MAX_SLOTS = 200  # a folder filled by something else must not make the title screen slow


@dataclass(frozen=True, slots=True)
class Progress:
    scenario_path: str  # the scenario file the state was played on, as the caller gave it
    state: dict[str, Any]  # game.engine.to_json output; restore with game.engine.from_json
    feedback: str  # "coach" or "assessment"
    saved_at: datetime  # timezone-aware
    debrief: dict[str, Any] | None = None  # the debrief in progress: see DEBRIEF_FIELDS


# What a debrief in progress keeps: text the player typed, ratings 1-5 by principle key, the
# debrief's page, and whether the completion was already counted (so resuming does not count twice).
DEBRIEF_FIELDS = {"reactions": str, "take_home": str, "ratings": dict, "phase": str, "recorded": bool}
MAX_TYPED = 10_000


def legacy_path() -> Path:
    return data_dir() / AUTOSAVE_FILE


def autosave_path(scenario_path: str) -> Path:
    """The slot of one scenario file: its name for a person looking in the folder, and a hash of the
    whole path so two files of the same name never share a slot."""
    stem = re.sub(r"[^a-z0-9-]+", "-", Path(scenario_path).stem.lower()).strip("-")[:40] or "scenario"
    digest = hashlib.sha256(str(scenario_path).encode("utf-8", "surrogatepass")).hexdigest()[:12]
    return data_dir() / AUTOSAVE_FOLDER / f"{stem}-{digest}.json"


def save_progress(scenario_path: str, state_json: dict[str, Any], feedback: str,
                  debrief: dict[str, Any] | None = None) -> str | None:
    """Overwrite this scenario's slot. Give an absolute scenario path: the game may be started from
    elsewhere next time. None, or a one-line message when it could not be saved (play goes on regardless)."""
    record = {
        "kind": AUTOSAVE_KIND,
        "version": AUTOSAVE_VERSION,
        "scenario_path": str(scenario_path),
        # To the microsecond: "the most recent" must tell apart two saves made in the same second.
        "saved_at": datetime.now(UTC).isoformat(timespec="microseconds"),
        "feedback": feedback,
        "state": state_json,
    }
    if debrief is not None:
        record["debrief"] = debrief
    try:
        text = json.dumps(record, indent=2, allow_nan=False) + "\n"
        write_atomic(autosave_path(str(scenario_path)), text)
    except (OSError, TypeError, ValueError) as error:
        return f"could not autosave: {error}"
    from .playlog import note_saved

    note_saved(str(scenario_path), state_json, feedback, debrief)  # its problems are not the autosave's
    return None


def load_progress(scenario_path: str | None = None) -> tuple[Progress | None, str | None]:
    """The saved game of `scenario_path`, or without it the most recently saved of all:
    (Progress, None); (None, None) when nothing is saved; (None, message) when the slot holds
    something unusable. Never raises: a bad autosave must not stop the game from starting."""
    if scenario_path is not None:
        _send_leftovers()
        problem = _migrate()
        try:
            path = autosave_path(str(scenario_path))
        except OSError:
            return None, None  # no folder, so no save to read (the title says why nothing can be kept)
        progress, own = _read(path)
        return progress, own or (problem if progress is None else None)
    saved, problems = list_progress()
    if saved:
        return saved[0], None
    return None, problems[0] if problems else None


def list_progress() -> tuple[list[Progress], list[str]]:
    """Every saved game, the most recent first, and a one-line message for each slot that could not
    be used. Never raises."""
    _send_leftovers()
    problems = [p for p in [_migrate()] if p]
    try:
        folder = data_dir() / AUTOSAVE_FOLDER
        # Every entry, not only regular files: read_json refuses and sets aside a FIFO or a device.
        names = sorted(folder.glob("*.json"))[:MAX_SLOTS] if folder.is_dir() else []
    except OSError:
        return [], problems  # no folder, so no save to read (the title says why nothing can be kept)
    saved = []
    for path in names:
        progress, problem = _read(path)
        if progress is not None:
            saved.append(progress)
        elif problem:
            problems.append(problem)
    saved.sort(key=lambda p: p.saved_at, reverse=True)
    return saved, problems


def clear_progress(scenario_path: str | None = None) -> str | None:
    """Empty this scenario's slot (e.g. at an ending), or every slot when no scenario is given.
    None, or a one-line message when it could not be removed."""
    try:
        if scenario_path is not None:
            autosave_path(str(scenario_path)).unlink(missing_ok=True)
        else:
            legacy_path().unlink(missing_ok=True)
            folder = data_dir() / AUTOSAVE_FOLDER
            for path in folder.glob("*.json") if folder.is_dir() else ():
                path.unlink(missing_ok=True)
    except OSError as error:
        return f"could not remove the autosave: {error}"
    from .playlog import note_left

    note_left()  # the game is over for the records too
    return None


def _read(path: Path) -> tuple[Progress | None, str | None]:
    data, problem = read_json(path, set_aside=True)
    if problem:
        return None, f"{problem}; the autosave was ignored"
    if data is None:
        return None, None
    problem = envelope_problem(data, path, "autosave", AUTOSAVE_VERSION, AUTOSAVE_KIND)
    if problem:
        return None, f"{problem}; the autosave was ignored"
    progress = _progress(data)
    if progress is None:
        target = set_aside(path)
        kept = f"; it was set aside as {target.name}" if target else ""
        return None, f"{path} is damaged (a field is missing or wrong){kept}; the autosave was ignored"
    return progress, None


def _migrate() -> str | None:
    """The single slot of earlier versions becomes its scenario's slot, once: moved only when it is
    readable and no newer save of that scenario exists. A damaged one stays where it is, reported."""
    try:
        old = legacy_path()
        if not os.path.lexists(old):
            return None  # anything else there, a FIFO or a link to a device too, is read safely below
    except OSError:
        return None
    progress, problem = _read(old)
    if progress is None:
        return problem
    try:
        target = autosave_path(progress.scenario_path)
        if not target.exists():
            write_atomic(target, old.read_bytes())
        old.unlink()
    except OSError as error:
        return f"could not move the saved game to its new place: {error}"
    return None


def _progress(data: dict[str, Any]) -> Progress | None:
    scenario_path, state = data.get("scenario_path"), data.get("state")
    feedback, saved_at = data.get("feedback"), data.get("saved_at")
    # A path holding a NUL, or absurdly long, names no scenario file: the save is damaged.
    if not (isinstance(scenario_path, str) and scenario_path and "\x00" not in scenario_path
            and len(scenario_path) <= 4096 and isinstance(state, dict)
            and state.get("kind") == SAVE_KIND and feedback in FEEDBACK_MODES and isinstance(saved_at, str)):
        return None
    with contextlib.suppress(ValueError):
        when = datetime.fromisoformat(saved_at)
        # A time without a zone is read as UTC, so saved_at can always be compared with now().
        return Progress(scenario_path, state, feedback, when if when.tzinfo else when.replace(tzinfo=UTC),
                        _debrief(data.get("debrief")))
    return None


def _debrief(data: Any) -> dict[str, Any] | None:
    """The debrief in progress if it is well formed, else None (the playthrough still resumes)."""
    if not isinstance(data, dict) or not all(isinstance(data.get(k), t) for k, t in DEBRIEF_FIELDS.items()):
        return None
    ratings = {k: v for k, v in data["ratings"].items()
               if isinstance(k, str) and isinstance(v, int) and not isinstance(v, bool) and 1 <= v <= 5}
    return {"reactions": data["reactions"][:MAX_TYPED], "take_home": data["take_home"][:MAX_TYPED],
            "ratings": ratings, "phase": data["phase"], "recorded": data["recorded"]}


def _send_leftovers() -> None:
    """The game is starting: statements left from an earlier run go out in the background. The
    sender's machinery (xAPI, the scenario model) loads in that thread, after a pause, so the title
    is on screen before any of it is imported."""
    def later() -> None:
        time.sleep(LEFTOVERS_DELAY_S)
        try:
            from .lrs import kick

            kick()
        except Exception:  # noqa: BLE001 - sending is best effort; the queue keeps everything for next time
            pass

    threading.Thread(target=later, name="outreach-leftovers", daemon=True).start()
