"""The session as a table for a trainer's spreadsheet: one row per moment per road (the main line
first, then each branch explored), with the option taken, the votes for every option, who
decided, what the option taken added to each principle, and the road's ending. Pure: rows of
plain values; game.store.sessions writes them as CSV."""

from __future__ import annotations

from datetime import datetime, timezone

from game.model import PRINCIPLE_KEYS, Scenario

from .roads import roads
from .session import Session
from .votes import letter

BEFORE_VOTES = ("scenario", "session_started", "session_label", "facilitator", "head_count", "road", "branch",
                "moment", "node", "option_taken", "choice_id", "option_text", "taken_by")
AFTER_VOTES = ("hand_votes", "phone_votes", "total_votes", "seconds",
               *(f"score_{key}" for key in PRINCIPLE_KEYS), "ending", "ending_kind")


def csv_columns(session: Session) -> tuple[str, ...]:
    """The columns: option_A, votes_A, option_B, votes_B ... (each option's text and its votes) for
    as many options as the most any moment offered."""
    widest = max((len(v.options) for b in session.branches for v in b.visits), default=0)
    per_option = (f"{kind}_{letter(i)}" for i in range(widest) for kind in ("option", "votes"))
    return (*BEFORE_VOTES, *per_option, *AFTER_VOTES)


def csv_rows(session: Session, scenario: Scenario) -> list[dict[str, str | int]]:
    """In csv_columns(session) order. Empty cells: no option taken yet (the moment the room is
    on), votes for letters a moment did not offer, a road with no ending yet."""
    columns = csv_columns(session)
    started = started_text(session.started_at)
    rows: list[dict[str, str | int]] = []
    for road in roads(session, scenario):
        for moment in road.moments:
            row: dict[str, str | int] = {
                "scenario": session.scenario_id,
                "session_started": started,
                "session_label": session.label,
                "facilitator": session.facilitator,
                "head_count": "" if session.head_count is None else session.head_count,
                "road": "main line" if road.main else f"branch {road.branch}",
                "branch": moment.branch,
                "moment": moment.moment,
                "node": moment.node,
                "option_taken": moment.taken.letter if moment.taken else "",
                "choice_id": (moment.taken.id or "") if moment.taken else "",
                "option_text": moment.taken.text if moment.taken else "",
                "taken_by": moment.taken_by or "",
            }
            for option in moment.options:
                row[f"option_{option.letter}"], row[f"votes_{option.letter}"] = option.text, option.votes
            row.update({
                "hand_votes": sum(o.hands for o in moment.options),
                "phone_votes": sum(o.phones for o in moment.options),
                "total_votes": moment.total_votes,
                "seconds": "" if moment.seconds is None else f"{moment.seconds:.1f}",
            })
            row.update({f"score_{key}": "" if moment.scores is None else moment.scores[i]
                        for i, key in enumerate(PRINCIPLE_KEYS)})
            row.update({"ending": road.ending_title or "", "ending_kind": road.ending_kind or ""})
            rows.append({column: row.get(column, "") for column in columns})
    return rows


def started_text(seconds: float) -> str:
    """When the session started, in UTC (a report read in another time zone says the same)."""
    try:
        return f"{datetime.fromtimestamp(seconds, timezone.utc):%Y-%m-%d %H:%M} UTC"
    except (OverflowError, OSError, ValueError):
        return ""
