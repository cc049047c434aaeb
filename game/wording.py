"""Small phrasings every view shares, so the window, the terminal and the exported page say
the same thing the same way."""

from __future__ import annotations

from typing import Iterable


def signed(value: int) -> str:
    """'+2', '-1', and '0' (not '+0')."""
    return f"{value:+d}" if value else "0"


def spoken(value: int) -> str:
    """A signed number in words, for screen readers that skip '+' and '-': 'plus 2', 'minus 1', '0'."""
    if value > 0:
        return f"plus {value}"
    if value < 0:
        return f"minus {-value}"
    return "0"


def moments(numbers: Iterable[int]) -> str:
    """'moment 1', 'moments 1 and 2', 'moments 1, 2 and 4'."""
    numbers = [str(n) for n in numbers]
    if len(numbers) == 1:
        return f"moment {numbers[0]}"
    return f"moments {', '.join(numbers[:-1])} and {numbers[-1]}"
