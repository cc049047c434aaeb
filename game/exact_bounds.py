"""The exact best and worst totals of a scenario, worked out off the main thread.

The exact search (game.engine.bounds) can take seconds, or far longer on a scenario with a
counting loop; a window that waited for it would freeze in front of a room, and under SDL not
even Ctrl-C would stop it. So one daemon thread works the searches out, each under a time budget,
and every view asks `current()`, which never waits: the exact figures once they are known, else
the structural bounds (scenario.bounds) with a status saying why, so the view can say so and
swap the exact figures in when `on_ready` fires.
"""

from __future__ import annotations

import threading
from collections import deque
from typing import Callable

from game.analysis import ScoreBounds
from game.model import Scenario

BUDGET_S = 3.0
PENDING, EXACT, STRUCTURAL = "pending", "exact", "structural"

_lock = threading.Condition()
_queue: deque[Scenario] = deque()
_results: dict[tuple[str, str], tuple[ScoreBounds, str]] = {}
_listeners: dict[tuple[str, str], list[Callable[[], None]]] = {}
_queued: set[tuple[str, str]] = set()
_worker: threading.Thread | None = None


def _key(scenario: Scenario) -> tuple[str, str]:
    return scenario.source, scenario.content_hash


def request(scenario: Scenario, on_ready: Callable[[], None] | None = None, *, urgent: bool = True) -> None:
    """Start working out `scenario`'s exact bounds unless they are known or on the way; call
    `on_ready` (from the worker thread) once they are. `urgent` puts it before the scenarios a
    catalog queued in the background."""
    global _worker
    key = _key(scenario)
    with _lock:
        if key in _results:
            ready = True
        else:
            ready = False
            if on_ready is not None:
                _listeners.setdefault(key, []).append(on_ready)
            if key not in _queued:
                _queued.add(key)
                (_queue.appendleft if urgent else _queue.append)(scenario)
            elif urgent:
                _promote(key)
            if _worker is None:
                _worker = threading.Thread(target=_work, name="exact-bounds", daemon=True)
                _worker.start()
            _lock.notify_all()
    if ready and on_ready is not None:
        on_ready()


def current(scenario: Scenario) -> tuple[ScoreBounds, str]:
    """(bounds, status) now, without waiting: the exact bounds (EXACT); the structural ones while
    the search runs (PENDING) or after it ran out of time (STRUCTURAL)."""
    with _lock:
        found = _results.get(_key(scenario))
    return found if found is not None else (scenario.bounds, PENDING)


def wait(scenario: Scenario, timeout: float | None = None) -> tuple[ScoreBounds, str]:
    """Request and wait up to `timeout` seconds: for tools that have no one to keep responsive
    (storyboards, tests, benchmarks)."""
    request(scenario)
    with _lock:
        _lock.wait_for(lambda: _key(scenario) in _results, timeout)
    return current(scenario)


def _promote(key: tuple[str, str]) -> None:
    for scenario in list(_queue):
        if _key(scenario) == key:
            _queue.remove(scenario)
            _queue.appendleft(scenario)
            return


def _work() -> None:
    global _worker
    from game.engine.bounds import playable_bounds

    while True:
        with _lock:
            if not _queue:
                _worker = None  # under the lock, so a request from now on starts a new worker
                return
            scenario = _queue.popleft()
        try:
            # Through the disk cache: an unchanged scenario is never explored twice.
            from game.store.explorations import explored

            explored(scenario, budget_s=BUDGET_S)
            bounds = playable_bounds(scenario, budget_s=BUDGET_S)
        except Exception:  # noqa: BLE001 - a search that fails leaves the structural bounds, never a hang
            bounds = scenario.bounds
        status = STRUCTURAL if bounds is scenario.bounds else EXACT
        key = _key(scenario)
        with _lock:
            _results[key] = (bounds, status)
            _queued.discard(key)
            listeners = _listeners.pop(key, [])
            _lock.notify_all()
        for listener in listeners:
            try:
                listener()
            except Exception:  # noqa: BLE001 - e.g. posting to a window that has closed
                pass
