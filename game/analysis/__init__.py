"""Pure analysis of a scenario's branching structure: reachability, loops, score bounds."""

from .bounds import ScoreBounds, score_bounds
from .graph import StoryGraph, components, reachable, reaches_ending

__all__ = ["ScoreBounds", "StoryGraph", "components", "reachable", "reaches_ending", "score_bounds"]
