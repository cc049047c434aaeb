"""`outreach report` over a generated cohort (200 playthroughs of every shipped scenario by 40
trainees, and 10 facilitated sessions): every figure on the page checked against the database,
the filters, the CSV tables, and the page as headless Chromium draws it."""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
import sqlite3
import subprocess
from collections import Counter
from html import unescape

import pytest

from bench.cohort import cohort_document
from game.catalog import catalog
from game.model import PRINCIPLES
from game.records.version import choice_ref

from .records_support import outreach

PER_SCENARIO, TRAINEES, SESSIONS = 200, 40, 10


@pytest.fixture(scope="module")
def cohort(tmp_path_factory):
    folder = tmp_path_factory.mktemp("cohort")
    home = folder / "home"
    scenarios = [e.result.scenario for e in catalog() if e.result.scenario is not None]
    document = cohort_document(scenarios, TRAINEES, PER_SCENARIO, SESSIONS, seed=3)
    source = folder / "cohort.json"
    source.write_text(json.dumps(document))
    out = outreach(home, "import", str(source)).stdout
    assert f"added {PER_SCENARIO * len(scenarios)} playthroughs, {SESSIONS} sessions" in out
    again = outreach(home, "import", str(source)).stdout  # the same file again: nothing added
    assert "imported before; nothing added" in again
    report = folder / "report.html"
    outreach(home, "report", "--out", str(report), "--csv", str(folder / "csv"))
    db = sqlite3.connect(home / "data" / "records.sqlite3")
    db.row_factory = sqlite3.Row
    return {"home": home, "folder": folder, "html": report.read_text(encoding="utf-8"), "db": db,
            "scenarios": {s.id: s for s in scenarios}}


def figure(html: str, name: str) -> int:
    match = re.search(rf'data-figure="{re.escape(name)}"><strong>(\d+)</strong>', html)
    assert match, name
    return int(match.group(1))


def test_overview_figures_match_the_database(cohort):
    html, db = cohort["html"], cohort["db"]
    one = lambda sql: db.execute(sql).fetchone()[0]  # noqa: E731
    assert figure(html, "people") == one("SELECT COUNT(DISTINCT trainee) FROM playthroughs") == TRAINEES
    assert figure(html, "playthroughs") == one("SELECT COUNT(*) FROM playthroughs") == PER_SCENARIO * len(cohort["scenarios"])
    assert figure(html, "completed") == one("SELECT COUNT(*) FROM playthroughs WHERE status = 'completed'")
    assert figure(html, "left unfinished") == one("SELECT COUNT(*) FROM playthroughs WHERE status != 'completed'")
    assert figure(html, "choices made") == one("SELECT COUNT(*) FROM steps WHERE kind = 'choice'")
    assert figure(html, "steps back") == one("SELECT COUNT(*) FROM steps WHERE kind = 'back'")
    assert figure(html, "facilitated sessions") == one("SELECT COUNT(*) FROM sessions") == SESSIONS


def test_endings_and_principles_match_the_database(cohort):
    html, db = cohort["html"], cohort["db"]
    for sid in cohort["scenarios"]:
        chart = re.search(rf'<svg[^>]* id="endings-{re.escape(sid)}".*?</svg>', html, re.S).group(0)
        shown = [int(n) for n in re.findall(r'data-ending-count="(\d+)"', chart)]
        counts = db.execute("SELECT ending_title, COUNT(*) FROM playthroughs WHERE scenario_id = ? AND "
                            "status = 'completed' GROUP BY ending_title", (sid,)).fetchall()
        assert sorted(shown) == sorted(n for _, n in counts)
        for title, n in counts:
            assert re.search(rf"{re.escape(str(title).replace(chr(39), '&#x27;'))} \([a-z]+ ending\)", chart), title
        table = re.search(rf'<table class="principles" data-scenario="{re.escape(sid)}">.*?</table>', html, re.S).group(0)
        cells = re.findall(r'<tr><th scope="row">([^<]+)</th><td class="number">([-+0-9.]+)</td>', table)
        assert len(cells) == len(PRINCIPLES)
        for i, (label, shown_mean) in enumerate(cells):
            mean = db.execute(f"SELECT AVG(json_extract(totals, '$[{i}]')) FROM playthroughs WHERE scenario_id = ? "
                              "AND status = 'completed'", (sid,)).fetchone()[0]
            assert unescape(label) == PRINCIPLES[i].label
            assert float(shown_mean) == pytest.approx(mean, abs=0.006)


