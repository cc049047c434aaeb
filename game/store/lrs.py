"""Sending the queued xAPI statements to the organisation's Learning Record Store.

Statements are written to the records store first (game.store.playlog); this module sends them,
in a background thread while playing (never blocking the window or the terminal), or at once with
`outreach lrs send`. A statement is marked sent only after the LRS accepted it; a failure waits
longer each time (backoff) before the next try. Ids are fixed per event, so a statement sent twice
(a crash between the LRS's answer and our note of it) is stored once: the LRS answers a repeat with
204 or 409, and both count as delivered.

Configuration: config_dir()/lrs.json (endpoint and key) and config_dir()/lrs-secret (user-only
permissions), or OUTREACH_LRS_URL / OUTREACH_LRS_KEY / OUTREACH_LRS_SECRET, or the organisation's
defaults (game.store.identity). Nothing is sent when no endpoint is set.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import random
import sqlite3
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .atomic import write_atomic
from .folders import HOME_VARIABLE, config_dir
from .identity import _read_small, organisation
from .records_db import RecordsError, connect, transaction

CONFIG_FILE = "lrs.json"
SECRET_FILE = "lrs-secret"
URL_VARIABLE, KEY_VARIABLE, SECRET_VARIABLE = "OUTREACH_LRS_URL", "OUTREACH_LRS_KEY", "OUTREACH_LRS_SECRET"
OFF_VARIABLE = "OUTREACH_LRS_OFF"  # set: statements are queued but not sent in the background
BATCH = 50
TIMEOUT = 10.0
FIRST_WAIT, LONGEST_WAIT = 5.0, 3600.0
XAPI_HEADER = {"X-Experience-API-Version": "1.0.3"}


@dataclass(frozen=True, slots=True)
class Endpoint:
    url: str  # the LRS's xAPI endpoint, without a trailing slash; statements are at url + "/statements"
    key: str
    secret: str

    def headers(self) -> dict[str, str]:
        token = base64.b64encode(f"{self.key}:{self.secret}".encode()).decode()
        return {**XAPI_HEADER, "Authorization": f"Basic {token}", "Content-Type": "application/json"}


@dataclass(frozen=True, slots=True)
class Outcome:
    sent: int
    failed: int  # statements that were tried and must wait for a later try
    message: str | None  # what went wrong last, in one line


# Configuration ------------------------------------------------------------------------------------

def endpoint() -> tuple[Endpoint | None, str | None]:
    """The configured LRS, or None (and why, when a setting is unusable)."""
    org, _ = organisation()
    try:
        folder = config_dir()
    except OSError as error:
        return None, f"could not open the config folder ({error})"
    data, problem = _read_small(folder / CONFIG_FILE)
    saved = data if isinstance(data, dict) else {}
    url = os.environ.get(URL_VARIABLE) or saved.get("url") or org.lrs_url
    key = os.environ.get(KEY_VARIABLE) or saved.get("key") or org.lrs_key
    secret = os.environ.get(SECRET_VARIABLE)
    if secret is None:
        secret = _read_secret(folder / SECRET_FILE)
    if not url:
        return None, problem
    if not isinstance(url, str) or not url.startswith(("http://", "https://")):
        return None, f"the LRS address {url!r} does not start with http:// or https://"
    if not key or secret is None:
        return None, "the LRS key or secret is missing: run 'outreach lrs set URL --key K --secret S'"
    return Endpoint(url.rstrip("/"), str(key), secret), None


def save_endpoint(url: str, key: str, secret: str) -> Path:
    """Keep the endpoint and key in lrs.json and the secret in its own file that only this user can
    read. Raises OSError, ValueError for an address that is not http(s)."""
    if not url.startswith(("http://", "https://")):
        raise ValueError(f"'{url}' is not an http:// or https:// address")
    folder = config_dir()
    _write_private(folder / SECRET_FILE, secret)
    write_atomic(folder / CONFIG_FILE, json.dumps({"version": 1, "url": url.rstrip("/"), "key": key}, indent=2) + "\n")
    return folder / CONFIG_FILE


def _write_private(path: Path, text: str) -> None:
    temp = path.with_name(f".{path.name}.{os.urandom(6).hex()}.tmp")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as file:
            file.write(text)
            file.flush()
            os.fsync(file.fileno())
        os.chmod(temp, 0o600)  # whatever the umask said
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise


def _read_secret(path: Path) -> str | None:
    try:
        if not path.is_file() or path.stat().st_size > 4096:
            return None
        return path.read_text(encoding="utf-8").strip("\n")
    except (OSError, UnicodeDecodeError):
        return None


# The queue ----------------------------------------------------------------------------------------

def queue_counts() -> dict[str, int]:
    db = connect()
    row = db.execute("SELECT COUNT(*) AS total, COUNT(sent_at) AS sent, "
                     "SUM(CASE WHEN sent_at IS NULL AND attempts > 0 THEN 1 ELSE 0 END) AS retrying "
                     "FROM statements").fetchone()
    return {"queued": row["total"] - row["sent"], "sent": row["sent"], "retrying": row["retrying"] or 0}


def last_error() -> str | None:
    row = connect().execute("SELECT last_error FROM statements WHERE sent_at IS NULL AND last_error IS NOT NULL "
                            "ORDER BY next_try DESC LIMIT 1").fetchone()
    return row["last_error"] if row else None


def send_due(target: Endpoint, force: bool = False, now: float | None = None) -> Outcome:
    """Send every queued statement whose next try has come (all of them with `force`), in batches,
    oldest first. Stops at the first failure that is not about one statement (the LRS is down, the
    key is wrong): those statements wait for their next try."""
    from .playlog import backfill_sessions

    backfill_sessions()
    sent = failed = 0
    message = None
    skip: set[str] = set()
    while True:
        moment = time.time() if now is None else now
        rows = connect().execute(
            "SELECT id, body, attempts FROM statements WHERE sent_at IS NULL AND (? OR next_try <= ?) "
            "ORDER BY created_at, rowid LIMIT ?", (int(force), moment, BATCH + len(skip))).fetchall()
        rows = [r for r in rows if r["id"] not in skip][:BATCH]
        if not rows:
            return Outcome(sent, failed, message)
        status, detail = _post(target, [json.loads(r["body"]) for r in rows])
        if status in (200, 204):
            _mark_sent([r["id"] for r in rows])
            sent += len(rows)
            continue
        if status == 409 or (status == 400 and len(rows) > 1):
            # Some are already there (409) or one is refused (400): one at a time, by id, tells which.
            for row in rows:
                one, why = _put(target, json.loads(row["body"]))
                if one in (200, 204, 409):
                    _mark_sent([row["id"]])
                    sent += 1
                elif one is not None and 400 <= one < 500 and one not in (401, 403, 404, 429):
                    _retry_later([row], f"the LRS refused statement {row['id']}: {why}", moment)
                    skip.add(row["id"])
                    failed += 1
                    message = f"the LRS refused statement {row['id']}: {why}"
                else:
                    _retry_later([row], why, moment)
                    return Outcome(sent, failed + 1, why)
            continue
        message = detail
        _retry_later(rows, detail, moment)
        return Outcome(sent, failed + len(rows), message)


def _post(target: Endpoint, statements: list[dict[str, Any]]) -> tuple[int | None, str]:
    return _request(target, "POST", f"{target.url}/statements", statements)


def _put(target: Endpoint, statement: dict[str, Any]) -> tuple[int | None, str]:
    from urllib.parse import quote

    return _request(target, "PUT", f"{target.url}/statements?statementId={quote(statement['id'])}", statement)


def _request(target: Endpoint, method: str, url: str, body: Any) -> tuple[int | None, str]:
    data = json.dumps(body, ensure_ascii=False).encode("utf-8")
    request = urllib.request.Request(url, data=data, method=method, headers=target.headers())
    try:
        with _opener().open(request, timeout=TIMEOUT) as response:
            response.read(1 << 20)
            return response.status, f"{response.status}"
    except urllib.error.HTTPError as error:
        text = error.read(2000).decode("utf-8", "replace").strip().replace("\n", " ")
        return error.code, f"the LRS answered {error.code} {error.reason}: {text[:300]}"
    except (urllib.error.URLError, OSError, ValueError) as error:
        reason = getattr(error, "reason", error)
        return None, f"could not reach the LRS at {target.url} ({reason})"


def _opener() -> urllib.request.OpenerDirector:
    # No proxy from the environment: statements go to the address the organisation configured.
    return urllib.request.build_opener(urllib.request.ProxyHandler({}))


def check(target: Endpoint) -> tuple[bool, str]:
    """Ask the LRS's /about resource; (True, its versions) or (False, why not)."""
    request = urllib.request.Request(f"{target.url}/about", headers=target.headers(), method="GET")
    try:
        with _opener().open(request, timeout=5.0) as response:
            about = json.loads(response.read(65536).decode("utf-8", "replace") or "{}")
            return True, "xAPI " + ", ".join(map(str, about.get("version", []))) if isinstance(about, dict) else "ok"
    except urllib.error.HTTPError as error:
        if error.code != 404:
            return False, f"the LRS answered {error.code} {error.reason}"
    except (urllib.error.URLError, OSError, ValueError) as error:
        return False, f"could not reach the LRS ({getattr(error, 'reason', error)})"
    # Some LRSs have no /about: a one-statement query shows the endpoint and the key work.
    request = urllib.request.Request(f"{target.url}/statements?limit=1", headers=target.headers(), method="GET")
    try:
        with _opener().open(request, timeout=5.0) as response:
            response.read(1 << 20)
            return True, "statements can be read"
    except urllib.error.HTTPError as error:
        return False, f"the LRS answered {error.code} {error.reason}"
    except (urllib.error.URLError, OSError, ValueError) as error:
        return False, f"could not reach the LRS ({getattr(error, 'reason', error)})"


