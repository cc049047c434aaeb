"""The windowed game, headless: real key presses and clicks through real screens."""

import json

import pygame
import pytest

from game.store import Settings, data_dir, load_progress, load_records, load_settings, write_atomic
from game.ui.app import App
from game.ui.page import Block, Button
from game.ui.scenes.menus import TitleScene

from .conftest import SCENARIOS

OVERDOSE = SCENARIOS / "overdose-in-the-park.yaml"


@pytest.fixture(autouse=True)
def no_autosave_between_tests():
    from game.store import clear_progress

    clear_progress()
    yield


def make_app(size=(1280, 720), scale=1.0, theme="default", feedback="coach"):
    settings = Settings(text_scale=scale, theme=theme, fullscreen=False, reduced_motion=True, feedback=feedback,
                        primer_seen=True)
    app = App(size=size, settings=settings, background_loading=False, seed=3, scenario_folder=SCENARIOS)
    app.push(TitleScene(app))
    app.step()
    return app


def press(app, key, mod=0):
    app.step([pygame.event.Event(pygame.KEYDOWN, key=key, mod=mod, unicode="", scancode=0)])


def type_text(app, text):
    app.step([pygame.event.Event(pygame.TEXTINPUT, text=ch) for ch in text])


def settle_bounds(app, timeout=30):
    """Wait for the exact best and worst of the scenario on screen, worked out in the background,
    and let the window take the event that says they are ready."""
    from game import exact_bounds

    assert exact_bounds.wait(app.scene.scenario, timeout)[1] != exact_bounds.PENDING
    app.step(pygame.event.get())


def screen_position(view, button):
    rect = button.rect.move(view.viewport.x, view.viewport.y - view.scroll)
    return rect.center


def click(app, button):
    """Scroll with the wheel until the button is in view, then move there and click."""
    view = app.scene.view
    inside = view.viewport.center
    app.step([pygame.event.Event(pygame.MOUSEMOTION, pos=inside, rel=(0, 0), buttons=(0, 0, 0))])
    for _ in range(100):
        x, y = screen_position(view, button)
        if view.viewport.top <= y <= view.viewport.bottom:
            break
        step = -1 if y > view.viewport.bottom else 1
        app.step([pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=step, flipped=False, precise_x=0.0,
                                     precise_y=float(step))])
    pos = screen_position(view, button)
    app.step([pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=(0, 0, 0)),
              pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=1),
              pygame.event.Event(pygame.MOUSEBUTTONUP, pos=pos, button=1)])


def button_labelled(app, words):
    for button in app.scene.view.page.buttons:
        if words in button.label:
            return button
    raise AssertionError(f"no button with {words!r} on {app.scene.name}: "
                         f"{[b.label for b in app.scene.view.page.buttons]}")


def start_overdose(app):
    """From the title, through the picker and the briefing, to the first moment."""
    press(app, pygame.K_RETURN)
    click(app, button_labelled(app, "Overdose in the Park"))
    press(app, pygame.K_RETURN)
    assert app.scene.name == "play"


def choice_buttons(app):
    return [b for b in app.scene.view.page.buttons if isinstance(b.action, tuple) and b.action[0] == "choose"]


def screen_text(app):
    return " ".join(item.text if isinstance(item, Block) else item.label
                    for item in app.scene.view.page.items if isinstance(item, (Block, Button)))


