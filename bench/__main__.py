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
    """Loading against composing the same file. The generated file's one warning (the longest
    option is the best one) points at a top-level field; a problem deeper in a file costs one
    compose more to place it (see SourceDocument), measured on a copy with one choice unscored."""
    progress("loading: generating a 1,000-node scenario")
    text = scenario_yaml(1000)
    deep_text = text.replace("        scores: {sociocultural: -2}\n", "", 1)
    assert deep_text != text
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "generated-1000.yaml"
        path.write_text(text, encoding="utf-8")
        deep = Path(folder) / "generated-1000-deep-warning.yaml"
        deep.write_text(deep_text, encoding="utf-8")
        load_scenario(path)  # warm imports and caches once
        loader = getattr(yaml, "CSafeLoader", None)
        if loader is None:
            raise SystemExit("PyYAML has no libyaml C loader here; the floor cannot be measured")
        load_ms, compose_ms, compose_gc_on_ms, deep_ms = [], [], [], []
        for _ in range(repeat):  # interleaved, so all see the same machine load
            load_ms.append(median_ms(lambda: load_scenario(path), 1))
            deep_ms.append(median_ms(lambda: load_scenario(deep), 1))
            # The honest floor: the loader pauses the cyclic garbage collector while it works, so
            # the floor does too (with it on, the collector's walks flatter the ratio).
            gc.disable()
            try:
                compose_ms.append(median_ms(lambda: yaml.compose(path.read_text(encoding="utf-8"), Loader=loader), 1))
            finally:
                gc.enable()
            compose_gc_on_ms.append(median_ms(lambda: yaml.compose(path.read_text(encoding="utf-8"), Loader=loader), 1))
    load, compose = statistics.median(load_ms), statistics.median(compose_ms)
    return {
        "scenario_bytes": len(text.encode()),
        "load_validate_1k_ms": round(load, 2),
        "yaml_compose_1k_ms": round(compose, 2),
        "load_vs_compose": round(load / compose, 3),
        "load_deep_warning_1k_ms": round(statistics.median(deep_ms), 2),
        "load_deep_warning_vs_compose": round(statistics.median(deep_ms) / compose, 3),
        "yaml_compose_1k_gc_on_ms": round(statistics.median(compose_gc_on_ms), 2),
    }


def bench_bounds(repeat: int) -> dict:
    """The exact explorer: every shipped scenario (no cache), a generated 1,000-node file whose
    states are finite, and the default generated file, whose states are not (it must stop at its
    budget and say so)."""
    from game.engine.explore import explore
    from game.paths import shipped_scenarios

    progress("explorer: the shipped library and generated 1,000-node files")
    library = [load_scenario(p) for p in sorted(shipped_scenarios().glob("*.yaml"))]
    library_ms = median_ms(lambda: [explore(s) for s in library], repeat)
    exact = all(explore(s).exact for s in library)
    with tempfile.TemporaryDirectory() as folder:
        bounded_path = Path(folder) / "bounded-1000.yaml"
        bounded_path.write_text(scenario_yaml(1000, bounded=True), encoding="utf-8")
        bounded = load_scenario(bounded_path)
        endless_path = Path(folder) / "generated-1000.yaml"
        endless_path.write_text(scenario_yaml(1000), encoding="utf-8")
        endless = load_scenario(endless_path)
    results = []
    one_k_ms = median_ms(lambda: results.append(explore(bounded)), max(repeat // 2, 1))
    endless_result = []
    endless_ms = median_ms(lambda: endless_result.append(explore(endless, budget_s=0.5)), 1)
    return {
        "bounds_library_ms": round(library_ms, 2), "bounds_library_scenarios": len(library),
        "bounds_library_exact": exact,
        "bounds_1k_ms": round(one_k_ms, 2), "bounds_1k_exact": results[-1].exact,
        "bounds_1k_states": results[-1].states,
        "bounds_1k_unbounded_exact": endless_result[-1].exact,
        "bounds_1k_unbounded_stop_ms": round(endless_ms, 2),
        "bounds_1k_unbounded_reason": endless_result[-1].reason,
    }


def bench_catalog(repeat: int, count: int = 12) -> dict:
    """The library as the game loads it at start: every file checked, and the explorer's figures
    read from the disk cache (warmed by a first load). Copies of the shipped scenarios, each with
    content of its own, make up twelve when fewer are shipped."""
    import os

    from game.catalog import catalog
    from game.paths import shipped_scenarios

    progress(f"catalog: {count} scenarios with a warm explorer cache")
    shipped = sorted(shipped_scenarios().glob("*.yaml"))
    with tempfile.TemporaryDirectory() as folder, tempfile.TemporaryDirectory() as home:
        for i in range(count):
            source = shipped[i % len(shipped)]
            copy = "" if i < len(shipped) else f"\n# copy {i}\n"
            (Path(folder) / f"{i:02d}-{source.name}").write_text(source.read_text(encoding="utf-8") + copy,
                                                                 encoding="utf-8")
        old = os.environ.get("OUTREACH_HOME")
        os.environ["OUTREACH_HOME"] = home
        try:
            from game.store.explorations import explored

            def load_library():
                for entry in catalog(Path(folder)):
                    if entry.result.scenario is not None:
                        explored(entry.result.scenario)

            load_library()  # fills the cache
            warm = median_ms(load_library, repeat)
        finally:
            if old is None:
                os.environ.pop("OUTREACH_HOME", None)
            else:
                os.environ["OUTREACH_HOME"] = old
    return {"catalog_warm_ms": round(warm, 2), "catalog_scenarios": count}


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
    moves = []  # (state, position offered): recorded first, so only the step itself is timed
    for seed in range(playthroughs):
        state = start(scenario, seed)
        while not is_over(scenario, state):
            offered = offered_choices(scenario, state)
            position = rng.randrange(len(offered))
            moves.append((state, position))
            state = choose(scenario, state, offered[position].index)
    rounds = []
    for _ in range(5):
        # A player's step: the choices offered (conditions and order), then the one taken.
        started = time.perf_counter()
        for state, position in moves:
            choose(scenario, state, offered_choices(scenario, state)[position].index)
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
    figures.update(bench_bounds(repeat=5))
    figures.update(bench_catalog(repeat=5))
    progress("records: a choice recorded, and the cohort report over 200 playthroughs per scenario")
    figures.update(bench_records())
    progress("window: start-up against a bare pygame window")
    figures.update(ui.startup(repeat=7))
    progress("window: frame times at 1920x1080")
    figures.update(ui.frame_times())
    progress("window: from Enter to the debrief's first frame")
    figures.update(ui.debrief_open(repeat=5))
    progress("window: 5 s idle on the play screen")
    figures.update(ui.idle_cpu())
    progress("window: memory after playing to the debrief")
    figures.update(ui.memory())
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
