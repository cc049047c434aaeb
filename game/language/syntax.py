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
from typing import NamedTuple

KEYWORDS = frozenset({"and", "or", "not", "true", "false"})
MAX_LENGTH = 400  # characters: a condition longer than a sentence or two is a mistake, or hostile
MAX_NESTING = 30  # parentheses and 'not's inside each other
COMPARISONS = frozenset({"==", "!=", "<", "<=", ">", ">="})
ASSIGNMENTS = frozenset({"=", "+=", "-="})
_ADDING = frozenset({"+", "-"})

# Spaces are taken in front of each token, so one match per token.
_TOKEN = re.compile(
    r"\s*(?:(?P<int>\d+)|(?P<name>[A-Za-z_][A-Za-z0-9_]*)"
    r"|(?P<op>==|!=|<=|>=|\+=|-=|[<>()+\-=]))"
)

_PIECES = re.compile(r"(\s*)(?:(\d+)|([A-Za-z_][A-Za-z0-9_]*)|(==|!=|<=|>=|\+=|-=|[<>()+\-=]))")

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


class Token(NamedTuple):
    """A tuple, not a dataclass: a file can hold thousands of conditions, and a tuple is made in C."""

    kind: str  # "int", "name", "op", "keyword", "end"
    text: str
    column: int  # 1-based


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


# A NamedTuple's own constructor is Python code; tuple.__new__ makes the same Token in C.
_token = tuple.__new__


def tokenize(text: str) -> list[Token]:
    # One C call finds every token with the spaces before it; the columns follow from the lengths.
    # If that does not account for the whole text, something was skipped: find it the slow way.
    tokens: list[Token] = []
    append = tokens.append
    column = 1
    for space, number, name, op in _PIECES.findall(text):
        column += len(space)
        if name:
            append(_token(Token, ("keyword" if name in KEYWORDS else "name", name, column)))
            column += len(name)
        elif number:
            append(_token(Token, ("int", number, column)))
            column += len(number)
        else:
            append(_token(Token, ("op", op, column)))
            column += len(op)
    if column - 1 != len(text.rstrip()):
        _find_unexpected(text)
    append(Token("end", "", len(text) + 1))
    return tokens


def _find_unexpected(text: str) -> None:
    pos = 0
    for match in _TOKEN.finditer(text):
        if match.start() != pos:
            _unexpected_character(text, _skip_space(text, pos))
        pos = match.end()
    _unexpected_character(text, _skip_space(text, pos))


def _skip_space(text: str, pos: int) -> int:
    while pos < len(text) and text[pos].isspace():
        pos += 1
    return pos


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
    def __init__(self, text: str, build=Tree):
        self.int_, self.bool_, self.name = build.int_, build.bool_, build.name
        self.unary_, self.binary = build.unary, build.binary
        if len(text) > MAX_LENGTH:
            raise ExpressionError(f"the expression is {len(text)} characters long; the limit is {MAX_LENGTH}",
                                  MAX_LENGTH + 1, "split it, or keep a true/false variable that effects set")
        self.tokens = tokenize(text)
        self.index = 0
        self.depth = 0

    def nested(self, column: int) -> None:
        self.depth += 1
        if self.depth > MAX_NESTING:
            raise ExpressionError(f"the expression is nested more than {MAX_NESTING} levels deep", column)

    @property
    def current(self) -> Token:
        return self.tokens[self.index]

    def advance(self) -> Token:
        token = self.tokens[self.index]
        self.index += 1
        return token

    def at(self, kind: str, *texts: str) -> bool:
        token = self.tokens[self.index]
        return token.kind == kind and (not texts or token.text in texts)

    def fail(self, expected: str) -> ExpressionError:
        token = self.current
        got = "the end of the expression" if token.kind == "end" else f"'{token.text}'"
        hint = FOREIGN.get(token.text, "")
        if token.text == "=":
            following = self.tokens[self.index + 1].text
            hint = FOREIGN.get("=" + following, "to compare, write '=='")
        return ExpressionError(f"expected {expected}, got {got}", token.column, hint)

    def expect_end(self) -> None:
        if not self.at("end"):
            if self.at("op", *COMPARISONS):
                raise ExpressionError(
                    "comparisons cannot be chained",
                    self.current.column,
                    "join two comparisons with 'and', e.g. 'a < b and b < c'",
                )
            raise self.fail("an operator or the end of the expression")

    # The levels below compare token texts directly rather than through at(): a name never spells
    # a keyword (it becomes one) nor an operator, so the text alone tells them apart, and a file
    # can hold thousands of conditions.

    def or_(self) -> Expr:
        left = self.and_()
        tokens = self.tokens
        while tokens[self.index].text == "or":
            column = tokens[self.index].column
            self.index += 1
            left = self.binary("or", left, self.and_(), column)
        return left

    def and_(self) -> Expr:
        left = self.not_()
        tokens = self.tokens
        while tokens[self.index].text == "and":
            column = tokens[self.index].column
            self.index += 1
            left = self.binary("and", left, self.not_(), column)
        return left

    def not_(self) -> Expr:
        token = self.tokens[self.index]
        if token.text == "not":
            self.index += 1
            self.nested(token.column)
            inner = self.not_()
            self.depth -= 1
            return self.unary_("not", inner, token.column)
        return self.comparison()

    def comparison(self) -> Expr:
        left = self.sum()
        token = self.tokens[self.index]
        if token.text in COMPARISONS and token.kind == "op":
            self.index += 1
            return self.binary(token.text, left, self.sum(), token.column)
        return left

    def sum(self) -> Expr:
        left = self.unary()
        tokens = self.tokens
        while (token := tokens[self.index]).text in _ADDING:
            self.index += 1
            left = self.binary(token.text, left, self.unary(), token.column)
        return left

    def unary(self) -> Expr:
        token = self.tokens[self.index]
        if token.text == "-":
            self.index += 1
            self.nested(token.column)
            inner = self.unary()
            self.depth -= 1
            return self.unary_("-", inner, token.column)
        return self.atom()

    def atom(self) -> Expr:
        token = self.tokens[self.index]
        kind = token.kind
        if kind == "name":
            self.index += 1
            return self.name(token.text, token.column)
        if kind == "int":
            self.index += 1
            return self.int_(int(token.text), token.column)
        if kind == "keyword" and token.text in ("true", "false"):
            self.index += 1
            return self.bool_(token.text == "true", token.column)
        if token.text == "(":
            self.index += 1
            self.nested(token.column)
            inner = self.or_()
            self.depth -= 1
            if self.tokens[self.index].text != ")":
                raise self.fail("')' to close the '(' at column %d" % token.column)
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
    target = parser.advance()
    if not parser.at("op", *ASSIGNMENTS):
        error = parser.fail("'=', '+=' or '-='")
        if parser.at("op", "=="):
            error.hint = "to set a variable, write a single '='"
        elif parser.at("op", "+", "-"):
            error.hint = f"to change '{target.text}', write '{target.text} {parser.current.text}= ...'"
        raise error
    op = parser.advance().text
    value = parser.or_()
    parser.expect_end()
    return Effect(Name(target.text, target.column), op, value)
