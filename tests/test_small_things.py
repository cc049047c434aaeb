"""Issue 11, item 8: a text box with a movable caret, a chart on one scale with thick bars, rating
buttons that stay put, headers that never break inside a word, an optional name on exports,
"New:" markers after resume, and a panel never scrolled to half a line."""

import io

import pygame
import pytest

from game.report.page_style import CSS
from game.store import Settings, data_dir, load_settings, save_settings
from game.ui.app import App
from game.ui.scenes.debrief import DebriefScene, chart_bar

from .test_ui import OVERDOSE, choice_buttons, make_app, press, start_overdose, type_text


@pytest.fixture(autouse=True)
def fresh():
    from game.store import clear_progress

    clear_progress()
    save_settings(Settings())
    yield
    clear_progress()
    save_settings(Settings())


def at_ending(small, app):
    from game.engine import choose, start

    state = choose(small, choose(small, start(small, seed=1), 0), 0)
    app.push(DebriefScene(app, small, state, "coach"))
    app.step()
    return app.scene


def test_the_caret_moves_and_typing_goes_where_it_is(small):
    app = make_app()
    scene = at_ending(small, app)
    type_text(app, "abc")
    press(app, pygame.K_LEFT)
    press(app, pygame.K_LEFT)
    type_text(app, "X")
    assert scene.reactions == "aXbc"
    press(app, pygame.K_HOME)
    type_text(app, "Z")
    press(app, pygame.K_END)
    press(app, pygame.K_BACKSPACE)
    press(app, pygame.K_HOME)
    press(app, pygame.K_DELETE)
    assert scene.reactions == "aXb" and scene.caret == 0
    press(app, pygame.K_RIGHT)
    press(app, pygame.K_RIGHT)
    press(app, pygame.K_RIGHT)
    press(app, pygame.K_RIGHT)  # stops at the end
    type_text(app, "!")
    assert scene.reactions == "aXb!"


def test_rating_buttons_do_not_move_when_ticked(small):
    app = make_app()
    scene = at_ending(small, app)
    press(app, pygame.K_RETURN)
    assert scene.phase == "self"
    before = [b.rect.copy() for b in scene.view.page.buttons]
    press(app, pygame.K_3)
    after = [b.rect.copy() for b in scene.view.page.buttons]
    assert any(b.selected for b in scene.view.page.buttons) and before == after


def test_the_chart_bar_is_at_least_a_quarter_of_a_line():
    for scale in (1.0, 2.0):
        app = make_app(scale=scale)
        line = app.text.line_height(app.theme.metrics.body)
        assert chart_bar(app.theme, app.text) * 2 // 3 >= line // 4  # the filled bar inside the track too


def test_html_headers_never_break_inside_a_word():
    th = next(rule for rule in CSS.splitlines() if rule.startswith("th {"))
    assert "hyphens: manual" in th and "overflow-wrap: normal" in th and "anywhere" not in th


def test_a_name_given_once_is_on_exports_and_never_asked_again(small):
    from game.engine import choose, start
    from game.text import TextPlayer

    state = choose(small, choose(small, start(small, seed=1), 0), 0)
    # reactions, six ratings, four pauses between the debrief's parts, the take-home line: then export
    for answers in ([""] * 12 + ["y", "Sam Rivera"], [""] * 12 + ["y"]):
        out = io.StringIO()
        TextPlayer(small, iter(a + "\n" for a in answers), out, state=state, draft={"phase": "reactions"},
                   echo=True).run()
    assert out.getvalue().count("Your name on the page") == 0  # the second time: not asked
    settings, _ = load_settings()
    assert settings.trainee_name == "Sam Rivera" and settings.name_asked
    page = sorted((data_dir() / "exports").glob("small-*.html"), key=lambda p: p.stat().st_mtime)[-1].read_text()
    assert "Trainee: Sam Rivera" in page


def test_new_markers_come_back_on_resume_and_the_panel_never_cuts_a_line():
    app = make_app()
    start_overdose(app)
    for _ in range(2):
        press(app, pygame.K_1)
        press(app, pygame.K_RETURN)
    fresh = [i.text for i in app.scene.side.page.items if getattr(i, "text", "").startswith("New: ")]
    again = make_app()
    press(again, pygame.K_r)
    assert again.scene.name == "play"
    side = again.scene.side
    assert [i.text for i in side.page.items if getattr(i, "text", "").startswith("New: ")] == fresh
    top = side.scroll
    assert not [i for i in side.page.items if i.rect.top < top < i.rect.bottom]
