"""The `outreach` command, in-process and as a real process with piped input."""

import io
import json
import os
import re
import subprocess
import sys

import pytest

from game.cli import main
from game.model.schema import scenario_schema_text

from .conftest import FIXTURES, ROOT, SCENARIOS

SHIPPED = sorted(SCENARIOS.glob("*.yaml"))


def run(*args, stdin="", env=None):
    return subprocess.run([sys.executable, "-m", "game", *args], input=stdin, capture_output=True, text=True,
                          timeout=60, cwd=ROOT, env=None if env is None else {**os.environ, **env})


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
    assert result.stdout.endswith("You left the scenario.\n")
    assert "Nothing was scored" not in result.stdout


def test_end_of_input_at_the_scenario_list_ends_the_line():
    result = run("play", "--text", stdin="")
    assert result.returncode == 0 and result.stderr == ""
    assert "Scenarios:" in result.stdout and result.stdout.endswith("(q to quit): \n")


def test_back_and_bad_input_in_the_terminal_player():
    result = run("play", "--text", "--seed", "1", "--feedback", "coach", str(FIXTURES / "small.yaml"),
                 stdin="\nb\nseven\n9\nq\n")  # Enter at the pause after the content warnings first
    out = result.stdout
    assert "nothing to go back to" in out
    assert out.count("Please type a number from 1 to 2") == 2
    assert out.endswith("You left the scenario.\n") and result.returncode == 0


def test_feedback_modes():
    # plenty of lines: the pauses (after the warnings, after feedback, before the debrief) each take one
    coach = run("play", "--text", "--seed", "2", str(FIXTURES / "small.yaml"), stdin="1\n" * 20).stdout
    assessment = run("play", "--text", "--seed", "2", "--feedback", "assessment", str(FIXTURES / "small.yaml"),
                     stdin="1\n" * 20).stdout
    assert "Debrief." in coach and "Debrief." in assessment
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


# The terminal player, as a person reads it: pauses, words for signs, wrapping, the debrief.

BEST_PATH = ("Sit down beside Jo and ask how they are.", "Offer to stay a while.")
PRINCIPLE_LABELS = ("Health and Dignity", "Participant-Centered Services", "Participant Involvement",
                    "Participant Autonomy", "Sociocultural Factors", "Pragmatic and Realistic")


def numbers_for(scenario, seed, texts):
    """The numbers the player offers the choices `texts` under, one moment after another."""
    from game.engine import choose, offered_choices, start

    state, numbers = start(scenario, seed), []
    for text in texts:
        offered = {choice.text: choice for choice in offered_choices(scenario, state)}
        numbers.append(str(offered[text].number))
        state = choose(scenario, state, offered[text].index)
    return numbers


def play(scenario, answers, *, feedback="coach", seed=1, width=78):
    from game.text import TextPlayer

    out = io.StringIO()
    code = TextPlayer(scenario, iter(f"{a}\n" for a in answers), out, feedback=feedback, seed=seed, echo=True,
                      width=width).run()
    return code, out.getvalue()


def best_path_answers(scenario, seed=1):
    first, second = numbers_for(scenario, seed, BEST_PATH)
    return ["", first, "", second, "", ""]  # the warnings' pause, choice, feedback's pause, ..., debrief's pause


def test_the_player_pauses_after_feedback_and_end_of_input_there_exits_cleanly():
    result = run("play", "--text", str(FIXTURES / "small.yaml"), stdin="1\n1\n")  # warnings' pause, a choice
    out = result.stdout
    assert result.returncode == 0 and result.stderr == ""
    assert "\nFeedback:\n" in out
    after_feedback = out.split("\nFeedback:\n", 1)[1]
    assert "Press Enter to continue (q to quit)." in after_feedback
    assert out.endswith("You left the scenario.\n")
    assert "Moment 2." not in out and "Ending:" not in out


def test_the_content_warnings_come_before_a_pause_where_one_can_quit(small):
    code, out = play(small, ["q"])
    assert code == 0
    assert "Content warnings: overdose." in out and "Press Enter to continue (q to quit)." in out
    assert "Moment 1." not in out and out.endswith("You left the scenario.\n")


def test_a_pause_before_the_debrief(small):
    answers = best_path_answers(small)
    code, out = play(small, answers[:-1] + ["q"])
    assert code == 0 and "Ending: Someone stays (good)." in out
    assert "Debrief." not in out and out.endswith("You left before the debrief.\n")


