"""Safe YAML reading: plain values, and where in the file each value was written.

Only data comes out of a scenario file: nothing is ever constructed from a tag (any tag is
refused), and limits on size, depth and alias expansion are enforced before any value is built.
Every refusal is a Diagnostic with a line and column, never a traceback.

Two ways in: a file with nothing to refuse or warn about (almost every file) is read straight
from the parser's events (_plain_data); any other is composed into nodes and walked carefully
(_Builder), which says what is wrong and where.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from game.safe_read import RefusedFile, read_limited

from .diagnostics import Diagnostic, DocPath, Level, ScenarioError
from .yaml_hints import PROSE_KEYS, cut_by_comment, explain

MAX_BYTES = 2 * 1024 * 1024
MAX_DEPTH = 24

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
USING_LIBYAML = _BaseLoader is not yaml.SafeLoader


class _ComposeOnly(_BaseLoader):  # type: ignore[misc, valid-type]
    """Composes nodes without guessing types: our own scalar rules below decide them.

    libyaml calls back into Python's resolver for every node; with no implicit or path resolvers
    its answer is always the default tag of the node's kind, so these stand-ins give exactly that
    without the work (about a fifth of composing)."""

    def resolve(self, kind, value, implicit):
        return _DEFAULT_TAGS[kind]

    def descend_resolver(self, current_node, current_index):
        return None

    def ascend_resolver(self):
        return None


# YAML 1.1 turns yes/no/on/off into booleans and 2024-01-02 into dates; an author who writes
# `no` as an answer means the text "no". With no implicit resolvers every plain scalar stays
# text until _plain_scalar types numbers, true/false and null.
_ComposeOnly.yaml_implicit_resolvers = {}

_STR = "tag:yaml.org,2002:str"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"
_Scalar, _Sequence = yaml.ScalarNode, yaml.SequenceNode
_DEFAULT_TAGS = {yaml.ScalarNode: _STR, yaml.SequenceNode: _SEQ, yaml.MappingNode: _MAP}
_NUMBER_START = frozenset("-+0123456789.")
_INT = re.compile(r"[-+]?[0-9]+\Z")
_FLOAT = re.compile(r"[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+|[0-9]+)(?:[eE][-+]?[0-9]+)?\Z")
# Text may hold newlines and tabs. Any other control character (NUL, BEL, ESC, the C1 range such
# as U+009B, written as "\0", "\e", "\x9b" inside double quotes) is never something to read: a
# terminal obeys it as a command and a font cannot draw it.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_ESCAPE = re.compile(r"\\(x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)", re.S)
_SIMPLE_ESCAPES = {"0": "\x00", "a": "\x07", "b": "\x08", "v": "\x0b", "f": "\x0c", "r": "\r", "e": "\x1b",
                   "N": "\x85"}
_WORDS = {
    "": None, "~": None, "null": None, "Null": None, "NULL": None,
    "true": True, "True": True, "TRUE": True,
    "false": False, "False": False, "FALSE": False,
}
_LONGEST_WORD = max(map(len, _WORDS))  # a longer plain text is none of them

# libyaml's terse messages, with what an author should do about them.
_SYNTAX_HINTS = (
    ("mapping values are not allowed", "text that contains ': ' must be put in quotes"),
    ("could not find expected ':'", "each field is 'name: value'; check this line and the one above"),
    ("did not find expected key", "check the indentation: fields of one item line up exactly"),
    ("did not find expected '-'", "check the indentation of this list"),
    ("found character that cannot start any token",
     "text starting with ` @ % or a tab must be put in quotes"),
    ("found undefined alias", "an '*name' refers to an '&name' that is not defined above it"),
    ("expected a single document", "a scenario file holds one document: remove the extra '---'"),
    ("found unexpected end of stream", "a quote or bracket is not closed"),
    ("while scanning a quoted scalar", "a quote is not closed"),
)


@dataclass(frozen=True, slots=True)
class SourceDocument:
    """A parsed file: its plain data, and what finds the place in the file of any value.

    A file read the quick way (see _plain_data) keeps no node tree: positions are needed only to
    report a problem. Those of the top-level fields, where the scenario-wide warnings point, are
    noted while reading; for any other place the text is composed again, once, on first need."""

    name: str
    data: dict
    text: str
    content_hash: str
    warnings: tuple[Diagnostic, ...] = ()  # found while reading, e.g. a ' #' that cut a text short
    head: yaml.MappingStartEvent | None = None  # the quick way: the event that opens the top-level mapping
    fields: dict = field(default_factory=dict, repr=False, compare=False)  # top-level key -> (key, value event)
    # The node tree, once there is one: given when the file was read by composing it, else
    # composed on first need (a list, so that the frozen document can keep it).
    tree: list = field(default_factory=list, repr=False, compare=False)
    # Key lookup tables per mapping node, built on first use: thousands of diagnostics in one
    # mapping must not each scan all its keys.
    _keys: dict = field(default_factory=dict, repr=False, compare=False)

    @property
    def root(self) -> yaml.MappingNode:
        if not self.tree:
            composed = yaml.compose(self.text, Loader=_ComposeOnly)
            if not self.tree:  # another thread may have composed it meanwhile: keep one
                self.tree.append(composed)
        return self.tree[0]

    def _lookup(self, node: yaml.MappingNode) -> dict:
        table = self._keys.get(id(node))
        if table is None:
            table = {}
            for key, value in node.value:
                table.setdefault(key.value, (key, value))
            self._keys[id(node)] = table
        return table

    def node_at(self, path: DocPath) -> tuple[yaml.Node, yaml.Node | None]:
        """The deepest node on `path` that exists, and the key node naming it (if any). Read the
        quick way, the top level answers with the events it was read from, which carry the same
        marks."""
        if self.head is not None and len(path) <= 1:
            found = self.fields.get(str(path[0])) if path else None
            if found is None:
                return self.head, None
            key, value = found
            return value, key
        return self._in_tree(path)

    def _in_tree(self, path: DocPath) -> tuple[yaml.Node, yaml.Node | None]:
        node, key_node = self.root, None
        for part in path:
            if isinstance(node, yaml.MappingNode):
                found = self._lookup(node).get(str(part))
                if found is None:
                    break
                key_node, node = found
            elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
                node, key_node = node.value[part], None
            else:
                break
        return node, key_node

    def position(self, path: DocPath, *, at_key: bool = False) -> tuple[int, int]:
        """1-based (line, column) of the value at `path`, or of its key with `at_key`."""
        node, key_node = self.node_at(path)
        mark = (key_node if at_key and key_node is not None else node).start_mark
        return mark.line + 1, mark.column + 1

    def expression_position(self, path: DocPath, column: int) -> tuple[int, int]:
        """Where column `column` of the expression text at `path` lies in the file."""
        node, _ = self._in_tree(path)  # a node, for its style and where it ends
        mark = node.start_mark
        single_line = node.end_mark.line == mark.line
        if isinstance(node, yaml.ScalarNode) and single_line and node.style in (None, "", "'", '"'):
            quote = 1 if node.style else 0
            return mark.line + 1, mark.column + 1 + quote + column - 1
        return mark.line + 1, mark.column + 1

    def diagnostic(self, path: DocPath, message: str, *, hint: str = "", code: str = "",
                   level: Level = Level.ERROR, at_key: bool = False, context: str = "") -> Diagnostic:
        line, column = self.position(path, at_key=at_key)
        return Diagnostic(self.name, line, column, level, code, message, hint, path, context)


def read_source(path: str | Path) -> SourceDocument:
    """Read and parse a scenario file, refusing anything unsafe or malformed."""
    path = Path(path)
    name = str(path)
    try:
        raw = read_limited(path, MAX_BYTES)
    except RefusedFile as error:
        if error.too_large:
            raise _refusal(name, "too-large", f"the file is not read: {error.strerror}; scenario files are "
                           f"limited to {MAX_BYTES // (1024 * 1024)} MB", "split the scenario into smaller ones") \
                from None
        raise _refusal(name, "unreadable", f"the file is not read: {error.strerror}",
                       "a scenario is a plain text file (.yaml)") from None
    except OSError as error:
        raise _refusal(name, "unreadable", f"cannot read the file: {error.strerror or error}") from None
    return parse_source(raw, name)


def parse_source(raw: bytes | str, name: str = "<text>") -> SourceDocument:
    if isinstance(raw, str):
        raw = raw.encode("utf-8", "surrogatepass")
    if len(raw) > MAX_BYTES:
        raise _refusal(name, "too-large", f"the text is larger than {MAX_BYTES // (1024 * 1024)} MB")
    content_hash = hashlib.sha256(raw).hexdigest()[:16]
    text = _decode(raw, name)
    if not text.strip():
        raise _refusal(name, "empty", "the file is empty",
                       "a scenario starts with 'format: 1', then 'id:', 'title:' and the other fields")
    quick = _plain_data(text)
    if quick is not None:
        return SourceDocument(name, quick.data, text, content_hash, head=quick.head, fields=quick.fields)
    try:
        root = yaml.compose(text, Loader=_ComposeOnly)
    except yaml.MarkedYAMLError as error:
        raise ScenarioError([_syntax_diagnostic(name, error, text)]) from None
    except yaml.reader.ReaderError as error:
        raise ScenarioError([_reader_diagnostic(name, error, text)]) from None
    except yaml.YAMLError as error:
        raise _refusal(name, "syntax", f"YAML syntax error: {error}") from None
    except RecursionError:
        raise _refusal(name, "too-deep", f"the file is nested too deeply (limit {MAX_DEPTH} levels)") from None
    if root is None:
        raise _refusal(name, "empty", "the file holds no data, only comments or blank lines",
                       "a scenario starts with 'format: 1', then 'id:', 'title:' and the other fields")
    if not isinstance(root, yaml.MappingNode) or root.tag != _MAP:
        line, column = root.start_mark.line + 1, root.start_mark.column + 1
        raise ScenarioError([Diagnostic(
            name, line, column, Level.ERROR, "not-mapping",
            "the top level of a scenario must be a set of fields, not a list or a single value",
            "start with 'format: 1' on its own line, then 'id: ...', 'title: ...'",
        )])
    builder = _Builder(name, budget=len(text) + 64, text=text)
    data = builder.build(root, 0)
    if builder.problems:
        raise ScenarioError(builder.problems + builder.warnings)
    return SourceDocument(name, data, text, content_hash, tuple(builder.warnings), tree=[root])


def _decode(raw: bytes, name: str) -> str:
    if b"\x00" in raw:
        raise _refusal(name, "binary", "this is a binary file, not YAML text",
                       "scenario files are plain text saved as UTF-8")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        raise ScenarioError([Diagnostic(
            name, line, column, Level.ERROR, "encoding",
            f"the file is not valid UTF-8 (byte 0x{raw[error.start]:02x})",
            "save the file as UTF-8 in your editor",
        )]) from None
    return text.removeprefix("\ufeff")


def _refusal(name: str, code: str, message: str, hint: str = "") -> ScenarioError:
    return ScenarioError([Diagnostic(name, 1, 1, Level.ERROR, code, message, hint)])


# YAML turns every raw carriage return into a line break, so one never reaches a value: a file
# saved on Windows (CRLF) holds no control character a value could carry.
_PRINTABLE_ASCII = bytes(range(32, 127)) + b"\t\n\r"
_CONTROL_BUT_CR = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _has_control(text: str) -> bool:
    """Could a control character, written raw, reach a value of `text`? For ASCII text (most
    files), deleting every allowed byte is a single pass in C, several times quicker than a
    search."""
    if text.isascii():
        return bool(text.encode("ascii").translate(None, _PRINTABLE_ASCII))
    return _CONTROL_BUT_CR.search(text) is not None


def _line_column(text: str, index: int) -> tuple[int, int]:
    return text.count("\n", 0, index) + 1, index - (text.rfind("\n", 0, index) + 1) + 1


def _control_message(char: str) -> tuple[str, str]:
    return (f"the text contains the control character U+{ord(char):04X}",
            "only newlines and tabs are allowed in text: remove it (a terminal would obey it as a command, "
            "and the game cannot show it)")


def _reader_diagnostic(name: str, error, text: str) -> Diagnostic:
    """A character YAML refuses outright, such as a raw ESC byte, at its own line and column."""
    # libyaml gives the character as a number and its offset in UTF-8 bytes; the reader stops at
    # the first character it refuses, so its first occurrence is where it is written.
    char = chr(error.character) if isinstance(error.character, int) else error.character
    index = text.find(char) if isinstance(char, str) and char else -1
    if index < 0:
        index = error.position if isinstance(error.position, int) and 0 <= error.position <= len(text) else 0
        char = text[index:index + 1]
    line, column = _line_column(text, index)
    if char and _CONTROL.match(char):
        message, hint = _control_message(char)
    else:
        message, hint = f"YAML cannot hold this character ({error.reason})", "remove it, or save the file as UTF-8"
    return Diagnostic(name, line, column, Level.ERROR, "control-character", message, hint)


def _syntax_diagnostic(name: str, error: yaml.MarkedYAMLError, text: str) -> Diagnostic:
    mark = error.problem_mark or error.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    # Tabs are fine inside text and between a key and its value; libyaml refuses them only where
    # they would indent, and says so in terms an author cannot act on.
    if mark is not None and "cannot start any token" in str(error) and text[mark.index:mark.index + 1] == "\t":
        return Diagnostic(name, line, column, Level.ERROR, "tab-indent", "a tab is used for indentation",
                          "YAML indents with spaces only: replace the tab with spaces")
    problem = error.problem or "YAML syntax error"
    if "exceeded maximum nesting depth" in str(error):
        return Diagnostic(name, line, column, Level.ERROR, "too-deep",
                          "the file is nested too deeply", f"scenarios need at most {MAX_DEPTH} levels")
    explained = explain(name, error, text)
    if explained is not None:
        return explained
    hint = next((h for needle, h in _SYNTAX_HINTS if needle in str(error)), "")
    message = f"YAML syntax error: {problem}"
    if error.context:
        message += f" ({error.context})"
    return Diagnostic(name, line, column, Level.ERROR, "syntax", message, hint)


class _Builder:
    """Turns composed nodes into plain dicts, lists and scalars, checking as it goes."""

    def __init__(self, name: str, budget: int, text: str = ""):
        self.name = name
        self.text = text
        self.warnings: list[Diagnostic] = []
        # Without aliases a document cannot hold more nodes than it has characters; more means
        # aliases are multiplying it ("billion laughs"), so stop before the expansion happens.
        self.budget = budget
        self.problems: list[Diagnostic] = []
        # A control character can reach a value only written raw or as an escape in double
        # quotes; a file with neither (almost every file) needs no check of each scalar.
        self.scan = _has_control(text) or "\\" in text
        # Likewise a ' #' (or a tab and '#') that cuts a text short needs one somewhere in the file.
        self.comments = " #" in text or "\t#" in text

    def refuse(self, node: yaml.Node, code: str, message: str, hint: str = "") -> None:
        mark = node.start_mark
        self.problems.append(Diagnostic(self.name, mark.line + 1, mark.column + 1,
                                        Level.ERROR, code, message, hint))

    def build(self, node: yaml.Node, depth: int, key: str | None = None):
        """The plain value of `node`. Scalars inside mappings and lists are typed in the loops
        below rather than by a call each: they are most of a file's nodes."""
        self.budget -= 1
        if self.budget < 0:
            self.refuse(node, "alias-bomb", "aliases (*name) expand this file far beyond its size",
                        "write the values out instead of repeating aliases")
            raise ScenarioError(self.problems)
        if depth > MAX_DEPTH:
            self.refuse(node, "too-deep", f"the file is nested more than {MAX_DEPTH} levels deep")
            raise ScenarioError(self.problems)
        kind = type(node)
        if kind is _Scalar:
            return self.scalar(node, key)
        if kind is _Sequence:
            if node.tag != _SEQ:
                return self.bad_tag(node)
            items = node.value
            self.budget -= len(items)
            if self.budget < 0:
                return [self.build(item, depth + 1, key) for item in items]  # reports where it overflows
            result = []
            append = result.append
            fast = not self.scan and not (self.comments and key in PROSE_KEYS) and depth < MAX_DEPTH
            for item in items:
                if fast and type(item) is _Scalar and item.tag == _STR:
                    value = item.value
                    append(value if item.style else _WORDS[value] if value in _WORDS else _typed(value))
                else:
                    self.budget += 1  # build() counts it itself
                    append(self.build(item, depth + 1, key))
            return result
        if node.tag != _MAP:
            return self.bad_tag(node)
        result: dict = {}
        scan = self.scan
        comments = self.comments
        firsts: dict | None = None
        for key_node, value_node in node.value:
            if type(key_node) is not _Scalar or key_node.tag != _STR:
                self.refuse(key_node, "bad-key", "a field name must be plain text")
                continue
            key = key_node.value
            if scan and _CONTROL.search(key):
                self.refuse_control(key_node)
            if key == "<<":
                self.refuse(key_node, "merge-key", "merge keys ('<<') are not supported",
                            "write the fields out in full")
                continue
            if key in result:
                if firsts is None:  # built once per mapping: a hostile file may repeat thousands of keys
                    firsts = {}
                    for k, _ in node.value:
                        if type(k) is _Scalar and k.tag == _STR:
                            firsts.setdefault(k.value, k)
                first = firsts[key]
                self.refuse(key_node, "duplicate-key",
                            f"'{key}' is written twice in the same place (first on line {first.start_mark.line + 1})",
                            "keep one of them; the second would silently replace the first")
                continue
            if type(value_node) is _Scalar and not scan and value_node.tag == _STR and depth < MAX_DEPTH:
                self.budget -= 1
                value = value_node.value
                if value_node.style:
                    result[key] = value
                    continue
                if comments and key in PROSE_KEYS:
                    self.check_comment(value_node)
                if value in _WORDS:
                    result[key] = _WORDS[value]
                elif value[0] in _NUMBER_START:
                    result[key] = _typed(value)
                else:
                    result[key] = value
                continue
            result[key] = self.build(value_node, depth + 1, key)
        if self.budget < 0:
            self.refuse(node, "alias-bomb", "aliases (*name) expand this file far beyond its size",
                        "write the values out instead of repeating aliases")
            raise ScenarioError(self.problems)
        return result

    def scalar(self, node: yaml.ScalarNode, key: str | None):
        if node.tag != _STR:
            return self.bad_tag(node)
        if self.scan and _CONTROL.search(node.value):
            self.refuse_control(node)
        if node.style:
            return node.value
        if self.comments and key in PROSE_KEYS:
            self.check_comment(node)
        return _plain_scalar(node.value)

    def refuse_control(self, node: yaml.ScalarNode) -> None:
        """Report the first control character in `node`, at the place it is written: the escape
        ("\\e") inside double quotes, or the character itself."""
        start, end = node.start_mark.index, node.end_mark.index
        written = self.text[start:end] if 0 <= start <= end <= len(self.text) else ""
        found: tuple[int, str] | None = None
        if node.style == '"':
            for match in _ESCAPE.finditer(written):
                code = match.group(1)
                char = chr(int(code[1:], 16)) if len(code) > 1 else _SIMPLE_ESCAPES.get(code, "")
                if _CONTROL.match(char):
                    found = (match.start(), char)
                    break
        raw = _CONTROL.search(written)
        if raw and (found is None or raw.start() < found[0]):
            found = (raw.start(), raw.group())
        if found is None:
            line, column = node.start_mark.line + 1, node.start_mark.column + 1
            char = _CONTROL.search(node.value).group()
        else:
            line, column = _line_column(self.text, start + found[0])
            char = found[1]
        message, hint = _control_message(char)
        self.problems.append(Diagnostic(self.name, line, column, Level.ERROR, "control-character", message, hint))

    def check_comment(self, node: yaml.ScalarNode) -> None:
        dropped = cut_by_comment(node, self.text)
        if dropped is None:
            return
        mark = node.end_mark
        shown = dropped if len(dropped) <= 60 else dropped[:59] + "…"
        before = "a tab and '#'" if self.text[mark.index:mark.index + 1] == "\t" else "' #'"
        self.warnings.append(Diagnostic(
            self.name, mark.line + 1, mark.column + 2, Level.WARNING, "comment-in-text",
            f"the text stops before {before}: \"{shown}\" is read as a comment and left out",
            "put the whole text in quotes to keep it; if it is a comment, leave two spaces before the '#'"))

    def bad_tag(self, node: yaml.Node) -> None:
        tag = node.tag.replace("tag:yaml.org,2002:", "!!")
        self.refuse(node, "tag", f"YAML tags such as '{tag}' are not allowed in scenario files",
                    "remove the '!'-tag: a scenario holds plain text, numbers, lists and fields"
                    + ("; in a condition write 'not' instead of '!'" if not node.tag.startswith("tag:") else ""))
        return None


