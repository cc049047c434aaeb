"""kill -9 on the records store during play, at random moments, over and over: the database
always opens, holds every step that was reported complete, and nothing half-written (a step
without its playthrough's new path, a choice without its statement, an ending without its
completion)."""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter

import pytest

from .conftest import ROOT, SCENARIOS

KILLS = 100


def check_consistent(db: sqlite3.Connection, acknowledged: dict[int, int]) -> None:
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    verbs = Counter()
    for registration, body in db.execute("SELECT registration, body FROM statements"):
        verbs[(registration, json.loads(body)["verb"]["display"]["en-US"])] += 1
    by_seed = {}
    for row in db.execute("SELECT * FROM playthroughs"):
        steps = db.execute("SELECT kind, node, choice FROM steps WHERE playthrough = ? ORDER BY seq",
                           (row["id"],)).fetchall()
        path = []
        for kind, node, choice in steps:
            if kind == "choice":
                path.append([node, choice])
            else:
                path.pop()
        assert path == json.loads(row["path"]), "a step landed without its playthrough's path, or the reverse"
        assert verbs[(row["id"], "launched")] == verbs[(row["id"], "initialized")] == 1
        assert verbs[(row["id"], "answered")] == sum(1 for s in steps if s[0] == "choice")
        if row["status"] == "completed":
            assert row["ending_node"] and verbs[(row["id"], "completed")] == 1
            assert verbs[(row["id"], "terminated")] == 1
        by_seed[row["seed"]] = len(steps)
    for seed, count in acknowledged.items():
        assert by_seed.get(seed, -1) >= count, f"playthrough {seed} lost steps it reported complete"


@pytest.mark.slow
def test_kill_nine_during_play_never_loses_a_complete_step(tmp_path):
    env = {**os.environ, "OUTREACH_HOME": str(tmp_path / "home"), "PYTHONPATH": str(ROOT)}
    rng = random.Random(13)
    acknowledged: dict[int, int] = {}
    database = tmp_path / "home" / "data" / "records.sqlite3"
    for kill in range(KILLS):
        child = subprocess.Popen([sys.executable, str(ROOT / "tests" / "kill_child.py"),
                                  str(SCENARIOS / "overdose-in-the-park.yaml")],
                                 env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        lines: list[str] = []
        reader = threading.Thread(target=lambda: lines.extend(child.stdout), daemon=True)
        reader.start()
        deadline = time.monotonic() + 30
        while not lines and time.monotonic() < deadline and child.poll() is None:
            time.sleep(0.01)  # wait until it plays, then kill it somewhere in what follows
        assert lines, f"the player never started: {child.stderr.read() if child.poll() is not None else ''}"
        time.sleep(rng.uniform(0.0, 0.25))
        child.send_signal(signal.SIGKILL)
        child.wait()
        reader.join(timeout=5)
        for line in lines:
            if line.endswith("\n") and len(line.split()) == 2:  # a line cut by the kill says nothing
                seed, steps = map(int, line.split())
                acknowledged[seed] = max(acknowledged.get(seed, 0), steps)
        db = sqlite3.connect(database)
        db.row_factory = sqlite3.Row
        try:
            check_consistent(db, acknowledged)
        finally:
            db.close()
    assert sum(acknowledged.values()) > KILLS  # it really played between the kills
