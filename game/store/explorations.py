"""The explorer's results on disk, by the scenario file's content hash, so an unchanged scenario is
never explored twice: the catalog, the debrief, `validate`, `routes` and `map` all ask here.

A cache file that is damaged, too large, not a regular file, or written for other content or by
another version of the explorer is ignored and rewritten. Writes are atomic.
"""

from __future__ import annotations

import json
from pathlib import Path

from game.engine.bounds import remember
from game.engine.explore import BUDGET_S, EXPLORER_VERSION, Exploration, explore
from game.model import Scenario
from game.safe_read import read_limited

from .atomic import write_atomic
from .folders import cache_dir

MAX_CACHE_BYTES = 8 * 1024 * 1024


def cache_path(scenario: Scenario) -> Path:
    return cache_dir() / "explore" / f"{scenario.content_hash}-v{EXPLORER_VERSION}.json"


def explored(scenario: Scenario, *, budget_s: float = BUDGET_S) -> Exploration:
    """The exploration of `scenario`: from the cache when it holds one at least as good, else
    computed (within `budget_s` seconds) and stored. Also primes playable_bounds."""
    path = cache_path(scenario)
    found = _read(path, scenario.content_hash)
    if found is not None and (found.exact or found.budget_s >= budget_s):
        remember(scenario, found)
        return found
    result = explore(scenario, budget_s=budget_s)
    try:
        write_atomic(path, json.dumps(result.to_json(), separators=(",", ":")))
    except OSError:
        pass  # a read-only or full disk costs only the time to explore again next start
    remember(scenario, result)
    return result


def _read(path: Path, content_hash: str) -> Exploration | None:
    try:
        raw = read_limited(path, MAX_CACHE_BYTES)  # the one guarded reader: regular files, capped
    except OSError:
        return None
    try:
        result = Exploration.from_json(json.loads(raw.decode("utf-8")))
    except (ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError):
        return None
    return result if result.content_hash == content_hash else None
