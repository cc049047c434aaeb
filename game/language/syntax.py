"""Tokens and syntax tree of the condition/effect language, and its recursive-descent parser.

Conditions:  trust >= 2 and not (called_911 or health_dignity < 0)
Effects:     trust += 1    stayed = true    trust = trust - 1

The grammar, one function per precedence level:
    condition  := or
    or         := and ("or" and)*
    and        := not ("and" not)*
    not        := "not" not | comparison
    comparison := sum (("==" | "!=" | "<" | "<=" | ">" | ">=") sum)?
    sum        := unary (("+" | "-") unary)*
    unary      := "-" unary | atom
    atom       := INT | "true" | "false" | NAME | "(" or ")"
    effect     := NAME ("=" | "+=" | "-=") or
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import accumulate

KEYWORDS = frozenset({"and", "or", "not", "true", "false"})
MAX_LENGTH = 400  # characters: a condition longer than a sentence or two is a mistake, or hostile
MAX_NESTING = 30  # parentheses and 'not's inside each other
COMPARISONS = frozenset({"==", "!=", "<", "<=", ">", ">="})
ASSIGNMENTS = frozenset({"=", "+=", "-="})
_ADDING = frozenset({"+", "-"})

# Every token; what lies between them must be blank.
_SPLIT = re.compile(r"(\d+|[A-Za-z_][A-Za-z0-9_]*|==|!=|<=|>=|\+=|-=|[<>()+\-=])")

# Spellings from other languages, with what to write instead.
FOREIGN = {
    "&&": "write 'and'",
    "||": "write 'or'",
    "!": "write 'not'",
    "&": "write 'and'",
    "|": "write 'or'",
    "True": "write 'true' in lower case",
    "False": "write 'false' in lower case",
    "AND": "write 'and' in lower case",
    "OR": "write 'or' in lower case",
    "NOT": "write 'not' in lower case",
    "yes": "write 'true'",
    "no": "write 'false'",
    ",": "write each effect as its own item of the 'effects' list",
    ".": "only whole numbers are used here",
    "=>": "write '>='",
    "=<": "write '<='",
}


class ExpressionError(Exception):
    """A problem in one expression. `column` counts from 1 within the expression text."""

    def __init__(self, message: str, column: int, hint: str = ""):
        super().__init__(message)
        self.message = message
        self.column = column
        self.hint = hint


# Tree nodes are plain slotted classes, not frozen ones: a frozen dataclass sets each field
# through object.__setattr__, which doubles the cost of parsing a file of a thousand conditions.
# The tree is read, never changed, by the compiler and the logic checks, and is then dropped.


@dataclass(slots=True)
class Int:
    value: int
    column: int


@dataclass(slots=True)
class Bool:
    value: bool
    column: int


@dataclass(slots=True)
class Name:
    name: str
    column: int


@dataclass(slots=True)
class Unary:
    op: str  # "not" or "-"
    operand: "Expr"
    column: int


@dataclass(slots=True)
class Binary:
    op: str  # "and", "or", "+", "-", or a comparison
    left: "Expr"
    right: "Expr"
    column: int


Expr = Int | Bool | Name | Unary | Binary


@dataclass(slots=True)
class Effect:
    target: Name
    op: str  # "=", "+=" or "-="
    value: Expr


def tokenize(text: str) -> tuple[list[str], list[int]]:
    """The tokens of `text` and the column (from 1) where each begins; an empty token ends both.

    One C call splits the text into tokens and the gaps around them, and the columns follow
    from the running sum of their lengths: no Python step per token. A gap that is not blank
    holds something no token can begin with."""
    parts = _SPLIT.split(text)
    gaps = "".join(parts[0::2])
    if gaps and not gaps.isspace():
        _find_unexpected(text, parts)
    texts = parts[1::2]
    texts.append("")
    return texts, list(accumulate(map(len, parts), initial=1))[1::2]


def kind_of(token: str) -> str:
    """"int", "name", "keyword", "op", or "end" for the empty token that ends every text."""
    if not token:
        return "end"
    first = token[0]
    if first.isdecimal():  # what the pattern's \d matches
        return "int"
    if first.isalpha() or first == "_":
        return "keyword" if token in KEYWORDS else "name"
    return "op"


def _find_unexpected(text: str, parts: list[str]) -> None:
    """Raise for the first character of a gap between tokens (parts[0::2]) that is not blank."""
    position = 0
    for number, part in enumerate(parts):
        if number % 2 == 0:
            for offset, char in enumerate(part):
                if not char.isspace():
                    _unexpected_character(text, position + offset)
        position += len(part)
    raise ExpressionError("the expression cannot be read", 1)  # pragma: no cover - a gap held something


def _unexpected_character(text: str, pos: int) -> None:
    two, one = text[pos : pos + 2], text[pos]
    hint = FOREIGN.get(two) or FOREIGN.get(one, "")
    if one in "\"'":
        hint = "text values are not part of this language: compare numbers or true/false"
    raise ExpressionError(f"unexpected character '{one}'", pos + 1, hint)


class Tree:
    """What the parser makes of each piece it recognises: by default the syntax tree above. The
    compiler passes its own (see compiler.py), which type-checks and compiles each piece as it is
    recognised, so that a file of a thousand conditions builds no tree it would only walk once."""

    int_ = Int
    bool_ = Bool
    name = Name
    unary = Unary
    binary = Binary


class _Parser:
    """Reads tokens by position: `texts[i]` is the token, `columns[i]` where it begins. A name
    never spells a keyword (it becomes one) nor an operator, so the levels below tell tokens
    apart by their text alone, and ask kind_of() only where a name and a number differ."""

    def __init__(self, text: str, build=Tree):
        self.int_, self.bool_, self.name = build.int_, build.bool_, build.name
        self.unary_, self.binary = build.unary, build.binary
        if len(text) > MAX_LENGTH:
            raise ExpressionError(f"the expression is {len(text)} characters long; the limit is {MAX_LENGTH}",
                                  MAX_LENGTH + 1, "split it, or keep a true/false variable that effects set")
        self.texts, self.columns = tokenize(text)
        self.index = 0
        self.depth = 0

    def nested(self, column: int) -> None:
        self.depth += 1
        if self.depth > MAX_NESTING:
            raise ExpressionError(f"the expression is nested more than {MAX_NESTING} levels deep", column)

    @property
    def current(self) -> str:
        return self.texts[self.index]

    def at(self, kind: str, *texts: str) -> bool:
        token = self.texts[self.index]
        return kind_of(token) == kind and (not texts or token in texts)

    def fail(self, expected: str) -> ExpressionError:
        token = self.texts[self.index]
        got = f"'{token}'" if token else "the end of the expression"
        hint = FOREIGN.get(token, "")
        if token == "=":
            hint = FOREIGN.get("=" + self.texts[self.index + 1], "to compare, write '=='")
        return ExpressionError(f"expected {expected}, got {got}", self.columns[self.index], hint)

    def expect_end(self) -> None:
        token = self.texts[self.index]
        if token:
            if token in COMPARISONS:
                raise ExpressionError("comparisons cannot be chained", self.columns[self.index],
                                      "join two comparisons with 'and', e.g. 'a < b and b < c'")
            raise self.fail("an operator or the end of the expression")

    def or_(self) -> Expr:
        left = self.and_()
        texts = self.texts
        while texts[self.index] == "or":
            column = self.columns[self.index]
            self.index += 1
            left = self.binary("or", left, self.and_(), column)
        return left

    def and_(self) -> Expr:
        texts = self.texts
        left = self.not_() if texts[self.index] == "not" else self.comparison()
        while texts[self.index] == "and":
            column = self.columns[self.index]
            self.index += 1
            left = self.binary("and", left, self.not_() if texts[self.index] == "not" else self.comparison(), column)
        return left

    def not_(self) -> Expr:
        if self.texts[self.index] == "not":
            column = self.columns[self.index]
            self.index += 1
            self.nested(column)
            inner = self.not_()
            self.depth -= 1
            return self.unary_("not", inner, column)
        return self.comparison()

    def comparison(self) -> Expr:
        left = self.sum()
        token = self.texts[self.index]
        if token in COMPARISONS:
            column = self.columns[self.index]
            self.index += 1
            return self.binary(token, left, self.sum(), column)
        return left

    def sum(self) -> Expr:
        left = self.operand()
        texts = self.texts
        while (token := texts[self.index]) in _ADDING:
            column = self.columns[self.index]
            self.index += 1
            left = self.binary(token, left, self.operand(), column)
        return left

    def operand(self) -> Expr:
        """A unary or an atom; a name or a number, most operands, is taken here at once."""
        index = self.index
        token = self.texts[index]
        if token[:1].isalpha() and token not in KEYWORDS:
            self.index += 1
            return self.name(token, self.columns[index])
        if token[:1].isdecimal():
            self.index += 1
            return self.int_(int(token), self.columns[index])
        return self.unary()

    def unary(self) -> Expr:
        if self.texts[self.index] == "-":
            column = self.columns[self.index]
            self.index += 1
            self.nested(column)
            inner = self.unary()
            self.depth -= 1
            return self.unary_("-", inner, column)
        return self.atom()

    def atom(self) -> Expr:
        index = self.index
        token, column = self.texts[index], self.columns[index]
        kind = kind_of(token)
        if kind == "name":
            self.index += 1
            return self.name(token, column)
        if kind == "int":
            self.index += 1
            return self.int_(int(token), column)
        if token == "true" or token == "false":
            self.index += 1
            return self.bool_(token == "true", column)
        if token == "(":
            self.index += 1
            self.nested(column)
            inner = self.or_()
            self.depth -= 1
            if self.texts[self.index] != ")":
                raise self.fail("')' to close the '(' at column %d" % column)
            self.index += 1
            return inner
        raise self.fail("a number, true, false, a variable or '('")


def parse_condition(text: str, build=Tree) -> Expr:
    if not text.strip():
        raise ExpressionError("the condition is empty", 1, "write a test such as 'trust >= 1', or remove 'when'")
    parser = _Parser(text, build)
    expr = parser.or_()
    parser.expect_end()
    return expr


def parse_effect(text: str) -> Effect:
    if not text.strip():
        raise ExpressionError("the effect is empty", 1, "write e.g. 'trust += 1' or 'stayed = true'")
    parser = _Parser(text)
    if not parser.at("name"):
        raise parser.fail("the name of a variable to change")
    target = Name(parser.current, parser.columns[parser.index])
    parser.index += 1
    if not parser.at("op", *ASSIGNMENTS):
        error = parser.fail("'=', '+=' or '-='")
        if parser.current == "==":
            error.hint = "to set a variable, write a single '='"
        elif parser.current in _ADDING:
            error.hint = f"to change '{target.name}', write '{target.name} {parser.current}= ...'"
        raise error
    op = parser.current
    parser.index += 1
    value = parser.or_()
    parser.expect_end()
    return Effect(target, op, value)
