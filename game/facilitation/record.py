"""A facilitated session to and from JSON. Pure: no I/O.

A record names its scenario and the content hash of the file it was played on, like the engine's
save (game.engine.save), and everything in it is checked against the scenario when it is restored:
every branch is replayed, so a record edited by hand or made on another version of the file is
refused with a message instead of putting the session into a state play could never reach.
"""

from __future__ import annotations

import math
from typing import Any

from game.engine import ChoiceError, SaveError, Step, choose, is_over, offered_choices, replay, start
from game.engine import from_json as state_from_json
from game.engine import to_json as state_to_json
from game.formats import check_record, record_header
from game.model import Scenario

from .session import Branch, Session, main_line, path
from .votes import FACILITATOR, MAJORITY, MAX_VOTES, TAKEN_BY, TIE_BREAK, SessionError, Visit, leaders

SESSION_KIND = "outreach-facilitation"
# 2: the main line is the first road to an ending; phone votes; label, facilitator, head count;
# whether the room was on a reveal. Version 1 records are still read.
SESSION_VERSION = 2
OLDEST_READABLE = 1


def to_json(session: Session) -> dict[str, Any]:
    return {
        **record_header(SESSION_KIND, SESSION_VERSION, session.scenario_id, session.content_hash),
        "seed": session.seed,
        "started_at": session.started_at,
        "label": session.label,
        "facilitator": session.facilitator,
        "head_count": session.head_count,
        "revealing": session.revealing,
        "main_line": main_line(session),
        "state": state_to_json(session.state),
        "branches": [_branch_json(branch) for branch in session.branches],
    }


def _branch_json(branch: Branch) -> dict[str, Any]:
    return {
        "number": branch.number,
        "parent": branch.parent,
        "fork_at": branch.fork_at,
        "ending": branch.ending,
        "ended_at": branch.ended_at,
        "visits": [_visit_json(visit) for visit in branch.visits],
    }


def _visit_json(visit: Visit) -> dict[str, Any]:
    return {
        "moment": visit.moment,
        "node": visit.node,
        "options": [{"choice": index, "votes": count, **({"phones": phones} if visit.phones else {})}
                    for index, count, phones in zip(visit.options, visit.votes, visit.phone_votes)],
        "tally_shown": visit.tally_shown,
        "started_at": visit.started_at,
        "seconds": visit.seconds,
        "taken": visit.taken,
        "taken_by": visit.taken_by,
    }


def from_json(scenario: Scenario, data: Any) -> Session:
    """Restore a session on `scenario`. Raises SessionError, with a message for the facilitator,
    when the record is not one, is of another scenario or file version, or does not add up."""
    check_record(data, scenario.id, scenario.content_hash, kind=SESSION_KIND, version=SESSION_VERSION,
                 oldest=OLDEST_READABLE, noun="facilitation session", made="recorded", error=SessionError)
    try:
        session = _session(scenario, data)
    except (TypeError, ValueError, KeyError, IndexError, AttributeError, ChoiceError) as error:
        detail = str(error) if isinstance(error, _Damaged) else "a field is missing or of the wrong type"
        raise SessionError(f"the session record is damaged ({detail})") from None
    try:
        stored = state_from_json(scenario, data.get("state"))
    except SaveError:
        raise SessionError("the session record is damaged (its play state does not fit the scenario)") from None
    if stored != session.state:
        raise SessionError("the session record is damaged (its play state does not match its branches)")
    # Version 1 named the most recent road to an ending as the main line; from 2 it is the first.
    if data.get("version", 1) >= 2 and data.get("main_line") != main_line(session):
        raise SessionError("the session record is damaged (its main line does not match its branches)")
    if not isinstance(data.get("main_line"), int):
        raise SessionError("the session record is damaged (it names no main line)")
    return session


class _Damaged(ValueError):
    """What exactly does not add up in a record; becomes part of the SessionError message."""


def _session(scenario: Scenario, data: dict[str, Any]) -> Session:
    seed, started_at, raw = data["seed"], _time(data["started_at"]), data["branches"]
    if not _is_int(seed):
        raise _Damaged("the seed is not a whole number")
    if not isinstance(raw, list) or not raw:
        raise _Damaged("it has no branches")
    placeholder = start(scenario, seed)
    session = Session(scenario.id, scenario.content_hash, seed, started_at, placeholder, ())
    for number, item in enumerate(raw, start=1):
        branch = _branch(item, number, last=number == len(raw))
        session = Session(session.scenario_id, session.content_hash, seed, started_at, placeholder,
                          session.branches + (branch,))
        state = _replay_branch(scenario, session, branch)
    label, facilitator = data.get("label", ""), data.get("facilitator", "")
    head_count, revealing = data.get("head_count"), data.get("revealing", False)
    if not isinstance(label, str) or not isinstance(facilitator, str) or not isinstance(revealing, bool):
        raise _Damaged("its label, facilitator or reveal is of the wrong type")
    if head_count is not None and not (_is_int(head_count) and 0 <= head_count <= MAX_VOTES):
        raise _Damaged("its head count is not a whole number")
    if revealing and not any(v.taken is not None for v in path(session)):
        raise _Damaged("it is on a reveal before anything was taken")
    return Session(scenario.id, scenario.content_hash, seed, started_at, state, session.branches, label, facilitator,
                   head_count, revealing)


