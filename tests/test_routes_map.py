"""`outreach routes` and `outreach map`: the map's nodes and edges match the scenario (read back from
the DOT and Mermaid text produced), unreachable parts are marked in words, and SVG/PNG go through
Graphviz when it is there and fall back to DOT, saying how to install it, when it is not."""

import json
import re
import shutil
from collections import Counter

import pytest

from game.cli import main
from game.model import load_scenario
from game.commands.map import story_map, to_dot, to_mermaid
from game.engine.explore import explore

from .conftest import FIXTURES, SCENARIOS

STARTERS = sorted(SCENARIOS.glob("*.yaml"))
HIDDEN = FIXTURES / "logic" / "hidden-ending.yaml"

DOT_STRING = r'"((?:[^"\\]|\\.)*)"'
DOT_NODE = re.compile(rf"^  {DOT_STRING} \[(.*)\];$")
DOT_EDGE = re.compile(rf"^  {DOT_STRING} -> {DOT_STRING} \[label={DOT_STRING}(, style=dashed)?\];$")


def parse_dot(text):
    nodes, edges = {}, []
    lines = text.splitlines()
    assert lines[0].startswith("digraph ") and lines[-1] == "}"
    for line in lines[1:-1]:
        if line.startswith(("  graph ", "  node ", "  edge ")):
            continue
        edge = DOT_EDGE.match(line)
        if edge:
            edges.append((edge[1], edge[2], edge[3].replace("\\n", "\n"), bool(edge[4])))
            continue
        node = DOT_NODE.match(line)
        assert node, f"not a node or an edge: {line}"
        attributes = dict(re.findall(rf"(\w+)={DOT_STRING}", node[2]))
        nodes[node[1]] = {k: v.replace("\\n", "\n") for k, v in attributes.items()}
    return nodes, edges


MERMAID_NODE = re.compile(r'^  (n\d+)(\["|\[\["|\{\{"|>")([^"]*)("\]|"\]\]|"\}\}|"\])$')
MERMAID_EDGE = re.compile(r'^  (n\d+) (-->|-\.->)\|"([^"|]*)"\| (n\d+)$')
MERMAID_OTHER = re.compile(r"^  (%% [^\n]*|classDef \w+ [\w:#,.\- ]+|class [n\d,]+ \w+)$")


def parse_mermaid(text):
    """A conservative subset of Mermaid's flowchart syntax: anything outside it fails the test."""
    lines = text.splitlines()
    assert lines[0] == "flowchart TD"
    nodes, edges = {}, []
    for line in lines[1:]:
        node, edge = MERMAID_NODE.match(line), MERMAID_EDGE.match(line)
        if node:
            opening, closing = node[2], node[4]
            assert {'["': '"]', '[["': '"]]', '{{"': '"}}', '>"': '"]'}[opening] == closing
            assert "<" not in node[3].replace("<br/>", "") and ">" not in node[3].replace("<br/>", "")
            nodes[node[1]] = (opening, node[3].split("<br/>"))
        elif edge:
            assert "<" not in edge[3].replace("<br/>", "") and ">" not in edge[3].replace("<br/>", "")
            edges.append((edge[1], edge[4], edge[3].split("<br/>"), edge[2] == "-.->"))
        else:
            assert MERMAID_OTHER.match(line), f"outside the conservative Mermaid subset: {line}"
    for _, target, _, _ in edges:
        assert target in nodes
    return nodes, edges


def expected_edges(scenario):
    return Counter((node_id, rule.target, rule.index + 1) for node_id, node in scenario.nodes.items()
                   for rule in node.choices)


@pytest.mark.parametrize("path", STARTERS + [HIDDEN], ids=lambda p: p.stem)
def test_the_dot_map_has_every_moment_and_choice(path):
    scenario = load_scenario(path)
    nodes, edges = parse_dot(to_dot(story_map(scenario, explore(scenario))))
    assert set(nodes) == set(scenario.nodes)
    got = Counter((source, target, int(label.split()[0])) for source, target, label, _ in edges)
    assert got == expected_edges(scenario)
    for node_id, node in scenario.nodes.items():
        label = nodes[node_id]["label"]
        if node.is_ending:
            kind = node.spec.ending.kind
            assert label.startswith(f"{kind.upper()} ENDING\n") and node.spec.ending.title in label.replace("\n", " ")
            assert nodes[node_id]["shape"] == {"good": "box", "mixed": "hexagon", "poor": "octagon"}[kind]
        else:
            assert label.split("\n")[0].removeprefix("START: ") == node_id
    for source, target, label, _ in edges:
        rule = scenario.nodes[source].choices[int(label.split()[0]) - 1]
        assert f"({sum(rule.scores):+d})" in label.split("\n")[0]
        if rule.spec.when:
            assert f"if {rule.spec.when}" in label.replace("\n", " ")


