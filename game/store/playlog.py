"""Recording play into the records store: every choice with its time, every step back, the ending,
the debrief's self-ratings, reactions and take-home line, and the xAPI statements of each event,
queued in the same transaction so a record and its statements are never apart.

The game calls these through the store functions it already uses: save_progress (after each move),
record_completion (at an ending), save_session (after each vote and step of a room). Nothing here
raises into play: each function returns None or a one-line message.
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from datetime import UTC, datetime
from typing import Any

from game.engine import ChoiceError, PlayState, Step, choose, offered_choices, replay
from game.model import Scenario
from game.records import xapi
from game.records.version import overall_share, scenario_version

from .identity import Organisation, Trainee, organisation, trainee
from .records_db import RecordsError, transaction

SOLO, ROOM = "solo", "room"
# One run of the program: the cmi5 session id of the statements made in it.
SITTING = str(uuid.uuid4())

_versions: dict[tuple[str, str], dict[str, Any]] = {}  # scenario versions seen by this process
_scenarios: dict[tuple[str, str], Scenario] = {}  # and the scenarios themselves, for sessions
_states: dict[str, PlayState] = {}  # the last state recorded per playthrough, to skip a replay


def now_utc() -> datetime:
    """Now, to the millisecond: what timestamps keep, so a duration rebuilt from stored times is
    the duration first computed."""
    now = datetime.now(UTC)
    return now.replace(microsecond=now.microsecond // 1000 * 1000)


def iso(at: datetime) -> str:
    return xapi.timestamp(at)


def remember(scenario: Scenario) -> None:
    """Keep a scenario at hand, so a room session saved with its id alone can still be recorded."""
    _scenarios[(scenario.id, scenario.content_hash)] = scenario


def who() -> tuple[Trainee, Organisation]:
    org, _problem = organisation()
    return trainee(), org


# Solo play ----------------------------------------------------------------------------------------

problem: str | None = None  # the last thing that kept a step out of the records, for a status line


def note_saved(scenario_path: str, state_json: dict[str, Any], feedback: str,
               debrief: dict[str, Any] | None = None) -> str | None:
    """save_progress's hook: the autosave knows the scenario by its path and the state as JSON, and
    in the debrief also what the trainee has written and rated so far (`debrief`)."""
    global problem
    try:
        key = (state_json.get("scenario"), state_json.get("content_hash"))
        scenario = _scenarios.get(key)
        if scenario is None:
            from game.model import load_scenario

            scenario = load_scenario(scenario_path)
            if (scenario.id, scenario.content_hash) != key:
                return None  # the file changed under the player; the autosave itself says so on resume
            remember(scenario)
        from game.engine import from_json

        state = from_json(scenario, state_json)
    except Exception as error:  # noqa: BLE001 - a scenario that no longer loads must not stop play
        problem = f"could not add to the records: {type(error).__name__}"
        return problem
    problem = note_state(scenario, state, feedback=feedback, in_debrief=isinstance(debrief, dict))
    if problem is None and isinstance(debrief, dict):
        ratings = debrief.get("ratings")
        problem = note_reflection(scenario.id, _line(debrief.get("reactions")),
                                  ratings if isinstance(ratings, dict) else None, _line(debrief.get("take_home")))
    return problem


def note_left() -> str | None:
    """clear_progress's hook: the player left a finished game (the debrief's Done, or the end of the
    terminal player's debrief). A playthrough of this run still open at an ending is complete
    now, and what the trainee wrote in the debrief is final: its statement is queued."""
    at = now_utc()
    try:
        with transaction(durable=True) as db:
            row = db.execute("SELECT * FROM playthroughs WHERE mode = ? AND sitting = ? AND status != 'abandoned' "
                             "ORDER BY updated_at DESC LIMIT 1", (SOLO, SITTING)).fetchone()
            if row is None:
                return None
            version = _current_version(db, row)
            if version is None:
                return None
            if row["status"] == "open":
                if version["nodes"][row["node"]]["ending"] is None or not json.loads(row["path"]):
                    return None
                _complete(db, row, version, at)
                row = db.execute("SELECT * FROM playthroughs WHERE id = ?", (row["id"],)).fetchone()
            if row["reflected_at"]:
                ratings = json.loads(row["self_ratings"]) if row["self_ratings"] else None
                statement = xapi.commented(_attempt(row, version), _parse(row["reflected_at"]), row["take_home"],
                                           ratings)
                if statement is not None:
                    _enqueue(db, [statement], at)
        _kick()
    except (RecordsError, sqlite3.Error, OSError, ValueError, KeyError) as error:
        return f"could not add to the records: {error}"
    return None


def _bounds(row) -> tuple[list[int] | None, list[int] | None]:
    keys = row.keys()
    best = json.loads(row["best"]) if "best" in keys and row["best"] else None
    worst = json.loads(row["worst"]) if "worst" in keys and row["worst"] else None
    return best, worst


def _line(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def note_state(scenario: Scenario, state: PlayState, *, feedback: str, complete_at_ending: bool = False,
               at: datetime | None = None, in_debrief: bool = False) -> str | None:
    """Record where play is now. Compared with the open playthrough, the new state is a choice (the
    path grew), a step back (it shrank by one), the same (nothing to do), or another playthrough
    (the old one is set aside as abandoned). With `complete_at_ending`, reaching an ending completes
    the playthrough (the terminal player); the window completes it at its debrief instead."""
    at = at or now_utc()
    try:
        remember(scenario)
        queued = False
        ending = complete_at_ending and scenario.nodes[state.node].is_ending
        with transaction(durable=ending) as db:
            version = _version(db, scenario)
            row = db.execute("SELECT * FROM playthroughs WHERE status = 'open' AND mode = ? "
                             "ORDER BY updated_at DESC LIMIT 1", (SOLO,)).fetchone()
            new_path = [[s.node, s.choice] for s in state.path]
            old_path = json.loads(row["path"]) if row else None
            continuing = (row is not None and row["scenario_id"] == state.scenario_id
                          and row["content_hash"] == state.content_hash and row["seed"] == state.seed
                          and (_is_prefix(old_path, new_path) or _is_prefix(new_path, old_path))
                          and not (len(new_path) == 0 and len(old_path) > 1))  # back to the start: a restart
            if not continuing and _finished_here(db, state, new_path, in_debrief):
                return None  # the debrief saves the finished game again (with what was written there)
            if not continuing:
                if row is not None:
                    queued |= _abandon(db, row, version if row["content_hash"] == state.content_hash else None, at)
                row = _start(db, scenario, state, feedback, at)
                old_path = []
                queued = True
            queued |= _advance(db, row, scenario, version, state, old_path, new_path, at)
            if ending and state.path:
                row = db.execute("SELECT * FROM playthroughs WHERE id = ?", (row["id"],)).fetchone()
                _complete(db, row, version, at)
                queued = True
        if queued:
            _kick()
    except (RecordsError, sqlite3.Error, OSError, ValueError, KeyError, ChoiceError) as error:
        return f"could not add to the records: {error}"
    return None


def _finished_here(db, state: PlayState, path: list, in_debrief: bool) -> bool:
    """Whether `state` is a playthrough completed already: in this run; or, saved from its debrief,
    in any run (a debrief resumed after a crash), which this run then takes over, so the debrief's
    reflection lands on it. A fresh playthrough that happens to repeat a seed and route is new."""
    done = db.execute("SELECT id, path, sitting FROM playthroughs WHERE status = 'completed' AND mode = ? AND "
                      "scenario_id = ? AND content_hash = ? AND seed = ? AND (? OR sitting = ?) "
                      "ORDER BY updated_at DESC LIMIT 1",
                      (SOLO, state.scenario_id, state.content_hash, state.seed, int(in_debrief), SITTING)).fetchone()
    if done is None or json.loads(done["path"]) != path:
        return False
    if done["sitting"] != SITTING:
        db.execute("UPDATE playthroughs SET sitting = ? WHERE id = ?", (SITTING, done["id"]))
    return True


def note_completion(scenario_id: str, at: datetime | None = None) -> str | None:
    """The window's debrief opened on an ending: complete the open playthrough of `scenario_id`."""
    at = at or now_utc()
    try:
        with transaction(durable=True) as db:
            row = db.execute("SELECT * FROM playthroughs WHERE status = 'open' AND mode = ? AND scenario_id = ? "
                             "ORDER BY updated_at DESC LIMIT 1", (SOLO, scenario_id)).fetchone()
            if row is None:
                return None
            version = _current_version(db, row)
            if version is None or version["nodes"][row["node"]]["ending"] is None:
                return None
            _complete(db, row, version, at)
        _kick()
    except (RecordsError, sqlite3.Error, OSError, ValueError, KeyError) as error:
        return f"could not add to the records: {error}"
    return None


