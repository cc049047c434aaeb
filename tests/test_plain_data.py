"""The quick read of a regular file (yaml_source._plain_data, straight from the parser's events)
must give exactly what the careful walk (_Builder) gives, must leave to the careful walk every
file it has something to say about, and must find every position the careful way finds."""

import pytest
import yaml
from hypothesis import given, settings, strategies as st

from game.model.yaml_source import _Builder, _ComposeOnly, _plain_data

from .conftest import FIXTURES, SCENARIOS


def quick_data(text: str):
    read = _plain_data(text)
    return None if read is None else read.data


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
        plain = quick_data(text)
        if plain is not None:
            quick += 1
            assert plain == data and not builder.problems and not builder.warnings, path
            assert [type(v) for v in plain.values()] == [type(v) for v in data.values()], path
    assert quick >= len(files) // 2, "most files should be read the quick way"


PIECES = ["a: 1\n", "b: text\n", "c: 'quoted'\n", 'd: "x\\ty"\n', "e: [1, two, 3.5]\n", "f: {g: yes, h: null}\n",
          "i: true\n", "a: 2\n", "<<: {x: 1}\n", "j: !!str 5\n", "k: &anchor [1]\n", "l: *anchor\n",
          "m: some text # a comment\n", "n: text #not a comment\n", "o: wow!\n", "p:\n  - q\n  - r: s\n",
          "? [t]\n: u\n", "note: false # set by the worker\n", "asked: false # a comment on a flag\n",
          "questions:\n  - Why #1?\n", 'say: "she said \\"hi\\""\n', 'esc: "\\x1b[2J"\n', "star: a*b\n",
          "star2: x *y\n", "it: 'it''s'\n", "title: Plan B #2\n", "v: \"\\e\"\n", "w: -7\n", "x: +1e3\n", "y: ''\n",
          "z: ~\n", "title: Plan B\u00a0 #2\n", "note: x\u3000 #y\n", "asked: a #b #c, d #e\n", "title: hello\t# cut\n", "asked: no\t# a flag\n",
          "note: a\t #b\n", "deep: " + "[" * 30 + "]" * 30 + "\n"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=8))
def test_the_quick_walk_agrees_or_steps_aside(pieces):
    text = "".join(pieces)
    try:
        root, data, builder = careful(text)
    except Exception:  # a YAML error, or the builder refusing outright: parse_source reports it
        return
    plain = quick_data(text)
    if builder.problems or builder.warnings:
        assert plain is None
    elif plain is not None:
        assert plain == data
        assert repr(plain) == repr(data)  # 1 and 1.0 and True are equal but not the same value


@given(st.text(alphabet=st.characters(max_codepoint=300)))
def test_the_quick_control_check_agrees_with_the_pattern(text):
    """Carriage returns aside (YAML makes them line breaks, so none reaches a value)."""
    from game.model.yaml_source import _CONTROL, _has_control

    assert _has_control(text) == (_CONTROL.search(text.replace("\r", "")) is not None)


@settings(max_examples=2000)
@given(st.lists(st.sampled_from(["a", "b", ": ", " ", "#", "!", "*", "\\", '"', "\n", "\t", "\x1b", "\x00", "[",
                                 "{", ",", "-", "title: ", "note: ", "  - ", "é", "x\\e", "\\n"]), max_size=30))
def test_the_one_pass_prescan_agrees_with_each_check(pieces):
    from game.model.yaml_source import _RISKY_ESCAPE, _has_control, _marked, _may_cut, _needs_care

    text = "".join(pieces)
    assert _needs_care(text) == (_has_control(text) or bool(_RISKY_ESCAPE.search(text)) or _marked(text)
                                 or _may_cut(text))


BOMB = "format: 1\nl0: &l0 [x,x,x,x,x,x,x,x,x,x]\n" + "".join(
    f"l{i}: &l{i} [" + ",".join([f"{{sep}}*l{i - 1}"] * 10) + "]\n" for i in range(1, 9))


@pytest.mark.parametrize("separator", [" ", "\u2028", "\u2029", "\x85", "\n\ufeff"])
def test_an_alias_bomb_is_refused_whatever_line_break_it_hides_behind(separator):
    """libyaml reads several characters as line breaks and skips a byte-order mark at the start
    of any line: an alias written after any of them must still meet the careful walk's limit."""
    from game.model import ScenarioError
    from game.model.yaml_source import parse_source

    with pytest.raises(ScenarioError) as refused:
        parse_source(BOMB.replace("{sep}", separator), "bomb.yaml")
    assert any(d.code == "alias-bomb" for d in refused.value.diagnostics)


@pytest.mark.parametrize("text", ["a: [\u2029!!python/object:os.system x]\n", "b: {?!!binary x}\n",
                                  "c: [\x85!!binary x]\n", "d: [x,\t!!binary y]\n"])
def test_a_tag_is_refused_wherever_libyaml_lets_it_begin(text):
    root, data, builder = careful(text)
    assert builder.problems, "the careful walk refuses every tag"
    assert quick_data(text) is None


def test_a_cut_after_a_comma_on_a_line_of_a_flow_collection_is_still_told():
    for text in ["x: {\n  goto: a, text: hello # cut\n  }\n", "questions: [\n  a: b, how #x\n  ]\n"]:
        root, data, builder = careful(text)
        assert [w.code for w in builder.warnings] == ["comment-in-text"]
        assert quick_data(text) is None


