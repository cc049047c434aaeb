"""Run the benchmarks and print one JSON object; progress goes to stderr.

Each figure is the median of several repetitions. Where a floor exists (bare libyaml
composition), it is measured in the same run on the same input and the ratio reported.
"""

from __future__ import annotations

import gc
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import yaml

from game.analysis import components, reachable, reaches_ending, score_bounds
from game.engine import choose, is_over, offered_choices, start
from game.model import load_scenario
from game.model.yaml_source import USING_LIBYAML

from . import ui
from .records import bench_records
from .generate import scenario_yaml, story_graph


def median_ms(action, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def bench_loading(repeat: int) -> dict:
    progress("loading: generating a 1,000-node scenario")
    text = scenario_yaml(1000)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "generated-1000.yaml"
        path.write_text(text, encoding="utf-8")
        load_scenario(path)  # warm imports and caches once
        loader = getattr(yaml, "CSafeLoader", None)
        if loader is None:
            raise SystemExit("PyYAML has no libyaml C loader here; the floor cannot be measured")
        load_ms, compose_ms = [], []
        for _ in range(repeat):  # interleaved, so both see the same machine load
            load_ms.append(median_ms(lambda: load_scenario(path), 1))
            compose_ms.append(median_ms(lambda: yaml.compose(path.read_text(encoding="utf-8"), Loader=loader), 1))
    load, compose = statistics.median(load_ms), statistics.median(compose_ms)
    # The loader pauses the cyclic garbage collector while it works; the same floor with the
    # collector paused shows how much of the lead comes from that alone.
    gc.disable()
    try:
        text_in_memory = text
        paused = median_ms(lambda: yaml.compose(text_in_memory, Loader=loader), repeat)
    finally:
        gc.enable()
    return {
        "scenario_bytes": len(text.encode()),
        "load_validate_1k_ms": round(load, 2),
        "yaml_compose_1k_ms": round(compose, 2),
        "load_vs_compose": round(load / compose, 3),
        "yaml_compose_1k_gc_paused_ms": round(paused, 2),
        "load_vs_compose_gc_paused": round(load / paused, 3),
    }


def analyse(graph) -> None:
    reachable(graph)
    reaches_ending(graph)
    components(graph)
    score_bounds(graph)


def bench_analysis(repeat: int) -> dict:
    progress("analysis: 1,000 and 10,000 nodes")
    small, large = story_graph(1000), story_graph(10000)
    one = median_ms(lambda: analyse(small), repeat * 3)
    ten = median_ms(lambda: analyse(large), repeat)
    return {"analysis_1k_ms": round(one, 2), "analysis_10k_ms": round(ten, 2),
            "analysis_10k_vs_1k": round(ten / one, 2)}


def bench_engine(playthroughs: int) -> dict:
    progress(f"engine: {playthroughs} random playthroughs of the 1,000-node scenario")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "generated-1000.yaml"
        path.write_text(scenario_yaml(1000), encoding="utf-8")
        scenario = load_scenario(path)
    rng = random.Random(7)
    moves = []  # (state, authored index): recorded first, so only choose() is timed
    for seed in range(playthroughs):
        state = start(scenario, seed)
        while not is_over(scenario, state):
            index = rng.choice(offered_choices(scenario, state)).index
            moves.append((state, index))
            state = choose(scenario, state, index)
    rounds = []
    for _ in range(5):
        started = time.perf_counter()
        for state, index in moves:
            choose(scenario, state, index)
        rounds.append((time.perf_counter() - started) / len(moves) * 1e6)
    lengths = playthroughs and len(moves) / playthroughs
    return {"engine_step_us": round(statistics.median(rounds), 3), "engine_steps_timed": len(moves),
            "engine_mean_path_length": round(lengths, 1)}


def main() -> None:
    if "--display" in sys.argv[1:]:
        # Frame times and memory on a real display against a bare pygame window (bench/display.py).
        from . import display

        display.main()
        return
    # Whether the loader measured here really runs on libyaml (the pure-Python parser is ~9x slower).
    figures = {"python": sys.version.split()[0], "libyaml": USING_LIBYAML}
    figures.update(bench_loading(repeat=7))
    figures.update(bench_analysis(repeat=5))
    figures.update(bench_engine(playthroughs=200))
    progress("records: a choice recorded, and the cohort report over 200 playthroughs per scenario")
    figures.update(bench_records())
    progress("window: start-up against a bare pygame window")
    figures.update(ui.startup(repeat=7))
    progress("window: frame times at 1920x1080")
    figures.update(ui.frame_times())
    progress("window: 5 s idle on the play screen")
    figures.update(ui.idle_cpu())
    progress("window: memory after playing to the debrief")
    figures.update(ui.memory())
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