def note_reflection(scenario_id: str, reactions: str | None = None, self_ratings: dict[str, int] | None = None,
                    take_home: str | None = None, final: bool = False, at: datetime | None = None) -> str | None:
    """What the trainee wrote and rated in the debrief of this run's playthrough of `scenario_id`
    (the debrief's autosave brings it, see note_saved). `final` also queues the statement with the
    self-ratings and the take-home line, as leaving the game does (note_left)."""
    at = at or now_utc()
    try:
        with transaction() as db:
            row = db.execute("SELECT * FROM playthroughs WHERE status != 'abandoned' AND mode = ? AND scenario_id = ? "
                             "AND sitting = ? ORDER BY updated_at DESC LIMIT 1",
                             (SOLO, scenario_id, SITTING)).fetchone()
            if row is None:
                return None
            ratings = {k: int(v) for k, v in (self_ratings or {}).items()} or None
            if (row["reactions"], row["take_home"], row["self_ratings"]) == (
                    reactions or None, take_home or None, json.dumps(ratings) if ratings else None) and not final:
                return None  # the debrief saves often; only a change is a write
            db.execute("UPDATE playthroughs SET reactions = ?, self_ratings = ?, take_home = ?, reflected_at = ? "
                       "WHERE id = ?", (reactions or None, json.dumps(ratings) if ratings else None,
                                        take_home or None, iso(at), row["id"]))
            if final:
                version = _stored_version(db, row["scenario_id"], row["content_hash"])
                statement = xapi.commented(_attempt(row, version), at, take_home or None, ratings)
                if statement is not None:
                    _enqueue(db, [statement], at)
        if final:
            _kick()
    except (RecordsError, sqlite3.Error, OSError, ValueError, TypeError) as error:
        return f"could not add to the records: {error}"
    return None


