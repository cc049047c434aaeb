"""The shipped library as a whole: language, wording, coverage and the course."""

import json
import re
import subprocess
import sys

import pytest

from game.catalog import catalog
from game.model.wording import LIBRARY_LIMIT, SCENARIO_LIMIT, wording

from .conftest import ROOT, SCENARIOS

# Words that stigmatise people who use drugs. A character may say them in a moment's text;
# the worker's choices never do, and feedback only quotes them to say why words matter.
STIGMA = re.compile(
    r"\b(addicts?|junk(ie|y|ies)|abusers?|(drug|substance) abuse|crackheads?|druggies?|dope ?fiends?|tweakers?"
    r"|(drug|heroin|meth|crack) users?|(clean|dirty) (needles?|syringes?|works|urine|tests?|screens?|people|person"
    r"|users?|supplies|gear)|\b(she|he|they|you|i|we)('s|'re|'m|'ve| is| are| am| was| were| has| have| had| stay"
    r"| stays| stayed| got| gets| get| getting| staying)( been| stayed| stays| got)? clean\b|(got|getting) clean\b)",
    re.IGNORECASE)
QUOTED = re.compile(r"\"[^\"]*\"|“[^”]*”|'[^']*'")


def _scenarios():
    entries = catalog(SCENARIOS)
    bad = [e.path.name for e in entries if e.result.scenario is None]
    assert not bad, f"shipped scenarios that do not load: {bad}"
    return [e.result.scenario for e in entries]


def test_no_worker_choice_or_feedback_uses_stigmatizing_words():
    found = []
    for scenario in _scenarios():
        for node_id, rule in scenario.nodes.items():
            for choice in rule.choices:
                for field, text, allow_quotes in (("text", choice.spec.text, False),
                                                  ("feedback", choice.spec.feedback, True)):
                    checked = QUOTED.sub("", text) if allow_quotes else text
                    for match in STIGMA.finditer(checked):
                        found.append(f"{scenario.id}/{node_id}/{choice.id} {field}: '{match.group(0)}'")
    assert not found, found


def test_the_stigma_list_catches_what_it_should():
    assert STIGMA.search("she has been clean for a year")
    assert STIGMA.search("You're clean now") and STIGMA.search("since he got clean")
    assert not STIGMA.search("our output must stay clean") and not STIGMA.search("You clean the wound")
    assert STIGMA.search("hand out clean needles")
    assert STIGMA.search("a dirty test")
    assert STIGMA.search("Addicts gather here")
    assert not STIGMA.search("new, unused syringes and a negative test")
    assert not QUOTED.sub("", 'Words like "junkie" reduce a person').count("junkie")


def test_docs_and_interface_text_use_person_first_language():
    found = []
    for path in [ROOT / "README.md", *(ROOT / "docs").rglob("*.md"), *(ROOT / "game").rglob("*.py")]:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            for match in STIGMA.finditer(QUOTED.sub("", line)):
                found.append(f"{path.relative_to(ROOT)}:{number}: {match.group(0)}")
    assert not found, found


def test_the_best_option_is_not_given_away_by_its_length():
    scenarios = _scenarios()
    figures = {s.id: wording(s) for s in scenarios}
    over = {sid: f"{w.longest_is_best}/{w.moments}" for sid, w in figures.items()
            if w.moments and w.share > SCENARIO_LIMIT}
    assert not over, f"scenarios where the longest option is a best one at over {SCENARIO_LIMIT:.0%} of moments: {over}"
    moments = sum(w.moments for w in figures.values())
    hits = sum(w.longest_is_best for w in figures.values())
    print(f"library wording figure: the longest option is a best one at {hits} of {moments} moments "
          f"({hits / moments:.0%})")
    if len(scenarios) >= 12:  # the library-wide line applies once the library is complete
        assert hits / moments <= LIBRARY_LIMIT


def test_list_json_describes_every_scenario_for_a_course():
    out = subprocess.run([sys.executable, "-m", "game", "list", "--json"], capture_output=True, text=True,
                         cwd=ROOT, check=True).stdout
    rows = json.loads(out)
    for row in rows:
        assert row["ok"], row
        for key in ("id", "title", "minutes", "content_warnings", "nodes", "endings", "principles",
                    "lens_factors", "topic"):
            assert key in row, (key, row["id"])
    ids = [row["id"] for row in rows]
    if "first-shift" in ids:
        assert ids[0] == "first-shift"
