"""The small condition/effect language of scenario files: parsed, type-checked and compiled
at load time, never evaluated with eval."""

from .compiler import (BOOLEAN, NUMBER, CompiledCondition, CompiledEffect, Expressions, Symbol, compile_condition,
                       compile_effect)
from .syntax import ExpressionError

__all__ = [
    "BOOLEAN", "NUMBER", "CompiledCondition", "CompiledEffect", "ExpressionError", "Expressions", "Symbol",
    "compile_condition", "compile_effect",
]