# An escape in double quotes that could stand for a control character ("\e", "\x1b", "\0"...);
# the common ones (\" \\ \n \t) cannot.
_RISKY_ESCAPE = re.compile(r'\\[^\\"/ _LPtn\n]')
# A ' #' right after text makes YAML read the rest of the line as a comment, which _Builder
# warns about in prose; the field it follows, when the line names one, says whether it is prose.
_FIELD_LINE = re.compile(r"[ \t]*([A-Za-z0-9_-]+):[ \t]+"
                         r"[^\[{'\",\n\r\x85\u2028\u2029][^\[\]{},\n\r\x85\u2028\u2029]*")


# What YAML itself counts as blank or as a line break. A ' #' after one of these starts a
# comment the author meant; after anything else, a no-break space included, it cuts a text.
_YAML_BLANKS = frozenset(" \t\r\n\x85\u2028\u2029")


def _may_cut(text: str) -> bool:
    """Could a ' #' (or a tab and '#') cut some prose short? Not when each follows the plain
    value of a field that is not prose, alone on its line (`asked: false # the worker asked`);
    list items, flow collections and anything after a comma or another kind of line break go
    to _Builder.

    Linear in the length of the text, as a hostile file may hold a million ' #': once a line's
    field is known harmless, every '#' up to the end of its value is inside the same comment."""
    at = text.find("#", 2)
    while at >= 0:
        blank = at - 1
        if text[blank] in " \t" and text[blank - 1] not in _YAML_BLANKS:
            field = _FIELD_LINE.match(text, text.rfind("\n", 0, blank) + 1)
            if field is None or field.end() < blank or field.group(1) in PROSE_KEYS:
                return True
            at = text.find("#", field.end())
            continue
        at = text.find("#", at + 1)
    return False


