"""`outreach new FILE`: write a starting scenario that passes `validate --strict` and `test` as
written, with the editor's schema line pointing at the schema from where the file is."""

from __future__ import annotations

import contextlib
import os
import re
import sys
from pathlib import Path

from game.paths import shipped_schema

OK, PROBLEMS, USAGE = 0, 1, 2
TEMPLATE = Path(__file__).with_name("starter.yaml")
_CHECKOUT = Path(__file__).resolve().parents[2]


def schema_for(file: Path) -> Path:
    """The schema an editor should read for `file`: the repository's own when the file is inside
    a checkout of Outreach, else the copy that came with the installed game."""
    checkout = _CHECKOUT / "schema" / "scenario.schema.json"
    if checkout.is_file() and file.resolve().is_relative_to(_CHECKOUT):
        return checkout
    return shipped_schema() / "scenario.schema.json"


def schema_reference(file: Path) -> str:
    schema = schema_for(file)
    try:
        return Path(os.path.relpath(schema, file.resolve().parent)).as_posix()
    except ValueError:  # another drive on Windows: no relative path exists
        return schema.as_uri()


def scenario_id(file: Path) -> str:
    slug = re.sub(r"[^A-Za-z0-9_-]+", "-", file.stem).strip("-_").lower()
    return slug[:80] or "new-scenario"


def starter_text(file: Path) -> str:
    text = TEMPLATE.read_text(encoding="utf-8")
    return (text.replace("@SCHEMA@", schema_reference(file)).replace("@ID@", scenario_id(file))
            .replace("@FILE@", str(file)))


def write_new(file: Path, text: str) -> None:
    """Create `file` with `text`, never replacing anything already there (raises FileExistsError).
    Written to a temporary file first and linked into place, so the file is whole or absent."""
    file.parent.mkdir(parents=True, exist_ok=True)
    temp = file.with_name(f".{file.name}.{os.urandom(6).hex()}.tmp")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(text.encode("utf-8"))
            handle.flush()
            os.fsync(handle.fileno())
        try:
            os.link(temp, file)  # fails if anything (even a dangling link) is at `file`
        except FileExistsError:
            raise
        except OSError:  # a file system without hard links
            fd = os.open(file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
            with os.fdopen(fd, "wb") as handle:
                handle.write(text.encode("utf-8"))
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temp)


def run(args) -> int:
    file = Path(args.file)
    if file.suffix not in (".yaml", ".yml"):
        print(f"{file}: error: a scenario file ends in .yaml (try {file.with_suffix('.yaml')})", file=sys.stderr)
        return USAGE
    if os.path.lexists(file):
        print(f"{file}: error: the file already exists; choose another name (nothing was changed)", file=sys.stderr)
        return USAGE
    try:
        write_new(file, starter_text(file))
    except FileExistsError:
        print(f"{file}: error: the file already exists; choose another name (nothing was changed)", file=sys.stderr)
        return USAGE
    except OSError as error:
        print(f"{file}: error: cannot write: {error.strerror or error}", file=sys.stderr)
        return USAGE
    print(f"{file}: a new scenario, ready to edit. Next:\n"
          f"  outreach validate --strict {file}\n  outreach test {file}\n  outreach play {file}")
    return OK
