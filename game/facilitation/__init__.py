"""Facilitator mode, as pure values: a room playing one scenario together, its votes at each
moment, the options the facilitator took, and every branch explored by jumping back. No pygame,
no I/O, no clock (callers pass `now`); storage is game.store.sessions."""

from .record import CSV_COLUMNS, SESSION_KIND, SESSION_VERSION, from_json, to_csv_rows, to_json
from .session import (Branch, RoomOption, Session, TakenMoment, add_vote, clear_votes, jump_back, leading,
                      main_line, main_line_state, moments_taken, new_session, options, owned_path, path, set_votes,
                      shorten, show_tally, start_discussion, take, vote_split)
from .votes import (FACILITATOR, MAJORITY, MAX_VOTES, TAKEN_BY, TIE_BREAK, SessionError, Visit, leaders, letter,
                    letters)

__all__ = [
    "Branch", "CSV_COLUMNS", "FACILITATOR", "MAJORITY", "MAX_VOTES", "RoomOption", "SESSION_KIND",
    "SESSION_VERSION", "Session", "SessionError", "TAKEN_BY", "TIE_BREAK", "TakenMoment", "Visit", "add_vote",
    "clear_votes", "from_json", "jump_back", "leaders", "leading", "letter", "letters", "main_line",
    "main_line_state", "moments_taken", "new_session", "options", "owned_path", "path", "set_votes", "shorten",
    "show_tally", "start_discussion", "take", "to_csv_rows", "to_json", "vote_split",
]
