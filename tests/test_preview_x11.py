"""Live preview under a real X window (Xvfb): a save shows in the open window within a second, a
broken save shows its error and the window keeps running, the fix resumes play. The window runs in
its own process, as `outreach play --watch` would; skipped without xvfb-run (CI installs it)."""

import json
import shutil
import subprocess
import sys

import pytest

from .conftest import FIXTURES, ROOT

DRIVER = r"""
import json, sys, time
from pathlib import Path
import pygame
from game.engine import offered_choices
from game.model import load_scenario
from game.store import Settings
from game.ui.preview import FILE_CHANGED, PreviewApp, _briefing
from game.ui.scenes.menus import PickerScene, TitleScene

path = Path(sys.argv[1])
text = path.read_text()
app = PreviewApp(path, load_scenario(path), seed=1, background_loading=False,
                 settings=Settings(reduced_motion=True, primer_seen=True))
app.push(TitleScene(app)); app.push(PickerScene(app)); app.push(_briefing(app, app.preview_scenario, "coach"))
key = lambda k: app.step([pygame.event.Event(pygame.KEYDOWN, key=k, mod=0, unicode="", scancode=0)])
key(pygame.K_RETURN)
offer = [o for o in offered_choices(app.scene.scenario, app.scene.state) if o.rule.id == "sit-down"][0]
key(getattr(pygame, f"K_{offer.number}")); key(pygame.K_RETURN)

def save_and_wait(new_text):
    time.sleep(0.05)
    path.write_text(new_text)
    began = time.monotonic()
    while time.monotonic() - began < 5:
        events = pygame.event.get()
        if app.step(events):
            pygame.display.flip()
        if any(e.type == FILE_CHANGED for e in events):
            return time.monotonic() - began
        time.sleep(0.01)
    return None

report = {"driver": pygame.display.get_driver()}
report["edit_s"] = save_and_wait(text.replace("Jo shifts over", "Jo slides over"))
report["after_edit"] = (app.scene.name, app.scene.state.node, app.preview_notice)
report["broken_s"] = save_and_wait(text.replace("        goto: talk\n", "         goto: talk\n"))
report["after_broken"] = (app.scene.name, app.running, app.scene.view.page.items[2].text)
report["fixed_s"] = save_and_wait(text)
report["after_fix"] = (app.scene.name, app.scene.state.node)
app.stop_watching()
print(json.dumps(report))
"""


@pytest.mark.skipif(shutil.which("xvfb-run") is None, reason="needs xvfb-run (CI installs the xvfb package)")
def test_live_preview_in_a_real_x_window(tmp_path):
    path = tmp_path / "draft.yaml"
    path.write_text((FIXTURES / "playtested.yaml").read_text())
    env = {"PATH": "/usr/bin:/bin", "SDL_VIDEODRIVER": "x11", "SDL_AUDIODRIVER": "dummy",
           "OUTREACH_HOME": str(tmp_path / "home"), "PYTHONPATH": str(ROOT), "HOME": str(tmp_path)}
    result = subprocess.run(["xvfb-run", "-a", sys.executable, "-c", DRIVER, str(path)], capture_output=True,
                            text=True, timeout=120, cwd=ROOT, env=env)
    assert result.returncode == 0, result.stderr[-2000:]
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["driver"] == "x11"
    assert report["edit_s"] is not None and report["edit_s"] < 1.0
    assert report["after_edit"][:2] == ["play", "talk"]
    assert report["broken_s"] is not None and report["broken_s"] < 1.0
    name, running, first_error = report["after_broken"]
    assert name == "preview-errors" and running
    assert "draft.yaml:" in first_error and "one space too many before 'goto:'" in first_error
    assert report["fixed_s"] is not None and report["after_fix"] == ["play", "talk"]
