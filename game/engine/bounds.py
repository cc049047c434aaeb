"""Best and worst totals per principle over the playthroughs the rules really allow.

The structural bounds (game.analysis) ignore conditions, so a choice offered only when 911 has
not been called yet can make a "best possible" that no player can reach. The explorer
(engine/explore.py) visits every play state and gives the exact figures; when a scenario is too
large for its budget, the structural bounds stand in (and `exact_bounds` says so).

Pure: the disk cache lives in game.store.explorations, which primes this one with `remember`.
"""

from __future__ import annotations

import time

from game.analysis import ScoreBounds
from game.model import Scenario

from .explore import BUDGET_S, Exploration, explore

_cache: dict[tuple[str, str], Exploration] = {}


def remember(scenario: Scenario, exploration: Exploration) -> None:
    """Keep an exploration made elsewhere (e.g. read from the disk cache) for this scenario."""
    _cache[(scenario.source, scenario.content_hash)] = exploration


def exploration(scenario: Scenario, *, budget_s: float = BUDGET_S) -> Exploration:
    key = (scenario.source, scenario.content_hash)
    found = _cache.get(key)
    if found is None or (not found.exact and found.budget_s < budget_s):
        found = _cache[key] = explore(scenario, budget_s=budget_s)
    return found


def playable_bounds(scenario: Scenario, *, budget_s: float = BUDGET_S) -> ScoreBounds:
    """The exact best and worst total per principle; the structural bounds if the explorer ran
    out of budget (or no ending can be reached in play)."""
    found = exploration(scenario, budget_s=budget_s)
    if found.exact and found.best is not None:
        return ScoreBounds(found.best, found.worst)
    return scenario.bounds


def exact_bounds(scenario: Scenario) -> bool:
    """Whether playable_bounds gave exact figures (False: the structural bounds stood in)."""
    found = exploration(scenario)
    return found.exact and found.best is not None