def _marked(text: str) -> bool:
    """Could a tag (!) or an alias (*) begin somewhere in `text`? Only where the mark starts a
    word: YAML lets them follow spaces, line breaks of several kinds, a byte-order mark and the
    flow indicators, so rather than list those, a mark counts as harmless only right after a
    letter, a digit, '.', ')' or another '!' ("wow!", "5*3", "A.*"). Prose such as "wow !"
    answers yes, and only sends the file the careful way."""
    for mark in "!*":
        at = text.find(mark)
        while at >= 0:
            if at == 0:
                return True
            before = text[at - 1]
            if not (before.isalnum() or before in ".)!"):
                return True
            at = text.find(mark, at + 1)
    return False


# Every ASCII character the checks below are not about: deleting these from a file leaves only
# control characters and the few marks worth a closer look (\\ # ! *), in one pass in C.
_UNREMARKABLE = bytes(c for c in range(32, 127) if chr(c) not in "\\#!*") + b"\t\n\r"


def _needs_care(text: str) -> bool:
    if not text.isascii():
        return _has_control(text) or bool(_RISKY_ESCAPE.search(text)) or _marked(text) or _may_cut(text)
    left = text.encode("ascii").translate(None, _UNREMARKABLE)
    if not left:
        return False
    if left.translate(None, b"\\#!*"):  # a control character
        return True
    return ((b"\\" in left and bool(_RISKY_ESCAPE.search(text)))
            or ((b"!" in left or b"*" in left) and _marked(text))
            or (b"#" in left and _may_cut(text)))


