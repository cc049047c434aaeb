"""Type-check expressions against the declared names and compile them, once, into small
functions (as they are parsed: the compiler is the parser's builder).

A compiled condition is called as `test(variables, totals)`: `variables` maps declared names
to their values, `totals` is the tuple of running principle totals. Play never parses.
"""

from __future__ import annotations

import operator
from dataclasses import dataclass
from typing import Callable, Mapping, NamedTuple

from game.suggest import did_you_mean

from .syntax import FOREIGN, Binary, Bool, Effect, ExpressionError, Expr, Int, Name, Unary, parse_condition, parse_effect

NUMBER = "number"
BOOLEAN = "true/false"

Values = Mapping[str, int | bool]
Totals = tuple[int, ...]
Test = Callable[[Values, Totals], bool]
Apply = Callable[[dict, Totals], None]


@dataclass(frozen=True, slots=True)
class Symbol:
    """A name an expression may use: a declared variable, or a read-only principle total."""

    type: str
    slot: str | int  # variable name, or index into the totals tuple
    writable: bool


class CompiledCondition(NamedTuple):
    """Named tuples, not frozen dataclasses: as immutable, and made in one C call (a file can
    hold a thousand conditions)."""

    text: str
    test: Test
    names: frozenset[str]
    literals: frozenset[int]


class CompiledEffect(NamedTuple):
    text: str
    target: str
    apply: Apply
    names: frozenset[str]


_COMPARE = {
    "==": operator.eq,
    "!=": operator.ne,
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}
_ORDERING = frozenset({"<", "<=", ">", ">="})


class _Piece(NamedTuple):
    """A compiled piece of an expression, and what the pieces around it need to know of it."""

    kind: str  # NUMBER or BOOLEAN
    test: Test
    name: str | None = None  # set when the piece is a variable or total, as written
    literal: int | None = None  # set when the piece is a number as written: 3 or -3
    number: bool = False  # the piece is an unsigned number as written (3)


# NamedTuple's own constructor is Python code; tuple.__new__ makes the same _Piece in C.
_piece = tuple.__new__

# The compiled tests below take what they need as default arguments rather than from the
# enclosing function: a closure would make a cell for every variable any of them reads, at
# every call of the method, and a file of a thousand conditions would keep tens of thousands of
# them for the collector to walk. They are always called with (variables, totals) only.


