"""What a real X server shows after the game's partial updates (Xvfb, whose framebuffer `-fbdir`
maps to a file): after each frame of a fade, a scroll or a focus move, the screen holds exactly
the frame the game drew, in the X11 shared-memory framebuffer the game asks SDL for. Skipped
without Xvfb (CI installs it)."""

import json
import os
import shutil
import subprocess
import sys

import pytest

from .conftest import ROOT, SCENARIOS

DRIVER = r"""
import json, struct, sys
from pathlib import Path
import pygame
from game.engine import choose, is_over, offered_choices, start
from game.model import load_scenario
from game.store import Settings
from game.ui.app import App
from game.ui.scenes.debrief import DebriefScene
from game.ui.scenes.menus import PickerScene, TitleScene

screen_file = Path(sys.argv[1]) / "Xvfb_screen0"


def on_screen():
    data = screen_file.read_bytes()
    header, ncolors = struct.unpack(">I", data[:4])[0], struct.unpack(">I", data[76:80])[0]
    width, height, line = (struct.unpack(">I", data[o:o + 4])[0] for o in (16, 20, 48))
    start = header + ncolors * 12
    rows = [data[start + y * line:start + y * line + width * 4] for y in range(height)]
    return b"".join(rows)  # B, G, R, unused per pixel


def drawn():
    raw = pygame.image.tobytes(app.surface, "BGRA")
    return bytes(b for i, b in enumerate(raw) if i % 4 != 3)


def same():
    shown = on_screen()
    shown = bytes(b for i, b in enumerate(shown) if i % 4 != 3)
    return shown == drawn()


app = App(size=(640, 400), settings=Settings(primer_seen=True, fullscreen=False), background_loading=False,
          scenario_folder=Path(sys.argv[2]), seed=3)
app.push(TitleScene(app))
app.step()
app.present()
report = {"driver": pygame.display.get_driver(), "first": same(), "frames": 0, "partial": 0, "stale": []}


def frame(events=(), label=""):
    if app.step(events):
        app.present()
        report["frames"] += 1
        report["partial"] += app._damage is not None
        if not same():
            report["stale"].append(label)


key = lambda k: pygame.event.Event(pygame.KEYDOWN, key=k, mod=0, unicode="", scancode=0)
for name in ("down", "down", "up"):
    frame([key(pygame.key.key_code(name))], "title " + name)
app.push(PickerScene(app))
while app.transition is not None:
    frame(label="fade to the picker")
for name in ("down", "down", "page down", "end", "home"):
    frame([key(pygame.key.key_code(name))], "picker " + name)
scenario = load_scenario(Path(sys.argv[2]) / "waking-up-sick.yaml")
state = start(scenario, 1)
while not is_over(scenario, state):
    state = choose(scenario, state, offered_choices(scenario, state)[-1].index)
app.push(DebriefScene(app, scenario, state, "assessment"))
for name in ["return", "escape"] + ["down"] * 4 + ["page down"] * 3 + ["page up", "end", "home"]:
    frame([key(pygame.key.key_code(name))], "debrief " + name)
    while app.transition is not None:
        frame(label="debrief fade")
print(json.dumps(report))
"""


@pytest.mark.skipif(shutil.which("Xvfb") is None, reason="needs Xvfb (CI installs the xvfb package)")
def test_partial_updates_leave_on_a_real_x_screen_exactly_the_frame_drawn(tmp_path):
    read_end, write_end = os.pipe()
    # The screen is the window's size, so the window covers it from the top-left corner.
    xvfb = subprocess.Popen(["Xvfb", "-displayfd", str(write_end), "-screen", "0", "640x400x24", "-fbdir",
                             str(tmp_path), "-nolisten", "tcp"], pass_fds=(write_end,), stderr=subprocess.DEVNULL)
    os.close(write_end)
    try:
        with os.fdopen(read_end) as displayfd:
            display = ":" + displayfd.readline().strip()
        env = dict(os.environ, DISPLAY=display, SDL_VIDEODRIVER="x11", OUTREACH_NO_ACCESSKIT="1",
                   PYTHONPATH=str(ROOT))
        env.pop("SDL_FRAMEBUFFER_ACCELERATION", None)  # as a player's machine has it: the game chooses
        out = subprocess.run([sys.executable, "-c", DRIVER, str(tmp_path), str(SCENARIOS)], capture_output=True,
                             text=True, env=env, cwd=ROOT, timeout=300)
    finally:
        xvfb.terminate()
        xvfb.wait(10)
    assert out.returncode == 0, out.stderr[-3000:]
    report = json.loads(out.stdout.strip().splitlines()[-1])
    assert report["driver"] == "x11"
    assert report["first"], "the title on screen is the title drawn"
    assert report["frames"] > 20 and report["partial"] > 10, report
    assert report["stale"] == [], f"frames whose pixels on screen differ from the frame drawn: {report['stale']}"
