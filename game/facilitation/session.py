"""A facilitated session: a room playing one scenario together, voting at each moment, the
facilitator taking an option and jumping back to explore the roads not taken.

Everything lives in one immutable `Session`; every function returns a new one (or the same one
when nothing changed, so a caller can skip an autosave with `is`). No clock is read here: callers
pass `now`, seconds on any clock that only moves forward during a session (time.time() is fine).

Branches. The first run through the scenario is branch 1. When the facilitator jumps back to an
earlier moment, the current path is kept as it was and a new branch starts at that moment; it
shares the moments before it with the branch it left (its `parent`) and holds only its own visits
from `fork_at` on. The current branch is always the last one. The *main line* is the room's own
run: the first branch to reach an ending (or, before any has, the current branch). Every road
explored after that is a branch, kept with its own votes, decisions and ending.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from game.engine import PlayState, Step, choose, is_over, offered_choices, replay, start
from game.model import Scenario

from .votes import FACILITATOR, MAJORITY, MAX_VOTES, TIE_BREAK, SessionError, Visit, letter

SHORT_TEXT = 60  # characters of an option's text in the jump-back list
LABEL_LENGTH = 80  # characters of a session label or a facilitator's name
MAX_HEAD_COUNT = 9999


@dataclass(frozen=True, slots=True)
class Branch:
    number: int  # 1-based, in the order the branches were started
    parent: int | None  # the branch the facilitator jumped back from; None for the first
    fork_at: int  # the moment this branch starts at (1 for the first)
    visits: tuple[Visit, ...]  # moments fork_at, fork_at + 1, ... as the room met them here
    ending: str | None = None  # the ending node reached, None when the branch stopped before one
    ended_at: float | None = None


@dataclass(frozen=True, slots=True)
class Session:
    scenario_id: str
    content_hash: str
    seed: int
    started_at: float
    state: PlayState  # where the room is on the current branch
    branches: tuple[Branch, ...]  # never empty; the last one is the current branch
    label: str = ""  # e.g. "Tuesday cohort", as the facilitator typed it at the start
    facilitator: str = ""  # the facilitator's name, if given
    head_count: int | None = None  # how many people were in the room, if given
    revealing: bool = False  # the room is looking at the reveal of the option just taken

    @property
    def branch(self) -> Branch:
        """The branch being explored now."""
        return self.branches[-1]

    @property
    def visit(self) -> Visit | None:
        """The moment the room is on, or None when the current branch has reached an ending."""
        last = self.branches[-1].visits[-1]
        return last if last.is_open else None

    @property
    def is_over(self) -> bool:
        return self.branches[-1].ending is not None

    @property
    def moment(self) -> int:
        """The number of the moment the room is on (the number an ending would have when over)."""
        return len(self.state.path) + 1


@dataclass(frozen=True, slots=True)
class RoomOption:
    """An option as the room sees it right now."""

    letter: str
    index: int  # authored choice index
    text: str
    votes: int  # hands and phones together
    leading: bool  # among the options with the most votes (False for all when nobody voted)
    hands: int = 0  # keyed in by the facilitator
    phones: int = 0  # from phones


@dataclass(frozen=True, slots=True)
class TakenMoment:
    """A moment on the current path, for the facilitator's jump-back list."""

    number: int
    node: str
    letter: str
    text: str  # the option taken, in full
    taken_by: str

    @property
    def short(self) -> str:
        return shorten(self.text)


# Starting and voting

def new_session(scenario: Scenario, seed: int | None, now: float, *, label: str = "", facilitator: str = "",
                head_count: int | None = None) -> Session:
    now = _time(now)
    state = start(scenario, seed)
    first = Branch(1, None, 1, (_open(scenario, state, now),))
    return describe(Session(scenario.id, scenario.content_hash, state.seed, now, state, (first,)),
                    label=label, facilitator=facilitator, head_count=head_count)


