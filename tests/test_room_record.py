"""The record tells the whole session: the room's first run to an ending is the main line, the
road explored after jumping back is a branch, and both reach the exports, whether the
facilitator pressed S or exported later with `outreach sessions export`."""

import csv
import io
import json
import re
from contextlib import redirect_stderr, redirect_stdout

import pygame
import pytest

import game.facilitation as fac
from game.cli import main
from game.store import data_dir

from .test_facilitate_ui import letter, make_app, press, take_yourself, text_of


@pytest.fixture(autouse=True)
def fresh_folders():
    import shutil

    for folder in ("sessions", "exports"):
        shutil.rmtree(data_dir() / folder, ignore_errors=True)
    yield


def vote(app, option, times):
    for _ in range(times):
        press(app, letter(option.letter))


def play_to_an_ending(app, first_moment_votes=None):
    """Moment by moment: a majority, then a tie broken by the facilitator, then the facilitator's
    own choice against the room, then majorities to the end. Returns what was decided where."""
    scene = app.scene
    decided = []
    for number in range(60):
        if scene.ended:
            break
        options = fac.options(scene.session, scene.scenario)
        if number == 0 or len(options) < 2:
            vote(app, options[0], 5)
            press(app, pygame.K_RETURN)
            decided.append("majority")
        elif number == 1:
            vote(app, options[0], 2)
            vote(app, options[1], 2)
            take_yourself(app, letter(options[1].letter))
            decided.append("tie-break")
        elif number == 2:
            vote(app, options[0], 3)
            take_yourself(app, letter(options[-1].letter))
            decided.append("facilitator")
        else:
            vote(app, options[-1], 4)
            press(app, pygame.K_RETURN)
            decided.append("majority")
        assert scene.stage == "reveal"
        press(app, pygame.K_RETURN)
    assert scene.stage == "debrief"
    return decided


def run_cli(*args):
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(list(args))
    return code, out.getvalue(), err.getvalue()


def without_export_time(page):
    return re.sub(r'<p class="meta">Exported [^<]*</p>', "", page)


def test_first_run_is_the_main_line_and_the_explored_road_a_branch():
    app = make_app()
    press(app, pygame.K_RETURN)
    scene = app.scene
    decided = play_to_an_ending(app)
    first_ending = scene.session.branches[0].ending
    # Jump back to moment 2 and explore another road to a second ending.
    press(app, pygame.K_j)
    press(app, pygame.K_2)
    taken_before = fac.path(scene.session, 1)[1].taken
    other = next(o for o in fac.options(scene.session, scene.scenario) if o.index != taken_before)
    vote(app, other, 7)
    press(app, pygame.K_RETURN)
    press(app, pygame.K_RETURN)
    for _ in range(60):
        if scene.ended:
            break
        take_yourself(app, letter(fac.options(scene.session, scene.scenario)[0].letter))
        press(app, pygame.K_RETURN)
    assert scene.stage == "debrief" and len(scene.session.branches) == 2
    assert fac.main_line(scene.session) == 1
    press(app, pygame.K_s)
    exports = data_dir() / "exports"
    (html_path,) = exports.glob("*.html")
    (csv_path,) = exports.glob("*.csv")
    page = html_path.read_text(encoding="utf-8")
    rows = list(csv.DictReader(csv_path.open(encoding="utf-8", newline="")))

    # HTML: the summary, then the main line's debrief with its votes and decisions, then the branch.
    summary, ending, branch = (page.index(f'<section id="{key}"') for key in ("summary", "ending", "branch-2"))
    assert summary < ending < branch
    main_title = scene.scenario.nodes[first_ending].spec.ending.title
    second_title = scene.scenario.nodes[scene.session.branches[1].ending].spec.ending.title
    assert main_title in page[summary:ending] and main_title in page[ending:branch]
    assert "Branch 2: explored from moment 2</h2>" in page and second_title in page[branch:]
    main_part = page[ending:branch]
    for words in ("the room&#x27;s majority", "the facilitator, breaking a tie", "<dd>the facilitator</dd>"):
        assert words in main_part
    assert "The room's votes at moment 1</caption>" in main_part
    assert "The room's votes at moment 2 (Branch 2)</caption>" in page[branch:]

    # CSV: one row per moment of the main line, with votes and who decided, then the branch's moments.
    main_rows = [r for r in rows if r["road"] == "main line"]
    branch_rows = [r for r in rows if r["road"] == "branch 2"]
    assert rows == main_rows + branch_rows and len(main_rows) == len(decided)
    assert [r["taken_by"] for r in main_rows] == decided
    assert [r["moment"] for r in main_rows] == [str(n) for n in range(1, len(decided) + 1)]
    assert {r["ending"] for r in main_rows} == {main_title} and {r["ending"] for r in branch_rows} == {second_title}
    assert branch_rows[0]["moment"] == "2" and branch_rows[0]["taken_by"] == "majority"
    assert branch_rows[0]["total_votes"] == "7"
    assert main_rows[0]["total_votes"] == "5" and main_rows[1]["total_votes"] == "4"
    assert all(r["score_health_dignity"] != "" for r in rows)
    assert all(r["choice_id"] for r in rows)  # the shipped scenarios name every choice

    # The same files from the command line, for a session that was exported once already.
    (saved,) = (data_dir() / "sessions").glob("*.json")
    code, out, _ = run_cli("sessions")
    assert code == 0 and saved.stem in out and "finished, 2 branches" in out
    code, out, err = run_cli("sessions", "export", saved.stem, "--out", str(data_dir() / "again"))
    assert code == 0, err
    again = {p.suffix: p for p in (data_dir() / "again").iterdir()}
    assert again[".csv"].read_text(encoding="utf-8") == csv_path.read_text(encoding="utf-8")
    assert without_export_time(again[".html"].read_text(encoding="utf-8")) == without_export_time(page)
    assert json.loads(again[".json"].read_text())["branches"] == json.loads(
        next(exports.glob("*.json")).read_text())["branches"]


