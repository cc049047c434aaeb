"""`outreach test`: a scenario's own playtests run through the real rules, and the built-in
properties every scenario gets; every failure at the file:line:column where it is written."""

import json

from game.cli import main
from game.engine.playtest import check_properties, run_all
from game.model import load_scenario_text

from .conftest import FIXTURES, ROOT

PLAYTESTED = (FIXTURES / "playtested.yaml").read_text()


def _line_of(text: str, needle: str, after: str = "") -> int:
    lines = text.splitlines()
    begin = next(i for i, line in enumerate(lines) if after in line) if after else 0
    return next(i for i, line in enumerate(lines) if i >= begin and needle in line) + 1


def _test(tmp_path, capsys, text: str, *extra: str) -> tuple[int, str, str]:
    path = tmp_path / "scenario.yaml"
    path.write_text(text)
    status = main(["test", str(path), *extra])
    out, err = capsys.readouterr()
    return status, out, err


def test_the_shipped_scenarios_pass_their_tests():
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-m", "game", "test", "scenarios/"], capture_output=True, text=True,
                            timeout=120, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 failed" in result.stderr


def test_a_fixture_with_playtests_passes(tmp_path, capsys):
    status, out, err = _test(tmp_path, capsys, PLAYTESTED)
    assert status == 0, out
    assert "2 playtests passed, 3 built-in properties passed" in out


def test_a_playtest_expecting_the_wrong_ending_fails_at_its_line(tmp_path, capsys):
    text = PLAYTESTED.replace("      ending: good-end", "      ending: mixed-end")
    status, out, _ = _test(tmp_path, capsys, text)
    assert status == 1
    line = _line_of(text, "ending: mixed-end")
    expected = (f"scenario.yaml:{line}:15: playtest 'sitting down leads to someone staying': expected the ending "
                "'mixed-end', but the route ends at the ending 'good-end' (good: Someone stays)")
    assert expected in out, out
    assert "1 of 2 playtests passed" in out


def test_a_route_step_at_the_wrong_moment_fails_at_that_step(tmp_path, capsys):
    text = PLAYTESTED.replace("      - talk: stay\n", "      - meet: 1\n", 1)
    status, out, _ = _test(tmp_path, capsys, text)
    assert status == 1
    line = _line_of(text, "- meet: 1")
    assert f"scenario.yaml:{line}:15: playtest 'sitting down leads to someone staying': step 2: the route expects " \
        "to be at 'meet', but play is at 'talk' here" in out, out


def test_steps_after_an_ending_fail_at_the_first_of_them(tmp_path, capsys):
    text = PLAYTESTED.replace("    route:\n      - meet: sit-down\n      - talk: stay\n",
                              "    route:\n      - meet: send-home\n      - talk: stay\n")
    status, out, _ = _test(tmp_path, capsys, text)
    assert status == 1
    line = _line_of(text, "- talk: stay")
    assert (f"scenario.yaml:{line}:15: playtest 'sitting down leads to someone staying': step 2: the route goes on "
            "after it reached the ending 'alone-end' (Alone); remove the steps after it") in out, out


def test_a_choice_whose_condition_is_false_is_refused_with_the_values():
    text = PLAYTESTED.replace("        effects: [trust += 1]\n", "", 1)
    scenario = load_scenario_text(text, "s.yaml")
    first = run_all(scenario)[0]
    [failure] = first.failures
    assert failure.message == ("step 2: the choice 'stay' is not offered at this point: its condition "
                               "'trust >= 1' is false (here trust = 0)")
    assert failure.path == ("playtests", 0, "route", 1, "talk")