@dataclass(frozen=True, slots=True)
class _QuickRead:
    data: dict
    head: yaml.MappingStartEvent  # opens the top-level mapping
    fields: dict  # top-level key -> (its key event, the first event of its value)


def _plain_data(text: str) -> _QuickRead | None:
    """The plain data of a file that cannot hold anything _Builder refuses or warns about, read
    straight from the parser's events; None when the file needs the careful walk (which also
    says what is wrong with a file that does not parse). With no tags there is nothing but text,
    lists and fields; with no aliases nothing repeats, so nothing can expand; with no control
    character, written or escaped, and no ' #' after prose there is nothing to report in any
    text. Duplicate and merge keys, keys that are not text, anchors and deep nesting are noticed
    on the way (the pre-scan is a filter, not a proof: the events have the last word).

    Reading events rather than composing saves making a node for every value, which costs more
    than the rest of reading; see SourceDocument for how positions are found without them."""
    if _needs_care(text):
        return None
    parser = _ComposeOnly(text)
    next_event = parser.get_event
    try:
        if type(next_event()) is not yaml.StreamStartEvent or type(next_event()) is not yaml.DocumentStartEvent:
            return None
        head = next_event()
        if type(head) is not _MapStart or head.tag is not None or head.anchor is not None:
            return None
        read = _Events(next_event)
        fields: dict = {}
        data = read.mapping(0, fields)
        if type(next_event()) is not yaml.DocumentEndEvent or type(next_event()) is not yaml.StreamEndEvent:
            return None  # a second document, which the careful walk reports
        return _QuickRead(data, head, fields)
    except (_Irregular, yaml.YAMLError):
        return None
    finally:
        parser.dispose()