def test_option_counts_match_the_database(cohort):
    html, db = cohort["html"], cohort["db"]
    checked = 0
    for sid, scenario in cohort["scenarios"].items():
        rows = db.execute("SELECT s.node, s.choice, COUNT(*) FROM steps s JOIN playthroughs p ON p.id = s.playthrough "
                          "WHERE p.scenario_id = ? AND s.kind = 'choice' GROUP BY s.node, s.choice", (sid,)).fetchall()
        for node, choice, count in rows:
            table = re.search(rf'<table data-scenario="{re.escape(sid)}" data-node="{re.escape(node)}">.*?</table>',
                              html, re.S).group(0)
            ref = choice_ref(scenario.nodes[node].choices[choice].spec, choice)
            row = re.search(rf'<tr data-option="{re.escape(ref)}"><td>.*?</td><td class="number">[^<]*</td>'
                            r'<td class="number">(\d+)</td>', table, re.S)
            assert int(row.group(1)) == count
            checked += 1
    assert checked > 20
    with open(cohort["folder"] / "csv" / "options.csv", encoding="utf-8-sig", newline="") as file:
        table = list(csv.DictReader(file))
    total = sum(int(r["chosen"]) for r in table)
    assert total == db.execute("SELECT COUNT(*) FROM steps WHERE kind = 'choice'").fetchone()[0]


def test_session_votes_match_the_records(cohort):
    html, db = cohort["html"], cohort["db"]
    for session in db.execute("SELECT id, record FROM sessions").fetchall():
        record = json.loads(session["record"])
        branches = {b["number"]: b for b in record["branches"]}
        main, moments, number = record["main_line"], {}, record["main_line"]
        chain = []
        while number is not None:
            chain.append(branches[number])
            number = branches[number]["parent"]
        for branch in reversed(chain):
            for visit in branch["visits"]:
                moments[visit["moment"]] = visit
        assert main in branches
        for moment, visit in moments.items():
            table = re.search(rf'<table class="votes" data-session="{session["id"]}" data-moment="{moment}">.*?</table>',
                              html, re.S).group(0)
            shown = [int(v) for v in re.findall(r'</td><td class="number">(\d+)</td><td class="number">\d+%', table)]
            assert shown == [o["votes"] for o in visit["options"]]
            assert table.count(">taken<") == (1 if visit["taken"] is not None else 0)


def test_filters_by_label_date_and_scenario(cohort):
    home, db, folder = cohort["home"], cohort["db"], cohort["folder"]
    sid = sorted(cohort["scenarios"])[0]
    cases = [(["--label", "spring cohort"], "SELECT COUNT(*) FROM playthroughs WHERE label = 'spring cohort'"),
             (["--since", "2026-04-01"], "SELECT COUNT(*) FROM playthroughs WHERE started_at >= '2026-04-01'"),
             (["--scenario", sid], f"SELECT COUNT(*) FROM playthroughs WHERE scenario_id = '{sid}'")]
    for arguments, sql in cases:
        page = folder / "filtered.html"
        outreach(home, "report", *arguments, "--out", str(page))
        expected = db.execute(sql).fetchone()[0]
        assert 0 < expected < PER_SCENARIO * len(cohort["scenarios"]) or arguments[0] == "--scenario"
        assert figure(page.read_text(encoding="utf-8"), "playthroughs") == expected


def test_report_has_no_script_and_fetches_nothing(cohort):
    html = cohort["html"]
    assert "<script" not in html.lower()
    assert not re.search(r'(src|href)="(https?:)?//', html)


def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


@pytest.mark.skipif(chromium() is None, reason="no chromium to look at the report (apt-get install -y chromium)")
def test_chromium_draws_the_report(cohort, tmp_path):
    import pygame

    shot = cohort["folder"] / "report.png"
    subprocess.run([chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--no-first-run",
                    f"--user-data-dir={tmp_path / 'chromium'}", "--window-size=1280,2400", f"--screenshot={shot}",
                    (cohort["folder"] / "report.html").as_uri()],
                   check=True, capture_output=True, timeout=120, env={**os.environ, "HOME": str(tmp_path)})
    image = pygame.image.load(str(shot))
    assert image.get_size() == (1280, 2400)
    # Ink on the page: text, table rules and chart bars draw dark pixels over much of it.
    dark = Counter()
    for y in range(0, 2400, 8):
        for x in range(0, 1280, 8):
            r, g, b, *_ = image.get_at((x, y))
            dark[y // 600] += r + g + b < 200
    assert all(dark[band] > 50 for band in range(4)), dark
