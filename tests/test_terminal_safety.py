"""No text reaches a terminal as a command (issue 8, item 3), and the terminal player degrades
instead of crashing when the terminal cannot show a character (item 7)."""

import os
import re
import subprocess
import sys

from hypothesis import given
from hypothesis import strategies as st

from game.terminal import degrade, terminal_safe

from .conftest import FIXTURES, ROOT

# What a terminal acts on: C0 but newline and tab, DEL, C1 (U+009B is a one-byte CSI), bidi overrides.
ACTS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
HOSTILE = "\x1b]0;pwned\x07\x1b[2J\x9b31m\x1b]8;;x.invalid\x1b\\link\u202e"


def run(*args, stdin="", env=None, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "game", *args], input=stdin, capture_output=True, text=True,
                          timeout=60, cwd=cwd, env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})})


@given(st.text())
def test_terminal_safe_leaves_nothing_a_terminal_obeys(text):
    safe = terminal_safe(text)
    assert not ACTS.search(safe) and terminal_safe(safe) == safe
    assert terminal_safe("plain text\nwith a\ttab") == "plain text\nwith a\ttab"


def test_validate_and_list_show_a_hostile_file_name_harmlessly(tmp_path):
    folder = tmp_path / "lib"
    folder.mkdir()
    hostile = folder / f"a{HOSTILE}.yaml"
    hostile.write_text("format: 1\nid: x\n")
    for args in (("validate", str(hostile)), ("validate", str(folder)), ("list", str(folder)),
                 ("play", "--text", f"no-such{HOSTILE}")):
        result = run(*args)
        assert not ACTS.search(result.stdout + result.stderr), args
        assert "\\u001b]0;pwned\\u0007" in result.stdout + result.stderr, args


def test_the_terminal_player_escapes_what_scenario_text_holds(tmp_path):
    text = (FIXTURES / "small.yaml").read_text().replace("title: A small test", 'title: "Small \u202e test"')
    text = text.replace("text: Jo is sitting on a bench, shaking.", 'text: "Jo sits \u2066here\u2069."')
    path = tmp_path / "bidi.yaml"
    path.write_text(text, encoding="utf-8")
    result = run("play", "--text", "--seed", "1", str(path), stdin="\n1\n\n1\n\n\n")
    assert result.returncode == 0 and "Small \\u202e test" in result.stdout and "\\u2066here\\u2069" in result.stdout
    assert not ACTS.search(result.stdout)


def test_an_ascii_terminal_gets_plain_characters_not_a_traceback(tmp_path):
    result = run("play", "--text", "--seed", "1", str(FIXTURES / "small.yaml"), stdin="\n1\n\n1\n\n\n",
                 env={"PYTHONIOENCODING": "ascii", "OUTREACH_HOME": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr and "Debrief." in result.stdout
    assert degrade("It’s “fine” — café…", "ascii") == "It's \"fine\" - cafe..."
    typed = subprocess.run([sys.executable, "-m", "game", "play", "--text", str(FIXTURES / "small.yaml")],
                           input="é\nq\n".encode(), capture_output=True, timeout=60, cwd=ROOT,
                           env={**os.environ, "PYTHONIOENCODING": "ascii", "OUTREACH_HOME": str(tmp_path)})
    assert typed.returncode == 0 and b"Traceback" not in typed.stderr
