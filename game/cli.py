"""The `outreach` command. Exit status: 0 clean, 1 problems found, 2 usage or I/O error."""

from __future__ import annotations

import argparse
import json
import sys
from enum import IntEnum
from pathlib import Path
from typing import Sequence

from game import __version__
from game.commands import records as records_commands


class Exit(IntEnum):
    OK = 0
    PROBLEMS = 1
    USAGE = 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="outreach",
        description="Outreach: branching scenarios that train harm reduction outreach workers.",
        epilog="Run 'outreach COMMAND --help' for the options of a command.",
    )
    parser.add_argument("--version", action="version", version=f"outreach {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    play = commands.add_parser("play", help="play a scenario (in a window, or in the terminal with --text)",
                               description="Play a scenario in a window; with --text, in the terminal.")
    play.add_argument("scenario", nargs="?", help="a scenario file, or the id of a shipped scenario; "
                      "without it, the list of scenarios is offered")
    play.add_argument("--text", action="store_true",
                      help="play in the terminal, as plain lines (works with screen readers and pipes)")
    play.add_argument("--feedback", choices=("coach", "assessment"),
                      help="coach: feedback after each choice (the default); assessment: only at the end")
    play.add_argument("--seed", type=int, help="fix the order choices are offered in")
    play.add_argument("--resume", action="store_true",
                      help="with --text: go on with the saved game of this scenario (or the most recent) without asking")
    play.add_argument("--size", type=_size, default=(1280, 720), metavar="WxH",
                      help="window size (default 1280x720)")
    play.add_argument("--watch", action="store_true",
                      help="live preview for authors: reload the scenario in the open window whenever the file is "
                      "saved, keeping your place; F2 shows the moment's id, the variables and the totals")
    play.add_argument("--from", dest="from_node", metavar="NODE", help="start play at this moment (for authors)")
    play.add_argument("--set", dest="sets", action="append", default=[], metavar="NAME=VALUE",
                      help="start with a variable set, e.g. --set trust=2 (repeat for more)")

    facilitate = commands.add_parser(
        "facilitate", help="project a scenario for a room: votes, reveal, jump back, group debrief",
        description="Facilitator mode: a projector view for the room and a presenter view (P) for you. "
        "Press ? in the window for every key.")
    facilitate.add_argument("scenario", nargs="?", help="a scenario file, or the id of a shipped scenario")
    facilitate.add_argument("--time-box", type=int, metavar="SECONDS",
                            help="discussion time per moment, shown in the presenter view")
    facilitate.add_argument("--presenter-window", action="store_true",
                            help="show the presenter view in a second window (for the laptop screen), "
                            "instead of toggling it with P")
    facilitate.add_argument("--phones", action="store_true",
                            help="let the room vote from their phones: shows a QR code and a short address")
    facilitate.add_argument("--phones-host", metavar="ADDRESS",
                            help="the local network address phones reach (default: $OUTREACH_PHONES_HOST, else "
                            "this laptop's Wi-Fi address); never a public one")
    facilitate.add_argument("--phones-port", type=int, metavar="PORT", help="the port (default 8765, else any free)")
    facilitate.add_argument("--click-votes", action="store_true",
                            help="a click on an option adds a vote (by default a click only points at it)")
    facilitate.add_argument("--seed", type=int, help="fix the order of the options")
    facilitate.add_argument("--size", type=_size, default=(1920, 1080), metavar="WxH",
                            help="window size (default 1920x1080)")

    from game.commands.sessions import add_parser as add_sessions
    add_sessions(commands)

    storyboard = commands.add_parser(
        "storyboard", help="render every screen along a path through a scenario to PNG files",
        description="Render, without a display, every screen along one path through a scenario (picker, "
        "warnings, each moment and its feedback, the debrief top and scrolled) to numbered PNG files.")
    storyboard.add_argument("scenario", help="a scenario file, or the id of a shipped scenario")
    storyboard.add_argument("--out", type=Path, required=True, metavar="DIR", help="folder for the PNG files")
    storyboard.add_argument("--path", type=_path, default=[], metavar="1,ask-first,2",
                            help="the choice to take at each moment, by its number as written in the file "
                            "(1 = first written) or its id; after the path runs out, the first choice on screen")
    storyboard.add_argument("--seed", type=int, default=1, help="order of the choices (default 1)")
    storyboard.add_argument("--size", type=_size, default=(1280, 720), metavar="WxH", help="default 1280x720")
    storyboard.add_argument("--text-scale", type=float, default=1.0, metavar="S", help="1.0 to 2.0 (default 1.0)")
    storyboard.add_argument("--theme", choices=("default", "high-contrast"), default="default")
    storyboard.add_argument("--feedback", choices=("coach", "assessment"), default="coach")
    storyboard.add_argument("--mode", choices=("play", "facilitate"), default="play",
                            help="facilitate: the projector and presenter views of facilitator mode")
    storyboard.add_argument("--votes", type=_votes, default=[], metavar="3,5,1;2,2",
                            help="facilitate mode: the room's votes for options A, B, C... at each moment")

    validate = commands.add_parser("validate", help="check scenario files and report every problem",
                                   description="Check scenario files (or folders of them) and report every "
                                   "problem as file:line:column.")
    validate.add_argument("paths", nargs="+", metavar="PATH", help="scenario files or folders")
    validate.add_argument("--strict", action="store_true", help="fail on warnings too")
    validate.add_argument("--json", action="store_true", help="print the results as JSON")

    routes = commands.add_parser(
        "routes", help="every ending: how many routes reach it, a shortest one, the range of each principle",
        description="Explore every play the rules allow and report, for each ending, its kind, how many routes "
        "reach it, a shortest route and the range of each principle's total over those routes; then choices "
        "never offered and moments never reached.")
    routes.add_argument("scenario", help="a scenario file, or the id of a shipped scenario")
    routes.add_argument("--json", action="store_true", help="print the report as JSON")

    story_map = commands.add_parser(
        "map", help="draw the story map: moments, endings and choices (SVG, PNG, DOT or Mermaid)",
        description="Draw the story map of a scenario: moments as boxes, endings shaped and labelled by kind, "
        "arrows labelled with the choice's number as written, its condition and its score sum; parts no play "
        "reaches are dashed and marked. DOT and Mermaid need nothing installed; SVG and PNG need Graphviz.")
    story_map.add_argument("scenario", help="a scenario file, or the id of a shipped scenario")
    story_map.add_argument("--format", choices=("svg", "png", "dot", "mermaid"), default=None,
                           help="default: from the --out file's suffix, else dot")
    story_map.add_argument("--out", type=Path, metavar="FILE", help="write the map here (default: print it; "
                           "SVG and PNG need --out)")

    test = commands.add_parser("test", help="run each scenario's playtests and built-in properties",
                               description="Run the playtests written in each scenario file, and the properties "
                               "every scenario must have (every ending reachable, a good ending reachable, the best "
                               "route above the worst for each principle). Failures are reported as "
                               "file:line:column.")
    test.add_argument("paths", nargs="*", metavar="PATH",
                      help="scenario files or folders (default: the scenarios that come with Outreach)")
    test.add_argument("--json", action="store_true", help="print the results as JSON")

    new = commands.add_parser("new", help="write a starting scenario to edit",
                              description="Write a complete starting scenario to FILE (never over an existing "
                              "file): three endings, a variable, a condition, lens facts, a text variant, playtests "
                              "and the schema line for your editor. It passes 'validate --strict' and 'test' as "
                              "written.")
    new.add_argument("file", metavar="FILE", help="the new scenario file, e.g. my-scenario.yaml")

    listing = commands.add_parser("list", help="list scenarios", description="List scenarios.")
    listing.add_argument("paths", nargs="*", metavar="PATH",
                         help="files or folders (default: the scenarios that come with Outreach)")
    listing.add_argument("--json", action="store_true", help="print the list as JSON")

    schema = commands.add_parser("schema", help="print the JSON Schema of the scenario format",
                                 description="Print the JSON Schema of the scenario format, for editors.")
    schema.add_argument("--out", type=Path, help="write it to this file instead")
    records_commands.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    from game.terminal import safe_streams

    with safe_streams():  # every line printed, argparse's errors too, is terminal-safe
        return _main(argv)


