"""What a scenario covers, read from its choices: the principles it scores and centres, the lens
factors its choices attend to, its size, and its place in the course. Used by the picker's
cards, `outreach list --json` and the library's tests."""

from __future__ import annotations

from dataclasses import dataclass

from .principles import LENS_KEYS, PRINCIPLE_KEYS, PRINCIPLES

START_HERE = "Start here"
_LABELS = {p.key: p.label for p in PRINCIPLES}


@dataclass(frozen=True, slots=True)
class Profile:
    moments: int
    endings: int
    principles_scored: tuple[str, ...]  # keys, in the fixed order
    principles_centred: tuple[str, ...]  # keys, the ones most at stake first
    lens_attended: tuple[str, ...]  # drug / set / setting, in that order
    topic: str
    order: int

    def centred_labels(self) -> list[str]:
        return [_LABELS[key] for key in self.principles_centred]


def profile(scenario) -> Profile:
    doc = scenario.document
    stake = dict.fromkeys(PRINCIPLE_KEYS, 0)  # how much each principle moves across all choices
    lens: set[str] = set()
    for rule in scenario.nodes.values():
        for choice in rule.choices:
            for key, value in zip(PRINCIPLE_KEYS, choice.scores):
                stake[key] += abs(value)
            lens.update(choice.spec.lens)
    scored = tuple(key for key in PRINCIPLE_KEYS if stake[key])
    ranked = sorted(scored, key=lambda key: -stake[key])
    # "Centred": the principles carrying most of the scoring, at most three, and only those
    # with a real share (a principle touched once is scored, not centred).
    top = stake[ranked[0]] if ranked else 0
    centred = tuple(key for key in ranked[:3] if stake[key] * 2 >= top)
    return Profile(
        moments=len(scenario.nodes),
        endings=sum(1 for rule in scenario.nodes.values() if rule.is_ending),
        principles_scored=scored,
        principles_centred=centred,
        lens_attended=tuple(key for key in LENS_KEYS if key in lens),
        topic=doc.topic or "More scenarios",
        order=doc.order if doc.order is not None else 10_000,
    )


def course_sort_key(scenario) -> tuple:
    """'Start here' first; then topics in the order of their first scenario; then by order and title."""
    p = profile(scenario)
    return (p.topic != START_HERE, p.order, scenario.document.title.casefold())


def in_course_order(scenarios: list) -> list[tuple[str, list]]:
    """Scenarios grouped by topic, groups and members in course order."""
    groups: dict[str, list] = {}
    for scenario in sorted(scenarios, key=course_sort_key):
        groups.setdefault(profile(scenario).topic, []).append(scenario)
    return list(groups.items())
