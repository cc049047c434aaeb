"""The records store: one SQLite database in the user data folder (stdlib sqlite3, WAL).

Every write is one transaction, so a kill at any moment leaves the database as it was after the
last complete step. The schema carries a version (PRAGMA user_version); MIGRATIONS[n] takes a
database from version n to n + 1, and a database from a newer Outreach is left alone.

Callers in play never see an exception from here: `transaction()` raises RecordsError (with a
one-line message), and the recording functions turn that into a returned message.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import stat
import threading
from pathlib import Path
from typing import Iterator

from .folders import data_dir

DATABASE_FILE = "records.sqlite3"
BUSY_MS = 5000

MIGRATIONS: tuple[str, ...] = (
    # 0 -> 1: the first schema.
    """
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE scenario_versions (
        scenario_id TEXT NOT NULL, content_hash TEXT NOT NULL, title TEXT NOT NULL, data TEXT NOT NULL,
        PRIMARY KEY (scenario_id, content_hash));
    CREATE TABLE playthroughs (
        id TEXT PRIMARY KEY,            -- a UUID; also the xAPI registration
        trainee TEXT NOT NULL,          -- 'local:<random id>' or 'staff:<staff id>'
        trainee_name TEXT, label TEXT,
        origin TEXT NOT NULL,           -- 'local', or the file it was imported from
        scenario_id TEXT NOT NULL, content_hash TEXT NOT NULL, seed INTEGER NOT NULL,
        feedback TEXT NOT NULL, mode TEXT NOT NULL,
        status TEXT NOT NULL,           -- 'open', 'completed' or 'abandoned'
        started_at TEXT NOT NULL, updated_at TEXT NOT NULL, completed_at TEXT,
        path TEXT NOT NULL,             -- JSON [[node, authored index], ...]: how play got here
        node TEXT NOT NULL,             -- where play is now
        totals TEXT NOT NULL,           -- JSON, six numbers in principle order
        ending_node TEXT, ending_kind TEXT, ending_title TEXT, share REAL,
        best TEXT, worst TEXT,          -- JSON: the best and worst totals possible, as the debrief showed them
        reactions TEXT, self_ratings TEXT, take_home TEXT, reflected_at TEXT,
        sitting TEXT                    -- the run of the program that last played it (cmi5 session id)
    );
    CREATE INDEX playthroughs_open ON playthroughs (status, mode);
    CREATE INDEX playthroughs_scenario ON playthroughs (scenario_id, started_at);
    CREATE TABLE steps (
        playthrough TEXT NOT NULL REFERENCES playthroughs (id), seq INTEGER NOT NULL,
        kind TEXT NOT NULL,             -- 'choice' or 'back'
        at TEXT NOT NULL, seconds REAL, -- seconds since the previous step (None when unknown)
        moment INTEGER NOT NULL,        -- 1-based moment the step was taken at (for 'back': left)
        node TEXT NOT NULL, choice INTEGER, offered TEXT, counted INTEGER,
        PRIMARY KEY (playthrough, seq));
    CREATE TABLE sessions (
        id TEXT PRIMARY KEY,            -- a UUID named after the session's scenario, file and start
        facilitator TEXT NOT NULL, facilitator_name TEXT, label TEXT, origin TEXT NOT NULL,
        scenario_id TEXT NOT NULL, content_hash TEXT NOT NULL, started_at REAL NOT NULL,
        updated_at TEXT NOT NULL, ended INTEGER NOT NULL, record TEXT NOT NULL);
    CREATE TABLE statements (
        id TEXT PRIMARY KEY, registration TEXT NOT NULL, created_at TEXT NOT NULL, body TEXT NOT NULL,
        sent_at TEXT, attempts INTEGER NOT NULL DEFAULT 0, next_try REAL NOT NULL DEFAULT 0, last_error TEXT);
    CREATE INDEX statements_due ON statements (sent_at, next_try);
    CREATE TABLE imports (digest TEXT PRIMARY KEY, source TEXT NOT NULL, at TEXT NOT NULL);
    CREATE TABLE legacy_completions (scenario_id TEXT PRIMARY KEY, data TEXT NOT NULL, imported_at TEXT NOT NULL);
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)


class RecordsError(Exception):
    """The records store cannot be used right now; the message says why, in one line."""


def database_path() -> Path:
    return data_dir() / DATABASE_FILE


_local = threading.local()