def test_totals_variables_and_offers_are_each_reported(tmp_path, capsys):
    text = (PLAYTESTED.replace("        pragmatic: 2\n", "        pragmatic: 3\n")
            .replace("{at_most: 1}", "{at_most: 0}")
            .replace("variables: {trust: 1, stayed: true}", "variables: {trust: 1, stayed: false}")
            .replace("offered: {talk: [stay, 2]}", "offered: {talk: [stay, 2]}\n      not_offered: {talk: [2]}")
            .replace("not_offered: {meet: []}", "not_offered: {meet: [send-home]}"))
    status, out, _ = _test(tmp_path, capsys, text)
    assert status == 1
    lines = {line.split(": playtest")[0].split(":")[1]: line for line in out.splitlines() if ": playtest" in line}
    assert "the total for pragmatic is 2, not 3" in lines[str(_line_of(text, "pragmatic: 3"))]
    assert "participant_centered is 1, above the expected at_most 0" in lines[str(_line_of(text, "{at_most: 0}"))]
    assert "variable 'stayed' is true at the end, not false" in lines[str(_line_of(text, "stayed: false}"))]
    assert ("the choice 'leave-kit' is offered at 'talk': it has no condition"
            in lines[str(_line_of(text, "not_offered: {talk: [2]}"))])
    assert "the choice 'send-home' is offered at 'meet'" in lines[str(_line_of(text, "not_offered: {meet:"))]


def test_an_offer_at_a_moment_the_route_never_reaches_fails():
    text = PLAYTESTED.replace("not_offered: {meet: []}", "offered: {talk: [leave-kit]}")
    [failure] = run_all(load_scenario_text(text, "s.yaml"))[1].failures
    assert failure.message == "the route never reaches 'talk' (it goes meet → alone-end)"


def test_a_never_true_condition_hides_an_ending_from_the_built_in_properties(tmp_path, capsys):
    text = PLAYTESTED.replace("when: trust >= 1", "when: trust >= 5").split("playtests:")[0]
    status, out, _ = _test(tmp_path, capsys, text)
    assert status == 1
    line = _line_of(text, "  good-end:")
    assert (f"scenario.yaml:{line}:3: property 'every ending reachable': no play reaches the ending 'good-end' "
            "(Someone stays)") in out, out
    assert f"scenario.yaml:{line}:3: property 'a good ending reachable'" in out


def test_a_principle_no_route_can_change_fails_the_spread_property():
    # Both routes into the scenario's endings score health_dignity the same.
    text = PLAYTESTED.replace("scores: {health_dignity: 2, participant_centered: 1}",
                              "scores: {health_dignity: 1, participant_centered: 1}").replace(
        "scores: {health_dignity: 1, pragmatic: 2}", "scores: {pragmatic: 2}").replace(
        "scores: {participant_centered: -2}", "scores: {participant_centered: -2, health_dignity: 1}")
    properties = check_properties(load_scenario_text(text.split("playtests:")[0], "s.yaml"))
    assert [o.passed for o in properties] == [True, True, False]
    assert "every route ends with the same total for health_dignity (1)" in properties[2].failures[0].message


def test_json_lists_every_check_with_its_status(tmp_path, capsys):
    text = PLAYTESTED.replace("      ending: good-end", "      ending: mixed-end")
    status, out, _ = _test(tmp_path, capsys, text, "--json")
    assert status == 1
    report = json.loads(out)
    [file] = report["files"]
    assert [r["status"] for r in file["results"]] == ["failed", "passed", "passed", "passed", "passed"]
    assert file["results"][0]["failures"][0]["line"] == _line_of(text, "ending: mixed-end")
    assert report["failed"] == 1 and report["passed"] == 4


def test_a_file_with_errors_is_reported_not_tested(tmp_path, capsys):
    status, out, _ = _test(tmp_path, capsys, PLAYTESTED.replace("goto: talk", "goto: tlak"))
    assert status == 1
    assert "'goto' names a node that does not exist" in out and "not tested" in out


def test_a_missing_path_is_a_usage_error(tmp_path, capsys):
    assert main(["test", str(tmp_path / "nope.yaml")]) == 2


def test_a_search_cut_short_never_fails_a_property_and_says_why():
    from game.engine.explore import explore

    scenario = load_scenario_text(PLAYTESTED, "s.yaml")
    partial = explore(scenario, max_states=2)
    assert not partial.exact
    properties = check_properties(scenario, partial)
    assert not any(o.failures for o in properties)
    unchecked = [o for o in properties if o.unchecked]
    assert unchecked and all("stopped at 2 play states" in o.unchecked for o in unchecked)
    assert all(o.passed or o.unchecked for o in properties)