def _main(argv: Sequence[str] | None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    handlers = {"play": _play, "validate": _validate, "list": _list, "schema": _schema, "storyboard": _storyboard,
                "facilitate": _facilitate, "test": _test, "new": _new, "sessions": _sessions, "routes": _routes,
                "map": _map,
                **dict.fromkeys(records_commands.COMMANDS, records_commands.run)}
    if args.command is None:
        parser.print_help()
        return Exit.USAGE
    if args.command in ("play", "facilitate"):
        from game.store import clean_temporary_files

        clean_temporary_files()  # what writes cut off by a kill or a power cut left behind
    try:
        return int(handlers[args.command](args))
    except KeyboardInterrupt:
        print(file=sys.stderr)
        return Exit.OK
    except BrokenPipeError:
        sys.stderr.close()  # the reader went away (e.g. `| head`); nothing more to say
        return Exit.OK


def _size(text: str) -> tuple[int, int]:
    try:
        width, height = (int(part) for part in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a size like 1280x720") from None
    if not (640 <= width <= 7680 and 400 <= height <= 4320):
        raise argparse.ArgumentTypeError(f"'{text}' is outside 640x400 to 7680x4320")
    return width, height


def _path(text: str) -> list[int | str]:
    """Choice numbers as written (1 = first) or choice ids, separated by commas."""
    steps: list[int | str] = []
    for part in (p.strip() for p in text.split(",")):
        if not part:
            continue
        if part.lstrip("+-").isdigit():
            if int(part) < 1:
                raise argparse.ArgumentTypeError("choice numbers start at 1 (the first choice written)")
            steps.append(int(part))
        else:
            steps.append(part)
    return steps


def _votes(text: str) -> list[list[int]]:
    try:
        return [[int(n) for n in moment.split(",") if n.strip()] for moment in text.split(";")]
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not votes like 3,5,1;2,2 (moments split by ';')") from None


def _scenario_or_exit(name: str | None):
    """The loaded scenario named by path or id (None when no name was given), or an exit status
    after saying what is wrong."""
    if not name:
        return None
    from game.catalog import find_scenario
    from game.model import ScenarioError, format_text, load_scenario

    path = find_scenario(name)
    if path is None:
        print(f"{name}: error: no such scenario file or id (see 'outreach list')", file=sys.stderr)
        return Exit.USAGE
    try:
        return load_scenario(path)
    except ScenarioError as error:
        print(format_text(error.diagnostics), file=sys.stderr)
        return Exit.PROBLEMS


def _validate(args) -> Exit:
    from game.catalog import scenario_files
    from game.model import check_file

    files, missing = scenario_files(args.paths)
    for name in missing:
        print(f"{name}: error: no such file or folder", file=sys.stderr)
    if not files and not missing:
        print("no scenario files (.yaml, .yml) found", file=sys.stderr)
        return Exit.USAGE
    from game.store.explorations import explored

    results = [check_file(path, explore=explored) for path in files]
    errors = sum(len(r.errors) for r in results)
    warnings = sum(len(r.warnings) for r in results)
    if args.json:
        print(json.dumps({
            "files": [{"path": r.source, "ok": not r.errors, "errors": len(r.errors), "warnings": len(r.warnings),
                       "diagnostics": [d.to_json() for d in r.diagnostics],
                       **({"explored": {"exact": r.exploration.exact, "reason": r.exploration.reason,
                                        "states": r.exploration.states}} if r.exploration else {})}
                      for r in results],
            "errors": errors, "warnings": warnings,
        }, indent=2))
    else:
        for result in results:
            for diagnostic in result.diagnostics:
                print(diagnostic.format())
            if result.exploration is not None and not result.exploration.exact:
                print(f"{result.source}: note: the checks of what play can reach were not made: the explorer "
                      f"{result.exploration.reason}", file=sys.stderr)
        summary = f"{len(results)} file{'s' * (len(results) != 1)} checked: {errors} error{'s' * (errors != 1)}, "
        summary += f"{warnings} warning{'s' * (warnings != 1)}"
        print(summary, file=sys.stderr)
    if missing:
        return Exit.USAGE
    if errors or (args.strict and warnings):
        return Exit.PROBLEMS
    return Exit.OK


def _test(args) -> Exit:
    from game.authoring.testing import run

    return Exit(run(args))


def _new(args) -> Exit:
    from game.authoring.new import run

    return Exit(run(args))


def _list(args) -> Exit:
    from game.catalog import Entry, catalog, scenario_files, shipped_scenarios
    from game.model import check_file
    from game.model.profile import course_sort_key, profile

    if args.paths:
        files, missing = scenario_files(args.paths)
        for name in missing:
            print(f"{name}: error: no such file or folder", file=sys.stderr)
        entries = [Entry(path, check_file(path)) for path in files]
    else:
        missing = []
        entries = catalog(shipped_scenarios())
    rows = []
    # Playable scenarios in course order ("Start here" first), then the files that cannot be played.
    entries = sorted(entries, key=lambda e: (0, course_sort_key(e.result.scenario)) if e.result.scenario
                     else (1, (str(e.path),)))
    for entry in entries:
        scenario = entry.result.scenario
        if scenario is None:
            rows.append({"path": str(entry.path), "ok": False, "errors": len(entry.result.errors)})
            continue
        doc = scenario.document
        covers = profile(scenario)
        rows.append({"path": str(entry.path), "ok": True, "id": doc.id, "title": doc.title, "minutes": doc.minutes,
                     "difficulty": doc.difficulty, "content_warnings": list(doc.content_warnings or ()),
                     "premise": doc.premise, "topic": covers.topic, "order": covers.order,
                     "nodes": covers.moments, "endings": covers.endings,
                     "principles": list(covers.principles_scored),
                     "principles_centred": list(covers.principles_centred),
                     "lens_factors": list(covers.lens_attended)})
    if not rows:
        print("no scenario files (.yaml, .yml) found", file=sys.stderr)
    if args.json:
        print(json.dumps(rows, indent=2, ensure_ascii=False))
    else:
        for row in rows:
            if not row["ok"]:
                errors = row["errors"]
                print(f"{row['path']}: cannot be played ({errors} error{'s' * (errors != 1)}; "
                      f"run 'outreach validate {row['path']}')")
                continue
            warnings = ", ".join(row["content_warnings"]) or "none"
            print(f"{row['id']}: {row['title']} ({row['minutes']} min). Content warnings: {warnings}.")
    return Exit.USAGE if missing else Exit.OK


def _routes(args) -> Exit:
    scenario = _scenario_or_exit(args.scenario)
    if isinstance(scenario, Exit):
        return scenario
    from game.commands.routes import run

    return Exit(run(scenario, args.json))


def _map(args) -> Exit:
    scenario = _scenario_or_exit(args.scenario)
    if isinstance(scenario, Exit):
        return scenario
    from game.commands.map import run

    return Exit(run(scenario, args.format, args.out))


def _schema(args) -> Exit:
    from game.model.schema import scenario_schema_text

    text = scenario_schema_text()
    if args.out:
        from game.store import write_atomic

        try:
            write_atomic(args.out, text)
        except OSError as error:
            print(f"{args.out}: error: cannot write: {error.strerror or error}", file=sys.stderr)
            return Exit.USAGE
    else:
        sys.stdout.write(text)
    return Exit.OK


def _play(args) -> Exit:
    if args.watch or args.from_node or args.sets:
        from game.authoring.watch import run

        return Exit(run(args))
    scenario = _scenario_or_exit(args.scenario)
    if isinstance(scenario, Exit):
        return scenario
    if not args.text:
        return _play_in_window(scenario, args)
    from game.catalog import catalog
    from game.text import TextPlayer, choose_from_list
    from game.text.player import offer_resume

    lines = (line for line in sys.stdin)
    echo = not sys.stdin.isatty()
    try:
        # Resuming is offered to a person at a terminal; a script piping answers gets the same game every time.
        resumed = offer_resume(lines, sys.stdout, scenario, echo, ask=False) if args.resume else \
            None if echo else offer_resume(lines, sys.stdout, scenario)
        if resumed is not None:
            scenario, state, feedback, draft = resumed
            return Exit(TextPlayer(scenario, lines, sys.stdout, feedback=args.feedback or feedback, state=state,
                                   draft=draft, echo=echo).run())
        if args.resume:
            print("There is no saved game to resume; starting afresh.", file=sys.stdout)
        if scenario is None:
            scenario = choose_from_list(catalog(), lines, sys.stdout, echo)
            if scenario is None:
                return Exit.OK
        return Exit(TextPlayer(scenario, lines, sys.stdout, feedback=args.feedback or "coach", seed=args.seed,
                               echo=echo).run())
    except KeyboardInterrupt:  # Ctrl-C at a prompt: end the prompt's line, so the output ends with a newline
        print(flush=True)
        return Exit.OK


def _facilitate(args) -> Exit:
    scenario = _scenario_or_exit(args.scenario)
    if isinstance(scenario, Exit):
        return scenario
    return _play_in_window(scenario, args, facilitating=True)


def _no_display() -> bool:
    """On Linux without X11 or Wayland (over SSH, on a server), SDL falls back to an invisible
    offscreen driver and the game would run forever with nothing on screen. A video driver the
    user chose (SDL_VIDEODRIVER) is always respected."""
    import os

    if os.environ.get("SDL_VIDEODRIVER") or not sys.platform.startswith("linux"):
        return False
    return not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def _sessions(args) -> Exit:
    from game.commands.sessions import run

    return Exit(run(args))


def _play_in_window(scenario, args, facilitating: bool = False) -> Exit:
    if _no_display():
        command = "outreach play --text" + (f" {args.scenario}" if args.scenario else "")
        print(f"No display was found (DISPLAY and WAYLAND_DISPLAY are not set), so the game window cannot "
              f"open. Play in the terminal instead:\n  {command}\n(To use a video driver anyway, set "
              f"SDL_VIDEODRIVER.)", file=sys.stderr)
        return Exit.USAGE
    import pygame

    from game.ui import run_window

    try:
        run_window(scenario, size=args.size, feedback=getattr(args, "feedback", None), seed=args.seed,
                   facilitating=facilitating, time_box=getattr(args, "time_box", None),
                   presenter_window=getattr(args, "presenter_window", False), room=_room_options(args))
    except pygame.error as error:
        print(f"The game window could not open ({error}). Play in the terminal instead:\n"
              f"  outreach play --text{' ' + args.scenario if args.scenario else ''}", file=sys.stderr)
        return Exit.USAGE
    return Exit.OK


def _room_options(args):
    if not hasattr(args, "phones"):
        return None
    from game.ui.scenes.phones import RoomOptions

    return RoomOptions(args.phones, args.phones_host, args.phones_port, args.click_votes)


def _storyboard(args) -> Exit:
    from game.ui.storyboard import render_facilitation, render_storyboard

    scenario = _scenario_or_exit(args.scenario)
    if isinstance(scenario, Exit):
        return scenario
    from game.engine.route import RouteError, finish, follow

    try:
        ending = finish(scenario, follow(scenario, args.path, args.seed))
    except RouteError as error:
        print(f"{args.scenario}: error: --path: {error}", file=sys.stderr)
        return Exit.USAGE
    choices = [step.choice for step in ending.path]
    try:
        if args.mode == "facilitate":
            shots = render_facilitation(Path(scenario.source), args.out, choices=choices, votes=args.votes,
                                        seed=args.seed, size=args.size, text_scale=min(max(args.text_scale, 0.5), 3.0),
                                        theme=args.theme)
        else:
            shots = render_storyboard(Path(scenario.source), args.out, choices=choices, seed=args.seed,
                                      size=args.size, text_scale=min(max(args.text_scale, 0.5), 3.0),
                                      theme=args.theme, feedback=args.feedback)
    except OSError as error:
        print(f"{args.out}: error: cannot write the pictures: {error.strerror or error}", file=sys.stderr)
        return Exit.USAGE
    print(f"{len(shots)} screens written to {args.out}")
    node = scenario.nodes[ending.node]
    if node.is_ending:
        print(f"ending reached: '{ending.node}' ({node.spec.ending.kind}: {node.spec.ending.title}), "
              f"after {len(ending.path)} choice{'s' * (len(ending.path) != 1)}")
    return Exit.OK


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
