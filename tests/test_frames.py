"""Frames put on screen by parts: when only the focus moves, only the buttons it left and reached
go to the screen; when a page scrolls, only the page; a fade between two page screens blends and
sends only what either paints. Whatever goes there, the window then shows exactly what a
whole-window drawing would have (checked pixel by pixel after real key presses); a fade draws
the new screen once and ends on exactly the full drawing. tests/test_frames_x11.py checks the
same on a real X server."""

import pygame
import pytest

from game.store import Settings
from game.ui.app import App
from game.ui.scenes.menus import PickerScene, TitleScene

from .conftest import SCENARIOS


def make_app(**settings):
    settings = Settings(fullscreen=False, primer_seen=True, **{"reduced_motion": True, **settings})
    app = App(size=(1280, 720), settings=settings, background_loading=False, seed=3, scenario_folder=SCENARIOS)
    app.push(TitleScene(app))
    app.step()
    return app


def key(key):
    return pygame.event.Event(pygame.KEYDOWN, key=key, mod=0, unicode="", scancode=0)


def pixels(surface):
    return pygame.image.tobytes(surface, "RGB")


def test_moving_the_focus_updates_only_the_buttons_and_loses_nothing():
    app = make_app()  # the title screen: its buttons all fit, so moving the focus never scrolls
    for press in (pygame.K_DOWN, pygame.K_DOWN, pygame.K_UP, pygame.K_TAB):
        shown = app.surface.copy()  # what the screen holds now
        assert app.step([key(press)])
        damage = app._damage
        assert damage, "a focus move sends only its buttons"
        area = sum(r.width * r.height for r in damage)
        assert area < app.surface.get_width() * app.surface.get_height() / 4
        for rect in damage:
            shown.blit(app.surface, rect, rect)
        assert pixels(shown) == pixels(app.surface), "the partial update shows the whole new frame"


def test_anything_else_sends_the_whole_window():
    app = make_app()
    app.step([key(pygame.K_DOWN)])
    assert app._damage is not None
    app.step([key(pygame.K_s)])  # settings: a new screen
    assert app._damage is None
    app.step([key(pygame.K_RIGHT)])  # a setting's value changes: the page is built again
    assert app._damage is None
    app.pop()
    app.step()
    assert app._damage is None


def test_scrolling_a_page_sends_only_the_page():
    app = make_app()
    app.push(PickerScene(app))
    app.step()
    view = app.scene.view
    page = view.viewport.unionall([view.strip])
    for event in ([key(pygame.K_DOWN)] * 3, [key(pygame.K_PAGEDOWN)], [key(pygame.K_END)],
                  [pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=1, flipped=False)]):
        before = view.scroll
        app.step(event)
        assert view.scroll != before, "each of these scrolls the picker"
        assert app._damage == [page], "only the page and the strip under it"


def test_a_fade_draws_the_new_screen_once_and_ends_on_it():
    app = make_app(reduced_motion=False)
    app.push(PickerScene(app))
    drawn = []
    picker = app.scene
    original = picker.draw
    picker.draw = lambda surface: (drawn.append(1), original(surface))
    frames = 0
    while app.transition is not None and frames < 500:
        app.step()
        frames += 1
    assert frames > 1 and len(drawn) == 1  # drawn once, then the same picture under the fading old one
    final = pixels(app.surface)
    app.dirty = True
    app.step()  # a whole drawing, no transition
    assert pixels(app.surface) == final


def test_rendered_lines_stay_within_their_memory_budget():
    from game.ui import text as text_module

    text = text_module.Text()
    for n in range(400):  # long lines at a large size: far more than the budget holds
        text.render(f"line {n} " + "harm reduction meets people where they are " * 3, 40, (0, 0, 0))
    held = sum(s.get_pitch() * s.get_height() for s in text._rendered.values())
    assert held == text._rendered_bytes <= text_module._RENDERED_BYTES
    assert len(text._rendered) > 20  # still a few screens' worth


def on_screen_after(app, screen):
    """What the display holds once the frame just drawn is presented as App.present does."""
    if app._damage is None:
        screen.blit(app.surface, (0, 0))
    else:
        for rect in app._damage:
            screen.blit(app.surface, rect, rect)
    return screen


