"""Fuzzing scenario text (issue 8): for any text that validates, every screen renders, in play and
in facilitator mode. Hypothesis writes the texts; OUTREACH_FUZZ_EXAMPLES runs more of them."""

import json
import os
import re
import time

import pygame
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game import facilitation as fac
from game.engine import choose, is_over, offered_choices, start
from game.model import check_text
from game.store import Settings
from game.ui.app import App
from game.ui.scenes.debrief import DebriefScene
from game.ui.scenes.facilitate import FacilitateScene
from game.ui.scenes.menus import BriefingScene, PickerScene, TitleScene
from game.ui.scenes.play import FeedbackScene, PlayScene

from .conftest import FIXTURES

EXAMPLES = int(os.environ.get("OUTREACH_FUZZ_EXAMPLES", "40"))
BASE = yaml.safe_load((FIXTURES / "small.yaml").read_text())
# Where text goes in a scenario: (path into the document, how many texts).
TEXT_PLACES = [("title",), ("premise",), ("lens", "drug", "summary"), ("lens", "drug", "facts", 0, "text"),
               ("lens", "set"), ("lens", "setting", "facts", 0, "text"), ("nodes", "meet", "text"),
               ("nodes", "meet", "speaker"), ("nodes", "meet", "choices", 0, "text"),
               ("nodes", "meet", "choices", 0, "feedback"), ("nodes", "meet", "choices", 1, "text"),
               ("nodes", "talk", "text"), ("nodes", "talk", "choices", 1, "text"),
               ("nodes", "good-end", "ending", "title"), ("nodes", "mixed-end", "text"),
               ("debrief", "questions", 0), ("debrief", "facilitator_notes"), ("content_warnings", 0)]
TEXTS = st.one_of(
    st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs")), min_size=1, max_size=60),
    st.text(alphabet="\u200b\u200c\u200d\ufeff\u00ad\u2060\u202e\u2066 \nאבגمرح😀👩\u200d👧e\u0301W", min_size=1, max_size=30),
    st.text(alphabet=st.characters(min_codepoint=0x20, max_codepoint=0x2FFF, blacklist_categories=("Cc", "Cs")),
            min_size=200, max_size=400),
)


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    saved = os.environ.get("OUTREACH_HOME")
    os.environ["OUTREACH_HOME"] = str(tmp_path_factory.mktemp("fuzz-home"))
    try:
        yield App(size=(800, 480), settings=Settings(reduced_motion=True), background_loading=False,
                  scenario_folder=tmp_path_factory.mktemp("empty"), seed=1)
    finally:  # later tests keep the session's home
        if saved is None:
            os.environ.pop("OUTREACH_HOME", None)
        else:
            os.environ["OUTREACH_HOME"] = saved


def scenario_text(texts, escaped):
    document = json.loads(json.dumps(BASE))
    for place, text in zip(TEXT_PLACES, texts):
        target = document
        for key in place[:-1]:
            target = target[key]
        target[place[-1]] = text
    text = json.dumps(document, ensure_ascii=False, indent=1)  # JSON is YAML; keys are plain ASCII
    if escaped:  # as an author writes escapes in double quotes: \xXX, \uXXXX, \UXXXXXXXX
        text = re.sub(r"[^\x00-\x7e]", lambda m: _escape(ord(m.group())), text)
    return text


def _escape(code: int) -> str:
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def draws(app, scene=None):
    if scene is not None:
        app.push(scene)
    app.draw()
    return app.scene


def every_screen(app, scenario):
    app.facilitating = False
    app.relayout()
    app.reset(TitleScene(app))
    app.entries = []
    draws(app, PickerScene(app))
    draws(app, BriefingScene(app, scenario))
    state = start(scenario, 1)
    for pick in (0, -1):  # the first and the last choice offered, to two endings where they differ
        state = start(scenario, 1)
        while not is_over(scenario, state):
            play = draws(app, PlayScene(app, scenario, "coach", state))
            offered = offered_choices(scenario, state)[pick]
            state = choose(scenario, state, offered.index)
            draws(app, FeedbackScene(app, play, offered.rule, True))
        draws(app, PlayScene(app, scenario, "coach", state))
        debrief = draws(app, DebriefScene(app, scenario, state, "assessment"))
        for _ in range(2):
            debrief.act("continue")
            app.draw()
        debrief.view.scroll = debrief.view.max_scroll
        app.draw()
    app.facilitating = True
    app.relayout()
    app.push(FacilitateScene(app, scenario, fac.new_session(scenario, 1, time.time())))
    for keys in ([pygame.K_SLASH], [pygame.K_ESCAPE], [pygame.K_p], [pygame.K_p], [pygame.K_p], [pygame.K_t]):
        press(app, *keys)  # help, closed; the presenter view (asked, shown, back); the tally
    for _ in range(20):
        if is_over(scenario, app.scene.session.state):
            break
        press(app, pygame.K_a)
        press(app, pygame.K_RETURN)  # the room's choice revealed
        press(app, pygame.K_j)  # the jump panel, closed again
        press(app, pygame.K_ESCAPE)
        press(app, pygame.K_RETURN)  # on to the next moment
    from game.ui.scenes.facilitate import SUMMARY

    for _ in range(SUMMARY + 1):
        press(app, pygame.K_RIGHT)  # the four parts of the group debrief, then the room's summary slide
    assert app.scene.name == "facilitate" and app.scene.stage == "debrief" and app.scene.phase == SUMMARY


def press(app, key):
    app.step([pygame.event.Event(pygame.KEYDOWN, key=key, mod=0, unicode="", scancode=0)])
    app.draw()


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                       HealthCheck.too_slow,
                                                                       HealthCheck.data_too_large])
@given(st.lists(TEXTS, min_size=len(TEXT_PLACES), max_size=len(TEXT_PLACES)), st.booleans(),
       st.one_of(st.none(), st.tuples(st.integers(0, len(TEXT_PLACES) - 1), st.text(max_size=20))))
def test_every_screen_renders_any_text_that_validates(app, texts, escaped, anything):
    if anything is not None:  # now and then any text at all (controls, surrogates): refused or shown
        texts[anything[0]] = anything[1]
    result = check_text(scenario_text(texts, escaped), "fuzz.yaml")
    if result.scenario is None:
        return  # refused with a message: that is the other half of the contract, tested elsewhere
    every_screen(app, result.scenario)
