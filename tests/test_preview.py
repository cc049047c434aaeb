"""Live preview (`outreach play FILE --watch`): saving the file reloads it in the open window,
keeps the route where it still fits, shows errors in the window, and F2 shows the author view.
Driven headless, with the real file watcher."""

import time

import pygame
import pytest

from game.authoring.preview import Origin, StartError, carry_over, parse_set, start_at
from game.cli import main
from game.engine import choose, node_text, offered_choices
from game.model import load_scenario, load_scenario_text
from game.store import Settings
from game.store.autosave import autosave_path
from game.ui.preview import FILE_CHANGED, PreviewApp, PreviewErrorScene, _briefing
from game.ui.scenes.menus import PickerScene, TitleScene

from .conftest import FIXTURES
from .test_ui import press, screen_text

TEXT = (FIXTURES / "playtested.yaml").read_text()
TALK_VARIANT = "Jo shifts over to make room on the bench."


def _choose(app, choice_id):
    scene = app.scene
    [offer] = [o for o in offered_choices(scene.scenario, scene.state) if o.rule.id == choice_id]
    press(app, getattr(pygame, f"K_{offer.number}"))
    if app.scene.name == "feedback":
        press(app, pygame.K_RETURN)


def _save(path, text):
    time.sleep(0.05)  # a separate write from the one before, as an editor's saves are
    path.write_text(text)


def _wait_for_reload(app, timeout=5.0):
    """Let the window take events until the watcher says the file changed, as its loop would."""
    waited = time.monotonic()
    while time.monotonic() - waited < timeout:
        events = pygame.event.get()
        app.step(events)
        if any(e.type == FILE_CHANGED for e in events):
            return time.monotonic() - waited
        time.sleep(0.02)
    raise AssertionError("the window was not told the file changed")


@pytest.fixture
def preview(tmp_path, monkeypatch):
    monkeypatch.setenv("OUTREACH_HOME", str(tmp_path / "home"))
    path = tmp_path / "draft.yaml"
    path.write_text(TEXT)
    scenario = load_scenario(path)
    settings = Settings(reduced_motion=True, primer_seen=True, feedback="coach")
    app = PreviewApp(path, scenario, size=(1280, 720), seed=1, settings=settings, background_loading=False)
    app.push(TitleScene(app))
    app.push(PickerScene(app))
    app.push(_briefing(app, scenario, "coach"))
    app.step()
    yield app, path
    app.stop_watching()


def test_a_saved_change_shows_in_the_open_window_and_the_route_is_kept(preview):
    app, path = preview
    press(app, pygame.K_RETURN)
    _choose(app, "sit-down")
    assert app.scene.name == "play" and TALK_VARIANT in screen_text(app)
    _save(path, TEXT.replace(TALK_VARIANT, "Jo moves her bag so you can sit."))
    assert _wait_for_reload(app) < 2.0
    assert app.scene.name == "play" and app.scene.state.node == "talk"
    assert "Jo moves her bag so you can sit." in screen_text(app)
    assert app.preview_notice == "Reloaded. Your route still fits: 1 choice replayed."


def test_a_broken_save_shows_its_errors_and_the_fix_resumes_play(preview):
    app, path = preview
    press(app, pygame.K_RETURN)
    _choose(app, "sit-down")
    _save(path, TEXT.replace("        goto: talk\n", "         goto: talk\n"))
    _wait_for_reload(app)
    assert app.running and isinstance(app.scene, PreviewErrorScene)
    shown = screen_text(app)
    line = TEXT.splitlines().index("        goto: talk") + 1
    assert f"draft.yaml:{line}:10: error: one space too many before 'goto:'" in shown
    assert "draft.yaml has 1 error: see the list." == app.preview_notice
    _save(path, TEXT)
    _wait_for_reload(app)
    assert app.scene.name == "play" and app.scene.state.node == "talk"
    assert TALK_VARIANT in screen_text(app)


def test_a_route_that_no_longer_fits_keeps_its_longest_valid_start_and_says_so(preview):
    app, path = preview
    press(app, pygame.K_RETURN)
    _choose(app, "sit-down")
    _choose(app, "leave-kit")
    assert app.scene.state.node == "mixed-end"
    _save(path, TEXT.replace("id: leave-kit", "id: kit-and-go").replace("[stay, 2]", "[stay]"))
    _wait_for_reload(app)
    assert app.scene.name == "play" and app.scene.state.node == "talk"
    assert app.preview_notice == ("Reloaded. The route no longer fits (at step 2 'talk' no longer has the choice "
                                  "'leave-kit'), so play resumes after the first 1 of its 2 choices.")


