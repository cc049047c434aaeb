"""The pure engine: play state, rules of play, save/restore and debrief data. No pygame, no I/O."""

from .debrief import Debrief, build_debrief
from .history import Moment, history
from .play import (ChoiceError, OfferedChoice, already_taken, available, choose, current_node, is_over,
                   node_text, offered_choices, replay, rewind, start)
from .save import SaveError, from_json, to_json
from .state import PlayState, Step

__all__ = [
    "ChoiceError", "Debrief", "OfferedChoice", "PlayState", "SaveError", "Step", "already_taken", "available",
    "build_debrief", "choose", "history", "Moment", "current_node", "from_json", "is_over", "node_text", "offered_choices", "replay", "rewind",
    "start", "to_json",
]
