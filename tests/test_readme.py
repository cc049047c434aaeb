"""The README's commands are the ones CI runs."""

from .conftest import ROOT

TEST_COMMAND = "python3 -m venv .venv && . .venv/bin/activate && pip install '.[test]' && python -m pytest"
PLAY_COMMAND = "python3 -m venv .venv && . .venv/bin/activate && pip install . && outreach play --text"


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text()
    ci = (ROOT / ".ci" / "run").read_text()
    assert TEST_COMMAND in readme
    assert ci.rstrip().splitlines()[-1] == TEST_COMMAND


def test_readme_has_the_play_command():
    assert PLAY_COMMAND in (ROOT / "README.md").read_text()
