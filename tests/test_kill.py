"""Kill the real game (SDL dummy driver) at random moments while it saves, at least 100 times, in
play and in facilitator mode; after every kill, every file it keeps must still load (issue 8)."""

import os
import random
import signal
import subprocess
import sys
import time

import pytest

from game.model import load_scenario
from game.store import load_progress, load_records, load_settings, read_json
from game.store.records import _read as read_records
from game.store.sessions import sessions_dir

from .conftest import ROOT, SCENARIOS

KILLS = int(os.environ.get("OUTREACH_KILLS", "120"))


def check_every_file(home):
    """Every file the game keeps loads as what it is: none torn, none damaged."""
    problems = []
    for path in (home / "data").rglob("*.json"):
        data, problem = read_json(path)
        if problem:
            problems.append(problem)
    for path in (home / "config").rglob("*.json"):
        data, problem = read_json(path)
        if problem:
            problems.append(problem)
    progress, problem = load_progress()
    settings, settings_problem = load_settings()
    _, records_problem, _ = read_records()
    problems += [p for p in (problem, settings_problem, records_problem) if p]
    database = home / "data" / "records.sqlite3"
    if database.exists():  # the records database: whole after every kill (SQLite's own journal)
        from game.store import records_db

        try:
            verdict = records_db.read().execute("PRAGMA integrity_check").fetchone()[0]
        finally:
            records_db.close_all()
        if verdict != "ok":
            problems.append(f"records database: {verdict}")
        load_records()
    assert not list((home / "data").rglob("*.damaged*")), "a file was set aside as damaged"
    return problems


@pytest.mark.slow
def test_the_game_killed_while_saving_leaves_every_file_loadable(tmp_path, monkeypatch):
    home = tmp_path / "home"
    monkeypatch.setenv("OUTREACH_HOME", str(home))
    library = tmp_path / "library"
    library.mkdir()
    (library / "park.yaml").write_text((SCENARIOS / "overdose-in-the-park.yaml").read_text(encoding="utf-8"),
                                       encoding="utf-8")
    env = {**os.environ, "OUTREACH_HOME": str(home), "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy"}
    rng = random.Random(8)
    kills = 0
    for round_number in range(KILLS):
        mode = "facilitate" if round_number % 3 == 2 else "play"
        child = subprocess.Popen([sys.executable, "-m", "tests.kill_driver", mode, str(library), str(round_number)],
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT, env=env)
        assert child.stdout.readline().strip() == "ready", child.stderr.read()
        time.sleep(rng.uniform(0.05, 1.5))
        if child.poll() is not None:
            pytest.fail(f"the game stopped by itself: {child.stderr.read()}")
        child.send_signal(signal.SIGKILL)
        child.wait(30)
        kills += 1
        assert check_every_file(home) == [], f"after kill {kills} ({mode})"
    assert kills == KILLS >= 100 or "OUTREACH_KILLS" in os.environ
    # Proof that kills landed inside writes: the temporary files of writes cut short (the game
    # removes them only once they are ten minutes old).
    cut_short = list(home.rglob("*.tmp"))
    print(f"{kills} kills, {len(cut_short)} of them inside a write")
    from game.facilitation import from_json

    park = load_scenario(library / "park.yaml")
    for path in sessions_dir().glob("*.json"):
        from_json(park, read_json(path)[0])  # every session file restores
