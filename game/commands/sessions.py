"""`outreach sessions`: list the facilitated sessions saved on this machine, and export any of
them (finished or not) as the JSON record, the CSV table and the HTML page."""

from __future__ import annotations

import json
import sys
from pathlib import Path


def add_parser(commands) -> None:
    sessions = commands.add_parser(
        "sessions", help="list saved facilitation sessions, or export one",
        description="List the facilitation sessions saved on this machine (scenario, started, label, "
        "finished or not, branches). 'outreach sessions export ID' writes the JSON record, the CSV table and "
        "the HTML page of any of them, finished or not.")
    sessions.add_argument("action", nargs="?", choices=("list", "export"), default="list",
                          help="list (the default) or export")
    sessions.add_argument("id", nargs="?", help="the session to export, as listed")
    sessions.add_argument("--out", metavar="DIR", help="export into DIR (default: the exports folder)")
    sessions.add_argument("--scenario", metavar="SCENARIO",
                          help="the scenario file the session was played on, when it is not a shipped one")
    sessions.add_argument("--json", action="store_true", help="list as JSON")


def run(args) -> int:
    from game.store.sessions import list_sessions

    if args.action == "export":
        return _export(args)
    found = list_sessions()
    if args.json:
        print(json.dumps([{"id": s.id, "scenario": s.scenario, "started": s.started, "label": s.label,
                           "facilitator": s.facilitator, "finished": s.finished, "branches": s.branches,
                           "problem": s.problem} for s in found], indent=2, ensure_ascii=False))
        return 0
    if not found:
        print("No facilitation sessions saved yet ('outreach facilitate' starts one).", file=sys.stderr)
        return 0
    for s in found:
        if s.problem:
            print(f"{s.id}: cannot be read ({s.problem})")
            continue
        state = "finished" if s.finished else "not finished"
        label = f" \"{s.label}\"" if s.label else ""
        roads = f"{s.branches} branch{'es' * (s.branches != 1)}"
        print(f"{s.id}: {s.scenario}, started {s.started}{label}, {state}, {roads}")
    print(f"{len(found)} session{'s' * (len(found) != 1)}. Export one with: outreach sessions export ID",
          file=sys.stderr)
    return 0


def _export(args) -> int:
    from game.catalog import find_scenario
    from game.model import ScenarioError, format_text, load_scenario
    from game.store.atomic import read_json
    from game.store.sessions import export_session, find_session, load_session_file

    if not args.id:
        print("sessions export: error: which session? Give its id as 'outreach sessions' lists it", file=sys.stderr)
        return 2
    path = find_session(args.id)
    if path is None:
        print(f"{args.id}: error: no such session (see 'outreach sessions')", file=sys.stderr)
        return 2
    data, problem = read_json(path)
    if problem or not isinstance(data, dict):
        print(f"{path}: error: {problem or 'not a session record'}", file=sys.stderr)
        return 1
    name = args.scenario or str(data.get("scenario", ""))
    source = find_scenario(name) if name else None
    if source is None:
        print(f"{args.id}: error: its scenario '{name}' was not found; give the file with --scenario PATH",
              file=sys.stderr)
        return 2
    try:
        scenario = load_scenario(source)
    except ScenarioError as error:
        print(format_text(error.diagnostics), file=sys.stderr)
        return 1
    session, problem = load_session_file(scenario, path)
    if session is None:
        print(f"{args.id}: error: {problem}", file=sys.stderr)
        return 1
    try:
        paths = export_session(session, scenario, Path(args.out) if args.out else None)
    except OSError as error:
        print(f"{args.out or 'exports'}: error: cannot write the export: {error.strerror or error}", file=sys.stderr)
        return 2
    for kind in ("json", "csv", "html"):
        print(paths[kind])
    return 0
