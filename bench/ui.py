"""Benchmarks of the windowed game: start-up against a bare pygame window, frame times during a
transition and while scrolling the debrief, idle CPU on the play screen, and memory."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Both programs print the wall-clock time at which their first frame was presented.
FIRST_FRAME_GAME = """
import os, time
import pygame
_flip = pygame.display.flip
def flip():
    _flip()
    print(time.time(), flush=True)
    os._exit(0)
pygame.display.flip = flip
from game.cli import main
main(["play"])
"""
FIRST_FRAME_BARE = """
import os, time
import pygame
pygame.display.init()
surface = pygame.display.set_mode((1280, 720), pygame.RESIZABLE)
surface.fill((246, 243, 238))
pygame.display.flip()
print(time.time(), flush=True)
os._exit(0)
"""

IDLE = """
import os, sys, threading, time
import pygame
from game.model import load_scenario
from game.store import Settings
from game.ui.app import App
from game.ui.scenes.menus import TitleScene
from game.ui.scenes.play import PlayScene
seconds = float(sys.argv[1])
app = App(size=(1280, 720), settings=Settings(primer_seen=True), background_loading=False)
app.push(TitleScene(app))
app.push(PlayScene(app, load_scenario(sys.argv[2]), "coach"))
result = {}
def watch():
    time.sleep(1.0)  # let the first frames settle
    before, wall = os.times(), time.perf_counter()
    time.sleep(seconds)
    after = os.times()
    used = (after.user - before.user) + (after.system - before.system)
    result["cpu"] = 100 * used / (time.perf_counter() - wall)
    pygame.event.post(pygame.event.Event(pygame.QUIT))
threading.Thread(target=watch, daemon=True).start()
app.run()
print(result["cpu"], flush=True)
"""

RSS = """
import resource, sys, tempfile
from pathlib import Path
from game.ui.storyboard import render_storyboard
render_storyboard(Path(sys.argv[1]), Path(tempfile.mkdtemp()), size=(1920, 1080))
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, flush=True)
"""


# From Enter on an ending to the debrief's first frame on screen, in a fresh process, so nothing
# about the scenario (its exact best and worst above all) was worked out before.
DEBRIEF_OPEN = """
import sys, time
import pygame
from game.engine import choose, is_over, offered_choices, start
from game.model import load_scenario
from game.store import Settings
from game.ui.app import App
from game.ui.scenes.menus import TitleScene
from game.ui.scenes.play import PlayScene
scenario = load_scenario(sys.argv[1])
state = start(scenario, 1)
while not is_over(scenario, state):
    state = choose(scenario, state, offered_choices(scenario, state)[-1].index)
app = App(size=(1280, 720), settings=Settings(reduced_motion=True), background_loading=False)
app.push(TitleScene(app))
app.push(PlayScene(app, scenario, "coach", state))
app.step()
pygame.display.flip()
enter = pygame.event.Event(pygame.KEYDOWN, key=pygame.K_RETURN, mod=0, unicode="", scancode=0)
began = time.perf_counter()
app.step([enter], deferred=False)  # as App.run does: the frame first, then the work queued for after it
pygame.display.flip()
took = (time.perf_counter() - began) * 1000
app.run_deferred()
assert app.scene.name == "debrief"
print(took, app.scene.bounds_status, flush=True)
"""


def _environment(home: str) -> dict:
    env = dict(os.environ, OUTREACH_HOME=home, SDL_AUDIODRIVER="dummy")
    if not env.get("DISPLAY"):
        env.setdefault("SDL_VIDEODRIVER", "dummy")
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def _first_frame_ms(code: str, env: dict) -> float:
    started = time.time()
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=ROOT,
                         timeout=60).stdout
    return (float(out.strip().splitlines()[-1]) - started) * 1000


def startup(repeat: int) -> dict:
    game, bare = [], []
    # An installed game has compiled bytecode (pip compiles on install), as pygame has; measure
    # the same here, even where PYTHONDONTWRITEBYTECODE is set for development.
    import compileall

    compileall.compile_dir(str(ROOT / "game"), quiet=1)
    with tempfile.TemporaryDirectory() as home:  # an empty user folder, as on a first start
        env = _environment(home)
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        for _ in range(repeat):  # interleaved, so both see the same machine load
            game.append(_first_frame_ms(FIRST_FRAME_GAME, env))
            bare.append(_first_frame_ms(FIRST_FRAME_BARE, env))
    g, b = statistics.median(game), statistics.median(bare)
    return {"startup_first_frame_ms": round(g, 1), "bare_pygame_first_frame_ms": round(b, 1),
            "startup_vs_bare": round(g / b, 3), "video_driver": env.get("SDL_VIDEODRIVER", "x11")}


def frame_times() -> dict:
    """Draw times at 1920x1080 during scene transitions and while scrolling the debrief."""
    samples = sorted(frame_samples())
    p99 = samples[min(len(samples) - 1, int(len(samples) * 0.99))]
    return {"frame_p99_ms_1080p": round(p99, 2), "frame_median_ms_1080p": round(statistics.median(samples), 2),
            "frames_measured": len(samples)}


def frame_samples() -> list[float]:
    """Each frame's time, drawn and put on screen, in milliseconds (bench/display.py uses these too)."""
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    import pygame

    from game.engine import choose, is_over, offered_choices, start
    from game.model import load_scenario
    from game.store import Settings
    from game.ui.app import App
    from game.ui.scenes.debrief import DebriefScene
    from game.ui.scenes.menus import PickerScene, TitleScene

    app = App(size=(1920, 1080), settings=Settings(), background_loading=False,
              scenario_folder=ROOT / "scenarios")
    app.push(TitleScene(app))
    app.step()
    samples: list[float] = []

    def frame(events=()):
        began = time.perf_counter()
        pygame.event.pump()
        if app.step(events):
            app.present()
        samples.append((time.perf_counter() - began) * 1000)

    for _ in range(15):
        app.push(PickerScene(app))
        while app.transition is not None:
            frame()
        app.pop()
        while app.transition is not None:
            frame()
    scenario = load_scenario(ROOT / "scenarios" / "waking-up-sick.yaml")
    state = start(scenario, 1)
    while not is_over(scenario, state):
        state = choose(scenario, state, offered_choices(scenario, state)[-1].index)
    debrief = DebriefScene(app, scenario, state, "assessment")
    app.push(debrief)
    debrief.act("skip")
    debrief.act("skip")
    while app.transition is not None:
        frame()
    keys = [pygame.K_DOWN] * 10 + [pygame.K_PAGEDOWN] * 12 + [pygame.K_PAGEUP] * 12 + [pygame.K_END, pygame.K_HOME]
    for _ in range(3):
        for key in keys:
            frame([pygame.event.Event(pygame.KEYDOWN, key=key, mod=0, unicode="", scancode=0)])
    return samples