def _start(db, scenario: Scenario, state: PlayState, feedback: str, at: datetime) -> sqlite3.Row:
    person, org = who()
    playthrough = str(uuid.uuid4())
    db.execute(
        "INSERT INTO playthroughs (id, trainee, trainee_name, label, origin, scenario_id, content_hash, seed, "
        "feedback, mode, status, started_at, updated_at, path, node, totals, sitting) "
        "VALUES (?, ?, ?, ?, 'local', ?, ?, ?, ?, ?, 'open', ?, ?, '[]', ?, ?, ?)",
        (playthrough, person.key, person.name, person.label or org.label, scenario.id, scenario.content_hash,
         state.seed, feedback, SOLO, iso(at), iso(at), scenario.start, json.dumps([0] * 6), SITTING))
    row = db.execute("SELECT * FROM playthroughs WHERE id = ?", (playthrough,)).fetchone()
    attempt = _attempt(row, _version(db, scenario))
    _enqueue(db, [xapi.launched(attempt, at), xapi.initialized(attempt, at)], at)
    return row


def _advance(db, row, scenario: Scenario, version, state: PlayState, old_path, new_path, at: datetime) -> bool:
    """Write the steps between the recorded path and the new one; True when statements were queued."""
    if old_path == new_path:
        _states[row["id"]] = state
        if row["sitting"] != SITTING:  # resumed in this run (e.g. at its debrief): this run has it now
            db.execute("UPDATE playthroughs SET sitting = ? WHERE id = ?", (SITTING, row["id"]))
        return False
    seq = db.execute("SELECT COALESCE(MAX(seq), 0) FROM steps WHERE playthrough = ?", (row["id"],)).fetchone()[0]
    same_run = row["sitting"] == SITTING
    seconds = max((at - _parse(row["updated_at"])).total_seconds(), 0.0) if same_run else None
    statements = []
    attempt = _attempt(row, version)
    if _is_prefix(new_path, old_path):  # back, one step at a time as both players do
        for back in range(len(old_path) - 1, len(new_path) - 1, -1):
            seq += 1
            node, _choice = old_path[back]
            db.execute("INSERT INTO steps (playthrough, seq, kind, at, seconds, moment, node) VALUES (?, ?, 'back', ?, ?, ?, ?)",
                       (row["id"], seq, iso(at), seconds, back + 1, node))
            seconds = None
    else:
        previous = _states.get(row["id"])
        before = previous if previous is not None and [[s.node, s.choice] for s in previous.path] == old_path \
            else replay(scenario, state.seed, [Step(n, c) for n, c in old_path])
        resumed = len(new_path) - len(old_path) > 1  # a save from before this playthrough was recorded
        for node, choice in new_path[len(old_path):]:
            seq += 1
            offered = [c.index for c in offered_choices(scenario, before)]
            counted = Step(node, choice) not in before.path
            db.execute("INSERT INTO steps (playthrough, seq, kind, at, seconds, moment, node, choice, offered, counted) "
                       "VALUES (?, ?, 'choice', ?, ?, ?, ?, ?, ?, ?)",
                       (row["id"], seq, iso(at), None if resumed else seconds, len(before.path) + 1, node, choice,
                        json.dumps(offered), int(counted)))
            statements.append(xapi.answered(attempt, seq, node, offered, choice, at, None if resumed else seconds,
                                            counted, {xapi.EXT["moment"]: len(before.path) + 1}))
            before = choose(scenario, before, choice)
            seconds = None
    db.execute("UPDATE playthroughs SET path = ?, node = ?, totals = ?, updated_at = ?, sitting = ? WHERE id = ?",
               (json.dumps(new_path), state.node, json.dumps(list(state.totals)), iso(at), SITTING, row["id"]))
    _states[row["id"]] = state
    _enqueue(db, statements, at)
    return bool(statements)


