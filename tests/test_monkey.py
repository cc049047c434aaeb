"""A seeded monkey: real pygame events, at random, through every screen family in both modes
(play and facilitate), including resizes down to 1x1 and text input of zero-width, right-to-left
and emoji characters. Nothing may raise. A few thousand events per family by default; set
OUTREACH_MONKEY_EVENTS for far more (and OUTREACH_MONKEY_SEED for another seed)."""

import os
import random

import pygame
import pytest

from game.engine import choose, is_over, offered_choices, start
from game.model import load_scenario
from game.store import Settings
from game.ui.app import App
from game.ui.scenes.debrief import DebriefScene
from game.ui.scenes.facilitate import FacilitateScene
from game.ui.scenes.menus import BriefingScene, PickerScene, SettingsScene, TitleScene
from game.ui.scenes.play import PlayScene

from .conftest import FIXTURES, SCENARIOS

EVENTS = int(os.environ.get("OUTREACH_MONKEY_EVENTS", "2000"))
SEED = int(os.environ.get("OUTREACH_MONKEY_SEED", "8"))
BATCH = 6  # events per frame, as a fast typist or a shaken mouse delivers them

TYPED = ("\u200c", "\u200b", "\u200d", "\ufeff", "\u00ad", "\u2060", "\u202e", "مرحبا", "שלום", "😀",
         "👩\u200d👩\u200d👧", "🏳️\u200d🌈", "e\u0301", "a", "t", "T", " ", "Z" * 300, "\u0000", "\ud83d", "日本語")
KEYS = [getattr(pygame, f"K_{c}") for c in "abcdefghijklmnopqrstuvwxyz0123456789"] + [
    pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_ESCAPE, pygame.K_BACKSPACE, pygame.K_TAB, pygame.K_SPACE,
    pygame.K_UP, pygame.K_DOWN, pygame.K_LEFT, pygame.K_RIGHT, pygame.K_PAGEUP, pygame.K_PAGEDOWN,
    pygame.K_HOME, pygame.K_END, pygame.K_SLASH, pygame.K_QUESTION, pygame.K_MINUS, pygame.K_EQUALS,
    pygame.K_PLUS, pygame.K_KP1, pygame.K_KP9, pygame.K_KP_MINUS, pygame.K_DELETE, pygame.K_F1]
MODS = (0, 0, 0, pygame.KMOD_SHIFT, pygame.KMOD_CTRL, pygame.KMOD_ALT)
SIZES = ((1, 1), (2, 3), (1, 700), (900, 1), (320, 200), (640, 400), (800, 480), (1280, 720), (1920, 1080))


@pytest.fixture(autouse=True)
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("OUTREACH_HOME", str(tmp_path / "home"))
    # Every vote, keystroke in the debrief and settings change is saved with fsync; the monkey looks
    # for exceptions, not for durability (the kill test checks that), so skip the disk flushes.
    monkeypatch.setattr(os, "fsync", lambda fd: None)


def library(tmp_path):
    """The fixture, a shipped scenario, and one whose text is zero-width, right-to-left and emoji."""
    folder = tmp_path / "library"
    folder.mkdir()
    small = (FIXTURES / "small.yaml").read_text()
    (folder / "small.yaml").write_text(small)
    odd = small.replace("id: small", "id: odd").replace("title: A small test", 'title: "\u202eمرحبا 😀"')
    odd = odd.replace("text: Jo is sitting on a bench, shaking.", 'text: "\u200b\u200c"')
    odd = odd.replace("Tell Jo to go home.", '"\u05e9\u05dc\u05d5\u05dd \U0001F600 ' + "W" * 120 + '"')
    (folder / "odd.yaml").write_text(odd, encoding="utf-8")
    (folder / "park.yaml").write_text((SCENARIOS / "overdose-in-the-park.yaml").read_text(encoding="utf-8"),
                                      encoding="utf-8")
    return folder


def ended(scenario, seed=1):
    state = start(scenario, seed)
    while not is_over(scenario, state):
        state = choose(scenario, state, offered_choices(scenario, state)[0].index)
    return state


def press(app, key, mod=0):
    app.step([pygame.event.Event(pygame.KEYDOWN, key=key, mod=mod, unicode="", scancode=0)])