class _Compiler:
    """Type-checks and compiles expressions, one piece at a time. It serves as the parser's
    builder (syntax.Tree), so a condition is compiled as it is parsed; `compile` does the same
    from a finished tree.

    `leaves` holds the pieces for names and numbers, which depend on nothing but the symbols:
    the expressions of one scenario share them (see Expressions) rather than each making its own."""

    def __init__(self, symbols: Mapping[str, Symbol], leaves: dict | None = None):
        self.symbols = symbols
        self.leaves = {} if leaves is None else leaves
        self.names: set[str] = set()
        self.literals: set[int] = set()

    def compile(self, expr: Expr) -> _Piece:
        if isinstance(expr, Int):
            return self.int_(expr.value, expr.column)
        if isinstance(expr, Bool):
            return self.bool_(expr.value, expr.column)
        if isinstance(expr, Name):
            return self.name(expr.name, expr.column)
        if isinstance(expr, Unary):
            return self.unary(expr.op, self.compile(expr.operand), expr.column)
        if isinstance(expr, Binary):
            return self.binary(expr.op, self.compile(expr.left), self.compile(expr.right), expr.column)
        raise ExpressionError(f"cannot compile {type(expr).__name__}", 1)  # pragma: no cover

    def int_(self, value: int, column: int) -> _Piece:
        self.literals.add(value)
        piece = self.leaves.get(value)
        if piece is None:
            piece = self.leaves[value] = _piece(_Piece, (NUMBER, lambda v, t, value=value: value, None, value, True))
        return piece

    def bool_(self, value: bool, column: int) -> _Piece:
        return _piece(_Piece, (BOOLEAN, lambda v, t, value=value: value, None, None, False))

    def name(self, name: str, column: int) -> _Piece:
        piece = self.leaves.get(name)
        if piece is not None:
            self.names.add(name)
            return piece
        symbol = self.lookup(name, column)
        slot = symbol.slot
        if symbol.writable:
            piece = _piece(_Piece, (symbol.type, lambda v, t, slot=slot: v[slot], name, None, False))
        else:
            piece = _piece(_Piece, (symbol.type, lambda v, t, slot=slot: t[slot], name, None, False))
        self.leaves[name] = piece
        return piece

    def lookup(self, name: str, column: int) -> Symbol:
        symbol = self.symbols.get(name)
        if symbol is None:
            hint = (FOREIGN.get(name) or did_you_mean(name, self.symbols)
                    or "declare it under 'variables:' at the top of the file")
            raise ExpressionError(f"unknown name '{name}'", column, hint)
        self.names.add(name)
        return symbol

    def unary(self, op: str, operand: _Piece, column: int) -> _Piece:
        kind, inner = operand.kind, operand.test
        if op == "not":
            if kind != BOOLEAN:
                _require(kind, BOOLEAN, column, "'not' needs a true/false value")
            if operand.name is not None and self.symbols[operand.name].writable:
                slot = self.symbols[operand.name].slot
                # `not flag`, common: one call, not two
                return _piece(_Piece, (BOOLEAN, lambda v, t, slot=slot: not v[slot], None, None, False))
            return _piece(_Piece, (BOOLEAN, lambda v, t, inner=inner: not inner(v, t), None, None, False))
        if kind != NUMBER:
            _require(kind, NUMBER, column, "'-' needs a number")
        literal = -operand.literal if operand.number else None
        return _piece(_Piece, (NUMBER, lambda v, t, inner=inner: -inner(v, t), None, literal, False))

    def binary(self, op: str, left_piece: _Piece, right_piece: _Piece, column: int) -> _Piece:
        left_kind, left = left_piece.kind, left_piece.test
        right_kind, right = right_piece.kind, right_piece.test
        if op == "and" or op == "or":
            if left_kind != BOOLEAN or right_kind != BOOLEAN:
                _require(left_kind, BOOLEAN, column, f"'{op}' joins two true/false tests")
                _require(right_kind, BOOLEAN, column, f"'{op}' joins two true/false tests")
            if op == "and":
                test = lambda v, t, left=left, right=right: left(v, t) and right(v, t)  # noqa: E731
            else:
                test = lambda v, t, left=left, right=right: left(v, t) or right(v, t)  # noqa: E731
            return _piece(_Piece, (BOOLEAN, test, None, None, False))
        if op == "+" or op == "-":
            if left_kind != NUMBER or right_kind != NUMBER:
                _require(left_kind, NUMBER, column, f"'{op}' needs numbers on both sides")
                _require(right_kind, NUMBER, column, f"'{op}' needs numbers on both sides")
            if op == "+":
                test = lambda v, t, left=left, right=right: left(v, t) + right(v, t)  # noqa: E731
            else:
                test = lambda v, t, left=left, right=right: left(v, t) - right(v, t)  # noqa: E731
            return _piece(_Piece, (NUMBER, test, None, None, False))
        if op in _ORDERING:
            if left_kind != NUMBER or right_kind != NUMBER:
                _require(left_kind, NUMBER, column, f"'{op}' compares numbers")
                _require(right_kind, NUMBER, column, f"'{op}' compares numbers")
        elif left_kind != right_kind:
            raise ExpressionError(
                f"'{op}' compares a {left_kind} value with a {right_kind} value", column,
                "compare numbers with numbers and true/false with true/false",
            )
        compare = _COMPARE[op]
        # A name compared with a number is most conditions: read and compare in one call rather
        # than three (play tests conditions on every step, the explorer on every state).
        number = right_piece.literal
        if left_piece.name is not None and number is not None:
            symbol = self.symbols[left_piece.name]
            slot = symbol.slot
            if symbol.writable:
                test = lambda v, t, c=compare, s=slot, n=number: c(v[s], n)  # noqa: E731
            else:
                test = lambda v, t, c=compare, s=slot, n=number: c(t[s], n)  # noqa: E731
        elif number is not None:
            test = lambda v, t, c=compare, left=left, n=number: c(left(v, t), n)  # noqa: E731
        else:
            test = lambda v, t, c=compare, left=left, right=right: c(left(v, t), right(v, t))  # noqa: E731
        return _piece(_Piece, (BOOLEAN, test, None, None, False))


