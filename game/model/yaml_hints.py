"""What libyaml's syntax errors mean for an author, and where to point.

libyaml reports where it gave up, which is often far from the mistake: an unclosed quote is found
at the end of the file, and a line indented one space too far reads as "mapping values are not
allowed", the same words as a text containing ': '. These rules look at the file's own lines to
tell the cases apart and to point at the place to fix.
"""

from __future__ import annotations

import re

import yaml

from .diagnostics import Diagnostic, Level

# A line that starts a field or a list item: indentation, an optional "- ", then "name:".
_KEY_LINE = re.compile(r"( *)(-[ ]+)?([^\s#:'\"\[\]{},-][^:#]*?):(?:[ \t]|$)")
_DASH_LINE = re.compile(r"( *)-(?:[ ]|$)")
_CLOSERS = {"[": "]", "{": "}"}
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _field_names() -> frozenset[str]:
    from pydantic import BaseModel

    from . import document

    models = [v for v in vars(document).values() if isinstance(v, type) and issubclass(v, BaseModel)]
    return frozenset(name for model in models for name in model.model_fields)


_FIELDS = _field_names()


def explain(name: str, error: yaml.MarkedYAMLError, text: str) -> Diagnostic | None:
    """A diagnostic in an author's terms for the errors these rules know, else None."""
    # libyaml also ends lines at \r, NEL and the Unicode separators: split the same way, so a mark's
    # line number finds its line.
    lines = re.split("\r\n|[\n\r\x85\u2028\u2029]", text)
    for rule in (_unclosed_quote, _unclosed_bracket, _text_after_quote, _indentation, _block_text):
        try:
            found = rule(name, error, text, lines)
        except IndexError:  # a mark outside the text: no better words than libyaml's own
            found = None
        if found is not None:
            return found
    return None


def _error(name: str, line: int, column: int, message: str, hint: str, code: str = "syntax") -> Diagnostic:
    return Diagnostic(name, line + 1, column + 1, Level.ERROR, code, message, hint)


def _unclosed_quote(name, error, text, lines) -> Diagnostic | None:
    opened = error.context_mark
    if opened is None or "quoted scalar" not in (error.context or "") or "end of stream" not in (error.problem or ""):
        return None
    quote = text[opened.index] if opened.index < len(text) else '"'
    other = "'" if quote == '"' else '"'
    return _error(name, opened.line, opened.column,
                  f"the {quote} that opens here is never closed (the file ends inside it)",
                  f"end the text with {quote} too; to write {quote} inside the text, put the text in {other} "
                  f"instead" + (", or write it twice ('')" if quote == "'" else ", or write it as \\\""))


def _unclosed_bracket(name, error, text, lines) -> Diagnostic | None:
    opened, problem = error.context_mark, error.problem_mark
    context = error.context or ""
    if opened is None or problem is None or not context.startswith("while parsing a flow"):
        return None
    bracket = text[opened.index] if opened.index < len(text) else ""
    if bracket not in _CLOSERS:
        # The mark can sit past the end of a file that stops right after the bracket: the
        # bracket is then the last one opened before it.
        at = max(text.rfind("["), text.rfind("{"))
        if at < 0:
            return None
        bracket = text[at]
        line = text.count("\n", 0, at)
        column = at - (text.rfind("\n", 0, at) + 1)
        kind = "list" if bracket == "[" else "set of fields"
        return _error(name, line, column, f"the '{bracket}' that opens here is never closed",
                      f"end the {kind} with '{_CLOSERS[bracket]}', or write it one item per line instead")
    closer = _CLOSERS[bracket]
    # libyaml can place the mark past the last line (a file that ends right after the bracket).
    rest_of_line = lines[opened.line][opened.column + 1:] if opened.line < len(lines) else ""
    if problem.line > opened.line and closer not in rest_of_line:
        kind = "list" if bracket == "[" else "set of fields"
        return _error(name, opened.line, opened.column,
                      f"the '{bracket}' that opens here is never closed",
                      f"end the {kind} with '{closer}' on the same line, or write it one item per line instead")
    return _error(name, problem.line, problem.column,
                  f"inside the '{bracket}{closer}' that opens at column {opened.column + 1}, "
                  f"expected ',' or '{closer}' here",
                  f"put an item that contains ',', ':', '#' or quotes in quotes of its own")