def describe(session: Session, *, label: str = "", facilitator: str = "", head_count: int | None = None) -> Session:
    """The session with its label, facilitator's name and head count (all optional: "" or None)."""
    if not isinstance(label, str) or not isinstance(facilitator, str):
        raise SessionError("a label and a name are text")
    if head_count is not None and (not isinstance(head_count, int) or isinstance(head_count, bool)
                                   or not 0 <= head_count <= MAX_HEAD_COUNT):
        raise SessionError(f"a head count is a whole number from 0 to {MAX_HEAD_COUNT}")
    return replace(session, label=_one_line(label), facilitator=_one_line(facilitator), head_count=head_count)


def _one_line(text: str) -> str:
    return " ".join(text.split())[:LABEL_LENGTH]


def add_vote(session: Session, index: int, delta: int = 1) -> Session:
    """Add `delta` votes (-1 to take one back) to authored choice `index`; never below 0."""
    if not isinstance(delta, int) or isinstance(delta, bool):
        raise TypeError("delta must be a whole number")
    visit = _voting(session)
    count = min(max(visit.votes_for(index) + delta, 0), MAX_VOTES)
    return _with_visit(session, visit.with_votes(index, count))


def set_votes(session: Session, index: int, count: int) -> Session:
    """Set the votes for authored choice `index` to a count the facilitator typed."""
    if not isinstance(count, int) or isinstance(count, bool):
        raise SessionError("a vote count is a whole number")
    if not 0 <= count <= MAX_VOTES:
        raise SessionError(f"a vote count is from 0 to {MAX_VOTES}")
    visit = _voting(session)
    return _with_visit(session, visit.with_votes(index, count))


def clear_votes(session: Session) -> Session:
    visit = _voting(session)
    return _with_visit(session, replace(visit, votes=(0,) * len(visit.votes)))


def set_phone_votes(session: Session, counts: tuple[int, ...] | list[int]) -> Session:
    """The phones' votes at the current moment, per option in the offered order (the voting
    server's tally; they add to the hands the facilitator keys in)."""
    counts = tuple(counts)
    if not all(isinstance(n, int) and not isinstance(n, bool) and 0 <= n <= MAX_VOTES for n in counts):
        raise SessionError(f"a vote count is a whole number from 0 to {MAX_VOTES}")
    visit = _voting(session)
    return _with_visit(session, visit.with_phones(counts))


def moment_key(session: Session) -> str | None:
    """A name for the moment the room is voting on, unique within the session (branch and
    moment), or None when there is nothing to vote on: what a phone's vote must name."""
    visit = session.visit
    if visit is None or session.revealing:
        return None
    return f"{session.branch.number}-{visit.moment}"


def show_tally(session: Session, shown: bool = True) -> Session:
    """Record whether the room can see the tally at this moment."""
    return _with_visit(session, replace(_voting(session), tally_shown=bool(shown)))


def start_discussion(session: Session, now: float) -> Session:
    """Restart the clock of the current moment, e.g. when the feedback of the last one is closed
    and the room turns to this one. Without it, a moment's time runs from the previous take."""
    return _with_visit(session, replace(_voting(session), started_at=_time(now)))


def leading(session: Session) -> list[int]:
    """The authored indexes with the most votes at the current moment, in the offered order:
    one when the room has a majority, several on a tie, none when nobody voted (or it is over)."""
    visit = session.visit
    return visit.leading if visit is not None else []


def options(session: Session, scenario: Scenario) -> tuple[RoomOption, ...]:
    """The options of the current moment as the room sees them: lettered, with their votes."""
    visit = session.visit
    if visit is None:
        return ()
    node = scenario.nodes[visit.node]
    top = set(visit.leading)
    return tuple(
        RoomOption(letter(i), index, node.choices[index].spec.text, hands + phones, index in top, hands, phones)
        for i, (index, hands, phones) in enumerate(zip(visit.options, visit.votes, visit.phone_votes))
    )


# Taking an option and jumping back

