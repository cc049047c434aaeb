"""Every file the game reads may be hostile (issue 8, item 4): a FIFO, a symlink to /dev/zero, a
device named in a save, a huge file, a NUL in a path. None of them is read; each is reported,
set aside, and the game starts. Cases that used to hang run in a child process with a time limit."""

import json
import os
import subprocess
import sys
import textwrap

import pytest

from game.engine import start, to_json
from game.model import load_scenario
from game.safe_read import RefusedFile, read_limited

from .conftest import FIXTURES, ROOT

SMALL = FIXTURES / "small.yaml"


def in_child(code: str, home, timeout=40) -> str:
    """Run `code` in a fresh interpreter with its own home; its stdout. A hang fails the test."""
    result = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True,
                            timeout=timeout, cwd=ROOT, env={**os.environ, "OUTREACH_HOME": str(home)})
    assert result.returncode == 0, result.stderr
    return result.stdout


def autosave(home, **fields):
    small = load_scenario(SMALL)
    record = {"kind": "outreach-autosave", "version": 1, "scenario_path": str(SMALL), "saved_at": "2026-01-01T00:00:00",
              "feedback": "coach", "state": to_json(start(small, 1)), **fields}
    path = home / "data" / "autosave.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(record))
    return path


TITLE = """
    from game.store import Settings
    from game.ui.app import App
    from game.ui.scenes.menus import TitleScene
    app = App(size=(1024, 640), settings=Settings(), background_loading=False)
    title = TitleScene(app)
    app.push(title)
    app.step()
    print(title.problem)
"""


@pytest.mark.parametrize("make", ["fifo", "zero", "huge"])
def test_a_hostile_autosave_file_is_not_read_and_is_set_aside(tmp_path, make):
    path = tmp_path / "data" / "autosave.json"
    path.parent.mkdir(parents=True)
    if make == "fifo":
        os.mkfifo(path)
    elif make == "zero":
        path.symlink_to("/dev/zero")
    else:
        with path.open("wb") as file:
            file.truncate(50 * 1024 * 1024)
    shown = in_child(TITLE, tmp_path)
    assert "could not be read" in shown and "was not read" in shown and "set aside" in shown
    assert not os.path.lexists(path) and os.path.lexists(path.with_name("autosave.json.damaged"))


@pytest.mark.parametrize("scenario_path", ["/dev/zero", "/dev/urandom", str(SMALL) + "\x00.yaml", "/no/such.yaml"])
def test_a_save_naming_a_device_or_a_nul_path_does_not_stop_the_game(tmp_path, scenario_path):
    autosave(tmp_path, scenario_path=scenario_path)
    shown = in_child(TITLE, tmp_path)
    assert "saved game" in shown  # reported on the title, and the game started


def test_a_fifo_among_the_sessions_does_not_hang_the_briefing(tmp_path):
    folder = tmp_path / "data" / "sessions"
    folder.mkdir(parents=True)
    os.mkfifo(folder / "small-29990101-000000-000.json")
    shown = in_child(f"""
        from game.model import load_scenario
        from game.store.sessions import load_latest_session
        print(load_latest_session(load_scenario({str(SMALL)!r}))[1])
    """, tmp_path)
    assert "pipe" in shown and "set aside" in shown


def test_settings_and_records_that_are_fifos_are_refused(tmp_path):
    (tmp_path / "config").mkdir()
    (tmp_path / "data").mkdir()
    os.mkfifo(tmp_path / "config" / "settings.json")
    os.mkfifo(tmp_path / "data" / "records.json")
    shown = in_child("""
        from game.store import load_records, load_settings, record_completion
        print(load_settings()[1]); print(load_records()); print(record_completion("small", "good", "Yes", 1.0))
        print(load_records()["small"].times_completed)
    """, tmp_path)
    assert "pipe" in shown and "default settings" in shown and shown.strip().endswith("1")


def test_scenario_files_that_are_not_regular_files_are_refused_with_a_message(tmp_path):
    os.mkfifo(tmp_path / "pipe.yaml")
    (tmp_path / "zero.yaml").symlink_to("/dev/zero")
    result = subprocess.run([sys.executable, "-m", "game", "validate", str(tmp_path / "pipe.yaml"),
                             str(tmp_path / "zero.yaml")], capture_output=True, text=True, timeout=40, cwd=ROOT)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "pipe.yaml:1:1: error: the file is not read: it is a pipe" in result.stdout
    assert "zero.yaml:1:1: error: the file is not read: it is a device" in result.stdout


def test_the_reader_checks_size_before_reading(tmp_path):
    big = tmp_path / "big"
    with big.open("wb") as file:
        file.truncate(10_000_000)
    with pytest.raises(RefusedFile, match="more than"):
        read_limited(big, 1_000_000)
    with pytest.raises(RefusedFile, match="NUL"):
        read_limited(str(big) + "\x00", 10)
    assert read_limited(SMALL, 1_000_000) == SMALL.read_bytes()


@pytest.mark.parametrize("make", ["fifo", "zero"])
def test_a_records_database_that_is_not_a_file_is_set_aside(tmp_path, make):
    database = tmp_path / "data" / "records.sqlite3"
    database.parent.mkdir(parents=True)
    os.mkfifo(database) if make == "fifo" else database.symlink_to("/dev/zero")
    shown = in_child("""
        from game.store import load_records, record_completion
        print(record_completion("small", "good", "Yes", 1.0)); print(load_records()["small"].times_completed)
    """, tmp_path)
    assert shown.split("\n")[:2] == ["None", "1"]
    assert os.path.lexists(database.with_name("records.sqlite3.damaged"))
