"""The records store: what play puts in it (window, terminal, room), resuming and restarting,
damaged and newer databases, the one-time import of older files, export and import between
laptops, the trainee's identity, the LRS settings and sender, CSV cells and the report's escaping."""

from __future__ import annotations

import json
import os
import socket
import sqlite3
import stat
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pygame
import pytest

from game.engine import choose, offered_choices, rewind, start
from game.model import load_scenario
from game.store import playlog, records_db

from .conftest import SCENARIOS
from .records_support import outreach, play_text, route, text_input

OVERDOSE = SCENARIOS / "overdose-in-the-park.yaml"


@pytest.fixture
def home(tmp_path, monkeypatch):
    """A fresh OUTREACH_HOME for this test, its connections closed afterwards."""
    folder = tmp_path / "home"
    monkeypatch.setenv("OUTREACH_HOME", str(folder))
    monkeypatch.setenv("OUTREACH_LRS_OFF", "1")
    records_db.close_all()
    yield folder
    records_db.close_all()


@pytest.fixture(scope="module")
def overdose():
    return load_scenario(OVERDOSE)


def database(folder: Path) -> sqlite3.Connection:
    db = sqlite3.connect(folder / "data" / "records.sqlite3")
    db.row_factory = sqlite3.Row
    return db


def verbs(db, registration: str) -> list[str]:
    return [json.loads(body)["verb"]["display"]["en-US"] for (body,) in
            db.execute("SELECT body FROM statements WHERE registration = ? ORDER BY rowid", (registration,))]


def first_choice(scenario, state):
    return offered_choices(scenario, state)[0].index


def test_window_play_records_choices_a_step_back_the_ending_and_the_reflection(home):
    from .test_ui import choice_buttons, make_app, press, start_overdose, type_text

    app = make_app()
    start_overdose(app)
    press(app, pygame.K_1)
    press(app, pygame.K_BACKSPACE)  # step back from the feedback and choose again
    assert app.scene.name == "play"
    while app.scene.name in ("play", "feedback") and (app.scene.name == "feedback" or choice_buttons(app)):
        press(app, pygame.K_1 if app.scene.name == "play" else pygame.K_RETURN)
    press(app, pygame.K_RETURN)
    type_text(app, "Tense <b>")
    press(app, pygame.K_RETURN)
    for rating in (5, 4, 3, 2, 1, 5):
        press(app, getattr(pygame, f"K_{rating}"))
    press(app, pygame.K_RETURN)
    press(app, pygame.K_t)
    type_text(app, "Ask before acting")
    press(app, pygame.K_RETURN)
    press(app, pygame.K_d)
    db = database(home)
    row = db.execute("SELECT * FROM playthroughs").fetchone()
    assert row["status"] == "completed" and row["mode"] == "solo" and row["feedback"] == "coach"
    assert row["reactions"] == "Tense <b>" and row["take_home"] == "Ask before acting"
    assert json.loads(row["self_ratings"])["health_dignity"] == 5
    kinds = [r["kind"] for r in db.execute("SELECT kind FROM steps WHERE playthrough = ? ORDER BY seq", (row["id"],))]
    assert kinds[:3] == ["choice", "back", "choice"] and kinds.count("back") == 1
    said = verbs(db, row["id"])
    assert said[:2] == ["launched", "initialized"] and said[-3:] == ["completed", "terminated", "commented"]
    assert said.count("answered") == kinds.count("choice")
    comment = json.loads(db.execute("SELECT body FROM statements WHERE registration = ? AND body LIKE '%commented%'",
                                    (row["id"],)).fetchone()[0])
    assert comment["result"]["response"] == "Ask before acting"
    assert "Tense" not in json.dumps(comment)  # reactions stay on the laptop


def test_terminal_play_quit_midway_is_left_open_then_abandoned(home, overdose):
    numbers = route(overdose, 4)
    play_text(home, overdose.id, 4, "\n" + f"{numbers[0]}\n\nq\n")
    db = database(home)
    first = db.execute("SELECT * FROM playthroughs").fetchone()
    assert first["status"] == "open" and len(json.loads(first["path"])) == 1
    play_text(home, overdose.id, 5, text_input(route(overdose, 5)))
    rows = {r["seed"]: r for r in db.execute("SELECT * FROM playthroughs")}
    assert rows[4]["status"] == "abandoned" and rows[5]["status"] == "completed"
    assert verbs(db, rows[4]["id"]) == ["launched", "initialized", "answered", "terminated"]