def test_a_fade_blends_and_sends_only_what_the_two_screens_paint():
    app = make_app(reduced_motion=False)
    screen = app.surface.copy()  # the title, on screen
    app.push(PickerScene(app))
    frames = 0
    while app.transition is not None and frames < 500:
        assert app.step()
        frames += 1
        damage = app._damage
        assert damage, "a fade between two page screens sends their header and page areas only"
        assert sum(r.width * r.height for r in damage) < app.surface.get_width() * app.surface.get_height()
        assert pixels(on_screen_after(app, screen)) == pixels(app.surface), "nothing stale on screen"
    assert frames > 1
    app.dirty = True
    app.step()  # the picker drawn whole, no fade
    assert pixels(screen) == pixels(app.surface)


def test_a_fade_over_a_changed_background_sends_the_whole_window():
    from dataclasses import replace

    app = make_app(reduced_motion=False)
    app.push(PickerScene(app))
    while app.transition is not None:
        app.step()
    app.settings = replace(app.settings, theme="high-contrast")
    app.relayout()
    app.pop()  # back to the title in the other theme: every pixel of the background changes
    app.step()
    assert app._damage is None


@pytest.mark.parametrize("size,scale,theme", [((1280, 720), 1.0, "default"), ((1920, 1080), 2.0, "high-contrast"),
                                              ((800, 480), 2.0, "default")])
def test_page_screens_paint_nothing_outside_where_they_say(size, scale, theme):
    from game.engine import choose, is_over, offered_choices, start
    from game.model import load_scenario
    from game.ui.scenes.debrief import DebriefScene
    from game.ui.scenes.learn import PrimerScene
    from game.ui.scenes.menus import SettingsScene

    settings = Settings(fullscreen=False, primer_seen=True, reduced_motion=True, text_scale=scale, theme=theme)
    app = App(size=size, settings=settings, background_loading=False, seed=3, scenario_folder=SCENARIOS)
    app.push(TitleScene(app))
    scenario = load_scenario(SCENARIOS / "waking-up-sick.yaml")
    state = start(scenario, 1)
    while not is_over(scenario, state):
        state = choose(scenario, state, offered_choices(scenario, state)[-1].index)
    screens = [lambda: TitleScene(app), lambda: PickerScene(app), lambda: SettingsScene(app),
               lambda: PrimerScene(app), lambda: DebriefScene(app, scenario, state, "assessment")]
    background = app.theme.palette.background
    bare = app.surface.copy()
    bare.fill(background)
    for make in screens:
        app.push(make())
        for _ in range(3):  # the debrief's three parts; the others just scroll to the end
            app.step([key(pygame.K_END)])
            painted = app.scene.painted()
            assert painted, f"{app.scene.name} says where it paints"
            drawn = app.surface.copy()
            for rect in painted:
                drawn.fill(background, rect)
            assert pixels(drawn) == pixels(bare), f"{app.scene.name} painted outside {painted}"
            if app.scene.name == "debrief":
                app.scene.act("skip")
        app.pop()


@pytest.mark.parametrize("size,scale,theme", [((1280, 720), 1.0, "default"), ((1920, 1080), 2.0, "high-contrast")])
def test_keys_through_the_debrief_leave_on_screen_exactly_a_whole_drawing(size, scale, theme):
    from game.engine import choose, is_over, offered_choices, start
    from game.model import load_scenario
    from game.ui.scenes.debrief import DebriefScene

    settings = Settings(fullscreen=False, primer_seen=True, text_scale=scale, theme=theme)
    app = App(size=size, settings=settings, background_loading=False, seed=3, scenario_folder=SCENARIOS)
    app.push(TitleScene(app))
    app.step()
    scenario = load_scenario(SCENARIOS / "waking-up-sick.yaml")
    state = start(scenario, 1)
    while not is_over(scenario, state):
        state = choose(scenario, state, offered_choices(scenario, state)[-1].index)
    debrief = DebriefScene(app, scenario, state, "assessment")
    app.push(debrief)
    screen = app.surface.copy()
    while app.transition is not None:
        app.step()
        on_screen_after(app, screen)
    wheel = [pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=y, flipped=False) for y in (-1, -1, 1)]
    presses = ([key(pygame.K_RETURN)] + [key(pygame.K_ESCAPE)]  # through the reactions and the self-rating
               + [key(k) for k in [pygame.K_DOWN] * 10 + [pygame.K_PAGEDOWN] * 12 + [pygame.K_UP] * 3
                  + [pygame.K_PAGEUP] * 12 + [pygame.K_END, pygame.K_HOME]] + wheel)
    partial = 0
    for press in presses:
        app.step([press])
        while app.transition is not None:  # the pages of the debrief fade into each other
            app.step()
            on_screen_after(app, screen)
        if app._damage is not None:
            partial += 1
            assert sum(r.width * r.height for r in app._damage) < size[0] * size[1]
        on_screen_after(app, screen)
        whole = app.surface.copy()
        app._paint(whole)
        assert pixels(app.surface) == pixels(whole), f"after {pygame.key.name(press.key) if press.type == pygame.KEYDOWN else 'wheel'}"
        assert pixels(screen) == pixels(whole), "what the window shows is the whole new frame"
    assert debrief.phase == "results"
    assert partial > 20, "scrolling and moving the focus send only what changed"


