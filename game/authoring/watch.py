"""`outreach play FILE --watch [--from NODE] [--set NAME=VALUE ...]`: the live preview's command.
Checks what it can before a window opens; the window itself is game.ui.preview."""

from __future__ import annotations

import sys
from pathlib import Path

from .preview import Origin, StartError, parse_set

OK, PROBLEMS, USAGE = 0, 1, 2


def run(args) -> int:
    from game.catalog import find_scenario
    from game.model import check_file, format_text

    if args.text:
        print("error: --watch, --from and --set work in the window, not with --text", file=sys.stderr)
        return USAGE
    if not args.scenario:
        print("error: name the scenario file to preview, e.g. outreach play my-scenario.yaml --watch",
              file=sys.stderr)
        return USAGE
    path = find_scenario(args.scenario)
    if path is None:
        print(f"{args.scenario}: error: no such scenario file or id (see 'outreach list')", file=sys.stderr)
        return USAGE
    result = check_file(path)
    if result.scenario is None and not args.watch:
        print(format_text(result.diagnostics), file=sys.stderr)
        return PROBLEMS
    try:
        origin = Origin(args.from_node, tuple(parse_set(item) for item in args.sets))
        if result.scenario is not None:
            origin.state(result.scenario, args.seed)  # refuse a bad --from or --set before the window opens
    except StartError as error:
        print(f"{args.scenario}: error: {error}", file=sys.stderr)
        return USAGE
    import pygame

    from game.ui.preview import run_preview

    try:
        run_preview(Path(path), result.scenario, size=args.size, feedback=args.feedback, seed=args.seed,
                    origin=origin, watch=args.watch)
    except pygame.error as error:
        print(f"The game window could not open ({error}).", file=sys.stderr)
        return USAGE
    return OK
