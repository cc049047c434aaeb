"""The real game, driven by a loop of real events in its own process, saving as fast as a player
can make it save: the kill test (test_kill.py) kills this process at random moments.
Run: python -m tests.kill_driver play|facilitate SCENARIO_FOLDER SEED"""

import random
import sys

import pygame

from game.store import Settings, load_settings
from game.ui.app import App
from game.ui.scenes.menus import TitleScene


def key(app, k, mod=0):
    app.step([pygame.event.Event(pygame.KEYDOWN, key=k, mod=mod, unicode="", scancode=0)])


def typed(app, text):
    app.step([pygame.event.Event(pygame.TEXTINPUT, text=ch) for ch in text])


def play_round(app, rng):
    key(app, pygame.K_ESCAPE)  # back to the title if a round ended elsewhere
    app.reset(TitleScene(app))
    if rng.random() < 0.2:  # settings are saved on every change
        key(app, pygame.K_s)
        for _ in range(4):
            app.step([pygame.event.Event(pygame.KEYDOWN, key=rng.choice((pygame.K_MINUS, pygame.K_EQUALS)), mod=0,
                                         unicode="", scancode=0)])
        key(app, pygame.K_ESCAPE)
    app.reset(TitleScene(app))
    key(app, pygame.K_RETURN)  # the picker (or resume, when offered)
    if app.scene.name == "picker":
        key(app, pygame.K_1)
        key(app, pygame.K_RETURN)
    for _ in range(60):
        name = app.scene.name
        if name == "play":
            buttons = app.scene.view.page.buttons
            if buttons and buttons[0].action == "debrief":
                key(app, pygame.K_RETURN)
                continue
            key(app, rng.choice((pygame.K_1, pygame.K_2)))
        elif name == "feedback":
            key(app, pygame.K_RETURN)
        elif name == "debrief":
            scene = app.scene
            if scene.phase == "reactions":
                typed(app, "tense and hopeful " * 3)
                key(app, pygame.K_RETURN)
            elif scene.phase == "self":
                for _ in range(6):
                    key(app, rng.choice((pygame.K_1, pygame.K_3, pygame.K_5)))
                key(app, pygame.K_RETURN)
            else:
                key(app, pygame.K_t)
                typed(app, "ask before acting " * 3)
                key(app, pygame.K_RETURN)
                key(app, pygame.K_d)
                return
        else:
            return


def facilitate_round(app, rng):
    from game.model import load_scenario
    from game.ui.scenes.facilitate import FacilitateScene

    scenario = load_scenario(app.entries[0].path)
    app.reset(TitleScene(app), FacilitateScene(app, scenario))
    for _ in range(80):
        scene = app.scene
        if scene.name != "facilitate":
            return
        if scene.stage == "vote":
            for _ in range(rng.randint(1, 6)):
                key(app, rng.choice((pygame.K_a, pygame.K_b)), rng.choice((0, 0, pygame.KMOD_SHIFT)))
            key(app, pygame.K_a, pygame.KMOD_CTRL)
        elif scene.stage == "reveal":
            key(app, pygame.K_RETURN)
        else:
            for _ in range(4):
                key(app, pygame.K_RIGHT)
            return


def main() -> None:
    mode, folder, seed = sys.argv[1], sys.argv[2], int(sys.argv[3])
    rng = random.Random(seed)
    settings, _ = load_settings()
    app = App(size=(800, 480), settings=Settings(text_scale=settings.text_scale, reduced_motion=True),
              background_loading=False, scenario_folder=__import__("pathlib").Path(folder), seed=seed,
              facilitating=mode == "facilitate")
    print("ready", flush=True)
    while True:
        (facilitate_round if mode == "facilitate" else play_round)(app, rng)


if __name__ == "__main__":
    main()
