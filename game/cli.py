"""The `outreach` command. Exit status: 0 clean, 1 problems found, 2 usage or I/O error."""

from __future__ import annotations

import argparse
import json
import sys
from enum import IntEnum
from pathlib import Path
from typing import Sequence

from game import __version__


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

    play = commands.add_parser("play", help="play a scenario", description="Play a scenario.")
    play.add_argument("scenario", nargs="?", help="a scenario file, or the id of a shipped scenario; "
                      "without it, the list of scenarios is offered")
    play.add_argument("--text", action="store_true",
                      help="play in the terminal, as plain lines (works with screen readers and pipes)")
    play.add_argument("--feedback", choices=("coach", "assessment"), default="coach",
                      help="coach: feedback after each choice (default); assessment: only at the end")
    play.add_argument("--seed", type=int, help="fix the order choices are offered in")

    validate = commands.add_parser("validate", help="check scenario files and report every problem",
                                   description="Check scenario files (or folders of them) and report every "
                                   "problem as file:line:column.")
    validate.add_argument("paths", nargs="+", metavar="PATH", help="scenario files or folders")
    validate.add_argument("--strict", action="store_true", help="fail on warnings too")
    validate.add_argument("--json", action="store_true", help="print the results as JSON")

    listing = commands.add_parser("list", help="list scenarios", description="List scenarios.")
    listing.add_argument("paths", nargs="*", metavar="PATH",
                         help="files or folders (default: the scenarios that come with Outreach)")
    listing.add_argument("--json", action="store_true", help="print the list as JSON")

    schema = commands.add_parser("schema", help="print the JSON Schema of the scenario format",
                                 description="Print the JSON Schema of the scenario format, for editors.")
    schema.add_argument("--out", type=Path, help="write it to this file instead")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    handlers = {"play": _play, "validate": _validate, "list": _list, "schema": _schema}
    if args.command is None:
        parser.print_help()
        return Exit.USAGE
    try:
        return int(handlers[args.command](args))
    except KeyboardInterrupt:
        print(file=sys.stderr)
        return Exit.OK
    except BrokenPipeError:
        sys.stderr.close()  # the reader went away (e.g. `| head`); nothing more to say
        return Exit.OK


def _validate(args) -> Exit:
    from game.catalog import scenario_files
    from game.model import check_file

    files, missing = scenario_files(args.paths)
    for name in missing:
        print(f"{name}: error: no such file or folder", file=sys.stderr)
    if not files and not missing:
        print("no scenario files (.yaml, .yml) found", file=sys.stderr)
        return Exit.USAGE
    results = [check_file(path) for path in files]
    errors = sum(len(r.errors) for r in results)
    warnings = sum(len(r.warnings) for r in results)
    if args.json:
        print(json.dumps({
            "files": [{"path": r.source, "ok": not r.errors, "errors": len(r.errors), "warnings": len(r.warnings),
                       "diagnostics": [d.to_json() for d in r.diagnostics]} for r in results],
            "errors": errors, "warnings": warnings,
        }, indent=2))
    else:
        for result in results:
            for diagnostic in result.diagnostics:
                print(diagnostic.format())
        summary = f"{len(results)} file{'s' * (len(results) != 1)} checked: {errors} error{'s' * (errors != 1)}, "
        summary += f"{warnings} warning{'s' * (warnings != 1)}"
        print(summary, file=sys.stderr)
    if missing:
        return Exit.USAGE
    if errors or (args.strict and warnings):
        return Exit.PROBLEMS
    return Exit.OK


def _list(args) -> Exit:
    from game.catalog import Entry, catalog, scenario_files, shipped_scenarios
    from game.model import check_file

    if args.paths:
        files, missing = scenario_files(args.paths)
        for name in missing:
            print(f"{name}: error: no such file or folder", file=sys.stderr)
        entries = [Entry(path, check_file(path)) for path in files]
    else:
        missing = []
        entries = catalog(shipped_scenarios())
    rows = []
    for entry in entries:
        scenario = entry.result.scenario
        if scenario is None:
            rows.append({"path": str(entry.path), "ok": False, "errors": len(entry.result.errors)})
            continue
        doc = scenario.document
        rows.append({"path": str(entry.path), "ok": True, "id": doc.id, "title": doc.title, "minutes": doc.minutes,
                     "difficulty": doc.difficulty, "content_warnings": list(doc.content_warnings or ()),
                     "premise": doc.premise})
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


def _schema(args) -> Exit:
    from game.model.schema import scenario_schema_text

    text = scenario_schema_text()
    if args.out:
        try:
            args.out.write_text(text, encoding="utf-8")
        except OSError as error:
            print(f"{args.out}: error: cannot write: {error.strerror or error}", file=sys.stderr)
            return Exit.USAGE
    else:
        sys.stdout.write(text)
    return Exit.OK


def _play(args) -> Exit:
    from game.catalog import catalog, find_scenario
    from game.model import ScenarioError, format_text, load_scenario
    from game.text import TextPlayer, choose_from_list

    if not args.text:
        again = " ".join(["outreach play --text", *([args.scenario] if args.scenario else [])])
        print(f"The windowed player is not part of this version yet. Play in the terminal with:\n  {again}",
              file=sys.stderr)
        return Exit.USAGE
    lines = (line for line in sys.stdin)
    echo = not sys.stdin.isatty()
    if args.scenario:
        path = find_scenario(args.scenario)
        if path is None:
            print(f"{args.scenario}: error: no such scenario file or id (see 'outreach list')", file=sys.stderr)
            return Exit.USAGE
        try:
            scenario = load_scenario(path)
        except ScenarioError as error:
            print(format_text(error.diagnostics), file=sys.stderr)
            return Exit.PROBLEMS
    try:
        if not args.scenario:
            scenario = choose_from_list(catalog(), lines, sys.stdout, echo)
            if scenario is None:
                return Exit.OK
        return Exit(TextPlayer(scenario, lines, sys.stdout, feedback=args.feedback, seed=args.seed,
                               echo=echo).run())
    except KeyboardInterrupt:  # Ctrl-C at a prompt: end the prompt's line, so the output ends with a newline
        print(flush=True)
        return Exit.OK


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
