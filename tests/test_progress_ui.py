"""Never losing progress in the window: one autosave per scenario, resumed from the list or the
title, and nothing thrown away without a question that says what will be lost."""

import pygame
import pytest

from game.store import load_progress
from game.store.autosave import list_progress
from game.ui.app import CATALOG_READY, App
from game.ui.scenes.menus import PickerScene, TitleScene

from .conftest import SCENARIOS
from .test_ui import button_labelled, choice_buttons, click, make_app, press, screen_text

PARK = SCENARIOS / "overdose-in-the-park.yaml"
SICK = SCENARIOS / "waking-up-sick.yaml"


@pytest.fixture(autouse=True)
def fresh_progress():
    from game.store import clear_progress

    clear_progress()
    yield
    clear_progress()


def open_card(app, title):
    click(app, button_labelled(app, title))
    assert app.scene.name == "briefing"


def play_two_moments_and_leave(app, title):
    open_card(app, title)
    press(app, pygame.K_RETURN)
    assert app.scene.name == "play"
    for _ in range(2):
        press(app, pygame.K_1)
        press(app, pygame.K_RETURN)  # leave the feedback
    state = app.scene.state
    press(app, pygame.K_ESCAPE)
    press(app, pygame.K_q)  # quit to the scenario list
    assert app.scene.name == "picker"
    return state


def test_two_scenarios_started_one_after_the_other_are_both_resumable():
    app = make_app()
    press(app, pygame.K_RETURN)
    park = play_two_moments_and_leave(app, "Overdose in the Park")
    sick = play_two_moments_and_leave(app, "Waking Up Sick")
    assert {p.scenario_path for p in list_progress()[0]} == {str(PARK.resolve()), str(SICK.resolve())}
    assert button_labelled(app, "Overdose in the Park").label.count("In progress: moment 3") == 1
    assert "In progress: moment 3" in button_labelled(app, "Waking Up Sick").label
    assert "In progress" not in button_labelled(app, "Two Lines or One").label

    again = make_app()  # a new run: the title offers the most recent
    assert "Resume Waking Up Sick, moment 3" in screen_text(again)
    assert again.scene.view.focused().action == "resume"
    click(again, button_labelled(again, "Choose a scenario"))
    open_card(again, "Overdose in the Park")
    assert "in progress, at moment 3" in screen_text(again)
    assert again.scene.view.focused().action == "resume"  # resuming is the default
    press(again, pygame.K_RETURN)
    assert again.scene.name == "play" and again.scene.state == park
    press(again, pygame.K_ESCAPE)
    press(again, pygame.K_q)
    open_card(again, "Waking Up Sick")
    press(again, pygame.K_r)
    assert again.scene.name == "play" and again.scene.state == sick


def test_start_over_says_what_will_be_lost_and_keeps_it_unless_confirmed():
    app = make_app()
    press(app, pygame.K_RETURN)
    park = play_two_moments_and_leave(app, "Overdose in the Park")
    open_card(app, "Overdose in the Park")
    press(app, pygame.K_n)  # start over
    assert app.scene.name == "confirm"
    assert "the 2 choices you made" in screen_text(app) and "will be lost" in screen_text(app)
    press(app, pygame.K_RETURN)  # the focused answer keeps the game
    assert app.scene.name == "briefing" and load_progress(str(PARK.resolve()))[0] is not None
    press(app, pygame.K_n)
    press(app, pygame.K_y)
    assert app.scene.name == "briefing" and load_progress(str(PARK.resolve())) == (None, None)
    press(app, pygame.K_RETURN)
    assert app.scene.name == "play" and app.scene.state.steps_taken == 0 and app.scene.state != park


def test_restart_in_the_pause_menu_asks_first():
    app = make_app()
    press(app, pygame.K_RETURN)
    open_card(app, "Overdose in the Park")
    press(app, pygame.K_RETURN)
    press(app, pygame.K_1)
    press(app, pygame.K_RETURN)
    press(app, pygame.K_ESCAPE)
    press(app, pygame.K_r)
    assert app.scene.name == "confirm" and "The 1 choice you made" in screen_text(app)
    press(app, pygame.K_ESCAPE)
    assert app.scene.name == "pause"
    press(app, pygame.K_ESCAPE)
    assert app.scene.state.steps_taken == 1
    press(app, pygame.K_ESCAPE)
    press(app, pygame.K_r)
    click(app, button_labelled(app, "Restart, losing them"))
    assert app.scene.name == "play" and app.scene.state.steps_taken == 0


def test_a_game_left_in_its_debrief_resumes_there_with_what_was_written():
    app = make_app()
    press(app, pygame.K_RETURN)
    open_card(app, "Overdose in the Park")
    press(app, pygame.K_RETURN)
    while choice_buttons(app):
        press(app, pygame.K_1)
        press(app, pygame.K_RETURN)
    press(app, pygame.K_RETURN)
    assert app.scene.name == "debrief"
    app.step([pygame.event.Event(pygame.TEXTINPUT, text=c) for c in "Shaky"])
    again = make_app()
    assert "Resume Overdose in the Park, its debrief" in screen_text(again)
    press(again, pygame.K_r)
    assert again.scene.name == "debrief" and again.scene.reactions == "Shaky"


def test_keys_pressed_while_the_list_loads_are_kept():
    settings = make_app().settings
    app = App(size=(1280, 720), settings=settings, background_loading=True, seed=3, scenario_folder=SCENARIOS)
    app.push(TitleScene(app))
    app.push(PickerScene(app))
    app.step()
    assert "Loading scenarios" in screen_text(app)
    press(app, pygame.K_1)  # before the list is there
    app.wait_for_catalog()
    app.step([pygame.event.Event(CATALOG_READY)])
    assert app.scene.name == "briefing"
