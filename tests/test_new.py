"""`outreach new FILE`: a starting scenario that is strict-clean and passes its playtests as written,
with a schema line that leads from the file to the schema."""

import re
import shutil
import uuid

import pytest

from game.cli import main

from .conftest import ROOT

STIGMA = re.compile(r"\b(addicts?|junkies?|junkie|abusers?|clean|dirty|relapsed?)\b", re.IGNORECASE)


def _schema_line_target(file):
    first = file.read_text().splitlines()[0]
    prefix = "# yaml-language-server: $schema="
    assert first.startswith(prefix)
    return (file.parent / first[len(prefix):]).resolve()


def test_a_new_scenario_is_strict_clean_and_passes_its_playtests(tmp_path, capsys):
    file = tmp_path / "drafts" / "first draft.yaml"
    assert main(["new", str(file)]) == 0
    assert main(["validate", "--strict", str(file)]) == 0
    assert "0 errors, 0 warnings" in capsys.readouterr().err
    assert main(["test", str(file)]) == 0
    out = capsys.readouterr().out
    assert "2 playtests passed, 3 built-in properties passed" in out
    text = file.read_text()
    assert "id: first-draft\n" in text
    assert _schema_line_target(file).is_file()
    assert not STIGMA.search(text), STIGMA.search(text)


def test_the_new_scenario_has_everything_an_author_copies_from():
    from game.authoring.new import starter_text
    from game.model import load_scenario_text

    scenario = load_scenario_text(starter_text(ROOT / "x.yaml"), "x.yaml")
    doc = scenario.document
    assert sorted(node.spec.ending.kind for node in scenario.nodes.values() if node.is_ending) == [
        "good", "mixed", "poor"]
    assert doc.variables and doc.references and doc.glossary and len(doc.playtests) == 2
    assert doc.debrief.questions and doc.debrief.facilitator_notes
    choices = [c for node in scenario.nodes.values() for c in node.choices]
    assert any(c.condition for c in choices) and any(c.effects for c in choices)
    assert any(c.spec.reveals for c in choices) and all(c.spec.id for c in choices)
    assert any(node.variants for node in scenario.nodes.values())


def test_inside_a_checkout_the_schema_line_points_at_the_repository_schema(capsys):
    folder = ROOT / f".new-test-{uuid.uuid4().hex[:8]}" / "deeper"
    try:
        assert main(["new", str(folder / "s.yaml")]) == 0
        line = (folder / "s.yaml").read_text().splitlines()[0]
        assert line == "# yaml-language-server: $schema=../../schema/scenario.schema.json"
    finally:
        shutil.rmtree(folder.parent, ignore_errors=True)


def test_an_existing_file_is_never_overwritten(tmp_path, capsys):
    file = tmp_path / "mine.yaml"
    file.write_text("format: 2\n")
    assert main(["new", str(file)]) == 2
    assert "already exists" in capsys.readouterr().err
    assert file.read_text() == "format: 2\n"
    dangling = tmp_path / "link.yaml"
    dangling.symlink_to(tmp_path / "nowhere.yaml")
    assert main(["new", str(dangling)]) == 2
    assert not (tmp_path / "nowhere.yaml").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.yaml", "mine.yaml"]  # no temporary files left


@pytest.mark.parametrize("name", ["notes.txt", "scenario"])
def test_a_file_name_without_yaml_is_refused(tmp_path, capsys, name):
    assert main(["new", str(tmp_path / name)]) == 2
    assert ".yaml" in capsys.readouterr().err
