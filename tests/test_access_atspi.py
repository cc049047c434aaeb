"""The real game window read by a screen reader's library: Xvfb, a D-Bus session and the AT-SPI
bus, the game in its own process on a shipped scenario, and pyatspi (which lives in the system
Python) reading the tree from another process: the moment's text, the choices as buttons with
their names, the focus moving with a key, and a choice taken through AT-SPI's doAction landing on
the feedback screen. Skipped, saying what is missing, without those components (CI installs them)."""

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from .conftest import ROOT

SYSTEM_PYTHON = "/usr/bin/python3"
LAUNCHER = "/usr/libexec/at-spi-bus-launcher"

READER = r"""
import json, subprocess, sys, time
import pyatspi

def walk(node):
    yield node
    for i in range(node.childCount):
        child = node.getChildAtIndex(i)
        if child is not None:
            yield from walk(child)

def window():
    desktop = pyatspi.Registry.getDesktop(0)
    for i in range(desktop.childCount):
        app = desktop.getChildAtIndex(i)
        for node in walk(app) if app is not None else ():
            if node.getRole() == pyatspi.ROLE_FRAME and node.name.startswith("Outreach"):
                return app, node
    return None, None

def read():
    try:
        app, frame = window()
        if frame is None:
            return None
        name = frame.name
        nodes = [{"role": n.getRoleName(), "name": n.name,
                  "focused": pyatspi.STATE_FOCUSED in n.getState().getStates()} for n in walk(frame)]
        if not nodes or nodes[0]["name"] != name or frame.name != name:
            return None  # the names arrived while the tree was being read: read it again, whole
        return {"app": app.name, "window": name, "nodes": nodes}
    except Exception:  # the screen changed while it was being read: read again
        return None

def until(test, seconds=10):
    began = time.monotonic()
    while time.monotonic() - began < seconds:
        seen = read()
        if seen is not None and test(seen):
            return seen
        time.sleep(0.2)
    return read()

def focused(seen):
    return [n["name"] for n in seen["nodes"] if n["focused"] and n["role"] == "push button"]

def click(name):
    app, frame = window()
    for node in walk(frame):
        if node.getRole() == pyatspi.ROLE_PUSH_BUTTON and node.name == name:
            action = node.queryAction()
            return action.getName(0), action.doAction(0)

report = {}
report["briefing"] = until(lambda s: any(n["name"] == "Start" for n in s["nodes"]), 20)
report["start"] = click("Start")
report["moment"] = until(lambda s: "Moment 1" in s["window"])
window_id = subprocess.run(["xdotool", "search", "--name", "."], capture_output=True, text=True).stdout.split()
if window_id:
    subprocess.run(["xdotool", "windowfocus", "--sync", window_id[0]], capture_output=True, timeout=10)
keys = []
for _ in range(2):
    subprocess.run(["xdotool", "key", "Down"], check=True, timeout=10)
    before = keys[-1] if keys else []
    keys.append(focused(until(lambda s: focused(s) and focused(s) != before, 5)))
report["focus_after_keys"] = keys
report["click"] = click(keys[-1][0]) if keys[-1] else None
report["after_click"] = until(lambda s: "Feedback" in s["window"] and "Continue" in focused(s)
                              and any(n["name"].startswith("Feedback. ") for n in s["nodes"]))
print(json.dumps(report))
"""


def _missing() -> str:
    needs = {"Xvfb": shutil.which("Xvfb"), "dbus-daemon": shutil.which("dbus-daemon"),
             "dbus-send": shutil.which("dbus-send"), "xdotool": shutil.which("xdotool"),
             "at-spi2-core": os.path.exists(LAUNCHER) or None, "system python3": os.path.exists(SYSTEM_PYTHON) or None}
    missing = [name for name, found in needs.items() if not found]
    if missing:
        return ", ".join(missing)
    if subprocess.run([SYSTEM_PYTHON, "-c", "import pyatspi"], capture_output=True).returncode:
        return "python3-pyatspi"
    try:
        import accesskit  # noqa: F401
    except ImportError:
        return "the accesskit package"
    return ""


def _stop(process: subprocess.Popen | None) -> None:
    """End a process this test started, with the children it started in its own session."""
    if process is None or process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    try:
        process.wait(5)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(5)


