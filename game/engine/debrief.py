"""The debrief of a playthrough, as data for any view: the ending, the principles against the best
and worst possible in this scenario, the drug / set / setting lens, the timeline, the missed
opportunities and the discussion questions."""

from __future__ import annotations

from dataclasses import dataclass

from game.analysis import ScoreBounds
from game.model import DISCLAIMER, LENS_FACTORS, PRINCIPLES, Scenario

from .bounds import playable_bounds
from .play import available, choose, node_text, start
from .state import PlayState, Step

MISSED_OPPORTUNITIES = 3
# A moment counts as missed when an open choice would have added this much more, or when the
# choice made went against the principles: a one-point gap between two good answers is not a miss.
MISSED_GAP = 2
# What the best and worst shown are, when they are not the exact figures for this scenario.
BOUNDS_NOTES = {
    "pending": "The exact best and worst possible were still being worked out: these are the widest "
               "the scenario's structure allows.",
    "structural": "The best and worst possible here are the widest the scenario's structure allows: "
                  "there were too many ways through it to work out the exact figures in time.",
}
# The exact search an offline caller (a test, a storyboard) waits for; views pass bounds instead.
BOUNDS_BUDGET_S = 3.0


@dataclass(frozen=True, slots=True)
class PrincipleResult:
    key: str
    label: str
    total: int
    best: int
    worst: int

    @property
    def share_of_best(self) -> float:
        """Where the total lies between the worst (0.0) and the best (1.0) possible here."""
        if self.best == self.worst:
            return 1.0
        return (self.total - self.worst) / (self.best - self.worst)


@dataclass(frozen=True, slots=True)
class LensResult:
    key: str
    label: str
    summary: str
    learnt: tuple[str, ...]  # texts of the facts revealed during play
    attended_at: tuple[int, ...]  # step numbers (1-based) where a helpful choice attended to it
    missed_at: tuple[int, ...]  # step numbers where a helpful choice attending to it was open but not taken

    @property
    def attended(self) -> bool:
        return bool(self.attended_at)


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    number: int
    node: str
    speaker: str | None
    situation: str
    choice: str
    scores: tuple[int, ...]  # as authored
    counted: bool  # False when the choice had been taken before and scored nothing this time
    effects: tuple[str, ...]
    lens: tuple[str, ...]
    feedback: str


@dataclass(frozen=True, slots=True)
class MissedOpportunity:
    number: int  # the step in the timeline
    node: str
    situation: str
    chosen: str
    chosen_score: int  # sum over principles
    better: str
    better_score: int
    better_scores: tuple[int, ...]
    better_feedback: str

    @property
    def gap(self) -> int:
        return self.better_score - self.chosen_score


@dataclass(frozen=True, slots=True)
class EndingResult:
    kind: str
    title: str
    text: str


@dataclass(frozen=True, slots=True)
class Debrief:
    scenario_id: str
    title: str
    ending: EndingResult | None  # None when the playthrough has not reached an ending
    principles: tuple[PrincipleResult, ...]
    lens: tuple[LensResult, ...]
    timeline: tuple[TimelineEntry, ...]
    missed: tuple[MissedOpportunity, ...]  # the worst few, in the order they happened
    more_missed: int  # further missed moments not listed
    questions: tuple[str, ...]
    facilitator_notes: str | None
    note: str | None
    disclaimer: str = DISCLAIMER
    references: tuple[str, ...] = ()  # "Title. Publisher, year. address" for each public source
    bounds_status: str = "exact"  # or "pending" / "structural": see BOUNDS_NOTES

    @property
    def bounds_note(self) -> str | None:
        return BOUNDS_NOTES.get(self.bounds_status)