def test_resuming_in_a_new_run_continues_the_playthrough(home, overdose, monkeypatch):
    state = start(overdose, 11)
    assert playlog.note_state(overdose, state, feedback="coach") is None
    state = choose(overdose, state, first_choice(overdose, state))
    assert playlog.note_state(overdose, state, feedback="coach") is None
    monkeypatch.setattr(playlog, "SITTING", "another-run")
    playlog._states.clear()
    state = choose(overdose, state, first_choice(overdose, state))
    assert playlog.note_state(overdose, state, feedback="coach") is None
    state = rewind(overdose, state, 1)
    assert playlog.note_state(overdose, state, feedback="coach") is None
    assert playlog.note_state(overdose, state, feedback="coach") is None  # the same state again: nothing new
    db = database(home)
    assert db.execute("SELECT COUNT(*) FROM playthroughs").fetchone()[0] == 1
    steps = db.execute("SELECT kind, seconds FROM steps ORDER BY seq").fetchall()
    assert [s["kind"] for s in steps] == ["choice", "choice", "back"]
    assert steps[1]["seconds"] is None  # the time away between runs is not thinking time


def test_back_to_the_start_after_several_choices_is_a_restart(home, overdose):
    state = start(overdose, 12)
    playlog.note_state(overdose, state, feedback="coach")
    for _ in range(2):
        state = choose(overdose, state, first_choice(overdose, state))
        playlog.note_state(overdose, state, feedback="coach")
    playlog.note_state(overdose, start(overdose, 12), feedback="coach")
    statuses = sorted(r[0] for r in database(home).execute("SELECT status FROM playthroughs"))
    assert statuses == ["abandoned", "open"]


def test_a_database_from_a_newer_outreach_is_left_alone(home, overdose):
    (home / "data").mkdir(parents=True)
    db = sqlite3.connect(home / "data" / "records.sqlite3")
    db.execute("PRAGMA user_version = 99")
    db.commit()
    db.close()
    problem = playlog.note_state(overdose, start(overdose, 1), feedback="coach")
    assert problem and "newer version of Outreach" in problem
    done = outreach(home, "report", "--out", str(home / "r.html"), check=False)
    assert done.returncode == 2 and "newer version" in done.stderr and "Traceback" not in done.stderr


def test_a_damaged_database_is_a_message_and_play_goes_on(home, overdose):
    from game.store import save_progress
    from game.engine import to_json

    (home / "data").mkdir(parents=True)
    (home / "data" / "records.sqlite3").write_bytes(b"not a database at all" * 100)
    state = start(overdose, 1)
    assert "could not add to the records" in playlog.note_state(overdose, state, feedback="coach")
    assert save_progress(str(OVERDOSE), to_json(state), "coach") is None  # the autosave itself worked
    assert "could not add to the records" in playlog.problem


def test_older_files_are_imported_once_and_kept(home, overdose):
    import game.facilitation as fac

    data = home / "data"
    (data / "sessions").mkdir(parents=True)
    records = {"kind": "outreach-records", "version": 1, "scenarios": {overdose.id: {
        "times_completed": 3, "last_ending_kind": "good", "last_ending_title": "T", "best_share_of_best": 0.5,
        "best_ending_kind": "good"}}}
    (data / "records.json").write_text(json.dumps(records))
    session = fac.new_session(overdose, 3, 1_700_000_000.0)
    session = fac.take(session, overdose, session.visit.options[0], 1_700_000_060.0)
    record = fac.to_json(session)
    (data / "sessions" / "overdose-in-the-park-20231114-221320-000.json").write_text(json.dumps(record))
    (data / "sessions" / "broken-20231114-221320-000.json").write_text("{not json")
    before = sorted((p.name, p.read_bytes()) for p in data.rglob("*.json"))
    records_db.connect()
    records_db.close_all()
    records_db.connect()
    db = database(home)
    assert json.loads(db.execute("SELECT data FROM legacy_completions").fetchone()[0]) == \
        records["scenarios"][overdose.id]
    stored = db.execute("SELECT record, origin FROM sessions").fetchall()
    assert len(stored) == 1 and json.loads(stored[0]["record"]) == record
    assert sorted((p.name, p.read_bytes()) for p in data.rglob("*.json")) == before


