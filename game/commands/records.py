"""The records commands of `outreach`: report, import, export, lrs, trainee. game.cli adds them
with register() and runs them with run(); their exit statuses follow game.cli.Exit (0 fine,
1 problems, 2 usage or I/O error)."""

from __future__ import annotations

import argparse
import sys
from datetime import date, datetime
from pathlib import Path

from game.wording import counted

COMMANDS = ("report", "import", "export", "lrs", "trainee")


def _day(text: str) -> str:
    try:
        return date.fromisoformat(text).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date like 2026-03-31") from None


def register(commands) -> None:
    report = commands.add_parser(
        "report", help="a cohort report of the records on this computer, as one printable web page",
        description="Write a cohort report: who played what and when, endings, the six principles against the "
        "best possible, self-rating against score, how often each option was chosen, missed opportunities, "
        "and facilitated sessions with their votes.")
    report.add_argument("--since", type=_day, metavar="DATE", help="only playthroughs and sessions from this day on")
    report.add_argument("--scenario", metavar="ID", help="only this scenario")
    report.add_argument("--label", metavar="L", help="only records with this label (e.g. a cohort's name)")
    report.add_argument("--out", type=Path, required=True, metavar="FILE", help="the HTML file to write")
    report.add_argument("--csv", type=Path, metavar="DIR", help="also write each table as a CSV file into DIR")

    importing = commands.add_parser(
        "import", help="add records exported on other computers (skipping ones already here)",
        description="Add records from other computers: files made by 'outreach export', facilitated session "
        "records (JSON), and completion files. Records already here are skipped.")
    importing.add_argument("files", nargs="+", type=Path, metavar="FILE")
    importing.add_argument("--label", metavar="L", help="label the added records (e.g. the cohort's name)")

    export = commands.add_parser("export", help="write the records on this computer to one JSON file for 'import'",
                                 description="Write the records on this computer to one JSON file, to bring "
                                 "them to the computer that makes the reports ('outreach import').")
    export.add_argument("--out", type=Path, required=True, metavar="FILE")
    export.add_argument("--since", type=_day, metavar="DATE")

    lrs = commands.add_parser("lrs", help="send records to your organisation's Learning Record Store (xAPI)",
                              description="Connect a Learning Record Store (xAPI 1.0.3) and send the queued statements.")
    actions = lrs.add_subparsers(dest="lrs_command", metavar="ACTION", required=True)
    setting = actions.add_parser("set", help="set the LRS endpoint and its key and secret")
    setting.add_argument("url", metavar="URL", help="the LRS's xAPI endpoint, e.g. https://lrs.example.org/xapi")
    setting.add_argument("--key", required=True, metavar="K")
    setting.add_argument("--secret", required=True, metavar="S",
                         help="stored in a file only your user can read (or set OUTREACH_LRS_SECRET instead)")
    actions.add_parser("status", help="the LRS set, whether it answers, and the statements waiting")
    actions.add_parser("send", help="send every waiting statement now")

    trainee = commands.add_parser(
        "trainee", help="show or set how your records name you (anonymous unless you give a name or staff id)",
        description="Show or set how your records name you. Without a name or staff id you are an anonymous "
        "random id made on this computer.")
    trainee.add_argument("--name", metavar="NAME", help="your name as it should appear in reports")
    trainee.add_argument("--staff-id", metavar="ID", help="your staff or volunteer id")
    trainee.add_argument("--label", metavar="L", help="a label for your records from now on (e.g. a cohort)")
    trainee.add_argument("--anonymous", action="store_true", help="remove the name, staff id and label")


def run(args) -> int:
    return {"report": _report, "import": _import, "export": _export, "lrs": _lrs, "trainee": _trainee}[args.command](args)


def _fail(message: str, status: int = 2) -> int:
    print(f"error: {message}", file=sys.stderr)
    return status


