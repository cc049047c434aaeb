"""The author guide's playtest example runs against its complete example, as the guide says."""

import re

from game.cli import main

from .conftest import ROOT

GUIDE = (ROOT / "docs" / "authoring.md").read_text()
BLOCKS = re.findall(r"```yaml\n(.*?)```", GUIDE, re.S)
EXAMPLE = next(b for b in BLOCKS if b.startswith("# yaml-language-server"))
PLAYTESTS = next(b for b in BLOCKS if b.startswith("playtests:"))


def test_the_guide_playtests_pass_on_the_guide_example(tmp_path, capsys):
    path = tmp_path / "sleeve.yaml"
    path.write_text(EXAMPLE + PLAYTESTS)
    assert main(["validate", "--strict", str(path)]) == 0  # the guide's example is strict-clean, wording included
    assert main(["test", str(path)]) == 0
    assert "2 playtests passed, 3 built-in properties passed" in capsys.readouterr().out


def test_the_guide_shows_the_failure_outreach_test_really_prints(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    wrong = (EXAMPLE + PLAYTESTS).replace("      ending: back-thursday ", "      ending: kit-only      ")
    (tmp_path / "my-file.yaml").write_text(wrong)
    assert main(["test", "my-file.yaml"]) == 1
    [failure] = [line for line in capsys.readouterr().out.splitlines() if ": playtest " in line]
    assert failure in GUIDE
