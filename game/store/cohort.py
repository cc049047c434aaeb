"""Reading a cohort out of the records store for `outreach report`: the rows that match the
filters, as plain dicts for game.records.cohort."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from game.records.cohort import Figures, figures

from .records_db import connect


def load_cohort(since: str | None = None, scenario: str | None = None, label: str | None = None,
                path=None) -> Figures:
    """Raises RecordsError when the store cannot be read."""
    db = connect(path)
    clause, args = _where("playthroughs", since, scenario, label)
    plays = [dict(r) for r in db.execute(f"SELECT * FROM playthroughs WHERE {clause} ORDER BY started_at", args)]
    steps = [dict(r) for r in db.execute("SELECT steps.* FROM steps JOIN playthroughs ON playthroughs.id = "
                                         f"steps.playthrough WHERE {clause}", args)]
    session_clause, session_args = _where("sessions", _epoch(since) if since else None, scenario, label)
    sessions = [dict(r) for r in db.execute(f"SELECT * FROM sessions WHERE {session_clause}", session_args)]
    versions = {(r["scenario_id"], r["content_hash"]): json.loads(r["data"])
                for r in db.execute("SELECT scenario_id, content_hash, data FROM scenario_versions")}
    legacy = 0
    if not (since or label):
        for row in db.execute("SELECT scenario_id, data FROM legacy_completions"):
            if scenario is None or row["scenario_id"] == scenario:
                legacy += int(json.loads(row["data"]).get("times_completed", 0))
    return figures(versions, plays, steps, sessions, legacy, since=since, scenario=scenario, label=label)


def _where(table: str, since: str | float | None, scenario: str | None, label: str | None) -> tuple[str, list]:
    where, args = ["1 = 1"], []
    for column, value in (("started_at >=", since), ("scenario_id =", scenario), ("label =", label)):
        if value:
            where.append(f"{table}.{column} ?")
            args.append(value)
    return " AND ".join(where), args


def _epoch(day: str) -> float:
    return datetime.fromisoformat(day).replace(tzinfo=UTC).timestamp() if "T" not in day else \
        datetime.fromisoformat(day.replace("Z", "+00:00")).timestamp()


def rows_as_csv_tables(f: Figures) -> dict[str, tuple[list[str], list[list[Any]]]]:
    """The report's tables for spreadsheets: file stem -> (header, rows)."""
    tables: dict[str, tuple[list[str], list[list[Any]]]] = {}
    tables["scenarios"] = (["scenario", "title", "people", "playthroughs", "completed", "left_unfinished",
                            "average_share_of_best", "first", "last"],
                           [[s.id, s.title, s.trainees, s.plays, s.completed, s.abandoned,
                             "" if s.mean_share is None else round(s.mean_share, 4), s.first, s.last]
                            for s in f.scenarios])
    tables["endings"] = (["scenario", "kind", "ending", "count"],
                         [[s.id, kind, title, n] for s in f.scenarios for kind, title, n in s.endings])
    tables["principles"] = (["scenario", "principle", "average_total", "worst_possible", "best_possible",
                             "average_share_of_best", "completed_playthroughs"],
                            [[s.id, p.label, round(p.mean_total, 4), p.worst, p.best, round(p.mean_share, 4), p.count]
                             for s in f.scenarios for p in s.principles])
    tables["options"] = (["scenario", "moment", "situation", "option", "option_text", "score", "chosen"],
                         [[s.id, m.node, m.text, o.ref, o.text, o.score, o.count]
                          for s in f.scenarios for m in s.moments for o in m.options])
    tables["missed"] = (["scenario", "moment", "chosen", "better", "gap", "times"],
                        [[s.id, m.node, m.chosen, m.better, m.gap, m.count] for s in f.scenarios for m in s.missed])
    tables["self_rating"] = (["trainee", "playthroughs", "ratings", "average_rating", "average_score", "gap",
                              "wide_gaps", "reading"],
                             [[r.trainee, r.playthroughs, r.ratings, round(r.mean_rating, 3), round(r.mean_score, 3),
                               round(r.gap, 3), r.wide, r.verdict] for r in f.ratings])
    tables["session_votes"] = (["session", "scenario", "started", "moment", "node", "option", "option_text", "votes",
                                "taken", "taken_by"],
                               [[s.id, s.scenario_id, s.started, m.moment, m.node, letter, text, votes,
                                 "yes" if taken else "no", m.taken_by]
                                for s in f.sessions for m in s.moments for letter, text, votes, taken in m.votes])
    tables["weeks"] = (["week_of", "started", "completed"], [list(w) for w in f.weeks])
    return tables
