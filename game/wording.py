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


def listed(items: Iterable[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    items = list(items)
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def better_was_open(labels: Iterable[str]) -> str:
    """Coach feedback's hint that the choice was not the best open, without naming the better one."""
    return f"Another option here did more for {listed(labels)}."


def none_missed(share: float, near_missed: Iterable[int], lead: str = "None") -> str:
    """The debrief's line when no moment counts as missed, agreeing with its numbers: when the totals
    are below the best possible, it says why."""
    near = list(near_missed)
    if share >= 0.999:
        return f"{lead}: at every moment you chose one of the best options open."
    if near:
        return (f"{lead} (a gap under 2 points is not counted as missed), though at {moments(near)} an option "
                f"open would have added a point more than yours. That, and the way you took through the scenario, "
                f"is why your totals are at {round(share * 100)}% of the best possible.")
    return (f"{lead}: at every moment you chose one of the best options open. Your totals are still at "
            f"{round(share * 100)}% of the best possible, because the best total of each principle is reached "
            f"on different ways through the scenario, and no single playthrough reaches them all.")


def first_chose(texts: Iterable[str]) -> str:
    """'First chose "A", then stepped back.' for the choices stepped back from at one moment."""
    quoted = ", then ".join(f'"{t}"' for t in texts)
    return f"First chose {quoted}, then stepped back."


def counted(number: int, one: str, many: str | None = None) -> str:
    """'1 person', '3 people', '1 choice', '2 choices'."""
    return f"{number} {one if number == 1 else (many or one + 's')}"
