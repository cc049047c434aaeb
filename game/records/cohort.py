"""The figures of a cohort report, computed from plain records (what game.store.cohort reads from
the records store). Pure: the same rows always give the same figures, so a test can recompute any
number on the page straight from the database and compare."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from game.model import PRINCIPLES
from game.report.html import WIDE_GAP, on_rating_scale

from .version import overall_share

MISSED_GAP = 2  # as the debrief: a better open option worth this much more, or a harmful choice
TOP_MISSED = 5


@dataclass
class Option:
    ref: str
    text: str
    score: int  # sum over the principles
    count: int = 0


@dataclass
class Moment:
    node: str
    text: str
    met: int = 0  # choices made here
    options: list[Option] = field(default_factory=list)


@dataclass
class Missed:
    node: str
    situation: str
    chosen: str
    better: str
    gap: int
    count: int


@dataclass
class PrincipleFigure:
    key: str
    label: str
    mean_total: float
    best: int
    worst: int
    mean_share: float  # 0..1 of the way from the worst to the best possible
    count: int


@dataclass
class ScenarioFigures:
    id: str
    title: str
    plays: int
    completed: int
    abandoned: int
    trainees: int
    first: str
    last: str
    mean_share: float | None
    endings: list[tuple[str, str, int]]  # kind, title, count
    principles: list[PrincipleFigure]
    moments: list[Moment]
    missed: list[Missed]


@dataclass
class RatingRow:
    trainee: str
    playthroughs: int
    ratings: int  # principle ratings given
    mean_rating: float  # 1..5
    mean_score: float  # the scores on the same 1..5 scale
    gap: float  # rating minus score
    wide: int  # ratings WIDE_GAP or more away from the score

    @property
    def verdict(self) -> str:
        return "over-rates" if self.gap >= 1 else "under-rates" if self.gap <= -1 else "close"


@dataclass
class SessionMoment:
    moment: int
    node: str
    text: str
    votes: list[tuple[str, str, int, bool]]  # letter, option text, votes, taken
    taken_by: str
    seconds: float | None


@dataclass
class SessionFigures:
    id: str
    scenario_id: str
    title: str
    started: str
    label: str | None
    branches: int
    ending: str | None
    total_votes: int
    moments: list[SessionMoment]


@dataclass
class Figures:
    since: str | None
    scenario: str | None
    label: str | None
    playthroughs: int
    completed: int
    abandoned: int
    unfinished: int
    trainees: int
    choices: int
    step_backs: int
    legacy: int  # completions counted before records were kept in detail
    weeks: list[tuple[str, int, int]]  # Monday, started, completed
    scenarios: list[ScenarioFigures]
    ratings: list[RatingRow]
    sessions: list[SessionFigures]


def figures(versions: dict[tuple[str, str], dict[str, Any]], playthroughs: list[dict[str, Any]],
            steps: list[dict[str, Any]], sessions: list[dict[str, Any]], legacy: int = 0, *,
            since: str | None = None, scenario: str | None = None, label: str | None = None) -> Figures:
    """`playthroughs`, `steps` and `sessions` are rows as dicts (JSON columns still as text), already
    filtered; versions by (scenario id, content hash)."""
    playthroughs = [_parsed(p, versions) for p in playthroughs]
    by_play = defaultdict(list)
    for step in steps:
        by_play[step["playthrough"]].append(step)
    for rows in by_play.values():
        rows.sort(key=lambda s: s["seq"])
    latest = _latest_versions(versions, playthroughs, sessions)
    scenario_ids = sorted({p["scenario_id"] for p in playthroughs} | {s["scenario_id"] for s in sessions},
                          key=lambda i: (latest[i]["title"].casefold() if i in latest else i, i))
    scenario_figures = [_scenario(sid, latest.get(sid), versions, [p for p in playthroughs if p["scenario_id"] == sid],
                                  by_play) for sid in scenario_ids if any(p["scenario_id"] == sid for p in playthroughs)]
    status = Counter(p["status"] for p in playthroughs)
    return Figures(
        since=since, scenario=scenario, label=label,
        playthroughs=len(playthroughs), completed=status["completed"], abandoned=status["abandoned"],
        unfinished=status["open"], trainees=len({p["trainee"] for p in playthroughs}),
        choices=sum(1 for s in steps if s["kind"] == "choice"), step_backs=sum(1 for s in steps if s["kind"] == "back"),
        legacy=legacy, weeks=_weeks(playthroughs), scenarios=scenario_figures,
        ratings=_ratings(playthroughs, versions),
        sessions=[_session(s, versions.get((s["scenario_id"], s["content_hash"]))) for s in
                  sorted(sessions, key=lambda s: s["started_at"])],
    )


def trainee_name(key: str, name: str | None = None) -> str:
    """How the report names a trainee: their name or staff id when they gave one, else a short
    form of the anonymous id (enough to tell people apart, not to find them)."""
    kind, _, value = key.partition(":")
    if name:
        return name
    return f"staff {value}" if kind == "staff" else f"anonymous {value[:6]}"


def _latest_versions(versions, playthroughs, sessions) -> dict[str, dict[str, Any]]:
    """Per scenario id, the version played most recently: its texts name the moments."""
    seen: dict[str, tuple[str, str]] = {}
    for p in sorted(playthroughs, key=lambda p: p["started_at"]):
        seen[p["scenario_id"]] = (p["scenario_id"], p["content_hash"])
    for s in sessions:
        seen.setdefault(s["scenario_id"], (s["scenario_id"], s["content_hash"]))
    for key in versions:
        seen.setdefault(key[0], key)
    return {sid: versions[key] for sid, key in seen.items() if key in versions}


def _scenario(sid: str, version, versions, plays, by_play) -> ScenarioFigures:
    title = version["title"] if version else sid
    done = [p for p in plays if p["status"] == "completed"]
    endings = Counter((p["ending_kind"], p["ending_title"]) for p in done)
    principles = []
    for i, principle in enumerate(PRINCIPLES):
        rows = []
        for p in done:
            v = versions.get((p["scenario_id"], p["content_hash"]))
            if v is None:
                continue
            total, best, worst = p["_totals"][i], p["_best"][i], p["_worst"][i]
            rows.append((total, best, worst, 1.0 if best == worst else (total - worst) / (best - worst)))
        if rows and version:
            principles.append(PrincipleFigure(principle.key, principle.label, sum(r[0] for r in rows) / len(rows),
                                              version["best"][i], version["worst"][i],
                                              sum(r[3] for r in rows) / len(rows), len(rows)))
    shares = [p["share"] for p in done if p["share"] is not None]
    moments, missed = _moments(sid, version, versions, plays, by_play)
    order = {"good": 0, "mixed": 1, "poor": 2}
    return ScenarioFigures(
        id=sid, title=title, plays=len(plays), completed=len(done),
        abandoned=sum(1 for p in plays if p["status"] == "abandoned"), trainees=len({p["trainee"] for p in plays}),
        first=min(p["started_at"] for p in plays)[:10], last=max(p["updated_at"] for p in plays)[:10],
        mean_share=sum(shares) / len(shares) if shares else None,
        endings=sorted(((k, t, n) for (k, t), n in endings.items()), key=lambda e: (order.get(e[0], 3), -e[2], e[1])),
        principles=principles, moments=moments, missed=missed,
    )


def _moments(sid, version, versions, plays, by_play) -> tuple[list[Moment], list[Missed]]:
    """How often each option was chosen at each moment (every choice made, also ones stepped back
    from later), and the missed opportunities that came up most."""
    moments: dict[str, Moment] = {}
    options: dict[tuple[str, str], Option] = {}
    missed = Counter()
    texts: dict[tuple[str, str], tuple[str, str]] = {}
    choice_sums: dict[tuple[str, str], list[int]] = {}  # each choice's score in all, per version and node
    if version:  # every moment and option of the latest version, chosen or not, in the file's order
        for node, spec in version["nodes"].items():
            if spec["ending"] is None:
                moment = moments[node] = Moment(node, spec["text"])
                for c in spec["choices"]:
                    options[(node, c["ref"])] = Option(c["ref"], c["text"], sum(c["scores"]))
                    moment.options.append(options[(node, c["ref"])])
    for p in plays:
        v = versions.get((p["scenario_id"], p["content_hash"]))
        if v is None:
            continue
        for step in by_play.get(p["id"], ()):
            if step["kind"] != "choice":
                continue
            node = step["node"]
            spec = v["nodes"].get(node)
            if spec is None or step["choice"] >= len(spec["choices"]):
                continue
            chosen = spec["choices"][step["choice"]]
            moment = moments.get(node)
            if moment is None:
                moment = moments[node] = Moment(node, spec["text"])
            key = (node, chosen["ref"])
            if key not in options:
                options[key] = Option(chosen["ref"], chosen["text"], sum(chosen["scores"]))
                moment.options.append(options[key])
            options[key].count += 1
            moment.met += 1
            offered = json.loads(step["offered"] or "[]")
            sums = choice_sums.get((v["content_hash"], node))
            if sums is None:
                sums = choice_sums[(v["content_hash"], node)] = [sum(c["scores"]) for c in spec["choices"]]
            worth = sums[step["choice"]] if step["counted"] else 0
            best = max(offered, key=sums.__getitem__, default=None)
            if best is None:
                continue
            gap = sums[best] - worth
            if gap >= MISSED_GAP or (gap > 0 and worth < 0):
                better = spec["choices"][best]
                missed[(node, chosen["ref"], better["ref"])] += 1
                texts[(node, chosen["ref"])] = (chosen["text"], spec["text"])
                texts[(node, better["ref"])] = (better["text"], spec["text"])
    top = sorted(missed.items(), key=lambda item: (-item[1], item[0]))[:TOP_MISSED]
    missed_rows = []
    for (node, chosen, better), count in top:
        chosen_text, situation = texts[(node, chosen)]
        better_text, _ = texts[(node, better)]
        gap = options[(node, better)].score - options[(node, chosen)].score if (node, better) in options else 0
        missed_rows.append(Missed(node, situation, chosen_text, better_text, gap, count))
    return [m for m in moments.values()], missed_rows


def _ratings(playthroughs, versions) -> list[RatingRow]:
    per: dict[str, list[tuple[int, int]]] = defaultdict(list)
    plays: Counter = Counter()
    names: dict[str, str | None] = {}
    for p in playthroughs:
        if p["status"] != "completed" or not p["self_ratings"]:
            continue
        v = versions.get((p["scenario_id"], p["content_hash"]))
        if v is None:
            continue
        ratings = json.loads(p["self_ratings"])
        totals, best, worst = p["_totals"], p["_best"], p["_worst"]
        plays[p["trainee"]] += 1
        names[p["trainee"]] = p.get("trainee_name")
        for i, principle in enumerate(PRINCIPLES):
            if principle.key in ratings and best[i] != worst[i]:
                share = (totals[i] - worst[i]) / (best[i] - worst[i])
                per[p["trainee"]].append((int(ratings[principle.key]), on_rating_scale(share)))
    rows = []
    for trainee, pairs in per.items():
        rating = sum(r for r, _ in pairs) / len(pairs)
        score = sum(s for _, s in pairs) / len(pairs)
        rows.append(RatingRow(trainee_name(trainee, names[trainee]), plays[trainee], len(pairs), rating, score,
                              rating - score, sum(1 for r, s in pairs if abs(r - s) >= WIDE_GAP)))
    return sorted(rows, key=lambda r: (-abs(r.gap), r.trainee))


def _parsed(play: dict[str, Any], versions) -> dict[str, Any]:
    """The row with its JSON read once: totals, and the best and worst possible as this
    playthrough's debrief showed them (the version's when the record does not say)."""
    version = versions.get((play["scenario_id"], play["content_hash"])) or {"best": [0] * 6, "worst": [0] * 6}
    return {**play, "_totals": json.loads(play["totals"]),
            "_best": json.loads(play["best"]) if play.get("best") else version["best"],
            "_worst": json.loads(play["worst"]) if play.get("worst") else version["worst"]}


def _weeks(playthroughs) -> list[tuple[str, int, int]]:
    started, completed = Counter(), Counter()
    for p in playthroughs:
        started[_monday(p["started_at"])] += 1
        if p["status"] == "completed" and p["completed_at"]:
            completed[_monday(p["completed_at"])] += 1
    if not started:
        return []
    first, last = min(started), max(started | completed)
    weeks, day = [], date.fromisoformat(first)
    while day.isoformat() <= last:
        weeks.append((day.isoformat(), started[day.isoformat()], completed[day.isoformat()]))
        day += timedelta(days=7)
    return weeks


def _monday(stamp: str) -> str:
    day = datetime.fromisoformat(stamp.replace("Z", "+00:00")).date()
    return (day - timedelta(days=day.weekday())).isoformat()


def _session(row, version) -> SessionFigures:
    from game.facilitation import letter

    record = json.loads(row["record"])
    started = datetime.fromtimestamp(float(record["started_at"])).strftime("%Y-%m-%d %H:%M")
    main = record.get("main_line") or len(record["branches"])
    branches = {b["number"]: b for b in record["branches"]}
    # The main line's moments, through the branches it forked from.
    chain, number = [], main
    while number is not None:
        chain.append(branches[number])
        number = branches[number].get("parent")
    by_moment: dict[int, dict] = {}
    for branch in reversed(chain):
        for visit in branch["visits"]:
            by_moment[visit["moment"]] = visit
    moments = []
    for moment in sorted(by_moment):
        visit = by_moment[moment]
        spec = version["nodes"].get(visit["node"]) if version else None
        votes = []
        for position, option in enumerate(visit["options"]):
            text = spec["choices"][option["choice"]]["text"] if spec else f"option {option['choice']}"
            votes.append((letter(position), text, option["votes"], visit.get("taken") == option["choice"]))
        moments.append(SessionMoment(moment, visit["node"], spec["text"] if spec else visit["node"], votes,
                                     visit.get("taken_by") or "", visit.get("seconds")))
    ending = branches[main].get("ending")
    ending_title = None
    if ending:
        spec = version["nodes"].get(ending) if version else None
        ending_title = f"{spec['ending']['title']} ({spec['ending']['kind']})" if spec and spec["ending"] else ending
    return SessionFigures(row["id"], row["scenario_id"], version["title"] if version else row["scenario_id"], started,
                          row.get("label"), len(record["branches"]), ending_title,
                          sum(o["votes"] for b in record["branches"] for v in b["visits"] for o in v["options"]),
                          moments)


__all__ = ["Figures", "figures", "overall_share", "trainee_name"]
