"""`validate` with the checks that need to know what play can really do: the corpus of logic
faults in tests/fixtures/logic/, each with its message at the right line."""

import json

import pytest

from game.cli import main
from game.engine import explore as explore_module

from .conftest import FIXTURES, SCENARIOS

LOGIC = FIXTURES / "logic"


def line_of(path, text):
    return next(n for n, line in enumerate(path.read_text().splitlines(), 1) if text in line)


def validate(capsys, *args):
    status = main(["validate", *map(str, args)])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_a_never_true_condition_that_hides_an_ending_fails_at_its_when_line(capsys):
    path = LOGIC / "hidden-ending.yaml"
    status, out, _ = validate(capsys, path)
    assert status == 1
    when = line_of(path, "when: trust >= 5")
    first = next(line for line in out.splitlines() if "never offered" in line)
    assert first.startswith(f"{path}:{when}:15: error:")
    assert "needs trust >= 5 and not told; at this moment trust is at most 1" in first
    hidden = next(line for line in out.splitlines() if "can never be reached in play" in line)
    assert hidden.startswith(f"{path}:{line_of(path, '  plan:')}:3: error: ending 'plan'")


def test_a_choice_never_offered_because_its_values_never_meet(capsys):
    path = LOGIC / "never-offered.yaml"
    status, out, _ = validate(capsys, path)
    assert status == 1
    (line,) = [line for line in out.splitlines() if "error" in line]
    assert line.startswith(f"{path}:{line_of(path, 'when: told and trust >= 1')}:15: error: choice 2 of 'talk'")
    assert "never in the combination it needs" in line
    assert "can never be reached" not in out  # the plan is still reachable the other way


def test_an_always_true_condition_is_a_warning(capsys):
    path = LOGIC / "always-true.yaml"
    status, out, _ = validate(capsys, path)
    assert status == 0
    assert f"{path}:{line_of(path, 'when: trust >= 1')}:15: warning:" in out
    assert "trust is always 1" in out
    assert validate(capsys, "--strict", path)[0] == 1


def test_a_poor_ending_that_outscores_every_good_one_is_a_warning_with_both_totals(capsys):
    path = LOGIC / "poor-outscores-good.yaml"
    status, out, _ = validate(capsys, "--json", path)
    assert status == 0
    (diagnostic,) = json.loads(out)["files"][0]["diagnostics"]
    assert diagnostic["code"] == "poor-outscores-good"
    assert diagnostic["line"] == line_of(path, "  walks-off:")
    assert "a total of 6" in diagnostic["message"] and "(4, 'plan')" in diagnostic["message"]


def test_the_shipped_scenarios_have_no_logic_faults(capsys):
    status, out, err = validate(capsys, "--strict", SCENARIOS)
    assert status == 0, out + err


def test_a_scenario_too_large_to_explore_says_so(capsys, tmp_path, monkeypatch):
    path = tmp_path / "big.yaml"
    # Content of its own, so no cached exploration answers for it.
    path.write_text((LOGIC / "hidden-ending.yaml").read_text() + "# a copy\n")
    monkeypatch.setattr(explore_module, "MAX_STATES", 2)
    status, out, err = validate(capsys, path)
    assert "never offered" not in out  # nothing is claimed without proof
    assert f"{path}: note: the checks of what play can reach were not made" in err
    assert "stopped at 2 play states" in err
    status, out, err = validate(capsys, "--json", path)
    assert json.loads(out)["files"][0]["explored"]["exact"] is False