def _complete(db, row, version, at: datetime) -> None:
    totals = json.loads(row["totals"])
    ending = version["nodes"][row["node"]]["ending"]
    share = overall_share(totals, version["best"], version["worst"])
    db.execute("UPDATE playthroughs SET status = 'completed', completed_at = ?, updated_at = ?, ending_node = ?, "
               "ending_kind = ?, ending_title = ?, share = ?, best = ?, worst = ? WHERE id = ?",
               (iso(at), iso(at), row["node"], ending["kind"], ending["title"], share, json.dumps(version["best"]),
                json.dumps(version["worst"]), row["id"]))
    backs = db.execute("SELECT COUNT(*) FROM steps WHERE playthrough = ? AND kind = 'back'", (row["id"],)).fetchone()[0]
    seconds = max((at - _parse(row["started_at"])).total_seconds(), 0.0)
    attempt = _attempt(row, version)
    _enqueue(db, [xapi.completed(attempt, 1, row["node"], totals, at, seconds, {xapi.EXT["step-backs"]: backs}),
                  xapi.terminated(attempt, at, seconds)], at)
    _states.pop(row["id"], None)


def _abandon(db, row, version, at: datetime) -> bool:
    db.execute("UPDATE playthroughs SET status = 'abandoned', updated_at = ? WHERE id = ?", (iso(at), row["id"]))
    _states.pop(row["id"], None)
    version = version or _stored_version(db, row["scenario_id"], row["content_hash"])
    if version is None:
        return False
    seconds = max((at - _parse(row["started_at"])).total_seconds(), 0.0)
    _enqueue(db, [xapi.terminated(_attempt(row, version), at, seconds)], at)
    return True


