"""Type-check expressions against the declared names and compile them, once, into closures.

A compiled condition is called as `test(variables, totals)`: `variables` maps declared names
to their values, `totals` is the tuple of running principle totals. Play never parses.
"""

from __future__ import annotations

import operator
from dataclasses import dataclass
from typing import Callable, Mapping

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


@dataclass(frozen=True, slots=True)
class CompiledCondition:
    text: str
    test: Test
    names: frozenset[str]
    literals: frozenset[int]


@dataclass(frozen=True, slots=True)
class CompiledEffect:
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


class _Compiler:
    def __init__(self, symbols: Mapping[str, Symbol]):
        self.symbols = symbols
        self.names: set[str] = set()
        self.literals: set[int] = set()

    def compile(self, expr: Expr) -> tuple[str, Test]:
        handler = _HANDLERS.get(type(expr))
        if handler is None:  # pragma: no cover - the parser builds only the types above
            raise ExpressionError(f"cannot compile {type(expr).__name__}", 1)
        return handler(self, expr)

    def int_(self, expr: Int):
        value = expr.value
        self.literals.add(value)
        return NUMBER, lambda v, t: value

    def bool_(self, expr: Bool):
        value = expr.value
        return BOOLEAN, lambda v, t: value

    def name(self, expr: Name):
        symbol = self.lookup(expr)
        slot = symbol.slot
        if symbol.writable:
            return symbol.type, lambda v, t: v[slot]
        return symbol.type, lambda v, t: t[slot]

    def lookup(self, expr: Name) -> Symbol:
        symbol = self.symbols.get(expr.name)
        if symbol is None:
            hint = (FOREIGN.get(expr.name) or did_you_mean(expr.name, self.symbols)
                    or "declare it under 'variables:' at the top of the file")
            raise ExpressionError(f"unknown name '{expr.name}'", expr.column, hint)
        self.names.add(expr.name)
        return symbol

    def unary(self, expr: Unary):
        kind, inner = self.compile(expr.operand)
        if expr.op == "not":
            self.require(kind, BOOLEAN, expr, "'not' needs a true/false value")
            if isinstance(expr.operand, Name) and self.symbols[expr.operand.name].writable:
                slot = self.symbols[expr.operand.name].slot
                return BOOLEAN, lambda v, t: not v[slot]  # `not flag`, common: one call, not two
            return BOOLEAN, lambda v, t: not inner(v, t)
        self.require(kind, NUMBER, expr, "'-' needs a number")
        return NUMBER, lambda v, t: -inner(v, t)

    def binary(self, expr: Binary):
        left_kind, left = self.compile(expr.left)
        right_kind, right = self.compile(expr.right)
        op = expr.op
        if op in ("and", "or"):
            self.require(left_kind, BOOLEAN, expr, f"'{op}' joins two true/false tests")
            self.require(right_kind, BOOLEAN, expr, f"'{op}' joins two true/false tests")
            if op == "and":
                return BOOLEAN, lambda v, t: left(v, t) and right(v, t)
            return BOOLEAN, lambda v, t: left(v, t) or right(v, t)
        if op in ("+", "-"):
            self.require(left_kind, NUMBER, expr, f"'{op}' needs numbers on both sides")
            self.require(right_kind, NUMBER, expr, f"'{op}' needs numbers on both sides")
            if op == "+":
                return NUMBER, lambda v, t: left(v, t) + right(v, t)
            return NUMBER, lambda v, t: left(v, t) - right(v, t)
        if op in _ORDERING:
            self.require(left_kind, NUMBER, expr, f"'{op}' compares numbers")
            self.require(right_kind, NUMBER, expr, f"'{op}' compares numbers")
        elif left_kind != right_kind:
            raise ExpressionError(
                f"'{op}' compares a {left_kind} value with a {right_kind} value", expr.column,
                "compare numbers with numbers and true/false with true/false",
            )
        compare = _COMPARE[op]
        # A name compared with a number is most conditions: read and compare in one call rather
        # than three (play tests conditions on every step, the explorer on every state).
        number = _literal(expr.right)
        if isinstance(expr.left, Name) and number is not None:
            symbol = self.symbols[expr.left.name]
            slot = symbol.slot
            if symbol.writable:
                return BOOLEAN, lambda v, t: compare(v[slot], number)
            return BOOLEAN, lambda v, t: compare(t[slot], number)
        if number is not None:
            return BOOLEAN, lambda v, t: compare(left(v, t), number)
        return BOOLEAN, lambda v, t: compare(left(v, t), right(v, t))

    @staticmethod
    def require(kind: str, wanted: str, expr: Expr, message: str) -> None:
        if kind != wanted:
            raise ExpressionError(f"{message}, but this is a {kind} value", expr.column)


def _literal(expr: Expr) -> int | None:
    """The number `expr` always is, when it is written as one (`3`, `-3`)."""
    if isinstance(expr, Int):
        return expr.value
    if isinstance(expr, Unary) and expr.op == "-" and isinstance(expr.operand, Int):
        return -expr.operand.value
    return None


_HANDLERS = {
    Int: _Compiler.int_,
    Bool: _Compiler.bool_,
    Name: _Compiler.name,
    Unary: _Compiler.unary,
    Binary: _Compiler.binary,
}


def compile_condition(text: str, symbols: Mapping[str, Symbol]) -> CompiledCondition:
    compiler = _Compiler(symbols)
    kind, test = compiler.compile(parse_condition(text))
    if kind != BOOLEAN:
        raise ExpressionError(
            "a condition must be true or false, but this is a number", 1,
            "compare it with something, e.g. 'trust >= 1'",
        )
    return CompiledCondition(text, test, frozenset(compiler.names), frozenset(compiler.literals))


def compile_effect(text: str, symbols: Mapping[str, Symbol]) -> CompiledEffect:
    effect: Effect = parse_effect(text)
    compiler = _Compiler(symbols)
    target = compiler.lookup(effect.target)
    if not target.writable:
        raise ExpressionError(
            f"'{effect.target.name}' is a principle total and cannot be changed by an effect",
            effect.target.column, "principle totals change only through a choice's 'scores'",
        )
    kind, value = compiler.compile(effect.value)
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
    return CompiledEffect(text, effect.target.name, apply, frozenset(compiler.names))