def take(session: Session, scenario: Scenario, index: int, now: float, overridden: bool = False) -> Session:
    """Take authored choice `index` at the current moment and move the room on.

    Who decided is read from the votes: the only leading option is the room's majority, one of
    several tied at the top is the facilitator's tie-break, anything else (or any option when
    nobody voted) is the facilitator's decision. Going against the room's vote needs
    `overridden=True`, so a slip of the key cannot overrule a room; it raises SessionError
    otherwise. (Passing it for the leading option still records a majority: that is what
    happened.)"""
    _check_scenario(session, scenario)
    now = _time(now)
    visit = _voting(session)
    visit.position(index)  # raises when the option is not offered here
    top = visit.leading
    if index in top:
        taken_by = MAJORITY if len(top) == 1 else TIE_BREAK
    elif overridden or not top:
        taken_by = FACILITATOR
    else:
        room = " and ".join(visit.letter_of(i) for i in top)
        raise SessionError(f"the room voted for {room}; taking {visit.letter_of(index)} overrides the room's vote")
    state = choose(scenario, session.state, index)
    closed = replace(visit, taken=index, taken_by=taken_by, seconds=_spent(visit, now))
    branch = session.branch
    visits = branch.visits[:-1] + (closed,)
    if is_over(scenario, state):
        branch = replace(branch, visits=visits, ending=state.node, ended_at=now)
    else:
        branch = replace(branch, visits=visits + (_open(scenario, state, now),))
    return replace(session, state=state, branches=session.branches[:-1] + (branch,), revealing=True)


def close_reveal(session: Session, now: float) -> Session:
    """The room leaves the reveal: the next moment's discussion (and its clock) starts now."""
    if not session.revealing:
        return session
    session = replace(session, revealing=False)
    return start_discussion(session, now) if session.visit is not None else session


def resume(session: Session, away_since: float, now: float) -> Session:
    """The session picked up again after a crash or a closed lid: the time between `away_since`
    (when it was last saved) and `now` is not counted as discussion of the open moment."""
    away = _time(now) - _time(away_since)
    visit = session.visit
    if visit is None or away <= 0:
        return session
    return _with_visit(session, replace(visit, started_at=visit.started_at + away))


def jump_back(session: Session, scenario: Scenario, moment_number: int, now: float,
              keep_votes: bool = False) -> Session:
    """Go back to an earlier moment of the current path to take another option there.

    The current branch stays in the record as it is (the moment the room was on is closed with
    the time spent so far); a new branch starts at `moment_number`, with no votes, or with the
    votes the room gave there before when `keep_votes`. A branch that was started and left
    again before anything happened in it (no votes, nothing taken) is dropped rather than kept.
    """
    _check_scenario(session, scenario)
    now = _time(now)
    taken = len(session.state.path)
    if not isinstance(moment_number, int) or isinstance(moment_number, bool) or not 1 <= moment_number <= taken:
        if taken == 0:
            raise SessionError("there is no earlier moment to go back to")
        raise SessionError(f"the room can go back to moments 1 to {taken}, not {moment_number}")
    earlier = path(session)[moment_number - 1]
    branches, parent = session.branches, session.branch.number
    current = session.visit
    if current is not None:
        if len(session.branch.visits) == 1 and session.branch.parent is not None and not current.total_votes:
            branches, parent = branches[:-1], session.branch.parent  # an empty exploration
        else:
            closed = replace(current, seconds=_spent(current, now))
            branches = branches[:-1] + (replace(session.branch, visits=session.branch.visits[:-1] + (closed,)),)
    state = replay(scenario, session.seed, session.state.path[:moment_number - 1])
    visit = _open(scenario, state, now, moment_number)
    if keep_votes and visit.options == earlier.options:
        visit = replace(visit, votes=earlier.votes, phones=earlier.phones, tally_shown=earlier.tally_shown)
    branch = Branch(len(branches) + 1, parent, moment_number, (visit,))
    return replace(session, state=state, branches=branches + (branch,), revealing=False)


# Reading the record

def path(session: Session, branch: int | None = None) -> tuple[Visit, ...]:
    """Every visit on a branch's path from moment 1 (the current branch by default)."""
    return tuple(visit for _, visit in owned_path(session, branch))