def _report(args) -> int:
    from game.records.page import cohort_html
    from game.store.atomic import write_atomic
    from game.store.cohort import load_cohort, rows_as_csv_tables
    from game.store.csv_out import write_csv
    from game.store.records_db import RecordsError

    try:
        figures = load_cohort(args.since, args.scenario, args.label)
    except RecordsError as error:
        return _fail(str(error))
    try:
        write_atomic(args.out, cohort_html(figures, datetime.now()))
    except OSError as error:
        return _fail(f"{args.out}: cannot write: {error.strerror or error}")
    written = [str(args.out)]
    if args.csv:
        try:
            for stem, (header, rows) in rows_as_csv_tables(figures).items():
                written.append(str(write_csv(args.csv / f"{stem}.csv", header, rows)))
        except OSError as error:
            return _fail(f"{args.csv}: cannot write: {error.strerror or error}")
    print(f"Report of {counted(figures.playthroughs, 'playthrough')} by {counted(figures.trainees, 'person', 'people')} "
          f"and {counted(len(figures.sessions), 'facilitated session')} written to {args.out}"
          + (f" (and {len(written) - 1} CSV files in {args.csv})" if args.csv else ""))
    return 0


def _import(args) -> int:
    from game.store.transfer import import_file

    problems = 0
    for path in args.files:
        result, problem = import_file(path, args.label)
        if problem:
            print(f"{path}: error: {problem}", file=sys.stderr)
            problems += 1
            continue
        if result.seen_before:
            print(f"{path}: imported before; nothing added")
            continue
        parts = [counted(result.playthroughs, "playthrough"), counted(result.sessions, "session")]
        if result.completions:
            parts.append(counted(result.completions, "earlier completion"))
        print(f"{path}: added {', '.join(parts)}; {counted(result.skipped, 'record')} already here, skipped")
    return 1 if problems else 0


def _export(args) -> int:
    from game.store.records_db import RecordsError
    from game.store.transfer import export_records

    try:
        counts = export_records(args.out, args.since)
    except RecordsError as error:
        return _fail(str(error))
    except OSError as error:
        return _fail(f"{args.out}: cannot write: {error.strerror or error}")
    print(f"{counted(counts['playthroughs'], 'playthrough')} and {counted(counts['sessions'], 'session')} "
          f"written to {args.out}")
    return 0


def _lrs(args) -> int:
    from game.store import lrs
    from game.store.records_db import RecordsError

    if args.lrs_command == "set":
        try:
            path = lrs.save_endpoint(args.url, args.key, args.secret)
        except ValueError as error:
            return _fail(str(error))
        except OSError as error:
            return _fail(f"cannot save the LRS settings: {error.strerror or error}")
        print(f"LRS set: {args.url} (key {args.key}); settings in {path}, the secret in a file only you can read")
        return 0
    target, problem = lrs.endpoint()
    try:
        counts = lrs.queue_counts()
    except RecordsError as error:
        return _fail(str(error))
    if args.lrs_command == "status":
        if target is None:
            print(f"No LRS is set{': ' + problem if problem else ''}. Nothing leaves this computer.")
        else:
            ok, detail = lrs.check(target)
            print(f"LRS: {target.url} (key {target.key}): {'answers, ' + detail if ok else detail}")
        print(f"Statements: {counts['queued']} waiting ({counts['retrying']} after a failed try), {counts['sent']} sent")
        error = lrs.last_error()
        if error and counts["queued"]:
            print(f"Last problem: {error}")
        return 0
    if target is None:
        return _fail(problem or "no LRS is set: run 'outreach lrs set URL --key K --secret S' first")
    try:
        outcome = lrs.send_due(target, force=True)
        counts = lrs.queue_counts()
    except RecordsError as error:
        return _fail(str(error))
    print(f"Sent {outcome.sent} statements to {target.url}; {counts['queued']} waiting")
    if outcome.message:
        print(f"Problem: {outcome.message}", file=sys.stderr)
        return 1
    return 0


def _trainee(args) -> int:
    from game.store.identity import set_trainee, trainee

    try:
        if args.anonymous:
            person = set_trainee(None, None, None)
        elif args.name is not None or args.staff_id is not None or args.label is not None:
            person = set_trainee(*(value if value is not None else ... for value in (args.name, args.staff_id,
                                                                                      args.label)))
        else:
            person = trainee()
    except ValueError as error:
        return _fail(str(error))
    except OSError as error:
        return _fail(f"cannot save: {error.strerror or error}")
    if person.staff_id or person.name:
        print(f"Your records name you as {person.name or ''}{' ' if person.name and person.staff_id else ''}"
              f"{'(staff id ' + person.staff_id + ')' if person.staff_id else ''}".strip())
    else:
        print(f"You are anonymous: your records carry the random id {person.local_id} made on this computer.")
    if person.label:
        print(f"Label on new records: {person.label}")
    return 0
