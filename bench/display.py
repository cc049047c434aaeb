"""Frame times and memory on a real display, against a bare pygame window in the same run.

Under the dummy driver a flip is free, so `python -m bench` alone flatters the game. Here both
programs open a 1920x1080 window on the same X server (the DISPLAY given, e.g. under
`xvfb-run -s "-screen 0 1920x1080x24"`, or an Xvfb started here when there is none): the bare one
fills, draws one line and flips the whole window each frame; the game runs the frame workload of
bench/ui.py (scene transitions, then keys on the debrief) and puts each frame on screen as it
would in play. Each runs in its own process, interleaved, and reports its frame times and its
peak resident memory; the figures are medians over the rounds.

The bare window presents the way SDL chooses by default. On X11 with Mesa's llvmpipe (Xvfb, most
virtual machines) that is an OpenGL texture redrawn whole on the CPU at each flip; the game asks for
X11's shared-memory framebuffer instead (game/ui/app.py, FRAMEBUFFER_HINT), which sends only what
changed. So the same bare window is measured a second time presenting as the game does
(`bare_native_*`, `frame_p99_vs_bare_native`): what the game's own drawing costs, with presenting
made equal.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile

from .ui import ROOT

BARE = """
import json, resource, time
import pygame
pygame.display.init()
surface = pygame.display.set_mode((1920, 1080), pygame.RESIZABLE)
samples = []
for i in range(int(__import__('sys').argv[1])):
    began = time.perf_counter()
    pygame.event.pump()
    surface.fill((246, 243, 238))
    pygame.draw.line(surface, (31, 41, 51), (0, i % 1080), (1919, i % 1080), 2)
    pygame.display.flip()
    samples.append((time.perf_counter() - began) * 1000)
print(json.dumps({"samples": samples, "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "driver": pygame.display.get_driver()}))
"""

GAME = """
import json, resource
import pygame
from bench.ui import focus_samples, frame_samples
samples = frame_samples()
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"samples": samples, "rss_mb": rss, "focus": focus_samples(), "driver": pygame.display.get_driver()}))
"""


def p99(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]


def _run(code: str, env: dict, *args: str) -> dict:
    out = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, env=env, cwd=ROOT,
                         timeout=600)
    if out.returncode:
        raise SystemExit(f"a measured program failed:\n{out.stderr[-2000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def measure(rounds: int = 3, display: str | None = None) -> dict:
    with tempfile.TemporaryDirectory() as home:
        env = dict(os.environ, OUTREACH_HOME=home, SDL_AUDIODRIVER="dummy", OUTREACH_NO_ACCESSKIT="1")
        env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
        if display:
            env["DISPLAY"] = display
        if env.get("DISPLAY"):
            env.setdefault("SDL_VIDEODRIVER", "x11")
        else:
            env["SDL_VIDEODRIVER"] = "dummy"
        native = dict(env, SDL_FRAMEBUFFER_ACCELERATION="0")
        games, bares, natives = [], [], []
        for _ in range(rounds):  # interleaved, so both see the same machine load
            game = _run(GAME, env)
            games.append(game)
            bares.append(_run(BARE, env, str(len(game["samples"]))))
            natives.append(_run(BARE, native, str(len(game["samples"]))))
    game_p99 = statistics.median(p99(g["samples"]) for g in games)
    bare_p99 = statistics.median(p99(b["samples"]) for b in bares)
    native_p99 = statistics.median(p99(b["samples"]) for b in natives)
    game_rss = statistics.median(g["rss_mb"] for g in games)
    bare_rss = statistics.median(b["rss_mb"] for b in bares)
    native_rss = statistics.median(b["rss_mb"] for b in natives)
    return {
        "display_driver": games[0]["driver"],
        "display_frame_p99_ms": round(game_p99, 2),
        "display_frame_median_ms": round(statistics.median(statistics.median(g["samples"]) for g in games), 2),
        "bare_frame_p99_ms": round(bare_p99, 2),
        "bare_frame_median_ms": round(statistics.median(statistics.median(b["samples"]) for b in bares), 2),
        "frame_p99_vs_bare": round(game_p99 / bare_p99, 3),
        # The loop here is not held to 60 frames a second as the game's is, so a fade is as many frames
        # as fit in its 0.18 s and the p99 moves with them: the slowest frame, for the whole picture.
        "display_frame_max_ms": round(statistics.median(max(g["samples"]) for g in games), 2),
        "bare_frame_max_ms": round(statistics.median(max(b["samples"]) for b in bares), 2),
        # A key that only moves the focus sends only the buttons it touched, not the whole window.
        "focus_move_median_ms": round(statistics.median(statistics.median(g["focus"]) for g in games), 2),
        "focus_move_vs_bare_median": round(statistics.median(statistics.median(g["focus"]) for g in games)
                                           / statistics.median(statistics.median(b["samples"]) for b in bares), 3),
        "display_rss_mb": round(game_rss, 1),
        "bare_rss_mb": round(bare_rss, 1),
        "rss_over_bare_mb": round(game_rss - bare_rss, 1),
        "bare_native_frame_p99_ms": round(native_p99, 2),
        "bare_native_frame_median_ms": round(statistics.median(statistics.median(b["samples"]) for b in natives), 2),
        "frame_p99_vs_bare_native": round(game_p99 / native_p99, 3),
        "bare_native_rss_mb": round(native_rss, 1),
        "rss_over_bare_native_mb": round(game_rss - native_rss, 1),
        "display_frames": len(games[0]["samples"]),
        "display_rounds": rounds,
    }


def main() -> None:
    """`python -m bench.display`: under the DISPLAY given, or an Xvfb of its own at 1920x1080."""
    if os.environ.get("DISPLAY"):
        print(json.dumps(measure(), indent=2))
        return
    read_end, write_end = os.pipe()
    xvfb = subprocess.Popen(["Xvfb", "-displayfd", str(write_end), "-screen", "0", "1920x1080x24", "-nolisten",
                             "tcp"], pass_fds=(write_end,), stderr=subprocess.DEVNULL)
    os.close(write_end)
    try:
        with os.fdopen(read_end) as displayfd:
            display = ":" + displayfd.readline().strip()
        print(json.dumps(measure(display=display), indent=2))
    finally:
        xvfb.terminate()
        xvfb.wait(10)


if __name__ == "__main__":
    main()