def test_signs_are_words_and_each_principle_has_its_own_line(small):
    _, best = play(small, best_path_answers(small))
    assert "\n  Health and Dignity: plus 2 (honoured)\n  Participant-Centered Services: plus 1 (honoured)\n" in best
    assert "  Health and Dignity: plus 3 (possible 0 to plus 3).\n" in best
    go_home = numbers_for(small, 1, ["Tell Jo to go home."])[0]
    _, worst = play(small, ["", go_home, "", ""])
    assert "  Participant-Centered Services: minus 2 (went against)\n" in worst
    assert "  Participant-Centered Services: minus 2 (possible minus 2 to plus 1).\n" in worst
    for out in (best, worst):
        assert not re.search(r"(?<![\w-])[+-]\d", out), "a sign a screen reader may skip"


def test_the_speaker_has_a_line_of_their_own(small):
    _, out = play(small, best_path_answers(small))
    assert "\nNarrator says:\nJo is sitting on a bench, shaking.\n" in out
    assert "\nJo says:\nI'm okay. I just need a minute.\n" in out
    assert "Jo: I'm okay" not in out


def test_the_debrief_keeps_internal_variables_to_itself(small):
    _, out = play(small, best_path_answers(small))
    debrief = out.split("\nDebrief.\n", 1)[1]
    assert "Changed" not in debrief and "trust" not in debrief and "stayed" not in debrief


def test_a_best_path_has_one_line_for_no_missed_opportunities(small):
    from game.text.player import NO_MISSED

    _, out = play(small, best_path_answers(small))
    debrief = out.split("\nDebrief.\n", 1)[1]
    blocks = [" ".join(block.split()) for block in debrief.split("\n\n")]
    # The best choice at each moment, yet 75% of the best possible: the line says why, in the same block.
    said = [block for block in blocks if NO_MISSED in block]
    assert len(said) == 1 and "still at 75% of the best possible, because" in said[0]
    assert "Missed opportunities." not in out
    assert out.count("not medical advice") == 1 and out.endswith("follow your\nprogram's protocols.\n")


def test_going_back_shows_again_what_that_moment_revealed(small):
    first = numbers_for(small, 1, BEST_PATH[:1])[0]
    _, out = play(small, ["", first, "", "b", "q"])
    assert "You went back one step." in out
    assert out.count("You now know (drug): The local supply is mostly fentanyl.") == 2
    assert out.count("You now know (setting): Nobody else is around.") == 1


def test_moments_are_listed_in_words():
    from game.text.player import moments

    assert moments([3]) == "moment 3"
    assert moments([1, 2]) == "moments 1 and 2"
    assert moments([1, 2, 4]) == "moments 1, 2 and 4"


def test_the_width_follows_the_terminal_within_limits(monkeypatch):
    from game.text.player import terminal_width

    for columns, width in (("50", 50), ("20", 40), ("300", 100), ("80", 80)):
        monkeypatch.setenv("COLUMNS", columns)
        assert terminal_width() == width


@pytest.mark.parametrize("scenario", [None, *SHIPPED], ids=lambda p: "list" if p is None else p.stem)
def test_a_narrow_terminal_wraps_every_line_and_keeps_labels_with_numbers(scenario):
    args = ["play", "--text", *([str(scenario)] if scenario else [])]
    result = run(*args, stdin="1\n" * 300, env={"COLUMNS": "50"})
    out = result.stdout
    assert result.returncode == 0 and "Debrief." in out
    if scenario is None:
        assert "Scenarios:" in out
    too_long = [line for line in out.splitlines() if len(line) > 50]
    assert too_long == []
    for line in out.splitlines():
        for label in PRINCIPLE_LABELS:
            if f"{label}:" in line:
                assert re.search(rf"{label}: (plus \d+|minus \d+|0)\b", line), line
        assert not re.search(r"\b(plus|minus)$", line), line


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


def test_digits_from_other_scripts_are_refused_politely():
    result = run("play", "--text", "--seed", "1", str(FIXTURES / "small.yaml"), stdin="\n²\n" + "9" * 5000 + "\nq\n")
    assert result.returncode == 0 and "Traceback" not in result.stderr
    assert "Please type a number" in result.stdout
