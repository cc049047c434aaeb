"""Generated scenarios for benchmarks: N nodes, three choices each, with conditions, effects,
scores and a few loops, shaped like a real scenario but as large as asked."""

from __future__ import annotations

import random

from game.analysis import StoryGraph

PRINCIPLES = ("health_dignity", "participant_centered", "participant_involvement",
              "participant_autonomy", "sociocultural", "pragmatic")


def _edges(count: int, rng: random.Random, bounded: bool = False):
    """For each node, three (target, scores) pairs; the last 5% of nodes are endings."""
    endings = max(1, count // 20)
    result = []
    for i in range(count):
        if i >= count - endings:
            result.append(())
            continue
        choices = []
        for c in range(3):
            if c == 2 and rng.random() < 0.15 and i > 5:
                back = rng.randint(1, 5)
                target = i - (1 if bounded else back)  # a loop back, as in "ask again"
            elif c == 0:
                target = i + 1  # keeps every node reachable
            elif c == 1 and i >= count - 2 * endings:
                target = i + endings  # keeps every ending reachable
            else:
                target = min(i + rng.randint(1, 12), count - 1)
            picked = rng.sample(PRINCIPLES, rng.randint(1, 3))
            choices.append((target, {p: rng.choice((-2, -1, 1, 2)) for p in picked}))
        result.append(tuple(choices))
    return result


def scenario_yaml(count: int = 1000, seed: int = 1, bounded: bool = False) -> str:
    rng = random.Random(seed)
    lines = [
        "# yaml-language-server: $schema=../schema/scenario.schema.json",
        "format: 1", f"id: generated-{count}", f"title: Generated scenario of {count} nodes",
        "premise: A benchmark scenario.", "minutes: 60", "difficulty: 3", "content_warnings: [overdose]",
        "lens:", "  drug:", "    summary: Street fentanyl.", "    facts:",
        "      - {id: supply, text: The supply is mostly fentanyl.}",
        "  set: Tired and wary.", "  setting: A park at night.",
        "variables:", "  trust: 0", "  care: 0", "  called: false",
        "start: n0", "nodes:",
    ]
    for i, choices in enumerate(_edges(count, rng, bounded)):
        lines += [f"  n{i}:", "    speaker: Sam", f"    text: Moment {i}. Sam looks at you and waits for an answer."]
        if i == 0:
            lines.append("    reveals: [supply]")
        if not choices:
            kind = ("good", "mixed", "poor")[i % 3]
            lines += [f"    ending: {{kind: {kind}, title: Ending {i}}}"]
            continue
        lines.append("    choices:")
        for c, (target, scores) in enumerate(choices):
            lines += [f"      - text: Option {c} at moment {i}, said gently and clearly.", f"        goto: n{target}"]
            if c == 2:
                # Distinct conditions (as many as moments), so none is compiled from the cache.
                lines.append(f"        when: trust >= {i % 4} and not called or care <= -{1 + i % 5}" if bounded
                             else f"        when: trust >= {i % 4} and not called or care + trust > {i}")
            effect = (f"trust += {1 + i % 3}", f"care -= {i % 2}", "called = true")[c]
            lines.append(f"        effects: [\"{effect}\"]")
            lines.append("        scores: {" + ", ".join(f"{k}: {v}" for k, v in scores.items()) + "}")
            lines.append("        lens: [set]" if c == 0 else "        lens: [drug, setting]")
            lines.append(f"        feedback: Feedback for option {c} at moment {i}.")
    lines += ["debrief:", "  questions: [What happened?]"]
    return "\n".join(lines) + "\n"


def story_graph(count: int, seed: int = 1) -> StoryGraph:
    rng = random.Random(seed)
    edges, scores = [], []
    for choices in _edges(count, rng):
        edges.append(tuple(t for t, _ in choices))
        scores.append(tuple(tuple(s.get(p, 0) for p in PRINCIPLES) for _, s in choices))
    endings = frozenset(i for i, e in enumerate(edges) if not e)
    return StoryGraph(tuple(f"n{i}" for i in range(count)), tuple(edges), tuple(scores), endings, 0)