def test_keyboard_only_from_title_to_debrief_and_export():
    app = make_app()
    assert app.scene.name == "title"
    press(app, pygame.K_RETURN)
    assert app.scene.name == "picker"
    number = next(b.hint for b in app.scene.view.page.buttons if "Overdose in the Park" in b.label)
    press(app, getattr(pygame, f"K_{number}"))
    assert app.scene.name == "briefing"
    assert "content warnings" in screen_text(app).lower() and "overdose" in screen_text(app)
    press(app, pygame.K_RETURN)
    assert app.scene.name == "play"
    moments = 0
    while app.scene.name == "play" and choice_buttons(app):
        moments += 1
        press(app, pygame.K_DOWN)  # focus the first choice, then take it with Enter
        press(app, pygame.K_RETURN)
        assert app.scene.name == "feedback"
        assert "What it did for the six principles" in screen_text(app) or "did not touch" in screen_text(app)
        progress, problem = load_progress()
        assert problem is None and len(progress.state["path"]) == moments  # autosaved after every choice
        press(app, pygame.K_RETURN)
    assert moments >= 3
    assert "Continue to the debrief" in screen_text(app)
    press(app, pygame.K_RETURN)
    assert app.scene.name == "debrief" and app.scene.phase == "reactions"
    type_text(app, "Tense")
    press(app, pygame.K_RETURN)
    assert app.scene.phase == "self"
    for rating in (5, 4, 3, 2, 1, 5):
        press(app, getattr(pygame, f"K_{rating}"))
    press(app, pygame.K_RETURN)
    assert app.scene.phase == "results"
    text = screen_text(app)
    for needed in ("The six principles", "Drug, set and setting", "Your choices", "To discuss",
                   "not medical advice", "How it felt, in your words: Tense"):
        assert needed in text
    press(app, pygame.K_t)
    type_text(app, "Ask before acting")
    press(app, pygame.K_RETURN)
    press(app, pygame.K_e)
    exported = sorted((data_dir() / "exports").glob("overdose-in-the-park-*.html"), key=lambda p: p.stat().st_mtime)
    assert exported and "Ask before acting" in exported[-1].read_text()
    assert "Saved the debrief to" in screen_text(app)
    assert load_progress()[0].debrief["take_home"] == "Ask before acting"  # kept until the player leaves
    settle_bounds(app)  # the completion is counted once the exact best and worst are known
    assert load_records()["overdose-in-the-park"].times_completed >= 1
    press(app, pygame.K_d)
    assert load_progress() == (None, None)  # a finished scenario is no longer offered to resume
    assert app.scene.name == "picker"
    assert "Completed" in screen_text(app)


def test_mouse_only_from_title_to_debrief():
    app = make_app(feedback="assessment")
    click(app, button_labelled(app, "Choose a scenario"))
    click(app, button_labelled(app, "Waking Up Sick"))
    click(app, button_labelled(app, "Assessment"))
    click(app, button_labelled(app, "Start"))
    steps = 0
    while app.scene.name == "play" and choice_buttons(app):
        click(app, choice_buttons(app)[-1])
        assert app.scene.name == "play"  # assessment: no feedback screen
        steps += 1
    click(app, button_labelled(app, "Continue to the debrief"))
    click(app, button_labelled(app, "Skip"))
    click(app, button_labelled(app, "Skip"))
    assert app.scene.phase == "results"
    click(app, button_labelled(app, "Done"))
    assert app.scene.name == "picker" and steps >= 2


def test_back_one_step_in_coach_mode_and_pause_menu():
    app = make_app()
    start_overdose(app)
    first = app.scene.state
    press(app, pygame.K_1)
    press(app, pygame.K_RETURN)  # leave the feedback
    assert app.scene.state.steps_taken == 1
    press(app, pygame.K_BACKSPACE)
    assert app.scene.state == first
    press(app, pygame.K_ESCAPE)
    assert app.scene.name == "pause"
    press(app, pygame.K_ESCAPE)
    assert app.scene.name == "play"


def test_settings_are_applied_and_kept(tmp_path):
    app = make_app()
    press(app, pygame.K_s)
    assert app.scene.name == "settings"
    body = app.theme.metrics.body
    press(app, pygame.K_PLUS)
    press(app, pygame.K_PLUS)
    assert app.settings.text_scale == 1.5 and app.theme.metrics.body > body
    click(app, button_labelled(app, "High contrast"))
    assert app.theme.palette.name == "high-contrast"
    saved, problem = load_settings()
    assert problem is None and saved.text_scale == 1.5 and saved.theme == "high-contrast"


