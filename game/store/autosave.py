"""One autosave slot: where the player was, written after every choice so closing the window never
loses a playthrough, and, once play reaches its debrief, what the player has written there so far
(reactions, ratings, the take-home line), so a crash during the debrief loses nothing either. The
play state inside is the engine's own save (game.engine.to_json); the engine's from_json checks it
still fits the scenario when play resumes."""

from __future__ import annotations

import contextlib
import json
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
AUTOSAVE_FILE = "autosave.json"


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


def autosave_path() -> Path:
    return data_dir() / AUTOSAVE_FILE


def save_progress(scenario_path: str, state_json: dict[str, Any], feedback: str,
                  debrief: dict[str, Any] | None = None) -> str | None:
    """Overwrite the slot. Give an absolute scenario path: the game may be started from elsewhere
    next time. None, or a one-line message when it could not be saved (play goes on regardless)."""
    record = {
        "kind": AUTOSAVE_KIND,
        "version": AUTOSAVE_VERSION,
        "scenario_path": str(scenario_path),
        "saved_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "feedback": feedback,
        "state": state_json,
    }
    if debrief is not None:
        record["debrief"] = debrief
    try:
        text = json.dumps(record, indent=2, allow_nan=False) + "\n"
        write_atomic(autosave_path(), text)
    except (OSError, TypeError, ValueError) as error:
        return f"could not autosave: {error}"
    from .playlog import note_saved

    note_saved(str(scenario_path), state_json, feedback, debrief)  # its problems are not the autosave's
    return None


def load_progress() -> tuple[Progress | None, str | None]:
    """(Progress, None); (None, None) when nothing is saved; (None, message) when the slot holds
    something unusable. Never raises: a bad autosave must not stop the game from starting."""
    from .lrs import kick

    kick()  # the game is starting: statements left from an earlier run go out in the background
    try:
        path = autosave_path()
    except OSError:
        return None, None  # no folder, so no save to read (the title says why nothing can be kept)
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


def clear_progress() -> str | None:
    """Empty the slot, e.g. at an ending. None, or a one-line message when it could not be removed."""
    try:
        autosave_path().unlink(missing_ok=True)
    except OSError as error:
        return f"could not remove the autosave: {error}"
    from .playlog import note_left

    note_left()  # the game is over for the records too
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