@pytest.mark.parametrize("shape", ["flow mapping", "flow list", "block mapping"])
def test_the_depth_limit_is_the_same_on_both_walks(shape):
    """A value 24 levels below the top is the deepest a file may hold, however it is written."""
    from game.model import ScenarioError
    from game.model.yaml_source import MAX_DEPTH, parse_source

    def nested(levels: int) -> str:
        if shape == "flow mapping":
            return "deep: " + "{a: " * levels + "1" + "}" * levels + "\n"
        if shape == "flow list":
            return "deep: " + "[" * levels + "1" + "]" * levels + "\n"
        return "deep:\n" + "".join("  " * (i + 1) + "a:\n" for i in range(levels)) + "  " * (levels + 1) + "x\n"

    parse_source(nested(MAX_DEPTH - 1), "ok.yaml")
    with pytest.raises(ScenarioError) as refused:
        parse_source(nested(MAX_DEPTH), "deep.yaml")
    assert refused.value.diagnostics[0].code == "too-deep"


def test_positions_are_the_same_whether_the_file_was_composed_or_read_quickly():
    """Read the quick way, a file keeps no node tree: the top level answers from the events it
    was read from, anything deeper composes the file on first need. Every place must come out
    where composing the file at once puts it."""
    from game.model.yaml_source import SourceDocument, parse_source

    quickly = 0
    for path in sorted(SCENARIOS.glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        quick = parse_source(text, "q.yaml")
        if quick.head is None:
            continue  # read the careful way
        quickly += 1
        composed = SourceDocument("c.yaml", quick.data, text, "", tree=[yaml.compose(text, Loader=_ComposeOnly)])
        paths = [(), ("no-such-field",)] + [(key,) for key in quick.data]
        first_node = next(iter(quick.data["nodes"]))
        paths += [("nodes", first_node), ("nodes", first_node, "choices", 0, "goto"), ("nodes", "nowhere")]
        top = [(p, at_key) for p in paths[: 2 + len(quick.data)] for at_key in (False, True)]
        for p, at_key in top:
            assert quick.position(p, at_key=at_key) == composed.position(p, at_key=at_key), (path, p)
        assert not quick.tree, "the top level is found without composing the file"
        for p in paths:
            for at_key in (False, True):
                assert quick.position(p, at_key=at_key) == composed.position(p, at_key=at_key), (path, p)
        assert quick.tree, "a deeper place composes the file"
    assert quickly >= 10


def test_a_problem_deep_in_a_quickly_read_file_is_still_placed_exactly():
    from game.model import check_text

    text = (SCENARIOS / "waking-up-sick.yaml").read_text(encoding="utf-8")
    broken = text.replace("goto: angry", "goto: angrry", 1)
    from game.model.yaml_source import parse_source

    assert parse_source(broken, "w.yaml").head is not None, "read the quick way"
    result = check_text(broken, "w.yaml")
    wrong = [d for d in result.errors if d.code == "unknown-target"]
    assert len(wrong) == 1
    line = broken.splitlines()[wrong[0].line - 1]
    assert line[wrong[0].column - 1:].startswith("angrry"), line


def test_a_cut_after_a_space_yaml_does_not_count_as_blank_is_still_told():
    """A no-break space (or another space YAML keeps inside text) before ' #' means the ' #' cuts
    the text: the quick read must leave the file to the careful walk, which says so."""
    for space in ["\u00a0", "\u2003", "\u3000", "\u202f"]:
        text = f"title: Plan B{space} #2 is the fallback\n"
        root, data, builder = careful(text)
        assert [w.code for w in builder.warnings] == ["comment-in-text"], repr(space)
        assert quick_data(text) is None


def test_a_tab_before_a_hash_cuts_a_text_as_a_space_does():
    """libyaml ends a plain text at a tab followed by '#', just as at ' #'."""
    text = "title: Plan B\t#2 is the fallback\n"
    assert yaml.load(text, Loader=_ComposeOnly) == {"title": "Plan B"}
    root, data, builder = careful(text)
    [warning] = builder.warnings
    assert warning.code == "comment-in-text" and (warning.line, warning.column) == (1, 15)
    assert warning.message.startswith("the text stops before a tab and '#': \"#2 is the fallback\"")
    assert quick_data(text) is None
    assert quick_data("asked: false\t# a flag, not prose\n") == {"asked": False}


def test_many_comments_and_duplicate_keys_are_told_apart_right():
    """A hostile file may hold a million ' #' or repeated keys; the checks look at each once (no
    time is asserted here: bench and the closing notes measure it), and still answer right."""
    from game.model.yaml_source import _may_cut

    harmless = "asked: a" + " #b" * 20000 + "\n"
    assert not _may_cut(harmless)
    assert _may_cut(harmless + "title: Plan" + " #b" * 3 + "\n")  # prose cut after many harmless ones
    assert _may_cut("asked: a #b, text: c #d\n")  # after a comma: the careful walk decides
    twice = "".join(f"k{i}: 1\n" for i in range(3000)) * 2
    root, data, builder = careful(twice)
    repeated = [d for d in builder.problems if d.code == "duplicate-key"]
    assert len(repeated) == 3000
    assert "first on line 1)" in repeated[0].message and repeated[0].line == 3001


def test_a_file_of_thousands_of_repeated_keys_lists_a_readable_number_of_them():
    from game.model import check_text
    from game.model.loader import MAX_DIAGNOSTICS

    text = "format: 2\n" + "".join(f"k{i}: 1\n" for i in range(1000)) * 2
    result = check_text(text, "d.yaml")
    assert len(result.diagnostics) == MAX_DIAGNOSTICS + 1
    assert result.diagnostics[-1].code == "too-many" and "800 more" in result.diagnostics[-1].message