def _branch(item: Any, number: int, last: bool) -> Branch:
    if not isinstance(item, dict):
        raise _Damaged(f"branch {number} is not an object")
    parent, fork_at, ending, ended_at = item["parent"], item["fork_at"], item["ending"], item["ended_at"]
    if item["number"] != number or not _is_int(fork_at):
        raise _Damaged(f"branch {number} is out of order")
    if number == 1:
        if parent is not None or fork_at != 1:
            raise _Damaged("the first branch does not start at moment 1")
    elif not (_is_int(parent) and 1 <= parent < number and fork_at >= 1):
        raise _Damaged(f"branch {number} does not start from an earlier branch")
    if (ending is None) != (ended_at is None) or not (ending is None or isinstance(ending, str)):
        raise _Damaged(f"branch {number} has a damaged ending")
    visits = item["visits"]
    if not isinstance(visits, list) or not visits:
        raise _Damaged(f"branch {number} has no moments")
    parsed = tuple(_visit(v, number) for v in visits)
    for offset, visit in enumerate(parsed):
        if visit.moment != fork_at + offset:
            raise _Damaged(f"branch {number} skips a moment")
        if visit.is_open and (offset < len(parsed) - 1 or ending is not None):
            raise _Damaged(f"branch {number} goes on past a moment where nothing was taken")
        if visit.is_open and (visit.seconds is None) != last:
            raise _Damaged(f"branch {number} has a moment with no time spent")
    if ending is None and not parsed[-1].is_open:
        raise _Damaged(f"branch {number} stops after taking an option")
    return Branch(number, parent, fork_at, parsed, ending, None if ended_at is None else _time(ended_at))


def _visit(item: Any, branch: int) -> Visit:
    if not isinstance(item, dict) or not isinstance(item["options"], list):
        raise _Damaged(f"a moment of branch {branch} is not an object")
    moment, node, tally_shown = item["moment"], item["node"], item["tally_shown"]
    options = tuple(option["choice"] for option in item["options"])
    votes = tuple(option["votes"] for option in item["options"])
    phones = tuple(option.get("phones", 0) for option in item["options"])
    seconds, taken, taken_by = item["seconds"], item["taken"], item["taken_by"]
    where = f"moment {moment} of branch {branch}"
    if not (_is_int(moment) and isinstance(node, str) and isinstance(tally_shown, bool)
            and all(_is_int(i) for i in options)):
        raise _Damaged(f"{where} has a field of the wrong type")
    if not all(_is_int(n) and 0 <= n <= MAX_VOTES for n in votes + phones):
        raise _Damaged(f"{where} has a vote count that is not a number from 0 to {MAX_VOTES}")
    counts = tuple(h + p for h, p in zip(votes, phones))
    if seconds is not None and _time(seconds) < 0:
        raise _Damaged(f"{where} has a negative time")
    if taken is None:
        if taken_by is not None:
            raise _Damaged(f"{where} says who took an option but none was taken")
    elif seconds is None or taken not in options or taken_by not in TAKEN_BY:
        raise _Damaged(f"{where} has a damaged option taken")
    else:
        top = leaders(options, counts)
        expected = (MAJORITY if top == [taken] else TIE_BREAK if taken in top else FACILITATOR)
        if taken_by != expected:
            raise _Damaged(f"{where} says the option was taken by the {taken_by}, but the votes say {expected}")
    return Visit(moment, node, options, votes, _time(item["started_at"]), tally_shown,
                 None if seconds is None else _time(seconds), taken, taken_by, phones if any(phones) else ())


def _replay_branch(scenario: Scenario, session: Session, branch: Branch):
    """Play the branch from the start, checking every visit is what play would have offered."""
    before = path(session, branch.parent)[:branch.fork_at - 1] if branch.parent is not None else ()
    if len(before) != branch.fork_at - 1 or any(v.taken is None for v in before):
        raise _Damaged(f"branch {branch.number} starts at a moment its parent never reached")
    if branch.parent is not None:
        left = path(session, branch.parent)[branch.fork_at - 1:branch.fork_at]
        if not left or left[0].taken is None:
            raise _Damaged(f"branch {branch.number} starts at a moment its parent never left")
    state = replay(scenario, session.seed, [Step(v.node, v.taken) for v in before])
    for visit in branch.visits:
        offered = tuple(choice.index for choice in offered_choices(scenario, state))
        if visit.node != state.node or visit.options != offered or is_over(scenario, state):
            raise _Damaged(f"moment {visit.moment} of branch {branch.number} is not what the scenario offers there")
        if visit.taken is not None:
            state = choose(scenario, state, visit.taken)
    if branch.ending is not None and not (is_over(scenario, state) and state.node == branch.ending):
        raise _Damaged(f"branch {branch.number} does not reach the ending it names")
    return state


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _time(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise _Damaged("a time is not a number")
    return float(value)
