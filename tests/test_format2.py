"""Format 2: stable choice ids, choices that reveal facts, conditional text, playtests, references."""

from game.engine import choose, node_text, start
from game.model import check_text, load_scenario_text

from .conftest import FIXTURES

SMALL = (FIXTURES / "small.yaml").read_text()


def _v2(text: str) -> str:
    return text.replace("format: 1", "format: 2")


def test_format_1_files_still_load_as_format_2():
    scenario = load_scenario_text(SMALL, "small.yaml")
    assert scenario.document.format in (1, 2)
    assert scenario.nodes["meet"].choices[0].id == "1"  # no id written: its number as written


def test_a_choice_reveals_facts_before_the_next_moment_does():
    text = _v2(SMALL).replace(
        "      - text: Sit down beside Jo and ask how they are.\n",
        "      - id: sit-down\n        text: Sit down beside Jo and ask how they are.\n        reveals: [alone]\n")
    text = text.replace("    reveals: [alone]\n    choices:", "    choices:")
    scenario = load_scenario_text(text, "v2.yaml")
    state = choose(scenario, start(scenario, 1), 0)
    assert state.revealed == ("supply", "alone")
    assert scenario.nodes["meet"].choices[0].id == "sit-down"


def test_node_text_follows_the_first_matching_variant():
    text = _v2(SMALL).replace(
        "    text: I'm okay. I just need a minute.\n",
        "    text: I'm okay. I just need a minute.\n"
        "    variants:\n"
        "      - when: trust >= 5\n        text: Never shown.\n"
        "      - when: trust >= 1\n        text: Jo shifts over to make room.\n")
    scenario = load_scenario_text(text, "v2.yaml")
    state = choose(scenario, start(scenario, 1), 0)
    assert node_text(scenario, state) == "Jo shifts over to make room."
    assert node_text(scenario, start(scenario, 1), "talk") == "I'm okay. I just need a minute."


def test_two_choices_with_one_id_are_refused_at_the_second():
    text = _v2(SMALL).replace("      - text: Sit down", "      - id: same\n        text: Sit down").replace(
        "      - text: Tell Jo to go home.", "      - id: same\n        text: Tell Jo to go home.")
    result = check_text(text, "dup.yaml")
    [problem] = [d for d in result.errors if d.code == "duplicate-id"]
    assert problem.line == text.splitlines().index("      - id: same\n        text: Tell Jo to go home.".splitlines()[0],
                                                   text.splitlines().index("      - id: same") + 1) + 1
    assert "choices 1 and 2" in problem.message


def test_a_variant_condition_is_type_checked_with_a_caret():
    text = _v2(SMALL).replace("    text: I'm okay. I just need a minute.\n",
                              "    text: I'm okay.\n    variants:\n      - when: trust >= yes\n        text: Hi.\n")
    result = check_text(text, "bad.yaml")
    assert any(d.code == "expression" and d.line == text.splitlines().index("      - when: trust >= yes") + 1
               for d in result.errors), [d.format() for d in result.errors]


PLAYTESTS = """
references:
  - {title: Opioid Overdose Prevention Toolkit, publisher: SAMHSA, year: 2018}
glossary:
  - {term: naloxone, meaning: A medicine that reverses an opioid overdose.}
playtests:
  - name: sitting down leads to someone staying
    route:
      - meet: Sit down
      - talk: 1
    expect:
      ending: good-end
      totals: {health_dignity: {at_least: 3}}
      variables: {stayed: true}
"""


def test_playtests_references_and_glossary_load():
    scenario = load_scenario_text(_v2(SMALL) + PLAYTESTS, "v2.yaml")
    [test] = scenario.document.playtests
    assert [list(step.items())[0] for step in test.route] == [("meet", "Sit down"), ("talk", 1)]
    assert scenario.document.references[0].publisher == "SAMHSA"
    assert scenario.nodes["talk"].find_choice(1).index == 0


def test_a_playtest_naming_a_missing_moment_or_choice_is_located():
    broken = PLAYTESTS.replace("      - talk: 1", "      - tlak: 1").replace("meet: Sit down", "meet: Dance")
    text = _v2(SMALL) + broken
    result = check_text(text, "v2.yaml")
    lines = text.splitlines()
    by_code = {d.code: d for d in result.errors}
    assert by_code["playtest-node"].line == lines.index("      - tlak: 1") + 1
    assert "did you mean 'talk'" in by_code["playtest-node"].format().lower()
    assert by_code["playtest-choice"].line == lines.index("      - meet: Dance") + 1
    assert "no choice with the id or text" in by_code["playtest-choice"].message


def test_references_reach_the_debrief_and_the_exported_page():
    from game.engine import build_debrief
    from game.report import debrief_html

    scenario = load_scenario_text(_v2(SMALL) + PLAYTESTS.replace("year: 2018}", "year: 2018, url: https://x.test/<a>}"),
                                  "v2.yaml")
    state = choose(scenario, start(scenario, 1), 1)
    debrief = build_debrief(scenario, state)
    assert debrief.references == ("Opioid Overdose Prevention Toolkit. SAMHSA, 2018. https://x.test/<a>",)
    page = debrief_html(debrief)
    assert "Sources behind this scenario" in page and "https://x.test/&lt;a&gt;" in page


def test_an_ending_shows_its_variant_text_in_the_debrief():
    from game.engine import build_debrief

    text = _v2(SMALL).replace("    text: Jo walks off alone.\n",
                              "    text: Jo walks off alone.\n    variants:\n"
                              "      - when: not stayed\n        text: Jo walks off, alone and unheard.\n")
    scenario = load_scenario_text(text, "v2.yaml")
    debrief = build_debrief(scenario, choose(scenario, start(scenario, 1), 1))
    assert debrief.ending.text == "Jo walks off, alone and unheard."