def playthrough_statements(row, steps: list[dict[str, Any]], version: dict[str, Any]) -> list[dict[str, Any]]:
    """Every statement of a recorded playthrough, rebuilt from its rows (an imported one): the
    same ids and bodies as were queued while it was played."""
    attempt = _attempt(row, version)
    started = _parse(row["started_at"])
    statements = [xapi.launched(attempt, started), xapi.initialized(attempt, started)]
    for step in steps:
        if step["kind"] == "choice":
            statements.append(xapi.answered(attempt, step["seq"], step["node"], json.loads(step["offered"]),
                                            step["choice"], _parse(step["at"]), step["seconds"], bool(step["counted"]),
                                            {xapi.EXT["moment"]: step["moment"]}))
    if row["status"] == "completed":
        done = _parse(row["completed_at"])
        seconds = max((done - started).total_seconds(), 0.0)
        backs = sum(1 for s in steps if s["kind"] == "back")
        statements.append(xapi.completed(attempt, 1, row["ending_node"], json.loads(row["totals"]), done, seconds,
                                         {xapi.EXT["step-backs"]: backs}, *_bounds(row)))
        statements.append(xapi.terminated(attempt, done, seconds))
        if row["reflected_at"]:
            ratings = json.loads(row["self_ratings"]) if row["self_ratings"] else None
            comment = xapi.commented(attempt, _parse(row["reflected_at"]), row["take_home"], ratings)
            if comment is not None:
                statements.append(comment)
    elif row["status"] == "abandoned":
        ended = _parse(row["updated_at"])
        statements.append(xapi.terminated(attempt, ended, max((ended - started).total_seconds(), 0.0)))
    return statements


# Room sessions ------------------------------------------------------------------------------------

def session_uuid(record: dict[str, Any]) -> str:
    """The same id for the same session wherever its record is read (autosave, export, import)."""
    return str(uuid.uuid5(xapi.NAMESPACE, f"session/{record['scenario']}/{record['content_hash']}/"
                                          f"{float(record['started_at'])!r}/{record['seed']}"))


def note_session(record: dict[str, Any], origin: str = "local", label: str | None = None,
                 at: datetime | None = None) -> str | None:
    """Keep the latest record of a room session (game.facilitation.to_json), and queue statements
    for what it adds: each option the room took, each branch that reached an ending."""
    at = at or now_utc()
    try:
        queued = False
        with transaction() as db:
            queued = store_session(db, record, origin, label, at)
        if queued:
            _kick()
    except (RecordsError, sqlite3.Error, OSError, ValueError, KeyError, TypeError) as error:
        return f"could not add the session to the records: {error}"
    return None


def store_session(db, record: dict[str, Any], origin: str, label: str | None, at: datetime) -> bool:
    identity = session_uuid(record)
    ended = any(branch.get("ending") for branch in record["branches"])
    existing = db.execute("SELECT facilitator, facilitator_name, label FROM sessions WHERE id = ?",
                          (identity,)).fetchone()
    if existing is None:
        person, org = who()
        # The facilitator's own label and name for the session (facilitator mode asks) come first.
        label = label or _line(record.get("label")) or person.label or org.label
        db.execute("INSERT INTO sessions (id, facilitator, facilitator_name, label, origin, scenario_id, content_hash, "
                   "started_at, updated_at, ended, record) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                   (identity, person.key, _line(record.get("facilitator")) or person.name, label, origin,
                    record["scenario"],
                    record["content_hash"], float(record["started_at"]), iso(at), int(ended), json.dumps(record)))
    else:
        # A label or name the facilitator gives later replaces the default one.
        db.execute("UPDATE sessions SET updated_at = ?, ended = ?, record = ?, label = COALESCE(?, label), "
                   "facilitator_name = COALESCE(?, facilitator_name) WHERE id = ?",
                   (iso(at), int(ended), json.dumps(record), label or _line(record.get("label")),
                    _line(record.get("facilitator")), identity))
    version = _stored_version(db, record["scenario"], record["content_hash"])
    if version is None:
        scenario = _scenarios.get((record["scenario"], record["content_hash"]))
        if scenario is None:
            return False  # statements follow once the scenario is seen (game.store.lrs sends them then)
        version = _version(db, scenario)
    return _enqueue(db, session_statements(db, identity, record, version), at) > 0


