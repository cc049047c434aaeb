"""The records store's costs: what recording a choice adds to play, and building the cohort report
over 200 playthroughs of every shipped scenario by 40 trainees and 10 facilitated sessions."""

from __future__ import annotations

import json
import os
import random
import statistics
import tempfile
import time
from datetime import datetime
from pathlib import Path


def bench_records(repeat: int = 5) -> dict:
    from game.catalog import catalog
    from game.engine import choose, is_over, offered_choices, start
    from game.records.page import cohort_html
    from game.store.cohort import load_cohort
    from game.store.playlog import note_state
    from game.store.records_db import close_all
    from game.store.transfer import import_file

    from .cohort import cohort_document

    scenarios = [e.result.scenario for e in catalog() if e.result.scenario is not None]
    old = os.environ.get("OUTREACH_HOME")
    try:
        with tempfile.TemporaryDirectory() as folder:
            os.environ["OUTREACH_HOME"] = str(Path(folder) / "play")
            os.environ["OUTREACH_LRS_OFF"] = "1"
            rng = random.Random(5)
            times = []
            for round_ in range(repeat * 4):
                scenario = scenarios[round_ % len(scenarios)]
                state = start(scenario, rng.randrange(2**31))
                note_state(scenario, state, feedback="coach", complete_at_ending=True)
                while not is_over(scenario, state):
                    state = choose(scenario, state, rng.choice(offered_choices(scenario, state)).index)
                    started = time.perf_counter()
                    problem = note_state(scenario, state, feedback="coach", complete_at_ending=True)
                    times.append((time.perf_counter() - started) * 1000)
                    assert problem is None, problem
            close_all()
            os.environ["OUTREACH_HOME"] = str(Path(folder) / "cohort")
            source = Path(folder) / "cohort.json"
            source.write_text(json.dumps(cohort_document(scenarios, 40, 200, 10, seed=1)))
            _, problem = import_file(source)
            assert problem is None, problem
            report = []
            for _ in range(repeat):
                started = time.perf_counter()
                figures = load_cohort()
                cohort_html(figures, datetime.now())
                report.append((time.perf_counter() - started) * 1000)
            close_all()
    finally:
        os.environ.pop("OUTREACH_LRS_OFF", None)
        if old is None:
            os.environ.pop("OUTREACH_HOME", None)
        else:
            os.environ["OUTREACH_HOME"] = old
    times.sort()
    return {
        "records_step_ms": round(statistics.median(times), 3),
        "records_step_p95_ms": round(times[int(len(times) * 0.95) - 1], 3),
        "records_steps_timed": len(times),
        "report_200_ms": round(statistics.median(report), 1),
        "report_200_playthroughs": figures.playthroughs,
    }
