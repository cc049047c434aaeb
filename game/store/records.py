"""What the player has completed: per scenario, how often, the last ending and the best result.
The scenario picker shows these on its cards."""

from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

from .atomic import read_json, write_atomic
from .envelope import envelope_problem
from .folders import data_dir

RECORDS_KIND = "outreach-records"
RECORDS_VERSION = 1
RECORDS_FILE = "records.json"


@dataclass(frozen=True, slots=True)
class Record:
    times_completed: int
    last_ending_kind: str
    last_ending_title: str
    best_share_of_best: float  # 0.0 (worst possible) .. 1.0 (best possible), as the caller measured it
    best_ending_kind: str  # the ending reached on that best playthrough


def records_path() -> Path:
    return data_dir() / RECORDS_FILE


def load_records() -> dict[str, Record]:
    """Records by scenario id; {} when there are none or the file cannot be used. Never raises."""
    return _read()[0]


def record_completion(scenario_id: str, ending_kind: str, ending_title: str, share_of_best: float) -> str | None:
    """Count one more completion of `scenario_id`. None, or a one-line message worth telling the
    player: the completion could not be recorded, or the old file was damaged and set aside.

    A damaged file is renamed to records.json.damaged rather than overwritten, so someone can still
    look into it; a file from a newer Outreach is left alone and this completion is not recorded.
    """
    is_number = isinstance(share_of_best, (int, float)) and not isinstance(share_of_best, bool)
    if not (is_number and math.isfinite(share_of_best)):
        raise ValueError(f"share_of_best must be a number from 0 to 1, not {share_of_best!r}")
    share = min(1.0, max(0.0, float(share_of_best)))
    records, problem, newer = _read()
    if newer:
        return f"{problem}; this completion was not recorded"
    try:
        path = records_path()
    except OSError as error:
        return f"could not open the folder of the records ({error}); this completion was not recorded"
    notice = None
    if problem:
        damaged = path.with_name(path.name + ".damaged")
        try:
            path.replace(damaged)
        except OSError as error:
            return f"{problem}; it could not be set aside ({error}), so this completion was not recorded"
        notice = f"{problem}; it was kept as {damaged} and a new records file was started"
    old = records.get(scenario_id)
    if old is None:
        records[scenario_id] = Record(1, ending_kind, ending_title, share, ending_kind)
    else:
        better = share > old.best_share_of_best
        records[scenario_id] = Record(
            old.times_completed + 1, ending_kind, ending_title,
            share if better else old.best_share_of_best, ending_kind if better else old.best_ending_kind,
        )
    document = {
        "kind": RECORDS_KIND,
        "version": RECORDS_VERSION,
        "scenarios": {key: asdict(record) for key, record in sorted(records.items())},
    }
    try:
        write_atomic(path, json.dumps(document, indent=2, allow_nan=False) + "\n")
    except OSError as error:
        return f"could not save the records: {error}"
    from .playlog import note_completion

    return notice or note_completion(scenario_id)


def _read() -> tuple[dict[str, Record], str | None, bool]:
    """(records, what was wrong with the file or None, whether a newer Outreach wrote it).
    One bad entry is skipped, so it does not cost the player all the others."""
    try:
        path = records_path()
    except OSError as error:
        return {}, f"could not open the folder of the records ({error})", False
    data, problem = read_json(path)
    if problem or data is None:
        return {}, problem, False
    problem = envelope_problem(data, path, "records", RECORDS_VERSION, RECORDS_KIND)
    if problem:
        ours = isinstance(data, dict) and data.get("kind") == RECORDS_KIND
        version = data.get("version") if ours else None
        return {}, problem, isinstance(version, int) and version > RECORDS_VERSION
    scenarios = data.get("scenarios")
    if not isinstance(scenarios, dict):
        return {}, f"{path} is damaged (no scenarios)", False
    records = {key: record for key, entry in scenarios.items() if (record := _record(entry)) is not None}
    return records, None, False


def _record(entry: Any) -> Record | None:
    if not isinstance(entry, dict) or not {f.name for f in fields(Record)} <= set(entry):
        return None
    times, share = entry["times_completed"], entry["best_share_of_best"]
    texts = (entry["last_ending_kind"], entry["last_ending_title"], entry["best_ending_kind"])
    if (not isinstance(times, int) or isinstance(times, bool) or times < 1 or not all(isinstance(t, str) for t in texts)
            or not isinstance(share, (int, float)) or isinstance(share, bool) or not 0.0 <= share <= 1.0):
        return None
    return Record(times, texts[0], texts[1], float(share), texts[2])