def test_resume_is_offered_and_a_corrupt_save_is_reported():
    app = make_app()
    start_overdose(app)
    press(app, pygame.K_1)
    state = app.stack[-2].state
    again = make_app()
    assert "Resume Overdose in the Park, moment 2" in screen_text(again)
    press(again, pygame.K_r)
    assert again.scene.name == "play" and again.scene.state == state
    write_atomic(data_dir() / "autosave.json", b"{not json")
    broken = make_app()
    assert "could not be read" in screen_text(broken)
    assert "Resume" not in screen_text(broken)


def test_foreign_save_is_refused_with_a_message():
    write_atomic(data_dir() / "autosave.json", json.dumps({"kind": "something-else"}))
    app = make_app()
    assert app.scene.name == "title" and "Resume" not in screen_text(app)


def overflowing(app):
    """Items of the current screen that stick out of their page, or lines wider than their box."""
    problems = []
    views = [app.scene.view] + ([app.scene.side] if getattr(app.scene, "side", None) else [])
    for view in views:
        page = view.page
        right = view.viewport.width
        for item in page.items:
            if item.rect.right > right or item.rect.left < 0:
                problems.append((app.scene.name, getattr(item, "text", getattr(item, "label", "")), item.rect))
            if isinstance(item, Block):
                font = app.text.font(item.size, item.weight)
                for line in app.text.wrap(item.text, item.size, item.rect.width, item.weight):
                    if font.size(line)[0] > item.rect.width:
                        problems.append((app.scene.name, line, item.rect.width))
            if isinstance(item, Button):
                font = app.text.font(item.size)
                for line in app.text.wrap(item.label, item.size, item.label_rect.width):
                    if font.size(line)[0] > item.label_rect.width or item.label_rect.right > item.rect.right:
                        problems.append((app.scene.name, line, item.label_rect))
    return problems


@pytest.mark.parametrize("size, scale", [((1024, 600), 2.0), ((3840, 2160), 1.0), ((1280, 720), 1.0)])
def test_no_text_overflows_on_any_screen(size, scale):
    app = make_app(size=size, scale=scale)
    seen = []

    def check():
        seen.append(app.scene.name)
        assert overflowing(app) == [], app.scene.name

    check()
    press(app, pygame.K_RETURN)
    check()
    press(app, pygame.K_1)
    check()
    press(app, pygame.K_RETURN)
    while app.scene.name == "play" and choice_buttons(app):
        check()
        press(app, pygame.K_2 if len(choice_buttons(app)) > 1 else pygame.K_1)
        check()
        press(app, pygame.K_RETURN)
    press(app, pygame.K_RETURN)
    for _ in range(3):
        check()
        press(app, pygame.K_ESCAPE)
    check()
    press(app, pygame.K_s) if app.scene.name == "title" else None
    assert {"title", "picker", "briefing", "play", "feedback", "debrief"} <= set(seen)


def test_long_words_and_passages_wrap_inside_their_box():
    app = make_app(size=(1024, 600), scale=2.0)
    text = app.text
    word = "naloxone" * 30
    lines = text.wrap(f"A {word} and {'more words ' * 80}", 40, 300)
    font = text.font(40)
    assert all(font.size(line)[0] <= 300 for line in lines)
    assert "".join(lines).replace(" ", "").startswith("A" + word[:20])