def _require(kind: str, wanted: str, column: int, message: str) -> None:
    if kind != wanted:
        raise ExpressionError(f"{message}, but this is a {kind} value", column)


class Expressions:
    """Compiles the conditions and effects of one scenario against its names. Each text is
    compiled once (scenarios repeat "trust += 1" many times), and all share the pieces for names
    and numbers. A failure is an ExpressionError, raised again for each use of the same text."""

    def __init__(self, symbols: Mapping[str, Symbol]):
        self.symbols = symbols
        self._leaves: dict = {}
        self._conditions: dict[str, CompiledCondition | ExpressionError] = {}
        self._effects: dict[str, CompiledEffect | ExpressionError] = {}

    def condition(self, text: str) -> CompiledCondition:
        return self._once(self._conditions, compile_condition, CompiledCondition, text)

    def effect(self, text: str) -> CompiledEffect:
        return self._once(self._effects, compile_effect, CompiledEffect, text)

    def _once(self, table: dict, compile_fn, kind: type, text: str):
        found = table.get(text)
        if found is None:
            found = table[text] = self._attempt(compile_fn, text)
        if type(found) is kind:
            return found
        raise ExpressionError(found.message, found.column, found.hint)  # a fresh one for each use

    def names(self) -> set[str]:
        """Every name read or set by what compiled without error."""
        found: set[str] = set()
        for table, kind in ((self._conditions, CompiledCondition), (self._effects, CompiledEffect)):
            found.update(*(compiled.names for compiled in table.values() if type(compiled) is kind))
        return found

    def _attempt(self, compile_fn, text: str):
        try:
            return compile_fn(text, self.symbols, leaves=self._leaves)
        except ExpressionError as error:
            # Only what it says is kept: not the frames it was raised in, nor what it interrupted.
            return ExpressionError(error.message, error.column, error.hint)


def compile_condition(text: str, symbols: Mapping[str, Symbol], *, leaves: dict | None = None) -> CompiledCondition:
    """`leaves`: pieces for names and numbers to share with other expressions of the scenario."""
    compiler = _Compiler(symbols, leaves)
    try:
        kind, test = parse_condition(text, compiler)[:2]
    except ExpressionError:
        # Compiling while parsing can meet a type error before a syntax error further on; the
        # author is told what a parse of the whole text, then a compile, finds first.
        compiler = _Compiler(symbols, leaves)
        kind, test = compiler.compile(parse_condition(text))[:2]
    if kind != BOOLEAN:
        raise ExpressionError(
            "a condition must be true or false, but this is a number", 1,
            "compare it with something, e.g. 'trust >= 1'",
        )
    return _piece(CompiledCondition, (text, test, frozenset(compiler.names), frozenset(compiler.literals)))


def compile_effect(text: str, symbols: Mapping[str, Symbol], *, leaves: dict | None = None) -> CompiledEffect:
    effect: Effect = parse_effect(text)
    compiler = _Compiler(symbols, leaves)
    target = compiler.lookup(effect.target.name, effect.target.column)
    if not target.writable:
        raise ExpressionError(
            f"'{effect.target.name}' is a principle total and cannot be changed by an effect",
            effect.target.column, "principle totals change only through a choice's 'scores'",
        )
    kind, value = compiler.compile(effect.value)[:2]
    if effect.op != "=" and target.type != NUMBER:
        raise ExpressionError(
            f"'{effect.op}' adds to a number, but '{effect.target.name}' is {target.type}",
            effect.target.column, f"write '{effect.target.name} = true' or '= false'",
        )
    if kind != target.type:
        raise ExpressionError(
            f"'{effect.target.name}' holds a {target.type} value but is given a {kind} value",
            effect.value.column,
        )
    slot = target.slot
    if effect.op == "=":
        def apply(v: dict, t: Totals) -> None:
            v[slot] = value(v, t)
    elif effect.op == "+=":
        def apply(v: dict, t: Totals) -> None:
            v[slot] += value(v, t)
    else:
        def apply(v: dict, t: Totals) -> None:
            v[slot] -= value(v, t)
    return _piece(CompiledEffect, (text, effect.target.name, apply, frozenset(compiler.names)))