def backfill_sessions(at: datetime | None = None) -> int:
    """Queue the statements of sessions recorded before their scenario was known here (imported,
    or saved by a window that never showed this store the scenario). Returns how many were new."""
    at = at or now_utc()
    added = 0
    with transaction() as db:
        for row in db.execute("SELECT id, record, scenario_id, content_hash FROM sessions").fetchall():
            version = _stored_version(db, row["scenario_id"], row["content_hash"])
            if version is None and (row["scenario_id"], row["content_hash"]) in _scenarios:
                version = _version(db, _scenarios[(row["scenario_id"], row["content_hash"])])
            if version is not None:
                added += _enqueue(db, session_statements(db, row["id"], json.loads(row["record"]), version), at)
    return added


def session_statements(db, identity: str, record: dict[str, Any], version: dict[str, Any]) -> list[dict[str, Any]]:
    row = db.execute("SELECT * FROM sessions WHERE id = ?", (identity,)).fetchone()
    person, org = who()
    facilitator = {"objectType": "Agent", "account": {"homePage": org.homepage,
                                                      "name": row["facilitator"].split(":", 1)[1]}}
    if row["facilitator_name"]:
        facilitator["name"] = row["facilitator_name"]
    started = float(record["started_at"])
    room = {"objectType": "Group", "name": f"Room session of {version['title']}, {xapi.timestamp(started)[:16]}Z",
            "account": {"homePage": org.homepage, "name": f"session-{identity}"}}
    attempt = xapi.Attempt(identity, room, version, ROOM, label=row["label"], sitting=identity,
                           base=org.activity_base, instructor=facilitator)
    statements = [xapi.launched(attempt, started), xapi.initialized(attempt, started)]
    main = record.get("main_line")
    for branch in record["branches"]:
        totals = [0] * 6
        for visit in branch["visits"]:
            if visit.get("taken") is None:
                continue
            options = [o["choice"] for o in visit["options"]]
            votes = {version["nodes"][visit["node"]]["choices"][o["choice"]]["ref"]: o["votes"] for o in visit["options"]}
            when = float(visit["started_at"]) + float(visit["seconds"] or 0)
            extra = {xapi.EXT["votes"]: votes, xapi.EXT["taken-by"]: visit["taken_by"],
                     xapi.EXT["branch"]: branch["number"], xapi.EXT["moment"]: visit["moment"],
                     xapi.EXT["main-line"]: branch["number"] == main}
            statements.append(xapi.answered(attempt, f"{branch['number']}/{visit['moment']}", visit["node"], options,
                                            visit["taken"], when, visit["seconds"], True, extra))
        if branch.get("ending"):
            path = _branch_path(record, branch["number"])
            totals = _totals(version, path)
            statements.append(xapi.completed(
                attempt, f"branch/{branch['number']}", branch["ending"], totals, float(branch["ended_at"]),
                max(float(branch["ended_at"]) - started, 0.0),
                {xapi.EXT["branch"]: branch["number"], xapi.EXT["main-line"]: branch["number"] == main}))
    return statements


