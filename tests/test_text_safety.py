"""Text that validates, or that a player types, never crashes the window: the renderer is total,
and validate refuses the control characters no screen or terminal can show (issue 8, item 2)."""

import pygame
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from game.model import check_text
from game.store import Settings
from game.ui.app import App
from game.ui.scenes.menus import TitleScene
from game.ui.text import Text

from .conftest import FIXTURES
from .test_ui import press, type_text

ZERO_WIDTH = ("\u200b", "\u200c", "\u200d", "\ufeff", "\u00ad", "\u2060", "\u202e")
SMALL = (FIXTURES / "small.yaml").read_text()


@pytest.fixture(scope="module")
def text():
    pygame.display.init()
    pygame.font.init()
    pygame.display.set_mode((320, 200))
    return Text()


@pytest.mark.parametrize("line", ["a\0b", "\0", *ZERO_WIDTH, "x\n\u200b\ny", "\u200c\u200c", "\ud800", "a\udfffb"])
def test_the_renderer_draws_any_string_or_nothing(text, line):
    surface = pygame.Surface((300, 200))
    height = text.draw(surface, line, 18, (0, 0, 0), 0, 0, 200)
    assert height >= text.line_height(18)
    assert text.render(line, 18, (0, 0, 0)).get_height() > 0
    assert text.size(line, 18)[1] > 0


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec=None, categories=None), max_size=40), st.integers(1, 400))
def test_the_renderer_is_total_over_every_string(text, line, width):
    surface = pygame.Surface((420, 200))
    text.draw(surface, line, 16, (0, 0, 0), 0, 0, width, "bold")
    text.size(line, 16)


@pytest.mark.parametrize("written, column", [('"Tea \\0"', 6), ('"Tea \\e]0;x\\a"', 6), ('"Tea \\x9b"', 6),
                                             ('"\\u0007"', 2), ('"a\\N"', 3)])
def test_validate_refuses_control_characters_where_they_are_written(written, column):
    text = SMALL.replace("title: A small test", f"title: {written}")
    result = check_text(text, "small.yaml")
    assert result.scenario is None
    (problem,) = result.errors
    assert (problem.line, problem.column - len("title: ")) == (3, column)
    assert "control character" in problem.message and problem.format().startswith("small.yaml:3:")


def test_validate_refuses_a_raw_control_byte_at_its_place():
    result = check_text(SMALL.replace("premise: Two", "premise: T\x1bwo"), "small.yaml")
    (problem,) = result.errors
    assert (problem.line, problem.column) == (4, 11) and "U+001B" in problem.message


def test_newlines_tabs_and_zero_width_text_still_validate():
    text = SMALL.replace("text: Jo is sitting on a bench, shaking.", 'text: "Jo\\tsits.\\nShaking."')
    text = text.replace("Tell Jo to go home.", '"\u200c"')
    assert check_text(text, "small.yaml").scenario is not None


def invisible_scenario(tmp_path):
    """small.yaml with a moment, a choice and a fact made only of zero-width characters, all valid."""
    text = SMALL.replace("text: Jo is sitting on a bench, shaking.", f'text: "{"".join(ZERO_WIDTH)}"')
    text = text.replace("Tell Jo to go home.", '"\u200b"').replace("Nobody else is around.", '"\ufeff\u00ad"')
    text = text.replace("text: I'm okay. I just need a minute.", 'text: "line\\n\u200d\\n\u2060"')
    folder = tmp_path / "scenarios"
    folder.mkdir()
    (folder / "invisible.yaml").write_text(text, encoding="utf-8")
    return folder


def test_a_scenario_of_invisible_text_plays_through_every_screen(tmp_path, monkeypatch):
    monkeypatch.setenv("OUTREACH_HOME", str(tmp_path / "home"))  # no saved game from another test
    app = App(size=(1024, 640), settings=Settings(reduced_motion=True, primer_seen=True), background_loading=False,
              seed=2, scenario_folder=invisible_scenario(tmp_path))
    app.push(TitleScene(app))
    app.step()
    press(app, pygame.K_RETURN)  # the picker shows the card
    assert app.scene.name == "picker"
    press(app, pygame.K_1)
    press(app, pygame.K_RETURN)
    assert app.scene.name == "play"
    seen = set()
    while app.scene.name in ("play", "feedback"):
        seen.add(app.scene.name)
        if app.scene.name == "play" and app.scene.view.page.buttons[0].action == "debrief":
            press(app, pygame.K_RETURN)
            break
        press(app, pygame.K_1 if app.scene.name == "play" else pygame.K_RETURN)
        app.step()
    assert seen == {"play", "feedback"} and app.scene.name == "debrief"
    type_text(app, "\u200c")
    press(app, pygame.K_RETURN)
    press(app, pygame.K_ESCAPE)
    press(app, pygame.K_t)
    type_text(app, "\u200c")  # Shift+Space on a Persian keyboard: a zero-width non-joiner alone
    press(app, pygame.K_RETURN)
    app.step()
    assert app.scene.name == "debrief" and app.scene.take_home == "\u200c" and app.scene.reactions == "\u200c"


def test_half_an_emoji_typed_in_the_debrief_can_still_be_exported(tmp_path, monkeypatch):
    # Found by the monkey: a lone surrogate in the take-home line made the export raise.
    from .test_ui import make_app, play_to_debrief_results, screen_text

    monkeypatch.setenv("OUTREACH_HOME", str(tmp_path / "home"))
    app = make_app()
    play_to_debrief_results(app)
    press(app, pygame.K_t)
    type_text(app, "ok\ud83d\x1b[2J")
    press(app, pygame.K_RETURN)
    press(app, pygame.K_e)
    assert app.scene.take_home == "ok[2J" and "Saved the debrief to" in screen_text(app)


def test_a_raw_control_byte_after_other_scripts_is_placed_by_character_not_byte():
    result = check_text(SMALL.replace("premise: Two", "premise: éé日本\u0085\u009bTwo"), "small.yaml")
    (problem,) = result.errors
    assert (problem.line, problem.column) == (4, 15) and "U+009B" in problem.message
