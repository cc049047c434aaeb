"""The `outreach` command, in-process and as a real process with piped input."""

import json
import subprocess
import sys

import pytest

from game.cli import main
from game.model.schema import scenario_schema_text

from .conftest import FIXTURES, ROOT, SCENARIOS

SHIPPED = sorted(SCENARIOS.glob("*.yaml"))


def run(*args, stdin=""):
    return subprocess.run([sys.executable, "-m", "game", *args], input=stdin, capture_output=True, text=True,
                          timeout=60, cwd=ROOT)


def test_help_works_both_ways():
    for command in (["outreach"], [sys.executable, "-m", "game"]):
        if command == ["outreach"]:
            from shutil import which
            if which("outreach") is None:
                continue
        result = subprocess.run([*command, "--help"], capture_output=True, text=True, timeout=60)
        assert result.returncode == 0
        assert "validate" in result.stdout and "play" in result.stdout


def test_shipped_scenarios_validate_clean():
    assert SHIPPED, "no shipped scenarios"
    result = run("validate", "--strict", "scenarios/")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 errors, 0 warnings" in result.stderr


def test_shipped_scenarios_start_with_the_schema_line():
    for path in SHIPPED:
        assert path.read_text().splitlines()[0] == "# yaml-language-server: $schema=../schema/scenario.schema.json"


def test_committed_schema_matches_the_model():
    committed = (ROOT / "schema" / "scenario.schema.json").read_text()
    assert committed == scenario_schema_text(), "run: outreach schema --out schema/scenario.schema.json"


def test_validate_json(capsys):
    assert main(["validate", "--json", str(FIXTURES / "small.yaml")]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["errors"] == 0 and report["files"][0]["ok"]


def test_list_shows_id_title_minutes_and_warnings(capsys):
    assert main(["list", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert sorted(row["path"].rsplit("/", 1)[-1] for row in rows) == [p.name for p in SHIPPED]
    for row in rows:
        assert row["ok"] and row["id"] and row["title"] and row["minutes"] > 0
        assert isinstance(row["content_warnings"], list)
    assert main(["list"]) == 0
    assert "Content warnings:" in capsys.readouterr().out


@pytest.mark.parametrize("path", SHIPPED + [FIXTURES / "small.yaml"], ids=lambda p: p.stem)
def test_yes_1_reaches_an_ending_and_a_debrief(path):
    result = run("play", "--text", str(path), stdin="1\n" * 200)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Ending:" in out and "Debrief." in out
    for label in ("Health and Dignity", "Participant-Centered Services", "Participant Involvement",
                  "Participant Autonomy", "Sociocultural Factors", "Pragmatic and Realistic",
                  "Drug:", "Set:", "Setting:", "not medical advice"):
        assert label in out
    assert "Traceback" not in result.stderr


def test_end_of_input_exits_cleanly():
    result = run("play", "--text", str(FIXTURES / "small.yaml"), stdin="")
    assert result.returncode == 0
    assert result.stderr == ""
    assert "You left the scenario" in result.stdout


def test_back_and_bad_input_in_the_terminal_player():
    result = run("play", "--text", "--seed", "1", "--feedback", "coach", str(FIXTURES / "small.yaml"),
                 stdin="b\nseven\n9\nq\n")
    out = result.stdout
    assert "nothing to go back to" in out
    assert out.count("Please type a number from 1 to 2") == 2
    assert "You left the scenario" in out and result.returncode == 0


def test_feedback_modes():
    coach = run("play", "--text", "--seed", "2", str(FIXTURES / "small.yaml"), stdin="1\n1\n1\n").stdout
    assessment = run("play", "--text", "--seed", "2", "--feedback", "assessment", str(FIXTURES / "small.yaml"),
                     stdin="1\n1\n1\n").stdout
    before_debrief = lambda out: out.split("Debrief.")[0]
    assert "\nFeedback:\n" in before_debrief(coach)
    assert "\nFeedback:\n" not in before_debrief(assessment)
    # assessment mode gives the feedback in the debrief's timeline instead
    assert any(line.strip() in assessment.split("Debrief.")[1] for line in
               ["Asking first shows respect.", "An order closes the conversation."])


def test_without_a_scenario_the_list_is_offered():
    result = run("play", "--text", stdin="1\n" + "1\n" * 100)
    assert "Scenarios:" in result.stdout
    assert "Debrief." in result.stdout and result.returncode == 0


def test_unknown_scenario_is_a_usage_error():
    result = run("play", "--text", "no-such-scenario")
    assert result.returncode == 2 and "no such scenario" in result.stderr


def test_broken_scenario_cannot_be_played(tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_text((FIXTURES / "small.yaml").read_text().replace("goto: talk", "goto: tlak"))
    result = run("play", "--text", str(broken))
    assert result.returncode == 1
    assert f"{broken}:" in result.stderr and "did you mean 'talk'" in result.stderr


def test_the_schema_accepts_every_valid_scenario_an_editor_will_see():
    """What the loader accepts, the editor's schema must not flag (short forms included)."""
    jsonschema = pytest.importorskip("jsonschema")
    import yaml

    schema = json.loads((ROOT / "schema" / "scenario.schema.json").read_text())
    validator = jsonschema.Draft202012Validator(schema)
    for path in SHIPPED + [FIXTURES / "small.yaml"]:
        errors = [e.message for e in validator.iter_errors(yaml.safe_load(path.read_text()))]
        assert errors == [], path
    bad = yaml.safe_load((FIXTURES / "small.yaml").read_text())
    bad["nodes"]["talk now"] = bad["nodes"].pop("talk")
    assert list(validator.iter_errors(bad))
