"""The terminal player, for screen readers and pipes."""

from .player import FEEDBACK_MODES, TextPlayer, choose_from_list

__all__ = ["FEEDBACK_MODES", "TextPlayer", "choose_from_list"]