def _text_after_quote(name, error, text, lines) -> Diagnostic | None:
    """`title: "Hello" she said`: the quote closed, then more text follows on the line."""
    problem = error.problem_mark
    if problem is None or "expected" not in (error.problem or ""):
        return None
    before = lines[problem.line][:problem.column].rstrip()
    if not before.endswith(('"', "'")) or _KEY_LINE.match(lines[problem.line][problem.column:]):
        return None
    quote = before[-1]
    other = "'" if quote == '"' else '"'
    opened = _quoted_text_before(text, problem.index)
    if opened is not None and opened.line < problem.line:
        # The quote that ends here opened lines above: most likely that one was never closed on
        # its own line, and this is the next quote in the file.
        return _error(name, opened.line, opened.column,
                      f"the {quote} that opens here is not closed on its line: the text runs on to line "
                      f"{problem.line + 1}, where another {quote} ends it",
                      f"end the text with {quote} on this line (for a long text, write '>-' and the text on "
                      f"the lines below, without quotes)")
    return _error(name, problem.line, problem.column, f"the text goes on after its closing {quote}",
                  f"put the quotes around the whole text, or use {other} outside when the text "
                  f"contains {quote} (for example {other}He said {quote}no{quote} twice{other})")


_BLOCK = re.compile(r".*:[ ]+([>|][-+]?)[ ]*(?:#.*)?$")


def _block_text(name, error, text, lines) -> Diagnostic | None:
    """A line of a `>` or `|` text that starts left of the text's first line, which ends the text."""
    problem = error.problem_mark
    if problem is None or "expected key" not in (error.problem or "") or _start(lines[problem.line]):
        return None
    index = problem.line - 1
    while index >= 0 and (not lines[index].strip() or _start(lines[index]) is None):
        index -= 1
    if index < 0:
        return None
    block = _BLOCK.match(lines[index])
    first = next((i for i in range(index + 1, problem.line) if lines[i].strip()), None)
    if block is None or first is None:
        return None
    line = lines[problem.line]
    column = len(line) - len(line.lstrip(" "))
    first_column = len(lines[first]) - len(lines[first].lstrip(" "))
    if column >= first_column:
        return None
    return _error(name, problem.line, column,
                  f"this line of the '{block.group(1)}' text starts {_spaces(first_column - column)} left of its "
                  f"first line (line {first + 1})",
                  "start every line of the text at the same column as its first line")


def _quoted_text_before(text: str, index: int):
    """The start of the last quoted text that ends before `index`, by scanning the file again."""
    last = None
    try:
        for token in yaml.scan(text, Loader=_Loader):
            if token.start_mark.index >= index:
                break
            if isinstance(token, yaml.ScalarToken) and token.style in ('"', "'"):
                last = token.start_mark
    except yaml.YAMLError:
        pass
    return last


