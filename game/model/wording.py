"""Is the best option given away by its wording? A trainee who always picks the longest option,
or the one that opens with a stock counselling phrase, must not win. Measured over the moments
that offer three or more options."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

# Above this share of moments a scenario is flagged: by chance the longest option is a best one
# about a third of the time, and the library as a whole must stay at or under 40%.
SCENARIO_LIMIT = 0.6
LIBRARY_LIMIT = 0.4
OPENER_WORDS = 2


@dataclass(frozen=True, slots=True)
class Wording:
    moments: int  # moments with three or more options
    longest_is_best: int  # of those, where a longest option has the highest score sum
    flagged_nodes: tuple[str, ...]
    opener: str | None  # a phrase that opens most best options, if there is one
    opener_count: int
    best_options: int

    @property
    def share(self) -> float:
        return self.longest_is_best / self.moments if self.moments else 0.0


def _opening(text: str) -> str:
    words = [w.strip('"“”‘’\'.,!?:;()').casefold() for w in text.split(None, OPENER_WORDS)[:OPENER_WORDS]]
    return " ".join(words)


def _length(text: str) -> int:
    """The length as read: runs of spaces and line breaks count as one space."""
    # Every space but the plain one is unprintable, so this finds what split() would collapse.
    if "  " in text or not text.isprintable() or text[:1] == " " or text[-1:] == " ":
        return len(" ".join(text.split()))
    return len(text)


def wording(scenario) -> Wording:
    moments = hits = 0
    flagged: list[str] = []
    openers: Counter[str] = Counter()
    best_count = 0
    for node_id, rule in scenario.nodes.items():
        choices = rule.choices
        if len(choices) < 3:
            continue
        moments += 1
        texts = [choice.spec.text for choice in choices]
        sums = [sum(choice.scores) for choice in choices]
        lengths = list(map(_length, texts))
        best = max(sums)
        if (best, max(lengths)) in zip(sums, lengths):  # a longest option is a best one
            hits += 1
            flagged.append(node_id)
        for text, total in zip(texts, sums):
            if total == best:
                best_count += 1
                openers[_opening(text)] += 1
    phrase, count = openers.most_common(1)[0] if openers else (None, 0)
    # "Most" best options, and enough of them that it is a habit rather than a coincidence.
    if not (best_count >= 4 and count * 2 > best_count):
        phrase, count = None, count
    return Wording(moments, hits, tuple(flagged), phrase, count, best_count)