def connect(path: Path | None = None) -> sqlite3.Connection:
    """This thread's connection to the database at `path` (the user's by default), migrated to
    the current schema. Raises RecordsError."""
    try:
        path = path or database_path()
    except OSError as error:
        raise RecordsError(f"could not open the folder of the records ({error})") from None
    cache = getattr(_local, "connections", None)
    if cache is None:
        cache = _local.connections = {}
    key = str(path)
    connection = cache.get(key)
    if connection is not None:
        return connection
    _set_aside_if_not_a_file(path)
    try:
        connection = sqlite3.connect(key, timeout=BUSY_MS / 1000, isolation_level=None)
        connection.row_factory = sqlite3.Row
        connection.execute(f"PRAGMA busy_timeout = {BUSY_MS}")
        connection.execute("PRAGMA journal_mode = WAL")
        # NORMAL in WAL mode: a committed step survives the program being killed at any moment,
        # and costs play a fraction of a millisecond instead of a disk flush (~8 ms here, more on
        # a slow disk). A power cut may lose the last steps but never damages the database; a
        # durable transaction (an ending, an import) flushes everything before it too.
        connection.execute("PRAGMA synchronous = NORMAL")
        connection.execute("PRAGMA foreign_keys = ON")
        _migrate(connection, path)
        if connection.execute("SELECT 1 FROM meta WHERE key = 'legacy_imported'").fetchone() is None:
            _import_legacy(connection)
    except sqlite3.DatabaseError as error:
        with contextlib.suppress(Exception):
            connection.close()
        raise RecordsError(f"the records database {path} cannot be used ({error})") from None
    cache[key] = connection
    return connection


def _set_aside_if_not_a_file(path: Path) -> None:
    """SQLite opens whatever is at `path`: a FIFO there would hang it, a device fail at every
    start. Such a thing (or a symlink to it) is renamed aside, and a new database starts."""
    try:
        info = os.stat(path)  # follows a symlink; never opens, so a FIFO cannot block
    except (OSError, ValueError):
        return
    if not stat.S_ISREG(info.st_mode):
        from .atomic import set_aside

        set_aside(path)


def close_all() -> None:
    """Close this thread's connections (tests that move OUTREACH_HOME, and a clean exit)."""
    for connection in getattr(_local, "connections", {}).values():
        with contextlib.suppress(Exception):
            connection.close()
    _local.connections = {}


@contextlib.contextmanager
def transaction(path: Path | None = None, durable: bool = False) -> Iterator[sqlite3.Connection]:
    """One write transaction: everything inside lands together or not at all; `durable` also waits
    until it (and all before it) is on the disk. Raises RecordsError."""
    connection = connect(path)
    try:
        connection.execute(f"PRAGMA synchronous = {'FULL' if durable else 'NORMAL'}")
        connection.execute("BEGIN IMMEDIATE")
    except sqlite3.Error as error:
        raise RecordsError(f"the records database is busy or damaged ({error})") from None
    try:
        yield connection
    except BaseException:
        with contextlib.suppress(sqlite3.Error):
            connection.execute("ROLLBACK")
        raise
    try:
        connection.execute("COMMIT")
    except sqlite3.Error as error:
        with contextlib.suppress(sqlite3.Error):
            connection.execute("ROLLBACK")
        raise RecordsError(f"the records could not be saved ({error})") from None


def read(path: Path | None = None) -> sqlite3.Connection:
    """A connection for reading (WAL readers see the last committed state). Raises RecordsError."""
    return connect(path)


def _import_legacy(connection: sqlite3.Connection) -> None:
    """The records and session files from before this store, once (game.store.transfer)."""
    from .transfer import import_legacy

    connection.execute("BEGIN IMMEDIATE")
    try:
        if connection.execute("SELECT 1 FROM meta WHERE key = 'legacy_imported'").fetchone() is None:
            import_legacy(connection)
            connection.execute("INSERT INTO meta (key, value) VALUES ('legacy_imported', datetime('now'))")
        connection.execute("COMMIT")
    except BaseException:
        with contextlib.suppress(sqlite3.Error):
            connection.execute("ROLLBACK")
        raise


def _migrate(connection: sqlite3.Connection, path: Path) -> None:
    if connection.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION:
        return
    connection.execute("BEGIN IMMEDIATE")  # another process may be migrating: read the version again
    try:
        found = connection.execute("PRAGMA user_version").fetchone()[0]
        if found > SCHEMA_VERSION:
            raise RecordsError(f"{path} was written by a newer version of Outreach (schema {found}, this one "
                               f"reads {SCHEMA_VERSION}); records are not kept until Outreach is updated")
        while found < SCHEMA_VERSION:
            for statement in _statements(MIGRATIONS[found]):
                connection.execute(statement)
            found += 1
            connection.execute(f"PRAGMA user_version = {found}")
        connection.execute("COMMIT")
    except BaseException:
        with contextlib.suppress(sqlite3.Error):
            connection.execute("ROLLBACK")
        raise


def _statements(script: str) -> list[str]:
    lines = [line.split("--", 1)[0] for line in script.splitlines()]
    return [part.strip() for part in "\n".join(lines).split(";") if part.strip()]