def test_a_finished_session_never_exported_can_be_exported_and_reopened():
    app = make_app()
    press(app, pygame.K_RETURN)
    play_to_an_ending(app)
    session = app.scene.session
    # The window closes at the debrief without S: nothing in exports, the autosave on disk.
    assert not (data_dir() / "exports").exists()
    (saved,) = (data_dir() / "sessions").glob("*.json")
    code, out, err = run_cli("sessions", "export", saved.stem)
    assert code == 0, err
    written = {p.suffix for p in (data_dir() / "exports").iterdir()}
    assert written == {".json", ".csv", ".html"}
    assert "The session at a glance" in next((data_dir() / "exports").glob("*.html")).read_text()
    # Opened again, the briefing offers the debrief of the finished session.
    again = make_app()
    shown = text_of(again)
    assert "Open the last session's debrief again" in shown and "Resume" not in shown
    press(again, pygame.K_r)
    assert again.scene.name == "facilitate" and again.scene.stage == "debrief"
    assert again.scene.session == session
    assert "How did that feel?" in text_of(again)


def test_sessions_export_refuses_unknown_ids():
    code, _, err = run_cli("sessions", "export", "../../etc/passwd")
    assert code == 2 and "no such session" in err
    code, _, err = run_cli("sessions", "export")
    assert code == 2 and "which session" in err
    code, out, err = run_cli("sessions")
    assert code == 0 and "No facilitation sessions saved yet" in err


def type_text(app, text):
    app.step([pygame.event.Event(pygame.TEXTINPUT, text=ch) for ch in text])


def test_session_details_and_the_summary_slide_reach_the_exports():
    app = make_app()
    press(app, pygame.K_l)
    type_text(app, "lTuesday cohort")  # the L that opened the screen does not land in the line
    press(app, pygame.K_TAB)
    type_text(app, "2x4")  # a head count is a number
    press(app, pygame.K_TAB)
    type_text(app, "Sam")
    press(app, pygame.K_RETURN)
    assert app.scene.name == "briefing" and "Session details: Tuesday cohort, 24 people, Sam" in text_of(app)
    press(app, pygame.K_RETURN)
    scene = app.scene
    assert (scene.session.label, scene.session.head_count, scene.session.facilitator) == ("Tuesday cohort", 24, "Sam")
    decided = play_to_an_ending(app)
    for _ in range(4):
        press(app, pygame.K_RIGHT)
    views = [v for v in (scene.side, scene.view) if v is not None]
    shown = " ".join(i.text for v in views for i in v.page.items if hasattr(i, "text"))
    assert "the session at a glance · Tuesday cohort · 24 people · facilitated by Sam" in shown
    assert "The room's own run" in shown and "; majority)" in shown and "; tie, facilitator chose)" in shown
    assert "; facilitator chose)" in shown and shown.count(")") >= len(decided)
    assert all(v.strip is None for v in views)  # one slide: nothing to scroll
    assert min(i.size for v in views for i in v.page.items if hasattr(i, "size")) >= 40
    press(app, pygame.K_s)
    page = next((data_dir() / "exports").glob("*.html")).read_text()
    for line in ("Session: Tuesday cohort", "Facilitator: Sam", "People in the room: 24"):
        assert line in page
    rows = list(csv.DictReader(next((data_dir() / "exports").glob("*.csv")).open(encoding="utf-8")))
    assert {(r["session_label"], r["head_count"], r["facilitator"]) for r in rows} == {("Tuesday cohort", "24", "Sam")}


def test_an_unfinished_session_exports_from_the_command_line():
    app = make_app()
    press(app, pygame.K_RETURN)
    scene = app.scene
    vote(app, fac.options(scene.session, scene.scenario)[0], 3)
    press(app, pygame.K_RETURN)
    press(app, pygame.K_RETURN)
    vote(app, fac.options(scene.session, scene.scenario)[1], 2)  # still discussing moment 2
    (saved,) = (data_dir() / "sessions").glob("*.json")
    code, out, _ = run_cli("sessions", "--json")
    listed = json.loads(out)
    assert code == 0 and [(s["id"], s["finished"], s["branches"]) for s in listed] == [(saved.stem, False, 1)]
    code, out, err = run_cli("sessions", "export", saved.stem)
    assert code == 0, err
    page = next((data_dir() / "exports").glob("*.html")).read_text()
    assert "It has not reached an ending yet." in page and "(the room was still on this moment)" in page
    rows = list(csv.DictReader(next((data_dir() / "exports").glob("*.csv")).open(encoding="utf-8")))
    assert [(r["moment"], r["taken_by"], r["total_votes"]) for r in rows] == [("1", "majority", "3"), ("2", "", "2")]


def test_the_records_store_keeps_the_session_label():
    import sqlite3

    from game.store.records_db import database_path

    app = make_app()
    press(app, pygame.K_l)
    type_text(app, "lThursday cohort")
    press(app, pygame.K_RETURN)
    press(app, pygame.K_RETURN)
    assert app.scene.session.label == "Thursday cohort"
    db = sqlite3.connect(database_path())
    labels = [row[0] for row in db.execute("SELECT label FROM sessions")]
    db.close()
    assert "Thursday cohort" in labels