def test_f2_shows_the_moment_the_variables_and_the_totals(preview):
    app, _ = preview
    press(app, pygame.K_RETURN)
    _choose(app, "sit-down")
    app.step()
    app.draw()
    before = app.surface.copy()
    press(app, pygame.K_F2)
    assert app.author_view
    lines = app.author_lines()
    assert lines[0] == "Moment: talk"
    assert "Variables: trust = 1, stayed = false" in lines
    assert any(line.startswith("Totals: health_dignity +2, participant_centered +1") for line in lines)
    assert any(line.startswith("Offered: ") and "stay" in line and "leave-kit" in line for line in lines)
    app.draw()
    corner = pygame.Rect(1280 - 300, 60, 280, 150)
    assert pygame.image.tobytes(before.subsurface(corner), "RGB") != pygame.image.tobytes(
        app.surface.subsurface(corner), "RGB")
    press(app, pygame.K_F2)
    assert not app.author_view


def test_preview_play_never_touches_the_autosave(preview):
    app, _ = preview
    press(app, pygame.K_RETURN)
    _choose(app, "sit-down")
    assert not autosave_path().exists()


def test_from_a_moment_with_variables_set_and_back_again(tmp_path, monkeypatch):
    monkeypatch.setenv("OUTREACH_HOME", str(tmp_path / "home"))
    path = tmp_path / "draft.yaml"
    path.write_text(TEXT)
    scenario = load_scenario(path)
    origin = Origin("talk", (("trust", "1"),))
    from game.ui.preview import PreviewPlayScene

    app = PreviewApp(path, scenario, seed=1, settings=Settings(reduced_motion=True, primer_seen=True),
                     background_loading=False, watch=False)
    app.push(TitleScene(app))
    app.push(PreviewPlayScene(app, scenario, "coach", None, origin))
    app.step()
    assert app.scene.state.node == "talk" and TALK_VARIANT in screen_text(app)
    _choose(app, "stay")
    assert app.scene.state.node == "good-end"
    press(app, pygame.K_BACKSPACE)  # back to the origin, not to the scenario's start
    assert app.scene.state.node == "talk" and app.scene.state.variables["trust"] == 1


def test_start_at_checks_the_moment_and_the_values():
    scenario = load_scenario_text(TEXT, "s.yaml")
    state = start_at(scenario, "talk", [("trust", "3"), ("stayed", "true")], 1)
    assert (state.node, state.variables, state.revealed) == ("talk", {"trust": 3, "stayed": True}, ("alone",))
    assert node_text(scenario, state) == TALK_VARIANT
    with pytest.raises(StartError, match=r"no moment 'tlak' \(did you mean 'talk'\?\)"):
        start_at(scenario, "tlak", [], 1)
    with pytest.raises(StartError, match="'trsut' is not a variable"):
        start_at(scenario, None, [("trsut", "1")], 1)
    with pytest.raises(StartError, match="'stayed' is true or false, not 'yes'"):
        start_at(scenario, None, [("stayed", "yes")], 1)
    with pytest.raises(StartError, match="not name=value"):
        parse_set("trust")


def test_carry_over_replays_by_ids_after_reordering():
    old = load_scenario_text(TEXT, "s.yaml")
    state = choose(old, start_at(old, None, [], 2), old.nodes["meet"].find_choice("sit-down").index)
    reordered = TEXT.replace("      - id: stay\n", "      - id: stay-first\n")
    new = load_scenario_text(reordered.replace("[stay, 2]", "[stay-first, 2]").replace("talk: stay\n",
                                                                                    "talk: stay-first\n"))
    carried = carry_over(old, state, new, Origin())
    assert carried.state.node == "talk" and carried.kept == 1 and not carried.problem


@pytest.mark.parametrize("args, words", [
    (["--watch", "--text"], "work in the window, not with --text"),
    (["--from", "tlak"], "no moment 'tlak'"),
    (["--set", "trust=many"], "'trust' is a whole number, not 'many'"),
])
def test_the_command_refuses_before_a_window_opens(capsys, args, words):
    assert main(["play", str(FIXTURES / "playtested.yaml"), *args]) == 2
    assert words in capsys.readouterr().err
