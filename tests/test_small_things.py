"""The smaller findings of issue 8, item 7: no display, sessions across a time-zone change,
temporary files left by interrupted writes."""

import json
import os
import subprocess
import sys
import time
from datetime import UTC, datetime

import pytest

from game.facilitation import new_session, to_json
from game.store import clean_temporary_files, data_dir
from game.store.sessions import load_latest_session, save_session, session_path, sessions_dir

from .conftest import FIXTURES, ROOT

T0 = 1_700_000_000.0


@pytest.fixture(autouse=True)
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("OUTREACH_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


@pytest.mark.parametrize("command", [["play"], ["facilitate", str(FIXTURES / "small.yaml")]])
def test_without_a_display_the_window_commands_say_so_and_exit_2(command, home):
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "SDL_VIDEODRIVER")}
    result = subprocess.run([sys.executable, "-m", "game", *command], capture_output=True, text=True, timeout=30,
                            cwd=ROOT, env={**env, "OUTREACH_HOME": str(home)})
    assert result.returncode == 2
    assert "No display was found" in result.stderr and "outreach play --text" in result.stderr


def test_sessions_are_named_in_utc_and_the_newest_is_found_by_its_recorded_time(small, monkeypatch):
    monkeypatch.setenv("TZ", "Pacific/Kiritimati")  # UTC+14: local names would be a day off
    time.tzset()
    try:
        older, newer = new_session(small, 1, T0), new_session(small, 2, T0 + 3600)
        assert f"{datetime.fromtimestamp(T0, UTC):%Y%m%d-%H%M%S}" in session_path(older).name
        save_session(older)
        save_session(newer)
        # The older session under a name that sorts last, as a local-time name written before a
        # time-zone or daylight-saving change can.
        session_path(older).rename(sessions_dir() / "small-29991231-235959-000.json")
        found, problem = load_latest_session(small)
        assert problem is None and found.started_at == newer.started_at
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()


def test_temporary_files_of_interrupted_writes_are_cleaned_at_start(home):
    sessions = data_dir() / "sessions"
    sessions.mkdir(parents=True, exist_ok=True)
    stale = [data_dir() / ".autosave.json.0123456789ab.tmp", sessions / ".small-x.json.abcdefabcdef.tmp"]
    fresh = data_dir() / ".records.json.fedcba987654.tmp"  # another window may be writing it right now
    keep = data_dir() / ".notes.tmp"
    for path in (*stale, fresh, keep):
        path.write_text("{")
    for path in (*stale, keep):
        os.utime(path, (T0, T0))
    assert clean_temporary_files() == 2
    assert not any(p.exists() for p in stale) and fresh.exists() and keep.exists()
    for path in stale:
        path.write_text("{")
        os.utime(path, (T0, T0))
    result = subprocess.run([sys.executable, "-m", "game", "play", "--text", str(FIXTURES / "small.yaml")],
                            input="q\n", capture_output=True, text=True, timeout=60, cwd=ROOT,
                            env={**os.environ, "OUTREACH_HOME": str(home)})
    assert result.returncode == 0 and not any(p.exists() for p in stale)
