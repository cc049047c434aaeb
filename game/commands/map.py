"""`outreach map SCENARIO`: the story map as Graphviz DOT or Mermaid text, or drawn by Graphviz.

Moments are boxes with their id and the start of their text; endings are shaped and labelled by
kind (GOOD: a double border, MIXED: a hexagon, POOR: an octagon, or in Mermaid a flag), never by
colour alone. Each arrow carries the choice's number as written (and its id), its score sum and
its condition. What no play reaches or offers (from the explorer) is dashed and says so in words.
Layout is Graphviz's (or the Markdown viewer's, for Mermaid): nothing here places boxes.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

from game.engine.explore import Exploration
from game.model import Scenario

MOMENT_TEXT = 70  # characters of a moment's text on its box
WRAP = 30
KIND_WORDS = {"good": "GOOD ENDING", "mixed": "MIXED ENDING", "poor": "POOR ENDING"}
LEGEND = ("Arrows: the choice's number as written (its score summed over the six principles) and its "
          "condition. Dashed: never reached or never offered in play.")
INSTALL_GRAPHVIZ = ("Graphviz draws SVG and PNG maps; install it (Debian/Ubuntu: sudo apt install graphviz; "
                    "macOS: brew install graphviz; Windows: winget install graphviz) and run this again")


@dataclass(frozen=True, slots=True)
class MapNode:
    key: str  # a safe name for both languages: n0, n1...
    id: str
    kind: str  # "moment", or the ending's kind
    title: str  # the ending's title, or the start of the moment's text
    start: bool
    reached: bool  # False only when the explorer proved no play reaches it


@dataclass(frozen=True, slots=True)
class MapEdge:
    source: str  # node ids
    target: str
    number: int  # as written, 1 = first
    choice_id: str | None
    when: str | None
    score: int  # sum over the six principles
    offered: bool  # False only when the explorer proved no play offers it


@dataclass(frozen=True, slots=True)
class StoryMap:
    title: str
    nodes: tuple[MapNode, ...]
    edges: tuple[MapEdge, ...]
    note: str  # why reached/offered marks are missing ("" when every route was checked)


def story_map(scenario: Scenario, exploration: Exploration) -> StoryMap:
    exact = exploration.exact
    nodes = []
    for i, (node_id, rule) in enumerate(scenario.nodes.items()):
        ending = rule.spec.ending
        nodes.append(MapNode(
            f"n{i}", node_id, ending.kind if ending else "moment",
            ending.title if ending else _start_of(rule.spec.text), node_id == scenario.start,
            not exact or node_id in exploration.reached))
    edges = []
    for node_id, rule in scenario.nodes.items():
        for choice in rule.choices:
            edges.append(MapEdge(node_id, choice.target, choice.index + 1, choice.spec.id, choice.spec.when,
                                 sum(choice.scores), not exact or (node_id, choice.index) in exploration.offered))
    note = "" if exact else f"Not every route was checked, so nothing is marked unreachable: the explorer {exploration.reason}."
    return StoryMap(scenario.title, tuple(nodes), tuple(edges), note)


def _start_of(text: str) -> str:
    text = " ".join(text.split())
    if len(text) <= MOMENT_TEXT:
        return text
    return text[: MOMENT_TEXT - 1].rsplit(" ", 1)[0].rstrip(".,;:!?") + "…"


def _node_lines(node: MapNode) -> list[str]:
    if node.kind == "moment":
        lines = [("START: " if node.start else "") + node.id, *textwrap.wrap(node.title, WRAP)]
    else:
        lines = [KIND_WORDS[node.kind], *textwrap.wrap(node.title, WRAP), f"({node.id})"]
    if not node.reached:
        lines.append("NEVER REACHED")
    return lines


def _edge_lines(edge: MapEdge) -> list[str]:
    lines = [f"{edge.number}" + (f" {edge.choice_id}" if edge.choice_id else "") + f" ({edge.score:+d})"]
    if edge.when:
        lines += textwrap.wrap(f"if {edge.when}", WRAP)
    if not edge.offered:
        lines.append("NEVER OFFERED")
    return lines


# -- Graphviz DOT --------------------------------------------------------------------------------

_DOT_SHAPES = {
    "moment": {"shape": "box", "style": "rounded,filled", "fillcolor": "#ffffff"},
    "good": {"shape": "box", "peripheries": "2", "style": "filled", "fillcolor": "#dcefdc"},
    "mixed": {"shape": "hexagon", "style": "filled", "fillcolor": "#fdf1cf"},
    "poor": {"shape": "octagon", "style": "filled", "fillcolor": "#f6dada"},
}


def _dot_string(lines: list[str]) -> str:
    escaped = [line.replace("\\", "\\\\").replace('"', '\\"') for line in lines]
    return '"' + "\\n".join(escaped) + '"'


def to_dot(story: StoryMap) -> str:
    out = [f"digraph {_dot_string([story.title])} {{",
           f'  graph [rankdir=TB, fontname="Helvetica", fontsize=14, labelloc=t, nodesep=0.35, ranksep=0.5, '
           f"label={_dot_string([story.title, LEGEND] + ([story.note] if story.note else []))}];",
           '  node [fontname="Helvetica", fontsize=11, margin="0.15,0.06"];',
           '  edge [fontname="Helvetica", fontsize=9];']
    for node in story.nodes:
        attributes = dict(_DOT_SHAPES[node.kind])
        if node.start:
            attributes["penwidth"] = "2"
        if not node.reached:
            attributes["style"] = "dashed," + attributes["style"]
            attributes["fillcolor"] = "#eeeeee"
        style = ", ".join(f"{key}={_dot_string([value])}" for key, value in attributes.items())
        out.append(f"  {_dot_string([node.id])} [{style}, label={_dot_string(_node_lines(node))}];")
    for edge in story.edges:
        extra = ", style=dashed" if not edge.offered else ""
        out.append(f"  {_dot_string([edge.source])} -> {_dot_string([edge.target])} "
                   f"[label={_dot_string(_edge_lines(edge))}{extra}];")
    out.append("}")
    return "\n".join(out) + "\n"


# -- Mermaid -------------------------------------------------------------------------------------

_MERMAID_SHAPES = {"moment": ('["', '"]'), "good": ('[["', '"]]'), "mixed": ('{{"', '"}}'), "poor": ('>"', '"]')}
_MERMAID_ESCAPES = (("#", "#35;"), ('"', "#quot;"), ("<", "#lt;"), (">", "#gt;"), ("`", "#96;"), ("|", "#124;"))


def _mermaid_text(lines: list[str]) -> str:
    escaped = []
    for line in lines:
        for char, code in _MERMAID_ESCAPES:
            line = line.replace(char, code)
        escaped.append(line)
    return "<br/>".join(escaped)


def to_mermaid(story: StoryMap) -> str:
    keys = {node.id: node.key for node in story.nodes}
    out = ["flowchart TD", f"  %% {_mermaid_text([story.title])}. {_mermaid_text([LEGEND])}"]
    if story.note:
        out.append(f'  note["{_mermaid_text([story.note])}"]')
    for node in story.nodes:
        left, right = _MERMAID_SHAPES[node.kind]
        out.append(f"  {node.key}{left}{_mermaid_text(_node_lines(node))}{right}")
    for edge in story.edges:
        arrow = "-->" if edge.offered else "-.->"
        out.append(f'  {keys[edge.source]} {arrow}|"{_mermaid_text(_edge_lines(edge))}"| {keys[edge.target]}')
    out += ["  classDef good fill:#dcefdc,stroke:#2d6a2d,stroke-width:3px",
            "  classDef mixed fill:#fdf1cf,stroke:#8a6d00",
            "  classDef poor fill:#f6dada,stroke:#8a1c1c",
            "  classDef unreached fill:#eeeeee,stroke-dasharray:5 5"]
    for kind in ("good", "mixed", "poor"):
        members = [n.key for n in story.nodes if n.kind == kind and n.reached]
        if members:
            out.append(f"  class {','.join(members)} {kind}")
    unreached = [n.key for n in story.nodes if not n.reached]
    if unreached:
        out.append(f"  class {','.join(unreached)} unreached")
    return "\n".join(out) + "\n"


# -- the command ---------------------------------------------------------------------------------

_SUFFIXES = {".svg": "svg", ".png": "png", ".dot": "dot", ".gv": "dot", ".mmd": "mermaid", ".md": "mermaid"}


def run(scenario: Scenario, fmt: str | None, out: Path | None) -> int:
    from game.store import write_atomic
    from game.store.explorations import explored

    exploration = explored(scenario)
    if not exploration.exact:
        print(f"note: not every route was checked, so nothing is marked unreachable: the explorer "
              f"{exploration.reason}", file=sys.stderr)
    fmt = fmt or (_SUFFIXES.get(out.suffix.lower(), "dot") if out else "dot")
    story = story_map(scenario, exploration)
    if fmt in ("svg", "png") and out is None:
        print(f"error: --format {fmt} needs --out FILE", file=sys.stderr)
        return 2
    try:
        if fmt == "mermaid":
            text = to_mermaid(story)
            if out is not None and out.suffix.lower() == ".md":
                text = f"# {scenario.title}\n\n```mermaid\n{text}```\n"
            return _emit(text, out, write_atomic)
        dot = to_dot(story)
        if fmt == "dot":
            return _emit(dot, out, write_atomic)
        program = shutil.which("dot")
        if program is None:
            fallback = out.with_suffix(".dot")
            write_atomic(fallback, dot)
            print(f"{INSTALL_GRAPHVIZ}. The map is written as DOT text to {fallback} meanwhile.", file=sys.stderr)
            return 2
        try:
            drawn = subprocess.run([program, f"-T{fmt}", *(["-Gdpi=110"] if fmt == "png" else [])],
                                   input=dot.encode("utf-8"), capture_output=True, timeout=120, check=False)
        except (OSError, subprocess.TimeoutExpired) as error:
            print(f"error: Graphviz could not draw the map: {error}", file=sys.stderr)
            return 2
        if drawn.returncode != 0:
            problem = drawn.stderr.decode("utf-8", "replace").strip().splitlines()
            print(f"error: Graphviz could not draw the map: {problem[-1] if problem else drawn.returncode}",
                  file=sys.stderr)
            return 2
        write_atomic(out, drawn.stdout)
    except OSError as error:
        print(f"{out}: error: cannot write the map: {error.strerror or error}", file=sys.stderr)
        return 2
    print(f"map written to {out}", file=sys.stderr)
    return 0


def _emit(text: str, out: Path | None, write_atomic) -> int:
    if out is None:
        sys.stdout.write(text)
        return 0
    write_atomic(out, text)
    print(f"map written to {out}", file=sys.stderr)
    return 0