def test_a_screen_reader_reads_and_plays_the_real_window():
    missing = _missing()
    if missing:
        pytest.skip(f"needs {missing} (Debian: xvfb dbus dbus-x11 at-spi2-core python3-pyatspi xdotool; CI installs them)")
    started: list[subprocess.Popen] = []
    with tempfile.TemporaryDirectory() as folder:
        runtime = Path(folder) / "runtime"
        runtime.mkdir(mode=0o700)
        env = {key: value for key, value in os.environ.items()
               if key not in ("NO_AT_BRIDGE", "DBUS_SESSION_BUS_ADDRESS", "AT_SPI_BUS_ADDRESS", "DISPLAY",
                              "SDL_VIDEODRIVER", "OUTREACH_NO_ACCESSKIT")}
        env.update(XDG_RUNTIME_DIR=str(runtime), HOME=folder, OUTREACH_HOME=str(Path(folder) / "home"))
        try:
            read_end, write_end = os.pipe()
            xvfb = subprocess.Popen(["Xvfb", "-displayfd", str(write_end), "-screen", "0", "1280x800x24",
                                     "-nolisten", "tcp"], pass_fds=(write_end,), stderr=subprocess.DEVNULL,
                                    start_new_session=True)
            started.append(xvfb)
            os.close(write_end)
            with os.fdopen(read_end) as displayfd:
                env["DISPLAY"] = ":" + displayfd.readline().strip()
            bus = subprocess.Popen(["dbus-daemon", "--session", "--nofork", "--print-address=1"],
                                   stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env,
                                   start_new_session=True)
            started.append(bus)
            env["DBUS_SESSION_BUS_ADDRESS"] = bus.stdout.readline().strip()
            address = ""
            for _ in range(50):  # the bus starts at-spi-bus-launcher on this first call
                reply = subprocess.run(["dbus-send", "--session", "--print-reply", "--dest=org.a11y.Bus",
                                        "/org/a11y/bus", "org.a11y.Bus.GetAddress"],
                                       env=env, capture_output=True, text=True, timeout=10)
                if reply.returncode == 0:
                    address = reply.stdout.split('string "', 1)[1].rsplit('"', 1)[0]
                    break
                time.sleep(0.1)
            assert address, "the AT-SPI bus did not start"
            env["AT_SPI_BUS_ADDRESS"] = address
            # What a screen reader does when it starts: tell applications that someone listens.
            subprocess.run(["dbus-send", "--session", "--print-reply", "--dest=org.a11y.Bus", "/org/a11y/bus",
                            "org.freedesktop.DBus.Properties.Set", "string:org.a11y.Status", "string:IsEnabled",
                            "variant:boolean:true"], env=env, capture_output=True, check=True, timeout=10)
            game_env = dict(env, SDL_VIDEODRIVER="x11", SDL_AUDIODRIVER="dummy",
                            PYTHONPATH=str(ROOT) + os.pathsep + env.get("PYTHONPATH", ""))
            game = subprocess.Popen([sys.executable, "-m", "game", "play", "waking-up-sick", "--seed", "1"],
                                    env=game_env, cwd=ROOT, start_new_session=True, stdout=subprocess.PIPE,
                                    stderr=subprocess.STDOUT, text=True)
            started.append(game)
            reader_env = {k: v for k, v in env.items() if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}
            result = subprocess.run([SYSTEM_PYTHON, "-c", READER], env=reader_env, capture_output=True, text=True,
                                    timeout=120)
            assert result.returncode == 0, result.stderr[-2000:]
            report = json.loads(result.stdout.strip().splitlines()[-1])
        finally:
            for process in reversed(started):
                _stop(process)
        game_output = game.stdout.read() if game.stdout else ""
    briefing = report["briefing"]
    assert briefing is not None, f"no Outreach window on the AT-SPI bus; the game said: {game_output[-2000:]}"
    assert report["start"] == ["click", True]
    moment = report["moment"]
    assert moment["window"] == "Outreach: Waking Up Sick · Moment 1"
    names = [(n["role"], n["name"]) for n in moment["nodes"]]
    assert ("heading", "Waking Up Sick · Moment 1") in names
    assert any(role == "label" and "Kwan's Pharmacy" in name for role, name in names)  # the moment's text
    choices = [name for role, name in names if role == "push button" and name not in ("Menu",)]
    assert len(choices) == 3 and all(len(name) > 20 for name in choices)  # named with their text
    # Two presses of Down: the focus lands on one choice, then the next.
    first, second = report["focus_after_keys"]
    assert first and second and first != second and {first[0], second[0]} <= set(choices)
    assert report["click"] == ["click", True]
    feedback = report["after_click"]
    assert feedback["window"] == "Outreach: Feedback"
    feedback_names = [n["name"] for n in feedback["nodes"]]
    assert second[0] in feedback_names  # "You chose" and the choice
    assert any(n["role"] == "push button" and n["name"] == "Continue" and n["focused"] for n in feedback["nodes"]), \
        feedback
    # The live region announces the feedback.
    assert any(n["role"] == "label" and n["name"].startswith("Feedback. You chose") for n in feedback["nodes"]), \
        feedback
