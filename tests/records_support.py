"""Helpers for the records tests: routes through a scenario and the terminal player's input for them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from game.engine import already_taken, choose, is_over, offered_choices, start

ROOT = Path(__file__).resolve().parent.parent


def route(scenario, seed: int, pick: str = "best") -> list[int]:
    """The on-screen numbers of a route to an ending: the best-scoring open choice not taken before
    ("best"), or the worst ("worst")."""
    state = start(scenario, seed)
    numbers = []
    sign = 1 if pick == "best" else -1
    while not is_over(scenario, state):
        offered = offered_choices(scenario, state)
        choice = max(offered, key=lambda c: (not already_taken(state, state.node, c.index),
                                             sign * sum(c.rule.scores), -c.number))
        numbers.append(choice.number)
        state = choose(scenario, state, choice.index)
        assert len(numbers) < 200, "the route does not reach an ending"
    return numbers


def text_input(numbers: list[int], back_after_first: bool = False) -> str:
    """What a trainee types in the terminal player (coach mode): Enter after the warnings, the
    number and Enter after its feedback at each moment, Enter before the debrief; with
    `back_after_first`, a step back after the first choice and the same choice again."""
    lines = [""]
    for position, number in enumerate(numbers):
        lines += [str(number), ""]
        if back_after_first and position == 0:
            lines += ["b", str(number), ""]
    lines += ["", ""]
    return "\n".join(lines) + "\n"


def play_text(home: Path, scenario_id: str, seed: int, typed: str, extra_env: dict | None = None) -> str:
    env = {**os.environ, "OUTREACH_HOME": str(home), **(extra_env or {})}
    done = subprocess.run([sys.executable, "-m", "game", "play", "--text", scenario_id, "--seed", str(seed)],
                          input=typed, capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout


def outreach(home: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    """`outreach ARGS` with OUTREACH_HOME=home, run in this process (much quicker than a new one)."""
    import io
    from contextlib import redirect_stderr, redirect_stdout

    from game.cli import main
    from game.store.records_db import close_all

    old = os.environ.get("OUTREACH_HOME")
    os.environ["OUTREACH_HOME"] = str(home)
    out, err = io.StringIO(), io.StringIO()
    try:
        with redirect_stdout(out), redirect_stderr(err):
            code = main(list(args))
    finally:
        close_all()
        if old is None:
            del os.environ["OUTREACH_HOME"]
        else:
            os.environ["OUTREACH_HOME"] = old
    done = subprocess.CompletedProcess(["outreach", *args], code, out.getvalue(), err.getvalue())
    if check:
        assert done.returncode == 0, done.stdout + done.stderr
    return done
