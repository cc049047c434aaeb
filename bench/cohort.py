"""A made-up cohort for the report's test and benchmark: playthroughs of every scenario by many
trainees over several weeks (some left unfinished, some with steps back, some with self-ratings)
and a number of facilitated sessions, as one `outreach export` document that `outreach import`
(game.store.transfer) reads. Deterministic for a seed."""

from __future__ import annotations

import json
import random
import uuid
from datetime import UTC, datetime, timedelta

import game.facilitation as fac
from game.engine import already_taken, choose, is_over, offered_choices, start
from game.model import PRINCIPLE_KEYS
from game.records.version import overall_share, scenario_version
from game.records.xapi import timestamp
from game.store.transfer import EXPORT_KIND, EXPORT_VERSION

FIRST_DAY = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
LABELS = ("spring cohort", "autumn cohort")


def cohort_document(scenarios, trainees: int = 40, per_scenario: int = 200, sessions: int = 10,
                    seed: int = 1) -> dict:
    rng = random.Random(seed)
    people = [(f"local:{uuid.UUID(int=rng.getrandbits(128)).hex}", rng.choice((-2, -1, 0, 0, 0, 1, 2))) for _ in range(trainees)]
    plays = []
    for scenario in scenarios:
        for number in range(per_scenario):
            person, bias = people[number % trainees]
            plays.append(_playthrough(scenario, rng, person, bias, LABELS[(number % trainees) % 2]))
    records = [_session(scenarios[i % len(scenarios)], rng, i) for i in range(sessions)]
    return {
        "kind": EXPORT_KIND, "version": EXPORT_VERSION, "exported_at": FIRST_DAY.isoformat(),
        "scenario_versions": [scenario_version(s) for s in scenarios],
        "playthroughs": plays,
        "sessions": [{"id": None, "facilitator": f"local:{uuid.UUID(int=rng.getrandbits(128)).hex}",
                      "facilitator_name": None, "label": LABELS[i % 2], "record": record}
                     for i, record in enumerate(records)],
    }


def _playthrough(scenario, rng: random.Random, person: str, bias: int, label: str) -> dict:
    version = scenario_version(scenario)
    seed = rng.randrange(2**31)
    at = FIRST_DAY + timedelta(days=rng.randrange(56), hours=rng.randrange(9), minutes=rng.randrange(60))
    started = at
    state = start(scenario, seed)
    steps, seq = [], 0
    skill = rng.random()  # how often this playthrough takes the best open option
    quit_at = rng.randrange(1, 6) if rng.random() < 0.1 else None
    backed = False
    while not is_over(scenario, state):
        if quit_at is not None and len(state.path) >= quit_at:
            break
        offered = offered_choices(scenario, state)
        if rng.random() < skill:
            pick = max(offered, key=lambda c: (not already_taken(state, state.node, c.index), sum(c.rule.scores)))
        else:
            pick = rng.choice(offered)
        seconds = round(rng.uniform(8, 90), 2)
        at += timedelta(seconds=seconds)
        seq += 1
        steps.append({"seq": seq, "kind": "choice", "at": timestamp(at), "seconds": seconds,
                      "moment": len(state.path) + 1, "node": state.node, "choice": pick.index,
                      "offered": json.dumps([c.index for c in offered]),
                      "counted": int(not already_taken(state, state.node, pick.index))})
        if not backed and rng.random() < 0.08:  # thought better of it: back, and choose again
            backed = True
            seq += 1
            at += timedelta(seconds=4)
            steps.append({"seq": seq, "kind": "back", "at": timestamp(at), "seconds": 4.0,
                          "moment": len(state.path) + 1, "node": state.node, "choice": None, "offered": None,
                          "counted": None})
            continue
        state = choose(scenario, state, pick.index)
        if len(steps) > 300:
            break
    done = is_over(scenario, state)
    totals = list(state.totals)
    row = {
        "id": str(uuid.UUID(int=rng.getrandbits(128), version=4)), "trainee": person, "trainee_name": None,
        "label": label, "origin": "generated", "scenario_id": scenario.id, "content_hash": scenario.content_hash,
        "seed": seed, "feedback": rng.choice(("coach", "coach", "assessment")), "mode": "solo",
        "status": "completed" if done else "abandoned", "started_at": timestamp(started), "updated_at": timestamp(at),
        "completed_at": timestamp(at) if done else None, "path": json.dumps([[s.node, s.choice] for s in state.path]),
        "node": state.node, "totals": json.dumps(totals), "ending_node": state.node if done else None,
        "ending_kind": scenario.nodes[state.node].spec.ending.kind if done else None,
        "ending_title": scenario.nodes[state.node].spec.ending.title if done else None,
        "share": overall_share(totals, version["best"], version["worst"]) if done else None,
        "best": json.dumps(version["best"]) if done else None, "worst": json.dumps(version["worst"]) if done else None,
        "reactions": None, "self_ratings": None, "take_home": None, "reflected_at": None, "sitting": None,
        "steps": steps,
    }
    if done and rng.random() < 0.6:
        ratings = {}
        for i, key in enumerate(PRINCIPLE_KEYS):
            best, worst = version["best"][i], version["worst"][i]
            share = 1.0 if best == worst else (totals[i] - worst) / (best - worst)
            ratings[key] = max(1, min(5, round(1 + 4 * share) + bias + rng.choice((-1, 0, 0, 1))))
        row["self_ratings"] = json.dumps(ratings)
        row["reflected_at"] = timestamp(at + timedelta(minutes=2))
        if rng.random() < 0.5:
            row["take_home"] = rng.choice(("Ask before acting.", "Stay with the person.", "Offer, don't push.",
                                           "=SUM(A1) is not a take-home line"))
    return row


def _session(scenario, rng: random.Random, number: int) -> dict:
    now = (FIRST_DAY + timedelta(days=7 * number + 1, hours=10)).timestamp()
    session = fac.new_session(scenario, rng.randrange(2**31), now)
    room = rng.randrange(10, 41)
    jumped = False
    while True:
        if session.is_over:
            if jumped or rng.random() < 0.5:
                break
            jumped = True
            now += 30
            session = fac.jump_back(session, scenario, 1, now)
        visit = session.visit
        left = room
        for index in visit.options:
            count = rng.randrange(0, left + 1)
            left -= count
            session = fac.set_votes(session, index, count)
        now += rng.uniform(60, 300)
        top = fac.leading(session)
        session = fac.take(session, scenario, top[0] if top else visit.options[0], now)
    return fac.to_json(session)