def debrief_open(repeat: int) -> dict:
    """debrief_open_ms_loop: the two-moment counting loop (tests/fixtures/loop.yaml), whose exact
    search used to freeze the window for most of a minute; debrief_open_ms_library: the slowest
    shipped scenario. Medians of `repeat` fresh processes, each ended on its last-offered choices."""
    import compileall

    compileall.compile_dir(str(ROOT / "game"), quiet=1)  # as installed: bytecode compiled, as for startup()

    def median_for(path: Path) -> tuple[float, str]:
        times, status = [], ""
        with tempfile.TemporaryDirectory() as home:
            env = _environment(home)
            for _ in range(repeat):
                out = subprocess.run([sys.executable, "-c", DEBRIEF_OPEN, str(path)], capture_output=True, text=True,
                                     env=env, cwd=ROOT, timeout=300)
                took, status = out.stdout.strip().splitlines()[-1].split()
                times.append(float(took))
        return statistics.median(times), status

    loop, loop_status = median_for(ROOT / "tests" / "fixtures" / "loop.yaml")
    library = {path.stem: median_for(path)[0] for path in sorted((ROOT / "scenarios").glob("*.yaml"))}
    worst = max(library, key=library.get)
    return {"debrief_open_ms_loop": round(loop, 1), "debrief_open_loop_bounds": loop_status,
            "debrief_open_ms_library": round(library[worst], 1), "debrief_open_library_worst": worst}


def focus_samples(presses: int = 60) -> list[float]:
    """Each frame's time when Down only moves the focus on the title screen (1920x1080): what
    most key presses in play do."""
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    import pygame

    from game.store import Settings
    from game.ui.app import App
    from game.ui.scenes.menus import TitleScene

    app = App(size=(1920, 1080), settings=Settings(), background_loading=False, scenario_folder=ROOT / "scenarios")
    app.push(TitleScene(app))
    while app.step():
        app.present()
    samples = []
    for _ in range(presses):
        began = time.perf_counter()
        pygame.event.pump()
        if app.step([pygame.event.Event(pygame.KEYDOWN, key=pygame.K_DOWN, mod=0, unicode="", scancode=0)]):
            app.present()
        samples.append((time.perf_counter() - began) * 1000)
    return samples


def idle_cpu(seconds: float = 5.0) -> dict:
    with tempfile.TemporaryDirectory() as home:
        env = _environment(home)
        out = subprocess.run([sys.executable, "-c", IDLE, str(seconds), str(ROOT / "scenarios" /
                              "overdose-in-the-park.yaml")], capture_output=True, text=True, env=env, cwd=ROOT,
                             timeout=120).stdout
    return {"idle_cpu_percent": round(float(out.strip().splitlines()[-1]), 2)}


def memory() -> dict:
    with tempfile.TemporaryDirectory() as home:
        env = _environment(home)
        out = subprocess.run([sys.executable, "-c", RSS, str(ROOT / "scenarios" / "overdose-in-the-park.yaml")],
                             capture_output=True, text=True, env=env, cwd=ROOT, timeout=300).stdout
    return {"rss_mb": round(float(out.strip().splitlines()[-1]), 1)}


if __name__ == "__main__":
    print(json.dumps({**startup(5), **frame_times(), **idle_cpu(), **memory()}, indent=2))
