"""The exported HTML debrief: one well-formed, self-contained page with every part of the debrief,
numbers in text as well as in the chart, and every piece of text escaped."""

import dataclasses
import re
from html import escape
from html.parser import HTMLParser

import pytest

from game.engine import build_debrief, choose, start
from game.model import DISCLAIMER, PRINCIPLES
from game.report import debrief_html
from game.report.html import on_rating_scale

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class TagChecker(HTMLParser):
    """Every element closed, in order; self-closing SVG elements count as closed."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []
        self.seen: list[str] = []
        self.problems: list[str] = []
        self.text: list[str] = []
        self.doctype = None

    def handle_decl(self, decl):
        self.doctype = decl

    def handle_starttag(self, tag, attrs):
        self.seen.append(tag)
        if tag not in VOID:
            self.open.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.seen.append(tag)

    def handle_endtag(self, tag):
        if not self.open or self.open[-1] != tag:
            self.problems.append(f"</{tag}> closes {self.open[-1] if self.open else 'nothing'}")
        else:
            self.open.pop()

    def handle_data(self, data):
        self.text.append(data)


def check(html: str) -> TagChecker:
    checker = TagChecker()
    checker.feed(html)
    checker.close()
    assert checker.problems == []
    assert checker.open == []
    return checker


@pytest.fixture
def debrief(small):
    """Sit down with Jo, then leave a kit: a mixed ending with one missed opportunity."""
    state = choose(small, choose(small, start(small, seed=5), 0), 1)
    return build_debrief(small, state)


def test_the_page_is_one_well_formed_html5_document(debrief):
    html = debrief_html(debrief)
    checker = check(html)
    assert checker.doctype.lower() == "doctype html"
    assert re.search(r'<html lang="en">', html)
    for tag in ("html", "head", "body", "main", "h1", "svg"):
        assert checker.seen.count(tag) == 1, tag
    assert checker.seen.count("h2") >= 6
    assert checker.seen.count("table") == 1


def test_the_page_needs_nothing_from_outside(debrief):
    html = debrief_html(debrief)
    assert "<script" not in html and "<link" not in html and "@import" not in html
    assert re.findall(r'(?:src|href)="(?!#)', html) == []
    assert re.findall(r"https?://", html) == ["http://"]  # only the SVG namespace, which is a name, not a fetch


def test_every_principle_is_shown_with_its_numbers_in_the_chart_and_the_table(debrief):
    html = debrief_html(debrief)
    svg = html[html.index("<svg"):html.index("</svg>")]
    table = html[html.index("<table"):html.index("</table>")]
    assert "<title>" in svg and 'role="img"' in svg and "aria-label=" in svg
    for result in debrief.principles:
        signed = f"{result.total:+d}" if result.total else "0"
        line = f"{result.label}: {signed} (possible "
        assert line in svg
        assert escape(result.label) in table
    assert "Health and Dignity: +2 (possible 0 to +3)" in html
    row = re.search(r'<th scope="row">Health and Dignity</th>(.*?)</tr>', table).group(1)
    assert re.findall(r">([^<]+)</td>", row) == ["+2", "0", "+3", "67%"]


def test_the_ending_is_named_in_words(debrief):
    html = debrief_html(debrief)
    assert "Mixed ending" in html and "A kit left behind" in html
    assert "Jo has naloxone, but no one to give it." in html


def test_the_lens_shows_each_factor_what_was_learnt_and_where_it_was_attended_or_missed(debrief):
    html = debrief_html(debrief)
    lens = html[html.index('id="lens"'):html.index('id="choices"')]
    for heading, summary in (("Drug", "Street fentanyl, smoked."), ("Set", "Scared and ashamed."),
                             ("Setting", "A park at night.")):
        assert f"<h3>{heading}</h3>" in lens and summary in lens
    assert "The local supply is mostly fentanyl." in lens and "Nobody else is around." in lens
    assert 'took the set into account at moment <a href="#moment-1">1</a>' in lens
    assert 'took the drug into account at moment <a href="#moment-2">2</a>' in lens
    assert "none of your choices took the setting into account" in lens
    assert 'open but not taken at moment <a href="#moment-2">2</a>' in lens


def test_the_timeline_lists_each_choice_with_scores_in_words(debrief):
    html = debrief_html(debrief)
    choices = html[html.index('id="choices"'):html.index('id="missed"')]
    assert '<li id="moment-1">' in choices and '<li id="moment-2">' in choices
    assert "Sit down beside Jo and ask how they are." in choices
    assert "Health and Dignity +2, Participant-Centered Services +1" in choices
    assert "trust" not in choices  # the author's variables are not shown to trainees
    assert "Asking first shows respect." in choices
    assert "Your choices, in order" in html and "Your choice" in choices


def test_a_group_debrief_speaks_of_the_room(debrief):
    html = debrief_html(debrief, votes=[{"Sit down beside Jo and ask how they are.": 7, "Tell Jo to go home.": 2},
                                        None])
    choices = html[html.index('id="choices"'):html.index('id="missed"')]
    assert "The room&#x27;s choices, in order" in html  # headings are escaped
    assert "The room&#x27;s choice" in choices and "Your choice" not in choices


def test_missed_opportunities_questions_and_disclaimer_are_there(small):
    sent_home = build_debrief(small, choose(small, start(small, seed=5), 1))
    html = debrief_html(sent_home)
    check(html)
    missed = html[html.index('id="missed"'):html.index('id="questions"')]
    assert '<a href="#moment-1">Moment 1</a>' in missed
    assert "Tell Jo to go home." in missed and "-2 in all" in missed
    assert "Sit down beside Jo and ask how they are." in missed and "+3 in all" in missed
    assert "Asking first shows respect." in missed
    assert "Poor ending" in html and "Alone" in html
    assert "What did Jo need first?" in html
    assert escape(DISCLAIMER) in html


def test_a_one_point_gap_is_not_a_missed_opportunity_and_further_misses_are_counted(small, debrief):
    html = debrief_html(debrief)
    missed = html[html.index('id="missed"'):html.index('id="questions"')]
    assert "though at moment 2 an option open would have added a point more" in missed and "is why your totals are at" in missed  # words agree with numbers
    sent_home = build_debrief(small, choose(small, start(small, seed=5), 1))
    assert "There were 4 more such moments" in debrief_html(dataclasses.replace(sent_home, more_missed=4))


def test_reactions_and_take_home_are_shown_only_when_given(debrief):
    plain = debrief_html(debrief)
    assert "How it felt" not in plain and "What you will take from this" not in plain
    html = debrief_html(debrief, reactions="Nervous.\n\nThen calmer.", take_home="Ask before acting.")
    check(html)
    assert html.index("How it felt") < html.index("The ending") < html.index("What you will take from this")
    assert "Nervous." in html and "Then calmer." in html and "Ask before acting." in html


def test_rating_scale_maps_worst_to_1_and_best_to_5():
    assert [on_rating_scale(s) for s in (0.0, 0.125, 0.25, 0.5, 0.625, 0.75, 1.0)] == [1, 2, 2, 3, 4, 4, 5]


def test_self_assessment_sits_next_to_the_score_and_wide_gaps_are_flagged(debrief):
    # Participant Autonomy scored the best possible here (5 on the scale); Health and Dignity 67% (4).
    html = debrief_html(debrief, self_assessment={"participant_autonomy": 2, "health_dignity": 4})
    check(html)
    assert "Your own rating (1 to 5)" in html
    reflect = html[html.index('class="reflect"'):]
    assert "Participant Autonomy: you rated yourself 2 out of 5, lower than your choices scored (5 out of 5" in reflect
    assert "Health and Dignity: you rated" not in reflect
    assert "not rated" in html


def test_close_self_assessment_says_so(debrief):
    html = debrief_html(debrief, self_assessment={"health_dignity": 3, "participant_autonomy": 5})
    assert "within one point" in html


def test_votes_show_the_split_at_each_moment(debrief):
    votes = [{"Sit down beside Jo and ask how they are.": 6, "Tell Jo to go home.": 2}, None]
    html = debrief_html(debrief, votes=votes)
    check(html)
    assert "The room's votes at moment 1" in html and "moment 2</caption>" not in html
    assert "<strong>Sit down beside Jo and ask how they are.</strong> (taken)" in html
    assert re.search(r"Tell Jo to go home\.</th><td class=\"number\">2</td><td class=\"number\">25%", html)


def test_a_playthrough_without_an_ending_says_so(small):
    html = debrief_html(build_debrief(small, start(small, seed=1)))
    check(html)
    assert "stopped before it reached an ending" in html and "No choices were made." in html


def test_every_piece_of_text_is_escaped(debrief):
    attack = '<script>alert("x")</script>'
    hostile = dataclasses.replace(
        debrief, title=attack, scenario_id=attack, questions=(attack,), note=attack,
        principles=tuple(dataclasses.replace(p, label=attack) for p in debrief.principles),
        lens=tuple(dataclasses.replace(f, summary=attack, learnt=(attack,)) for f in debrief.lens),
        timeline=tuple(dataclasses.replace(t, choice=attack, situation=attack, speaker=attack, feedback=attack,
                                           effects=(attack,)) for t in debrief.timeline),
        missed=tuple(dataclasses.replace(m, chosen=attack, better=attack, better_feedback=attack)
                     for m in debrief.missed),
    )
    html = debrief_html(hostile, reactions=attack, take_home=attack, votes=[{attack: 3}],
                        self_assessment={p.key: 1 for p in PRINCIPLES})
    check(html)
    assert "<script" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
