"""Names written into files the game stores, and the check every such record of a scenario
passes before it is trusted, shared by the layers that write and read them."""

from __future__ import annotations

from typing import Any

SAVE_KIND = "outreach-play-state"


def record_header(kind: str, version: int, scenario_id: str, content_hash: str) -> dict[str, Any]:
    """The fields every stored record of a scenario starts with; check_record reads them back."""
    return {"kind": kind, "version": version, "scenario": scenario_id, "content_hash": content_hash}


def check_record(data: Any, scenario_id: str, content_hash: str | None, *, kind: str, version: int, oldest: int,
                 noun: str, made: str, error: type[Exception]) -> None:
    """Raise `error` with a message for the player unless `data` is a `kind` record, in a version
    this Outreach reads, of this very scenario file (of any version of it when `content_hash` is
    None: the caller then checks the record still fits the file)."""
    if not isinstance(data, dict) or data.get("kind") != kind:
        raise error(f"this is not an Outreach {noun}")
    found = data.get("version")
    if not isinstance(found, int) or isinstance(found, bool) or found > version:
        raise error(f"this {noun} was {made} by a newer version of Outreach")
    if found < oldest:
        raise error(f"this {noun} was {made} by an older version of Outreach that is no longer supported")
    if data.get("scenario") != scenario_id:
        raise error(f"this {noun} belongs to the scenario '{data.get('scenario')}', not '{scenario_id}'")
    if content_hash is not None and data.get("content_hash") != content_hash:
        raise error(f"the scenario file has changed since this {noun} was {made}, so it cannot be resumed")