class _Irregular(Exception):
    """Something the quick read leaves to _Builder, which says what is wrong and where."""


_ScalarEvent, _MapStart, _MapEnd = yaml.ScalarEvent, yaml.MappingStartEvent, yaml.MappingEndEvent
_ListStart, _ListEnd = yaml.SequenceStartEvent, yaml.SequenceEndEvent


class _Events:
    """The quick read, one collection per call. Most values are text or small numbers: the loops
    type them in place rather than by a call each (a 1,000-moment file has some 60,000 values)."""

    def __init__(self, next_event):
        self.next = next_event

    def mapping(self, depth: int, fields: dict | None = None) -> dict:
        if depth >= MAX_DEPTH:
            raise _Irregular
        next_event, small = self.next, _SMALL_INTS
        result: dict = {}
        count = 0
        while True:
            key = next_event()
            if type(key) is not _ScalarEvent:
                if type(key) is _MapEnd and len(result) == count and "<<" not in result:
                    return result
                raise _Irregular  # a list or mapping as a key, a duplicate key or a merge key
            if key.tag is not None or key.anchor is not None:
                raise _Irregular
            count += 1
            event = next_event()
            if type(event) is _ScalarEvent and event.tag is None and event.anchor is None:
                text = event.value
                if event.style or (len(text) > _LONGEST_WORD and text[0] not in _NUMBER_START):
                    result[key.value] = text
                elif text in small:
                    result[key.value] = small[text]
                else:
                    result[key.value] = _plain_scalar(text)
            else:
                result[key.value] = self.collection(event, depth + 1)
            if fields is not None:
                fields[key.value] = (key, event)

    def sequence(self, depth: int) -> list:
        if depth >= MAX_DEPTH:
            raise _Irregular
        next_event, small = self.next, _SMALL_INTS
        result: list = []
        append = result.append
        while True:
            event = next_event()
            if type(event) is _ScalarEvent and event.tag is None and event.anchor is None:
                text = event.value
                if event.style or (len(text) > _LONGEST_WORD and text[0] not in _NUMBER_START):
                    append(text)
                elif text in small:
                    append(small[text])
                else:
                    append(_plain_scalar(text))
            elif type(event) is _ListEnd:
                return result
            else:
                append(self.collection(event, depth + 1))

    def collection(self, event, depth: int):
        """A mapping or list; anything else here (an alias, a tag, an anchor) is irregular."""
        kind = type(event)
        if kind is _MapStart and event.tag is None and event.anchor is None:
            return self.mapping(depth)
        if kind is _ListStart and event.tag is None and event.anchor is None:
            return self.sequence(depth)
        raise _Irregular


# Scores, minutes and starting values are small whole numbers: a look-up types them without a
# regular expression. Each key is what str() writes, which _typed reads back as the same int.
_SMALL_INTS = {str(number): number for number in range(-100, 1001)}


def _plain_scalar(value: str):
    if value in _WORDS:
        return _WORDS[value]
    return _typed(value)


def _typed(value: str):
    """A plain scalar that is not one of _WORDS: a number, or text."""
    if value[0] in _NUMBER_START and len(value) <= 40:  # longer "numbers" stay text: int() has a limit
        if _INT.match(value):
            return int(value)
        if _FLOAT.match(value):
            return float(value)
    return value