def test_export_and_import_move_records_between_laptops_without_duplicates(tmp_path, monkeypatch, overdose):
    laptop, office = tmp_path / "laptop", tmp_path / "office"
    monkeypatch.setenv("OUTREACH_LRS_OFF", "1")
    for seed in (21, 22):
        play_text(laptop, overdose.id, seed, text_input(route(overdose, seed), back_after_first=seed == 21))
    export = tmp_path / "laptop-records.json"
    assert "2 playthroughs" in outreach(laptop, "export", "--out", str(export)).stdout
    assert "added 2 playthroughs" in outreach(office, "import", str(export)).stdout
    copy = tmp_path / "copy.json"
    copy.write_text(export.read_text() + "\n")  # the same records in another file: each one skipped
    assert "added 0 playthroughs, 0 sessions; 2 records already here" in outreach(office, "import", str(copy)).stdout
    here, there = database(laptop), database(office)
    query = "SELECT id, body FROM statements ORDER BY id"
    # Statements rebuilt from the imported rows are the very ones queued while playing.
    assert [tuple(r) for r in here.execute(query)] == [tuple(r) for r in there.execute(query)]
    assert there.execute("SELECT COUNT(*) FROM steps").fetchone()[0] == here.execute(
        "SELECT COUNT(*) FROM steps").fetchone()[0]
    bad = tmp_path / "bad.json"
    bad.write_text('{"kind": "something else"}')
    done = outreach(office, "import", str(bad), str(tmp_path), check=False)
    assert done.returncode == 1 and "not an Outreach records export" in done.stderr
    assert "is not a regular file" in done.stderr and "Traceback" not in done.stderr


def test_trainee_is_anonymous_unless_they_say_who_they_are(home):
    from game.store.identity import actor, organisation, set_trainee, trainee

    person = trainee()
    assert person.key == f"local:{person.local_id}" and trainee() == person
    org, problem = organisation()
    assert problem is None and actor(person, org) == {"objectType": "Agent", "account": {
        "homePage": org.homepage, "name": person.local_id}}
    (home / "config" / "organisation.json").write_text(json.dumps({"homepage": "https://harm-reduction.example.org",
                                                                   "label": "Team North", "lrs_url": "ftp://x"}))
    org, problem = organisation()
    assert org.homepage == "https://harm-reduction.example.org" and org.label == "Team North"
    assert problem and "lrs_url" in problem
    named = set_trainee(name="Sam Rivera", staff_id="HR-042")
    assert named.local_id == person.local_id and named.key == "staff:HR-042"
    assert actor(named, org) == {"objectType": "Agent", "name": "Sam Rivera", "account": {
        "homePage": "https://harm-reduction.example.org", "name": "HR-042"}}
    with pytest.raises(ValueError):
        set_trainee(name="two\nlines")
    assert "anonymous" in outreach(home, "trainee", "--anonymous").stdout
    os.mkfifo(home / "config" / "fifo")
    os.environ["OUTREACH_ORGANISATION"] = str(home / "config" / "fifo")
    try:
        org, problem = organisation()  # a FIFO is never opened (it would block)
        assert "not a regular file" in problem
    finally:
        del os.environ["OUTREACH_ORGANISATION"]


def test_lrs_secret_is_kept_for_this_user_only(home):
    outreach(home, "lrs", "set", "http://127.0.0.1:9/xAPI", "--key", "k", "--secret", "s3cret")
    secret = home / "config" / "lrs-secret"
    assert stat.S_IMODE(secret.stat().st_mode) == 0o600 and secret.read_text() == "s3cret"
    assert "s3cret" not in (home / "config" / "lrs.json").read_text()
    done = outreach(home, "lrs", "set", "file:///etc/passwd", "--key", "k", "--secret", "s", check=False)
    assert done.returncode == 2 and "http" in done.stderr
    status = outreach(home, "lrs", "status").stdout
    assert "could not reach" in status and "0 waiting" in status


class FakeLRS(BaseHTTPRequestHandler):
    """Answers POSTs from a script of status codes; records every statement id it was sent."""

    script: list[int] = []
    received: list[str] = []

    def log_message(self, *args):
        pass

    def _answer(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        statements = body if isinstance(body, list) else [body]
        code = FakeLRS.script.pop(0) if FakeLRS.script else 200
        if code in (200, 204):
            FakeLRS.received.extend(s["id"] for s in statements)
        self.send_response(code)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"[]")

    do_POST = do_PUT = _answer