def test_the_map_marks_what_no_play_reaches_in_words_and_dashes():
    scenario = load_scenario(HIDDEN)
    nodes, edges = parse_dot(to_dot(story_map(scenario, explore(scenario))))
    assert nodes["plan"]["label"].endswith("NEVER REACHED") and "dashed" in nodes["plan"]["style"]
    assert [e for e in edges if e[3]] == [("talk", "plan", "1 (+2)\nif trust >= 5 and not told\nNEVER OFFERED", True)]
    assert all("NEVER" not in nodes[n]["label"] for n in ("van", "talk", "strips-only"))
    mermaid_nodes, mermaid_edges = parse_mermaid(to_mermaid(story_map(scenario, explore(scenario))))
    assert [e for e in mermaid_edges if e[3]] == [("n1", "n2", ["1 (+2)", "if trust #gt;= 5 and not told",
                                                                 "NEVER OFFERED"], True)]
    assert mermaid_nodes["n2"] == ('[["', ["GOOD ENDING", "A plan with Tasha", "(plan)", "NEVER REACHED"])


@pytest.mark.parametrize("path", STARTERS, ids=lambda p: p.stem)
def test_the_mermaid_map_has_every_moment_and_choice(path):
    scenario = load_scenario(path)
    story = story_map(scenario, explore(scenario))
    nodes, edges = parse_mermaid(to_mermaid(story))
    ids = {node.key: node.id for node in story.nodes}
    assert {ids[key] for key in nodes} == set(scenario.nodes)
    got = Counter((ids[source], ids[target], int(label[0].split()[0])) for source, target, label, _ in edges)
    assert got == expected_edges(scenario)
    shapes = {"good": '[["', "mixed": '{{"', "poor": '>"'}
    for key, (opening, lines) in nodes.items():
        node = scenario.nodes[ids[key]]
        if node.is_ending:
            assert opening == shapes[node.spec.ending.kind] and lines[0] == f"{node.spec.ending.kind.upper()} ENDING"
        else:
            assert opening == '["'


def test_a_map_too_large_to_check_says_so_and_marks_nothing(small):
    story = story_map(small, explore(small, max_states=1))
    assert "Not every route was checked" in story.note
    assert all(node.reached for node in story.nodes) and all(edge.offered for edge in story.edges)
    assert "Not every route was checked" in to_dot(story)


def test_map_command_writes_mermaid_markdown_and_dot(tmp_path, capsys):
    out = tmp_path / "map.md"
    assert main(["map", str(HIDDEN), "--out", str(out)]) == 0
    text = out.read_text()
    assert text.startswith("# A plan with Tasha\n\n```mermaid\nflowchart TD\n") and text.endswith("```\n")
    assert main(["map", str(HIDDEN)]) == 0
    assert capsys.readouterr().out.startswith('digraph "A plan with Tasha"')


def test_svg_without_graphviz_writes_dot_and_says_how_to_install(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    out = tmp_path / "map.svg"
    assert main(["map", str(HIDDEN), "--out", str(out)]) == 2
    assert not out.exists()
    assert (tmp_path / "map.dot").read_text().startswith("digraph")
    err = capsys.readouterr().err
    assert "install graphviz" in err.lower() and str(tmp_path / "map.dot") in err


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz (dot) is not installed; .ci/run installs it")
def test_svg_and_png_through_graphviz(tmp_path):
    svg, png = tmp_path / "map.svg", tmp_path / "map.png"
    assert main(["map", str(HIDDEN), "--out", str(svg)]) == 0
    text = svg.read_text()
    assert "<svg" in text and "NEVER REACHED" in text and "GOOD ENDING" in text
    assert main(["map", str(HIDDEN), "--format", "png", "--out", str(png)]) == 0
    assert png.read_bytes().startswith(b"\x89PNG")


def test_routes_text_and_json(capsys):
    assert main(["routes", str(HIDDEN)]) == 0
    out = capsys.readouterr().out
    assert "GOOD ending 'plan' (A plan with Tasha): no play reaches it" in out
    assert "MIXED ending 'strips-only' (Strips only): 2 routes" in out
    assert "talk, choice 1 (when: trust >= 5 and not told): Ask if she wants to make a plan" in out
    assert "Moments never reached: plan" in out
    assert main(["routes", str(HIDDEN), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    strips = next(e for e in report["endings"] if e["id"] == "strips-only")
    assert strips["routes"] == 2 and [s["node"] for s in strips["shortest"]] == ["van", "talk"]
    assert strips["totals"]["participant_centered"] == {"worst": -1, "best": 2}
    assert report["never_offered"][0]["when"] == "trust >= 5 and not told"


def test_routes_on_the_starters_reach_every_ending(capsys):
    for path in STARTERS:
        assert main(["routes", str(path), "--json"]) == 0
        report = json.loads(capsys.readouterr().out)
        assert report["exact"] and all(e["reachable"] and e["routes"] >= 1 for e in report["endings"])
        assert report["never_offered"] == [] and report["never_reached"] == []


def test_routes_says_when_it_stopped_early(capsys, tmp_path, monkeypatch):
    from game.engine import explore as explore_module

    path = tmp_path / "copy.yaml"
    path.write_text(HIDDEN.read_text() + "# another copy\n")
    monkeypatch.setattr(explore_module, "MAX_STATES", 1)
    assert main(["routes", str(path)]) == 0
    out = capsys.readouterr().out
    assert "note: not every route was checked: the explorer stopped at 1 play state;" in out