def owned_path(session: Session, branch: int | None = None) -> tuple[tuple[int, Visit], ...]:
    """path(), each visit with the number of the branch it was recorded on."""
    number = session.branch.number if branch is None else branch
    if not 1 <= number <= len(session.branches):
        raise SessionError(f"there is no branch {number}")
    own = session.branches[number - 1]
    chunks, need, parent = [(number, own.visits)], own.fork_at - 1, own.parent
    while need and parent is not None:  # moments 1..need come from the ancestors
        above = session.branches[parent - 1]
        chunks.append((parent, above.visits[:max(need - above.fork_at + 1, 0)]))
        need, parent = min(need, above.fork_at - 1), above.parent
    return tuple((owner, visit) for owner, visits in reversed(chunks) for visit in visits)


def main_line(session: Session) -> int:
    """The number of the branch that is the room's own run: the first to reach an ending, else
    (no ending yet) the current branch. Roads explored after it are branches."""
    complete = [b.number for b in session.branches if b.ending is not None]
    return complete[0] if complete else session.branch.number


def is_main_line_complete(session: Session) -> bool:
    return any(b.ending is not None for b in session.branches)


def main_line_state(session: Session, scenario: Scenario) -> PlayState:
    """The engine state at the end of the main line, e.g. for game.engine.build_debrief."""
    _check_scenario(session, scenario)
    number = main_line(session)
    if number == session.branch.number:
        return session.state
    return replay(scenario, session.seed, [Step(v.node, v.taken) for v in path(session, number) if v.taken is not None])


def moments_taken(session: Session, scenario: Scenario) -> tuple[TakenMoment, ...]:
    """The moments of the current path where an option was taken: the places to jump back to."""
    return tuple(
        TakenMoment(v.moment, v.node, v.letter_of(v.taken), scenario.nodes[v.node].choices[v.taken].spec.text,
                    v.taken_by)
        for v in path(session) if v.taken is not None
    )


def vote_split(session: Session, scenario: Scenario, branch: int | None = None) -> list[dict[str, int] | None]:
    """Per option taken on a branch's path (the current one by default), the votes per option text
    in the offered order, or None where nobody voted: game.report.debrief_html's `votes`."""
    split: list[dict[str, int] | None] = []
    for visit in path(session, branch):
        if visit.taken is None:
            continue
        choices = scenario.nodes[visit.node].choices
        split.append({choices[i].spec.text: n for i, n in zip(visit.options, visit.counts)}
                     if visit.total_votes else None)
    return split


def shorten(text: str, width: int = SHORT_TEXT) -> str:
    """`text` on one line, cut at a word boundary to at most `width` characters with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= width:
        return text
    cut = text[:width - 1]
    if " " in cut:
        cut = cut[:cut.rindex(" ")]
    return cut.rstrip(" ,;:.") + "…"


# Helpers

def _open(scenario: Scenario, state: PlayState, now: float, moment: int | None = None) -> Visit:
    indexes = tuple(choice.index for choice in offered_choices(scenario, state))
    number = len(state.path) + 1 if moment is None else moment
    return Visit(number, state.node, indexes, (0,) * len(indexes), now)


def _voting(session: Session) -> Visit:
    visit = session.visit
    if visit is None:
        raise SessionError("the scenario has ended: go back to an earlier moment to vote again")
    return visit


def _with_visit(session: Session, visit: Visit) -> Session:
    if visit == session.visit:
        return session
    branch = session.branch
    branch = replace(branch, visits=branch.visits[:-1] + (visit,))
    return replace(session, branches=session.branches[:-1] + (branch,))


def _check_scenario(session: Session, scenario: Scenario) -> None:
    if scenario.id != session.scenario_id:
        raise SessionError(f"this session is of the scenario '{session.scenario_id}', not '{scenario.id}'")
    if scenario.content_hash != session.content_hash:
        raise SessionError("the scenario file has changed since this session started")


def _time(now: float) -> float:
    if isinstance(now, bool) or not isinstance(now, (int, float)) or not math.isfinite(now):
        raise SessionError(f"a time is a finite number of seconds, not {now!r}")
    return float(now)


def _spent(visit: Visit, now: float) -> float:
    """Seconds since the visit started; never negative, should the clock have been set back."""
    return max(now - visit.started_at, 0.0)