def open_family(app, family, scenario):
    """Put the app on the screen `family` starts from (built directly; the monkey does the rest)."""
    title = TitleScene(app)
    app.reset(title)
    if family == "title":
        return
    if family == "settings":
        app.push(SettingsScene(app))
        return
    app.push(PickerScene(app))
    if family == "picker":
        return
    app.push(BriefingScene(app, scenario))
    if family == "briefing":
        return
    if family == "debrief":
        app.replace(DebriefScene(app, scenario, ended(scenario), "assessment"))
        return
    if app.facilitating:
        app.replace(FacilitateScene(app, scenario))
        keys = {"vote": [], "reveal": [pygame.K_a, pygame.K_a, pygame.K_RETURN], "help": [pygame.K_SLASH],
                "presenter": [pygame.K_p], "jump": [pygame.K_a, pygame.K_RETURN, pygame.K_RETURN, pygame.K_j],
                "group debrief": []}[family]
        if family == "group debrief":
            app.replace(FacilitateScene(app, scenario, _ended_session(scenario)))
        for key in keys:
            press(app, key)
        return
    app.replace(PlayScene(app, scenario, "coach"))
    if family == "feedback":
        press(app, pygame.K_1)
    elif family == "pause":
        press(app, pygame.K_ESCAPE)


def _ended_session(scenario):
    import time

    from game import facilitation as fac

    session = fac.new_session(scenario, 1, time.time())
    while not is_over(scenario, session.state):
        first = fac.options(session, scenario)[0].index
        session = fac.take(fac.add_vote(session, first, 2), scenario, first, time.time())
        if not is_over(scenario, session.state):
            session = fac.start_discussion(session, time.time())
    return session


def random_event(rng, app):
    w, h = app.surface.get_size()
    roll = rng.random()
    if roll < 0.45:
        return pygame.event.Event(pygame.KEYDOWN, key=rng.choice(KEYS), mod=rng.choice(MODS), unicode="", scancode=0)
    if roll < 0.62:
        return pygame.event.Event(pygame.TEXTINPUT, text=rng.choice(TYPED))
    pos = (rng.randint(-20, w + 20), rng.randint(-20, h + 20))
    if roll < 0.72:
        return pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=(0, 0, 0))
    if roll < 0.82:
        return pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=rng.choice((1, 1, 1, 2, 3)))
    if roll < 0.90:
        step = rng.choice((-3, -1, 1, 3))
        return pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=step, flipped=False, precise_x=0.0,
                                  precise_y=float(step))
    if roll < 0.97:
        return "resize"
    return pygame.event.Event(rng.choice((pygame.WINDOWEXPOSED, pygame.WINDOWSHOWN, pygame.WINDOWRESTORED)))


def resize(app, rng):
    """What SDL does when the window is dragged to a new size: a new surface, then the event."""
    size = rng.choice(SIZES) if rng.random() < 0.8 else (rng.randint(1, 2000), rng.randint(1, 1200))
    app.surface = pygame.display.set_mode(size, pygame.RESIZABLE)
    app.step([pygame.event.Event(pygame.VIDEORESIZE, size=size, w=size[0], h=size[1])])


PLAY_FAMILIES = ("title", "settings", "picker", "briefing", "play", "feedback", "pause", "debrief")
FACILITATE_FAMILIES = ("briefing", "vote", "reveal", "help", "presenter", "jump", "group debrief")


@pytest.mark.parametrize("mode, family", [("play", f) for f in PLAY_FAMILIES]
                         + [("facilitate", f) for f in FACILITATE_FAMILIES])
def test_random_events_never_break_a_screen(tmp_path, mode, family):
    folder = library(tmp_path)
    rng = random.Random(f"{SEED}:{mode}:{family}")
    app = App(size=(800, 480), settings=Settings(reduced_motion=True), background_loading=False,
              scenario_folder=folder, seed=SEED, facilitating=mode == "facilitate")
    scenarios = [load_scenario(folder / name) for name in ("odd.yaml", "small.yaml", "park.yaml")]
    open_family(app, family, scenarios[0])
    names = {app.scene.name}
    sent = 0
    while sent < EVENTS:
        if not app.running or not app.stack:  # the monkey quit: start the family again
            app.running = True
            open_family(app, family, rng.choice(scenarios))
        batch = []
        for _ in range(BATCH):
            event = random_event(rng, app)
            if event == "resize":
                app.step(batch)
                batch = []
                resize(app, rng)
            else:
                batch.append(event)
        app.step(batch)
        sent += BATCH
        names.add(app.scene.name if app.stack else "")
    # The monkey really was on the family's screen, not stuck somewhere else from the start.
    assert len(names) >= 1 and sent >= EVENTS
