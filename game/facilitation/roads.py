"""The whole session as roads for a trainer's report: the room's own run (the main line) first,
then every road explored after jumping back, each with its moments, votes, who decided, the
scores of what was taken and the ending. Pure: the CSV table, the HTML page and the summary
slide are all read from these values.

Every recorded moment belongs to exactly one road: the main line holds its whole path from
moment 1 (including moments first met on another branch), and each other road holds only the
moments of its own branch that are not on the main line.
"""

from __future__ import annotations

from dataclasses import dataclass

from game.engine import Step, choose, replay
from game.model import Scenario

from .session import Session, main_line, owned_path
from .votes import Visit, letter


@dataclass(frozen=True, slots=True)
class OptionCount:
    letter: str
    text: str
    hands: int
    phones: int
    taken: bool
    id: str | None = None  # the choice's stable id (format 2), when the author gave one

    @property
    def votes(self) -> int:
        return self.hands + self.phones


@dataclass(frozen=True, slots=True)
class RoadMoment:
    moment: int
    branch: int  # the branch it was recorded on
    node: str
    speaker: str | None
    situation: str
    options: tuple[OptionCount, ...]  # in the order the room saw them
    taken: OptionCount | None  # None for the moment the room is still on
    taken_by: str | None  # majority, tie-break or facilitator
    scores: tuple[int, ...] | None  # what the option taken added, per principle (a repeat adds 0)
    feedback: str | None
    seconds: float | None

    @property
    def total_votes(self) -> int:
        return sum(o.votes for o in self.options)


@dataclass(frozen=True, slots=True)
class Road:
    branch: int
    main: bool
    parent: int | None
    starts_at: int  # the first moment listed for this road
    moments: tuple[RoadMoment, ...]
    ending: str | None  # the ending node, or None when the road stopped before one
    ending_title: str | None
    ending_kind: str | None
    totals: tuple[int, ...]  # per principle, along the road's whole path from moment 1

    @property
    def name(self) -> str:
        """How exports and the summary slide name the road."""
        if self.main:
            return "Main line (the room's own run)"
        return f"Branch {self.branch}: explored from moment {self.starts_at}"


def roads(session: Session, scenario: Scenario) -> tuple[Road, ...]:
    """The main line, then every other branch in the order they were started."""
    main = main_line(session)
    on_main = {(owner, visit.moment) for owner, visit in owned_path(session, main)}
    found = [_road(session, scenario, main, owned_path(session, main), True)]
    for branch in session.branches:
        if branch.number == main:
            continue
        everything = owned_path(session, branch.number)
        own = tuple((o, v) for o, v in everything if o == branch.number and (o, v.moment) not in on_main)
        if own:
            found.append(_road(session, scenario, branch.number, everything, False, own[0][1].moment))
    return tuple(found)


def _road(session: Session, scenario: Scenario, number: int, walked: tuple[tuple[int, Visit], ...], main: bool,
          starts_at: int = 1) -> Road:
    branch = session.branches[number - 1]
    state = replay(scenario, session.seed, [])
    moments = []
    for owner, visit in walked:
        before = state.totals
        if visit.taken is not None:
            state = choose(scenario, state, visit.taken)
        if visit.moment >= starts_at:
            moments.append(_moment(scenario, owner, visit, before, state.totals))
    ending = scenario.nodes[branch.ending].spec.ending if branch.ending else None
    return Road(number, main, branch.parent, starts_at, tuple(moments), branch.ending,
                ending.title if ending else None, ending.kind if ending else None, state.totals)


def _moment(scenario: Scenario, owner: int, visit: Visit, before: tuple[int, ...],
            after: tuple[int, ...]) -> RoadMoment:
    node = scenario.nodes[visit.node]
    options = tuple(
        OptionCount(letter(i), node.choices[index].spec.text, hands, phones, index == visit.taken,
                    node.choices[index].spec.id)
        for i, (index, hands, phones) in enumerate(zip(visit.options, visit.votes, visit.phone_votes))
    )
    taken = next((o for o in options if o.taken), None)
    rule = node.choices[visit.taken] if visit.taken is not None else None
    return RoadMoment(
        visit.moment, owner, visit.node, node.spec.speaker, node.spec.text, options, taken, visit.taken_by,
        tuple(a - b for a, b in zip(after, before)) if rule is not None else None,
        rule.spec.feedback if rule is not None else None, visit.seconds,
    )


def road_steps(session: Session, number: int) -> list[Step]:
    """The steps of a road's path, for the engine (e.g. its debrief)."""
    return [Step(v.node, v.taken) for _, v in owned_path(session, number) if v.taken is not None]