def build_debrief(scenario: Scenario, state: PlayState, bounds: ScoreBounds | None = None,
                  bounds_status: str = "exact") -> Debrief:
    """The debrief of `state`, measured against `bounds` (best and worst per principle) as the
    caller knows them now, with `bounds_status` saying what they are. Without `bounds` the exact
    search runs here under a time budget: fine for tools, never for a view someone is waiting on."""
    doc = scenario.document
    if bounds is None:
        bounds = playable_bounds(scenario, budget_s=BOUNDS_BUDGET_S)
        bounds_status = "structural" if bounds is scenario.bounds else "exact"
    principles = tuple(
        PrincipleResult(p.key, p.label, state.totals[i], bounds.best[i], bounds.worst[i])
        for i, p in enumerate(PRINCIPLES)
    )
    timeline, missed, attended, missed_lens = _walk(scenario, state)
    lens = tuple(
        LensResult(
            factor.key, factor.label, getattr(doc.lens, factor.key).summary,
            tuple(scenario.facts[f][1].text for f in state.revealed if scenario.facts[f][0] == factor.key),
            tuple(attended[factor.key]), tuple(missed_lens[factor.key]),
        )
        for factor in LENS_FACTORS
    )
    node = scenario.nodes[state.node].spec
    ending = (EndingResult(node.ending.kind, node.ending.title, node_text(scenario, state))
              if node.ending else None)
    worst_moments = sorted(missed, key=lambda m: (-m.gap, m.number))[:MISSED_OPPORTUNITIES]
    return Debrief(
        scenario_id=scenario.id,
        title=doc.title,
        ending=ending,
        principles=principles,
        lens=lens,
        timeline=tuple(timeline),
        missed=tuple(sorted(worst_moments, key=lambda m: m.number)),
        more_missed=max(len(missed) - MISSED_OPPORTUNITIES, 0),
        questions=doc.debrief.questions,
        facilitator_notes=doc.debrief.facilitator_notes,
        note=doc.debrief.note,
        references=tuple(_reference(r) for r in doc.references),
        bounds_status=bounds_status,
    )


def _reference(ref) -> str:
    text = f"{ref.title}. {ref.publisher}, {ref.year}."
    return f"{text} {ref.url}" if ref.url else text


def _walk(scenario: Scenario, state: PlayState):
    """Replay the path, looking at what was open at each moment and what was chosen."""
    timeline: list[TimelineEntry] = []
    missed: list[MissedOpportunity] = []
    attended: dict[str, list[int]] = {f.key: [] for f in LENS_FACTORS}
    missed_lens: dict[str, list[int]] = {f.key: [] for f in LENS_FACTORS}
    current = start(scenario, state.seed)
    for number, step in enumerate(state.path, start=1):
        node = scenario.nodes[step.node]
        rule = node.choices[step.choice]
        open_rules = [r for r in node.choices if available(r, current)]
        counted = step not in current.path
        timeline.append(TimelineEntry(
            number, step.node, node.spec.speaker, node.spec.text, rule.spec.text, rule.scores, counted,
            tuple(e.text for e in rule.effects), rule.spec.lens, rule.spec.feedback,
        ))
        # A choice attends to a factor when it is tagged with it AND helps: handling the drug
        # badly (a third dose too soon) is not attention the debrief should praise.
        helpful = [r for r in open_rules if sum(r.scores) > 0]
        for factor in attended:
            if factor in rule.spec.lens and rule in helpful:
                attended[factor].append(number)
            elif any(factor in other.spec.lens for other in helpful):
                missed_lens[factor].append(number)
        def worth(other) -> int:  # what taking it here would have added (nothing the second time)
            return 0 if Step(step.node, other.index) in current.path else sum(other.scores)

        chosen_score = worth(rule)
        better = max(open_rules, key=worth)
        gap = worth(better) - chosen_score
        if gap >= MISSED_GAP or (gap > 0 and chosen_score < 0):
            missed.append(MissedOpportunity(
                number, step.node, node.spec.text, rule.spec.text, chosen_score,
                better.spec.text, worth(better), better.scores, better.spec.feedback,
            ))
        current = choose(scenario, current, step.choice)
    return timeline, missed, attended, missed_lens