def _branch_path(record: dict[str, Any], number: int) -> list[tuple[str, int]]:
    """The (node, taken) pairs from moment 1 along branch `number`, through its ancestors."""
    branches = {b["number"]: b for b in record["branches"]}
    chunks, need, current = [], None, branches[number]
    visits = list(current["visits"])
    chunks.append(visits)
    need = current["fork_at"] - 1
    parent = current.get("parent")
    while need and parent is not None:
        above = branches[parent]
        chunks.append(above["visits"][:max(need - above["fork_at"] + 1, 0)])
        need, parent = min(need, above["fork_at"] - 1), above.get("parent")
    return [(v["node"], v["taken"]) for chunk in reversed(chunks) for v in chunk if v.get("taken") is not None]


def _totals(version: dict[str, Any], path: list[tuple[str, int]]) -> list[int]:
    totals, seen = [0] * 6, set()
    for node, taken in path:
        if (node, taken) in seen:
            continue
        seen.add((node, taken))
        totals = [a + b for a, b in zip(totals, version["nodes"][node]["choices"][taken]["scores"])]
    return totals


# Shared -------------------------------------------------------------------------------------------

def attempt_for(db, row) -> xapi.Attempt:
    return _attempt(row, _stored_version(db, row["scenario_id"], row["content_hash"]))


def _attempt(row, version: dict[str, Any]) -> xapi.Attempt:
    _person, org = who()
    kind, _, name = row["trainee"].partition(":")
    agent = {"objectType": "Agent", "account": {"homePage": org.homepage, "name": name}}
    if row["trainee_name"]:
        agent["name"] = row["trainee_name"]
    return xapi.Attempt(row["id"], agent, version, row["mode"], feedback=row["feedback"], label=row["label"],
                        sitting=row["sitting"], base=org.activity_base)


def _version(db, scenario: Scenario) -> dict[str, Any]:
    """The stored version of `scenario`, made (or improved) now. Its best and worst totals are the
    exact ones once game.exact_bounds knows them; until then the structural ones stand in, never
    waited for, and are replaced as soon as the exact ones are known."""
    from game import exact_bounds

    key = (scenario.id, scenario.content_hash)
    version = _versions.get(key) or _stored_version(db, *key)
    if version is not None and version.get("exact_bounds", True):
        return version
    bounds, status = exact_bounds.current(scenario)
    if status == exact_bounds.PENDING:
        exact_bounds.request(scenario, urgent=False)
    if version is not None and status != exact_bounds.EXACT:
        return version
    version = scenario_version(scenario, bounds, exact=status == exact_bounds.EXACT)
    db.execute("INSERT OR REPLACE INTO scenario_versions (scenario_id, content_hash, title, data) VALUES (?, ?, ?, ?)",
               (scenario.id, scenario.content_hash, version["title"], json.dumps(version)))
    _versions[key] = version
    return version


def _current_version(db, row) -> dict[str, Any] | None:
    """The version of a recorded playthrough, with the exact bounds if they are known by now."""
    scenario = _scenarios.get((row["scenario_id"], row["content_hash"]))
    if scenario is not None:
        return _version(db, scenario)
    return _stored_version(db, row["scenario_id"], row["content_hash"])


def _stored_version(db, scenario_id: str, content_hash: str) -> dict[str, Any] | None:
    key = (scenario_id, content_hash)
    if key in _versions:
        return _versions[key]
    row = db.execute("SELECT data FROM scenario_versions WHERE scenario_id = ? AND content_hash = ?", key).fetchone()
    if row is None:
        return None
    _versions[key] = json.loads(row["data"])
    return _versions[key]


def _enqueue(db, statements: list[dict[str, Any]], at: datetime) -> int:
    """Queue statements (written locally first; game.store.lrs sends them). A statement already
    queued keeps its first body, since its id may have reached the LRS already."""
    before = db.total_changes
    db.executemany("INSERT OR IGNORE INTO statements (id, registration, created_at, body) VALUES (?, ?, ?, ?)",
                   [(s["id"], s["context"]["registration"], iso(at), json.dumps(s, ensure_ascii=False))
                    for s in statements])
    return db.total_changes - before


def _kick() -> None:
    from .lrs import kick

    kick()


def _is_prefix(short, long) -> bool:
    return len(short) <= len(long) and long[:len(short)] == short


def _parse(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))

