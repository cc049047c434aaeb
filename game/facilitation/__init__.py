"""Facilitator mode, as pure values: a room playing one scenario together, its votes at each
moment, the options the facilitator took, and every branch explored by jumping back. No pygame,
no I/O, no clock (callers pass `now`); storage is game.store.sessions."""

from .record import SESSION_KIND, SESSION_VERSION, from_json, to_json
from .roads import OptionCount, Road, RoadMoment, road_steps, roads
from .session import (Branch, RoomOption, Session, TakenMoment, add_vote, clear_votes, close_reveal, describe,
                      is_main_line_complete, jump_back, leading, main_line, main_line_state, moment_key,
                      moments_taken, new_session, options, owned_path, path, resume, set_phone_votes, set_votes,
                      shorten, show_tally, start_discussion, take, vote_split)
from .table import csv_columns, csv_rows, started_text
from .votes import (FACILITATOR, MAJORITY, MAX_VOTES, TAKEN_BY, TIE_BREAK, SessionError, Visit, leaders, letter,
                    letters)

__all__ = [
    "Branch", "FACILITATOR", "MAJORITY", "MAX_VOTES", "OptionCount", "Road", "RoadMoment", "RoomOption",
    "SESSION_KIND", "SESSION_VERSION", "Session", "SessionError", "TAKEN_BY", "TIE_BREAK", "TakenMoment", "Visit",
    "add_vote", "clear_votes", "close_reveal", "csv_columns", "csv_rows", "describe", "from_json",
    "is_main_line_complete", "jump_back", "leaders", "leading", "letter", "letters", "main_line", "main_line_state",
    "moment_key", "moments_taken", "new_session", "options", "owned_path", "path", "resume", "road_steps", "roads",
    "set_phone_votes", "set_votes", "shorten", "show_tally", "start_discussion", "started_text", "take", "to_json",
    "vote_split",
]
