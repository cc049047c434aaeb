"""Frames put on screen by parts: when only the focus moves, only the buttons it left and reached
go to the screen, and what goes there is exactly what a whole-window flip would have shown; a
fading transition draws the new screen once and ends on exactly the full drawing."""

import pygame

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
    app.step([pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=-1, flipped=False)])
    assert app._damage is None
    app.pop()
    app.push(PickerScene(app))
    app.step()
    app.step([key(pygame.K_DOWN)] * 3)  # the picker scrolls to show the focused scenario
    assert app._damage is None


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
