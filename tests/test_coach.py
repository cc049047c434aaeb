"""Coach feedback says when a better option was open (without naming it), and the debrief's words
agree with its numbers."""

import pygame
import pytest

from game.engine import better_open, build_debrief, choose, start
from game.ui.app import App
from game.ui.scenes.menus import BriefingScene
from game.store import Settings

from .conftest import FIXTURES
from .test_cli import play


@pytest.fixture(autouse=True)
def fresh_progress():
    from game.store import clear_progress

    clear_progress()  # a saved game of the fixture would open its briefing on Resume
    yield
    clear_progress()


def test_better_open_names_the_principles_not_the_option(small):
    first = start(small, seed=1)
    assert better_open(small, first, 0) == ()  # sitting down is the best open
    assert better_open(small, first, 1) == ("Health and Dignity", "Participant-Centered Services")
    talk = choose(small, first, 0)
    assert better_open(small, talk, 1) == ("Health and Dignity", "Pragmatic and Realistic")


def test_the_debrief_says_why_none_missed_sits_next_to_less_than_the_best(small):
    best_path = choose(small, choose(small, start(small, seed=1), 0), 0)
    debrief = build_debrief(small, best_path)
    assert not debrief.missed and debrief.near_missed == ()
    app = App(size=(1280, 720), settings=Settings(reduced_motion=True, primer_seen=True), background_loading=False)
    from game.ui.scenes.debrief import DebriefScene

    app.push(DebriefScene(app, small, best_path, "coach"))
    for _ in range(2):
        app.step([pygame.event.Event(pygame.KEYDOWN, key=pygame.K_ESCAPE, mod=0, unicode="", scancode=0)])
    from .test_ui import screen_text

    text = screen_text(app)
    assert "75% of the best possible" in text and "because the best total of each principle" in text


def test_feedback_in_the_window_and_the_terminal_says_a_better_option_was_open(small):
    app = App(size=(1280, 720), settings=Settings(reduced_motion=True, primer_seen=True), background_loading=False,
              seed=1)
    app.push(BriefingScene(app, small, "coach"))
    app.step()
    from .test_ui import choice_buttons, click, press, screen_text

    press(app, pygame.K_RETURN)
    go_home = next(b for b in choice_buttons(app) if "go home" in b.label)
    click(app, go_home)
    assert app.scene.name == "feedback"
    text = screen_text(app)
    assert "Another option here did more for Health and Dignity and Participant-Centered Services." in text
    assert "Sit down" not in text  # the better option is not named
    _, out = play(small, ["", go_home.hint, "", ""], width=100)
    assert "\n  Another option here did more for Health and Dignity and Participant-Centered Services.\n" in out
    assert "Sit down beside Jo" not in out.split("\nFeedback:\n")[1].split("Debrief.")[0]