def debrief_keeping_saves(monkeypatch):
    """A window on the debrief of Waking Up Sick, and the list its draft saves go to."""
    import game.ui.scenes.debrief as debrief_scene
    from game.engine import choose, is_over, offered_choices, start
    from game.model import load_scenario

    app = make_app()
    scenario = load_scenario(SCENARIOS / "waking-up-sick.yaml")
    state = start(scenario, 1)
    while not is_over(scenario, state):
        state = choose(scenario, state, offered_choices(scenario, state)[-1].index)
    app.push(debrief_scene.DebriefScene(app, scenario, state, "assessment"))
    app.step()
    saved = []
    monkeypatch.setattr(debrief_scene, "save_progress", lambda *args: saved.append(args[3]) or None)
    return app, saved


def test_a_debrief_key_shows_its_frame_before_the_autosave(monkeypatch):
    app, saved = debrief_keeping_saves(monkeypatch)
    assert app.step([key(pygame.K_RETURN)], deferred=False)  # as App.run: the frame, then the work after it
    assert app.scene.phase == "self" and saved == [], "an fsync does not stand before the frame"
    app.run_deferred()
    assert [draft["phase"] for draft in saved] == ["self"], "and the draft is kept right after it"


def test_a_status_line_shown_during_a_fade_is_gone_when_it_ends():
    app = make_app(reduced_motion=False)
    screen = app.surface.copy()
    app.push(PickerScene(app))
    app.step()
    on_screen_after(app, screen)
    app.status = "A notice at the foot of the window"
    app.dirty = True
    app.step()
    on_screen_after(app, screen)
    app.step([key(pygame.K_DOWN)])  # any key clears it
    on_screen_after(app, screen)
    while app.transition is not None:
        app.step()
        on_screen_after(app, screen)
    whole = app.surface.copy()
    app._paint(whole)
    assert not app.status and pixels(screen) == pixels(whole) == pixels(app.surface)


def test_a_key_in_the_presenter_window_still_draws_the_screens_that_draw_more_than_pages():
    from game.ui.scenes.learn import GlossaryScene

    app = make_app()
    drawn = []

    class Busy(GlossaryScene):
        def draw(self, surface):  # draws something besides its page, as the facilitator's screen does
            drawn.append(1)
            super().draw(surface)

    app.push(Busy(app))
    app.step()
    before = len(drawn)
    app.step([key(pygame.K_PAGEUP)])  # at the top, nothing focused: none of its pages changes
    assert app._damage == [] and len(drawn) == before + 1, "drawn whole, as before partial drawing"


def test_letters_typed_in_the_debrief_show_before_they_are_saved_and_share_one_save(monkeypatch):
    app, saved = debrief_keeping_saves(monkeypatch)
    typed = [pygame.event.Event(pygame.TEXTINPUT, text=letter) for letter in "calm"]
    assert app.step(typed + [key(pygame.K_BACKSPACE)], deferred=False)
    assert app.scene.reactions == "cal" and saved == [], "the letters are on screen before any fsync"
    app.run_deferred()
    assert [draft["reactions"] for draft in saved] == ["cal"], "one save for the frame, with all of them"