def test_sender_backs_off_while_the_lrs_fails_and_treats_409_as_delivered(home, overdose):
    from game.store import lrs

    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeLRS)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        lrs.save_endpoint(f"http://127.0.0.1:{server.server_port}/xAPI", "k", "s")
        target, _ = lrs.endpoint()
        state = start(overdose, 31)
        playlog.note_state(overdose, state, feedback="coach")
        state = choose(overdose, state, first_choice(overdose, state))
        playlog.note_state(overdose, state, feedback="coach")
        FakeLRS.script, FakeLRS.received = [503], []
        failed = lrs.send_due(target, now=1000.0)
        assert failed.sent == 0 and failed.failed == 3 and "503" in failed.message
        db = database(home)
        waits = [r[0] for r in db.execute("SELECT next_try FROM statements")]
        assert all(1000 + 0.8 * lrs.FIRST_WAIT <= w <= 1000 + 1.2 * lrs.FIRST_WAIT for w in waits)
        assert lrs.send_due(target, now=1001.0).sent == 0  # not due yet: nothing is tried
        FakeLRS.script = [503]
        lrs.send_due(target, now=1010.0)
        second = [r[0] for r in db.execute("SELECT next_try FROM statements")]
        assert all(w >= 1010 + 0.8 * 2 * lrs.FIRST_WAIT for w in second)  # doubled
        FakeLRS.script = [409, 204, 409, 204]  # the batch meets a repeat: one by one, 409 counts as delivered
        done = lrs.send_due(target, force=True)
        assert done.sent == 3 and done.message is None
        assert db.execute("SELECT COUNT(*) FROM statements WHERE sent_at IS NULL").fetchone()[0] == 0
    finally:
        server.shutdown()


def test_statements_left_from_an_earlier_run_go_out_when_the_game_starts(home, overdose, monkeypatch):
    import time

    from game.store import load_progress, lrs

    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeLRS)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        FakeLRS.script, FakeLRS.received = [], []
        lrs.save_endpoint(f"http://127.0.0.1:{server.server_port}/xAPI", "k", "s")
        state = start(overdose, 51)
        playlog.note_state(overdose, state, feedback="coach")  # queued while sending is off
        assert FakeLRS.received == []
        monkeypatch.delenv("OUTREACH_LRS_OFF")
        load_progress()  # what the title screen and the terminal player do first
        deadline = time.monotonic() + 20
        while len(FakeLRS.received) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(FakeLRS.received) == 2
    finally:
        monkeypatch.setenv("OUTREACH_LRS_OFF", "1")
        server.shutdown()


def test_a_hanging_lrs_never_holds_up_play(home, overdose, monkeypatch):
    from game.store import lrs

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)  # accepts connections into the backlog and never answers
    try:
        lrs.save_endpoint(f"http://127.0.0.1:{listener.getsockname()[1]}/xAPI", "k", "s")
        monkeypatch.delenv("OUTREACH_LRS_OFF")
        state = start(overdose, 41)
        assert playlog.note_state(overdose, state, feedback="coach") is None
        for _ in range(3):
            state = choose(overdose, state, first_choice(overdose, state))
            assert playlog.note_state(overdose, state, feedback="coach") is None
        assert lrs._worker is not None and lrs._worker.is_alive()  # still waiting on the LRS, in the background
        assert database(home).execute("SELECT COUNT(*) FROM steps").fetchone()[0] == 3
    finally:
        monkeypatch.setenv("OUTREACH_LRS_OFF", "1")
        listener.close()


def test_report_csv_cells_never_become_formulas(tmp_path):
    import csv

    from game.store.csv_out import write_csv

    path = write_csv(tmp_path / "t.csv", ["text", "number"], [["=HYPERLINK(\"x\")", -2], ["@a", 1.5], ["+1", None]])
    with open(path, encoding="utf-8-sig", newline="") as file:
        rows = list(csv.reader(file))
    assert rows == [["text", "number"], ["'=HYPERLINK(\"x\")", "-2"], ["'@a", "1.5"], ["'+1", ""]]


