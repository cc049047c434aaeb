"""Nothing a player typed or earned is lost without a word (issue 8, item 6, and the home folder
message of item 7)."""

import errno
import os
import signal
import subprocess
import sys
import time

import pygame
import pytest

from game import exact_bounds
from game.store import load_progress, load_records
from game.store import records as records_module

from .conftest import FIXTURES, ROOT, SCENARIOS
from .test_ui import make_app, play_to_debrief_results, press, screen_text, settle_bounds, start_overdose, type_text


@pytest.fixture(autouse=True)
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("OUTREACH_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


def test_what_is_typed_in_the_debrief_survives_a_crash_and_comes_back():
    app = make_app()
    start_overdose(app)
    while app.scene.name in ("play", "feedback") and app.scene.view.page.buttons[0].action != "debrief":
        press(app, pygame.K_1 if app.scene.name == "play" else pygame.K_RETURN)
    press(app, pygame.K_RETURN)
    assert app.scene.name == "debrief"
    type_text(app, "Tense at first")
    press(app, pygame.K_RETURN)
    press(app, pygame.K_4)
    press(app, pygame.K_2)
    press(app, pygame.K_RETURN)
    press(app, pygame.K_t)
    type_text(app, "Ask before acting")
    # The window is gone here (a crash, a closed lid): nothing was exported or finished.
    del app
    again = make_app()
    assert "Resume Overdose in the Park, its debrief" in screen_text(again)
    press(again, pygame.K_RETURN)  # resuming is the focused default
    scene = again.scene
    assert scene.name == "debrief" and scene.phase == "results"
    assert (scene.reactions, scene.take_home) == ("Tense at first", "Ask before acting")
    assert list(scene.ratings.values()) == [4, 2]
    settle_bounds(again)
    assert load_records()["overdose-in-the-park"].times_completed == 1  # counted once, not again on resume
    press(again, pygame.K_d)
    assert load_progress() == (None, None)


def test_a_completion_that_cannot_be_recorded_is_shown(monkeypatch):
    def full_disk(path, content):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(records_module, "write_atomic", full_disk)
    app = make_app()
    play_to_debrief_results(app)
    settle_bounds(app)
    assert "This completion could not be recorded" in screen_text(app) and "No space left" in screen_text(app)


def test_a_debrief_that_cannot_be_kept_says_so(monkeypatch):
    import game.ui.scenes.debrief as debrief_scene

    app = make_app()
    play_to_debrief_results(app)
    monkeypatch.setattr(debrief_scene, "save_progress", lambda *a, **k: "could not autosave: read-only file system")
    press(app, pygame.K_t)
    type_text(app, "x")
    assert "What you write here could not be saved" in screen_text(app)


def test_a_home_folder_that_cannot_be_created_is_not_called_a_damaged_save(tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("OUTREACH_HOME", str(blocker / "home"))
    app = make_app()
    text = screen_text(app)
    assert "could not be read" not in text
    assert "cannot be kept this time" in text and "could not be created" in text


def test_the_terminal_player_saves_after_every_choice_and_survives_a_kill(home):
    env = {**os.environ, "OUTREACH_HOME": str(home)}
    player = subprocess.Popen([sys.executable, "-m", "game", "play", "--text", "--seed", "1",
                               str(SCENARIOS / "overdose-in-the-park.yaml")], stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, text=True, cwd=ROOT, env=env)
    player.stdin.write("\n1\n\n1\n")  # the warnings' pause, a choice, the feedback's pause, a choice
    player.stdin.flush()
    deadline = time.monotonic() + 30
    progress = None
    while time.monotonic() < deadline:
        progress, _ = load_progress()
        if progress is not None and len(progress.state["path"]) == 2:
            break
        time.sleep(0.05)
    player.send_signal(signal.SIGKILL)
    player.wait(10)
    progress, problem = load_progress()
    assert problem is None and progress is not None and len(progress.state["path"]) == 2


def test_the_terminal_player_offers_to_resume(home):
    import io

    from game.model import load_scenario
    from game.text.player import TextPlayer, offer_resume

    from game.engine import offered_choices, start

    small = load_scenario(FIXTURES / "small.yaml")
    sit = next(c.number for c in offered_choices(small, start(small, 1)) if c.index == 0)  # on to the next moment
    TextPlayer(small, iter(["\n", f"{sit}\n", "q\n"]), io.StringIO(), seed=1).run()
    out = io.StringIO()
    resumed = offer_resume(iter(["y\n"]), out, small)
    assert "saved game of A small test at moment 2" in out.getvalue()
    scenario, state, feedback = resumed
    assert scenario is small and len(state.path) == 1 and feedback == "coach"


def test_a_finished_game_that_cannot_be_cleared_from_the_autosave_says_so(monkeypatch):
    import game.ui.scenes.debrief as debrief_scene

    app = make_app()
    play_to_debrief_results(app)
    monkeypatch.setattr(debrief_scene, "clear_progress", lambda: "could not remove the autosave: read-only file system")
    press(app, pygame.K_d)
    app.reset(app.stack[0])  # back to the title, where the notice is shown
    assert "could not be removed from the autosave" in screen_text(app)
