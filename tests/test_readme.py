"""The README's commands are the ones CI runs."""

from .conftest import ROOT

TEST_COMMAND = "python3 -m venv .venv && . .venv/bin/activate && pip install '.[test]' && python -m pytest"
PLAY_COMMAND = "python3 -m venv .venv && . .venv/bin/activate && pip install . && outreach play"


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text()
    ci = (ROOT / ".ci" / "run").read_text()
    assert TEST_COMMAND in readme
    assert ci.rstrip().splitlines()[-1] == TEST_COMMAND


def test_readme_has_the_play_commands():
    readme = (ROOT / "README.md").read_text()
    assert PLAY_COMMAND + "\n" in readme
    assert PLAY_COMMAND + " --text\n" in readme


def test_readme_screenshot_exists():
    assert "](docs/images/play.png)" in (ROOT / "README.md").read_text()
    assert (ROOT / "docs" / "images" / "play.png").stat().st_size > 10_000
