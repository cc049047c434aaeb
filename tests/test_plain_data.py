"""The quick walk of a regular file (yaml_source._plain_data) must give exactly what the careful
walk (_Builder) gives, and must leave to the careful walk every file it has something to say about."""

import yaml
from hypothesis import given, settings, strategies as st

from game.model.yaml_source import _Builder, _ComposeOnly, _plain_data

from .conftest import FIXTURES, SCENARIOS


def careful(text: str):
    root = yaml.compose(text, Loader=_ComposeOnly)
    builder = _Builder("x", budget=len(text) + 64, text=text)
    return root, builder.build(root, 0), builder


def test_every_shipped_scenario_and_fixture_reads_the_same_both_ways():
    files = sorted(SCENARIOS.glob("*.yaml")) + sorted(FIXTURES.rglob("*.yaml"))
    quick = 0
    for path in files:
        text = path.read_text(encoding="utf-8")
        root, data, builder = careful(text)
        plain = _plain_data(root, text)
        if plain is not None:
            quick += 1
            assert plain == data and not builder.problems and not builder.warnings, path
            assert [type(v) for v in plain.values()] == [type(v) for v in data.values()], path
    assert quick >= len(files) // 2, "most files should take the quick walk"


PIECES = ["a: 1\n", "b: text\n", "c: 'quoted'\n", 'd: "x\\ty"\n', "e: [1, two, 3.5]\n", "f: {g: yes, h: null}\n",
          "i: true\n", "a: 2\n", "<<: {x: 1}\n", "j: !!str 5\n", "k: &anchor [1]\n", "l: *anchor\n",
          "m: some text # a comment\n", "n: text #not a comment\n", "o: wow!\n", "p:\n  - q\n  - r: s\n",
          "? [t]\n: u\n", "note: false # set by the worker\n", "asked: false # a comment on a flag\n",
          "questions:\n  - Why #1?\n", 'say: "she said \\"hi\\""\n', 'esc: "\\x1b[2J"\n', "star: a*b\n",
          "star2: x *y\n", "it: 'it''s'\n", "title: Plan B #2\n", "v: \"\\e\"\n", "w: -7\n", "x: +1e3\n", "y: ''\n",
          "z: ~\n", "deep: " + "[" * 30 + "]" * 30 + "\n"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=8))
def test_the_quick_walk_agrees_or_steps_aside(pieces):
    text = "".join(pieces)
    try:
        root, data, builder = careful(text)
    except Exception:  # a YAML error, or the builder refusing outright: parse_source reports it
        return
    plain = _plain_data(root, text)
    if builder.problems or builder.warnings:
        assert plain is None
    elif plain is not None:
        assert plain == data
        assert repr(plain) == repr(data)  # 1 and 1.0 and True are equal but not the same value


@given(st.text(alphabet=st.characters(max_codepoint=300)))
def test_the_quick_control_check_agrees_with_the_pattern(text):
    from game.model.yaml_source import _CONTROL, _has_control

    assert _has_control(text) == (_CONTROL.search(text) is not None)


@settings(max_examples=2000)
@given(st.lists(st.sampled_from(["a", "b", ": ", " ", "#", "!", "*", "\\", '"', "\n", "\t", "\x1b", "\x00", "[",
                                 "{", ",", "-", "title: ", "note: ", "  - ", "é", "x\\e", "\\n"]), max_size=30))
def test_the_one_pass_prescan_agrees_with_each_check(pieces):
    from game.model.yaml_source import _RISKY_ESCAPE, _has_control, _marked, _may_cut, _needs_care

    text = "".join(pieces)
    assert _needs_care(text) == (_has_control(text) or bool(_RISKY_ESCAPE.search(text)) or _marked(text)
                                 or _may_cut(text))