def test_storyboard_renders_every_screen(tmp_path):
    from game.ui.storyboard import render_storyboard

    shots = render_storyboard(OVERDOSE, tmp_path, path=[2, 1, 1], size=(1024, 600), text_scale=1.5,
                              theme="high-contrast", feedback="coach")
    names = [p.name for p in shots]
    assert names[0] == "01-title.png" and any("warnings" in n for n in names)
    assert any("feedback" in n for n in names) and any("debrief-top" in n for n in names)
    assert any("debrief-scrolled" in n for n in names)
    image = pygame.image.load(str(shots[-1]))
    assert image.get_size() == (1024, 600)
    colours = {image.get_at((x, y))[:3] for x in range(0, 1024, 16) for y in range(0, 600, 16)}
    assert (0, 0, 0) in colours and len(colours) > 2  # high contrast background, with text on it


def test_storyboard_command_and_a_clear_message_without_a_display(tmp_path):
    import os
    import subprocess
    import sys

    from .conftest import ROOT

    result = subprocess.run([sys.executable, "-m", "game", "storyboard", "waking-up-sick", "--out", str(tmp_path),
                             "--path", "2,1", "--size", "1024x600", "--text-scale", "2"], capture_output=True,
                            text=True, timeout=120, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert len(list(tmp_path.glob("*.png"))) >= 8
    env = dict(os.environ, SDL_VIDEODRIVER="x11")
    env.pop("DISPLAY", None)
    result = subprocess.run([sys.executable, "-m", "game", "play"], capture_output=True, text=True, timeout=60,
                            cwd=ROOT, env=env)
    assert result.returncode == 2
    assert "outreach play --text" in result.stderr and "Traceback" not in result.stderr


def play_to_debrief_results(app):
    start_overdose(app)
    while app.scene.name in ("play", "feedback") and (app.scene.name == "feedback" or choice_buttons(app)):
        press(app, pygame.K_1 if app.scene.name == "play" else pygame.K_RETURN)
    press(app, pygame.K_RETURN)  # to the debrief
    press(app, pygame.K_ESCAPE)  # skip reactions
    press(app, pygame.K_ESCAPE)  # skip the self-assessment
    assert app.scene.phase == "results"


def test_the_key_that_opens_the_take_home_line_is_not_typed_into_it():
    app = make_app()
    play_to_debrief_results(app)
    press(app, pygame.K_t)
    app.step([pygame.event.Event(pygame.TEXTINPUT, text="t")])  # SDL sends the letter after the key
    type_text(app, "Ask first")
    assert app.scene.take_home == "Ask first"


def test_escape_on_feedback_opens_the_pause_menu():
    app = make_app()
    start_overdose(app)
    press(app, pygame.K_1)
    assert app.scene.name == "feedback"
    press(app, pygame.K_ESCAPE)
    assert app.scene.name == "pause"


def test_resume_is_the_default_on_the_title_when_there_is_a_save():
    app = make_app()
    start_overdose(app)
    press(app, pygame.K_1)
    again = make_app()
    press(again, pygame.K_RETURN)
    assert again.scene.name == "play" and again.scene.state.steps_taken == 1


def test_settings_that_cannot_be_saved_say_so(monkeypatch, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the settings folder should be")
    app = make_app()
    monkeypatch.setenv("OUTREACH_HOME", str(blocker))
    press(app, pygame.K_s)
    press(app, pygame.K_PLUS)
    assert app.settings.text_scale == 1.25  # still applied for this session
    assert "could not be kept for next time" in screen_text(app)


def test_resuming_from_the_pause_menu_returns_to_the_feedback():
    app = make_app()
    start_overdose(app)
    press(app, pygame.K_1)
    press(app, pygame.K_ESCAPE)
    assert app.scene.name == "pause"
    press(app, pygame.K_ESCAPE)
    assert app.scene.name == "feedback"


def test_the_take_home_line_is_scrolled_into_view_while_writing():
    app = make_app(size=(1024, 600), scale=2.0)
    play_to_debrief_results(app)
    press(app, pygame.K_t)
    type_text(app, "Ask first")
    view, field = app.scene.view, app.scene.field
    assert view.scroll <= field.rect.top and field.rect.bottom <= view.scroll + view.viewport.height