def test_the_report_escapes_everything_a_scenario_says():
    from datetime import datetime

    from game.records.cohort import figures
    from game.records.page import cohort_html

    evil = "<script>alert(1)</script>\"'&"
    version = {"id": "x", "content_hash": "h", "title": evil, "premise": evil, "start": "a", "best": [1] * 6,
               "worst": [-1] * 6, "nodes": {
                   "a": {"speaker": None, "text": evil, "ending": None,
                         "choices": [{"ref": "0", "text": evil, "scores": [1] * 6, "feedback": evil, "lens": [],
                                      "goto": "b"}]},
                   "b": {"speaker": None, "text": evil, "ending": {"kind": "good", "title": evil}, "choices": []}}}
    play = {"id": "p", "trainee": "local:abc", "trainee_name": evil, "label": evil, "scenario_id": "x",
            "content_hash": "h", "status": "completed", "started_at": "2026-01-05T10:00:00.000Z",
            "updated_at": "2026-01-05T10:05:00.000Z", "completed_at": "2026-01-05T10:05:00.000Z",
            "totals": json.dumps([1] * 6), "ending_kind": "good", "ending_title": evil, "share": 1.0,
            "self_ratings": json.dumps({"health_dignity": 5}), "path": "[]"}
    step = {"playthrough": "p", "seq": 1, "kind": "choice", "node": "a", "choice": 0, "offered": "[0]", "counted": 1}
    page = cohort_html(figures({("x", "h"): version}, [play], [step], [], label=evil), datetime(2026, 1, 6))
    assert "<script" not in page and "alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_settings_let_a_trainee_name_themselves_and_be_anonymous_again(home, tmp_path):
    from game.store.identity import trainee

    from .test_ui import make_app, press, screen_text, type_text

    app = make_app(size=(1280, 720), scale=2.0)
    press(app, pygame.K_s)
    assert app.scene.name == "settings"
    press(app, pygame.K_r)
    assert app.scene.name == "trainee" and "You are anonymous" in screen_text(app)
    press(app, pygame.K_n)
    app.step([pygame.event.Event(pygame.TEXTINPUT, text="n")])  # SDL sends the letter after the key
    type_text(app, "Sam Rivera")
    press(app, pygame.K_RETURN)
    press(app, pygame.K_i)
    app.step([pygame.event.Event(pygame.TEXTINPUT, text="i")])
    type_text(app, "HR-04")
    press(app, pygame.K_BACKSPACE)
    type_text(app, "42")
    press(app, pygame.K_RETURN)
    person = trainee()
    assert (person.name, person.staff_id) == ("Sam Rivera", "HR-042")
    assert "your name (Sam Rivera) and your staff id (HR-042)" in screen_text(app)
    pygame.image.save(app.surface, str(tmp_path / "trainee.png"))
    press(app, pygame.K_i)
    type_text(app, "typed then cancelled")
    press(app, pygame.K_ESCAPE)  # cancels the field, not the screen
    assert app.scene.name == "trainee" and trainee().staff_id == "HR-042"
    press(app, pygame.K_a)
    assert trainee().name is None and trainee().staff_id is None and "You are anonymous" in screen_text(app)
    press(app, pygame.K_ESCAPE)
    assert app.scene.name == "settings"


@pytest.mark.parametrize("completed_before_the_crash", [True, False])
def test_a_debrief_resumed_after_a_crash_keeps_one_playthrough_and_its_reflection(home, overdose, monkeypatch,
                                                                                   completed_before_the_crash):
    from game.engine import to_json
    from game.store import clear_progress, record_completion, save_progress

    state = start(overdose, 61)
    while not overdose.nodes[state.node].is_ending:
        state = choose(overdose, state, first_choice(overdose, state))
        save_progress(str(OVERDOSE), to_json(state), "coach")
    if completed_before_the_crash:
        record_completion(overdose.id, "good", "T", 0.5)
    draft = {"reactions": "Shaky", "take_home": "", "ratings": {}, "phase": "reactions", "recorded": False}
    save_progress(str(OVERDOSE), to_json(state), "coach", draft)
    monkeypatch.setattr(playlog, "SITTING", "after-the-crash")  # the game starts again, the debrief resumes
    playlog._states.clear()
    draft = {"reactions": "Shaky", "take_home": "Stay close", "ratings": {"pragmatic": 4}, "phase": "results",
             "recorded": completed_before_the_crash}
    save_progress(str(OVERDOSE), to_json(state), "coach", draft)
    if not completed_before_the_crash:
        record_completion(overdose.id, "good", "T", 0.5)
    clear_progress()  # Done
    db = database(home)
    rows = db.execute("SELECT * FROM playthroughs").fetchall()
    assert len(rows) == 1 and rows[0]["status"] == "completed"
    assert (rows[0]["reactions"], rows[0]["take_home"]) == ("Shaky", "Stay close")
    said = verbs(db, rows[0]["id"])
    assert said.count("completed") == 1 and said[-1] == "commented"