def _mark_sent(ids: list[str]) -> None:
    stamp = datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
    with transaction() as db:
        db.executemany("UPDATE statements SET sent_at = ?, last_error = NULL WHERE id = ?", [(stamp, i) for i in ids])


def _retry_later(rows, why: str, now: float) -> None:
    with transaction() as db:
        db.executemany("UPDATE statements SET attempts = attempts + 1, next_try = ?, last_error = ? WHERE id = ?",
                       [(now + wait(row["attempts"] + 1), why, row["id"]) for row in rows])


def wait(attempts: int) -> float:
    """Seconds before try number `attempts` + 1: doubling from FIRST_WAIT up to LONGEST_WAIT, with a
    little jitter so many laptops coming back online do not knock at once."""
    base = min(FIRST_WAIT * 2 ** max(attempts - 1, 0), LONGEST_WAIT)
    return base * random.uniform(0.8, 1.2)


# The background sender ----------------------------------------------------------------------------

_worker: threading.Thread | None = None
_wake = threading.Event()
_lock = threading.Lock()


def kick() -> None:
    """Send what is due, in the background. Returns at once; does nothing without an LRS."""
    global _worker
    if os.environ.get(OFF_VARIABLE):
        return
    try:
        target, _ = endpoint()
    except (OSError, ValueError):  # whatever the config folder does, play goes on
        return
    if target is None:
        return
    with _lock:
        if _worker is not None and _worker.is_alive():
            _wake.set()
            return
        _worker = threading.Thread(target=_run, args=(os.environ.get(HOME_VARIABLE),), name="outreach-lrs",
                                   daemon=True)
        _worker.start()


def _run(home: str | None) -> None:
    try:
        while True:
            _wake.clear()
            if os.environ.get(HOME_VARIABLE) != home:
                return  # the user folders moved (tests do): this sender belongs to the old ones
            target, _ = endpoint()
            if target is None:
                return
            try:
                send_due(target)
                row = connect().execute("SELECT MIN(next_try) AS soonest FROM statements WHERE sent_at IS NULL").fetchone()
            except (RecordsError, sqlite3.Error):
                return
            if row["soonest"] is None:
                with _lock:  # a kick that came while sending must not be lost with this thread
                    if not _wake.is_set():
                        return
                continue
            _wake.wait(timeout=max(row["soonest"] - time.time(), 0.5))
    finally:
        from .records_db import close_all

        close_all()
