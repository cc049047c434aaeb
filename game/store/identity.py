"""Who is playing, privacy first.

A trainee is anonymous by default: a random local id made on first use, kept in the config folder
(trainee.json). A name or a staff id is recorded only when the trainee gives one (`outreach trainee
--name ... --staff-id ...`). An organisation can set defaults for all its laptops in a config file:
config_dir()/organisation.json, or the file OUTREACH_ORGANISATION names. Nothing leaves the machine
unless a Learning Record Store is configured (game.store.lrs).
"""

from __future__ import annotations

import json
import os
import re
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from game.records.xapi import DEFAULT_BASE

from .atomic import read_json, write_atomic
from .folders import config_dir

TRAINEE_FILE = "trainee.json"
ORGANISATION_FILE = "organisation.json"
ORGANISATION_VARIABLE = "OUTREACH_ORGANISATION"
DEFAULT_HOMEPAGE = "https://outreach.invalid"
MAX_FIELD = 120
MAX_CONFIG_BYTES = 64 * 1024
_URL = re.compile(r"^https?://[^\s/$.?#][^\s]*$")


@dataclass(frozen=True, slots=True)
class Organisation:
    name: str | None = None
    homepage: str = DEFAULT_HOMEPAGE  # the account homePage of trainees' xAPI identities
    activity_base: str = DEFAULT_BASE  # where the IRIs of scenarios and moments start
    label: str | None = None  # recorded on every playthrough unless the trainee sets another
    lrs_url: str | None = None
    lrs_key: str | None = None


@dataclass(frozen=True, slots=True)
class Trainee:
    local_id: str
    name: str | None = None
    staff_id: str | None = None
    label: str | None = None

    @property
    def key(self) -> str:
        """How records name this trainee: by staff id when given, else by the local id."""
        return f"staff:{self.staff_id}" if self.staff_id else f"local:{self.local_id}"


def organisation() -> tuple[Organisation, str | None]:
    """The organisation's defaults and None, or the built-in defaults and a one-line problem."""
    named = os.environ.get(ORGANISATION_VARIABLE)
    try:
        path = Path(named).expanduser() if named else config_dir() / ORGANISATION_FILE
    except OSError as error:
        return Organisation(), f"could not open the config folder ({error})"
    data, problem = _read_small(path)
    if problem or data is None:
        return Organisation(), problem
    if not isinstance(data, dict):
        return Organisation(), f"{path} is not an organisation file (it holds no object)"
    values: dict[str, Any] = {}
    rejected = []
    for key in ("name", "homepage", "activity_base", "label", "lrs_url", "lrs_key"):
        value = data.get(key)
        if value is None:
            continue
        if not isinstance(value, str) or not value.strip() or len(value) > 500 or (
                key in ("homepage", "activity_base", "lrs_url") and not _URL.match(value)):
            rejected.append(key)
            continue
        values[key] = value.strip().rstrip("/") if key in ("homepage", "activity_base", "lrs_url") else value.strip()
    organisation_ = Organisation(**values)
    if rejected:
        return organisation_, f"{path}: unusable value for {', '.join(rejected)}; using the default there"
    return organisation_, None


def trainee() -> Trainee:
    """This laptop's trainee; makes the anonymous local id on first use. Never raises: when the
    file cannot be written, the id lives for this run only (records still work)."""
    try:
        path = config_dir() / TRAINEE_FILE
    except OSError:
        return Trainee(_new_id())
    data, _problem = _read_small(path)
    if isinstance(data, dict) and isinstance(data.get("local_id"), str) and re.fullmatch(r"[0-9a-f]{32}", data["local_id"]):
        return Trainee(data["local_id"], _text(data.get("name")), _text(data.get("staff_id")), _text(data.get("label")))
    fresh = Trainee(_new_id())
    _write(path, fresh)
    return fresh


def set_trainee(name: str | None = ..., staff_id: str | None = ..., label: str | None = ...) -> Trainee:
    """Change what the trainee gave (pass None or "" to remove a field, leave out to keep it).
    Raises OSError when it cannot be saved, and ValueError for a value too long or on many lines."""
    current = trainee()
    values = {"name": current.name, "staff_id": current.staff_id, "label": current.label}
    for key, value in (("name", name), ("staff_id", staff_id), ("label", label)):
        if value is ...:
            continue
        if value is not None and (len(value) > MAX_FIELD or "\n" in value or "\r" in value):
            raise ValueError(f"the {key.replace('_', ' ')} must be one line of at most {MAX_FIELD} characters")
        values[key] = _text(value)
    updated = Trainee(current.local_id, **values)
    _write(config_dir() / TRAINEE_FILE, updated, strict=True)
    return updated


def actor(person: Trainee, org: Organisation) -> dict[str, Any]:
    """The trainee as an xAPI Agent: an account on the organisation's homepage, named by the staff
    id when given, else by the anonymous local id; their name only when they gave one."""
    agent: dict[str, Any] = {"objectType": "Agent",
                             "account": {"homePage": org.homepage, "name": person.staff_id or person.local_id}}
    if person.name:
        agent["name"] = person.name
    return agent


def _new_id() -> str:
    return uuid.uuid4().hex


def _text(value: Any) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def _write(path: Path, person: Trainee, strict: bool = False) -> None:
    document = {"version": 1, "local_id": person.local_id}
    document.update({k: v for k, v in (("name", person.name), ("staff_id", person.staff_id),
                                       ("label", person.label)) if v})
    try:
        write_atomic(path, json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    except OSError:
        if strict:
            raise


def _read_small(path: Path) -> tuple[Any | None, str | None]:
    """read_json for a config file someone else may have put there: only a regular file, and small."""
    try:
        info = path.stat()
    except FileNotFoundError:
        return None, None
    except OSError as error:
        return None, f"could not read {path}: {error.strerror or error}"
    import stat

    if not stat.S_ISREG(info.st_mode):
        return None, f"{path} is not a regular file; it was ignored"
    if info.st_size > MAX_CONFIG_BYTES:
        return None, f"{path} is larger than {MAX_CONFIG_BYTES // 1024} KB; it was ignored"
    return read_json(path)