def _indentation(name, error, text, lines) -> Diagnostic | None:
    problem = error.problem_mark
    message = error.problem or ""
    if problem is None or not any(words in message for words in (
            "mapping values are not allowed", "expected key", "expected '-' indicator")):
        return None
    line = lines[problem.line]
    here = _start(line)
    if here is None:
        return None
    column, label, shown = here
    if "mapping values" in message:
        # The colon libyaml stopped at must be the one of the line's own field; a later colon on
        # the line is inside a text.
        key = _KEY_LINE.match(line)
        if key is None or problem.column != key.end(3):
            return _error(name, problem.line, problem.column,
                          "this ': ' inside a text without quotes reads as the start of a field",
                          "text that contains ': ' must be put in quotes")
    # A field lines up with fields, a list item with list items.
    same = [level for level in _open_levels(lines, problem.line) if (level[2] == "-") == (label == "-")]
    if any(level[0] == column for level in same):
        return None  # it lines up with something: not an indentation slip these rules can name
    left = next((level for level in same if level[0] < column), None)
    right = [level for level in same if level[0] > column]
    nearest_right = right[-1] if right else None
    if left is not None and (nearest_right is None or column - left[0] < nearest_right[0] - column):
        # An unknown name may be a text running on to a line that happens to contain ': '.
        maybe_text = "" if label.rstrip(":") in _FIELDS else (
            "; or, if this line goes on with the text above, put that text in quotes")
        return _error(name, problem.line, column, f"{_spaces(column - left[0])} too many before '{shown}'",
                      f"line '{shown}' up with '{_name(left)}' on line {left[1] + 1}{maybe_text}")
    if nearest_right is not None and (left is None or nearest_right[0] - column < column - left[0]):
        return _error(name, problem.line, column, f"{_spaces(nearest_right[0] - column)} too few before '{shown}'",
                      f"line '{shown}' up with '{_name(nearest_right)}' on line {nearest_right[1] + 1}")
    if left is not None and nearest_right is not None:
        return _error(name, problem.line, column,
                      f"'{shown}' is indented {_spaces(column)}, which lines up with nothing above it",
                      f"fields of one item line up exactly: '{_name(left)}' on line {left[1] + 1} has "
                      f"{_spaces(left[0])}, '{_name(nearest_right)}' on line {nearest_right[1] + 1} has "
                      f"{_spaces(nearest_right[0])}")
    return None


def _start(line: str) -> tuple[int, str, str] | None:
    """Where a line's field or list item starts, what it is ("effects:", or "-" for an item), and
    how to show it ("effects:", "- text:")."""
    key = _KEY_LINE.match(line)
    if key is not None:
        if key.group(2):
            return len(key.group(1)), "-", f"- {key.group(3)}:"
        return len(key.group(1)), f"{key.group(3)}:", f"{key.group(3)}:"
    dash = _DASH_LINE.match(line)
    if dash is not None:
        return len(dash.group(1)), "-", "-"
    return None


def _name(level: tuple[int, int, str, str]) -> str:
    return level[3]


def _open_levels(lines: list[str], before: int) -> list[tuple[int, int, str, str]]:
    """The fields and list items still open above line `before`, innermost first: each line above
    that starts further left than every line after it. (column, line index, "-" or the field,
    how the line starts)"""
    levels: list[tuple[int, int, str, str]] = []
    limit = None
    for index in range(before - 1, -1, -1):
        line = lines[index]
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        key = _KEY_LINE.match(line)
        dash = _DASH_LINE.match(line)
        found = []
        if key is not None and key.group(2):  # "- text:" opens an item at the dash and a field after it
            found = [(len(key.group(1)) + len(key.group(2)), f"{key.group(3)}:", f"{key.group(3)}:"),
                     (len(key.group(1)), "-", f"- {key.group(3)}:")]
        elif key is not None:
            found = [(len(key.group(1)), f"{key.group(3)}:", f"{key.group(3)}:")]
        elif dash is not None:
            found = [(len(dash.group(1)), "-", "-")]
        for column, kind, shown in found:
            if limit is None or column < limit:
                levels.append((column, index, kind, shown))
                limit = column
        if limit == 0:
            break
    return levels


def _spaces(count: int) -> str:
    return "one space" if count == 1 else "no spaces" if count == 0 else f"{count} spaces"


# -- comments that cut a text short ------------------------------------------------------------

# Fields that hold prose: a ' #' in them is far more likely part of the text than a comment.
PROSE_KEYS = frozenset({
    "title", "premise", "text", "feedback", "summary", "speaker", "facilitator_note", "facilitator_notes", "note",
    "questions", "content_warnings", "authors", "meaning", "term", "name", "topic", "publisher",
})


def cut_by_comment(node: yaml.ScalarNode, text: str) -> str | None:
    """The comment that follows a plain text after a single space or tab (` #...`), which YAML
    drops. (Two blanks before the '#' say the author meant a comment.)"""
    end = node.end_mark.index
    newline = text.find("\n", end)
    rest = text[end:newline if newline >= 0 else len(text)]
    if rest[:1] in (" ", "\t") and rest[1:2] == "#":
        return rest[1:].rstrip("\r")
    return None
