"""A real Learning Record Store for tests: ralph, from its own virtual environment (made by
tests/lrs/prepare.sh), on a free port of 127.0.0.1, with its file backend appending statements
to one JSON-lines file."""

from __future__ import annotations

import base64
import json
import os
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
KEY, SECRET = "trainer", "outreach-test-secret"


def ralph_venv() -> Path | None:
    named = os.environ.get("OUTREACH_RALPH_VENV")
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    for folder in ([Path(named)] if named else []) + [cache / "outreach-test-ralph"]:
        if (folder / "bin" / "ralph").exists() and (folder / "bin" / "python").exists():
            return folder
    return None


def missing_reason() -> str | None:
    venv = ralph_venv()
    if venv is None:
        return ("no ralph LRS to test against: tests/lrs/prepare.sh installs it (ralph-malph from PyPI) into "
                "~/.cache/outreach-test-ralph or $OUTREACH_RALPH_VENV; .ci/run does this")
    check = subprocess.run([str(venv / "bin" / "python"), "-c", "import ralph.api, uvicorn, requests"],
                           env={**os.environ, "RALPH_RUNSERVER_BACKEND": "fs"}, capture_output=True, text=True)
    if check.returncode:
        return f"ralph in {venv} does not import: {check.stderr.strip().splitlines()[-1:]}"
    return None


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Ralph:
    def __init__(self, folder: Path, port: int):
        self.folder = folder
        self.port = port
        self.url = f"http://127.0.0.1:{port}/xAPI"
        self.venv = ralph_venv()
        self.auth = folder / "auth.json"
        self.process: subprocess.Popen | None = None
        self.env = {**os.environ, "RALPH_RUNSERVER_BACKEND": "fs", "RALPH_AUTH_FILE": str(self.auth),
                    "RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH": str(folder)}

    def make_credentials(self) -> None:
        subprocess.run([str(self.venv / "bin" / "ralph"), "auth", "-u", KEY, "-p", SECRET, "-s", "all",
                        "-M", "mailto:lrs-test@example.org", "-w"], env=self.env, check=True, capture_output=True,
                       timeout=60)

    def start(self) -> None:
        if not self.auth.exists():
            self.make_credentials()
        self.process = subprocess.Popen([str(self.venv / "bin" / "python"), str(HERE / "serve.py"), str(self.port),
                                         str(self.folder), str(self.auth)], env=self.env,
                                        stdout=open(self.folder / "ralph.log", "ab"), stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"ralph stopped: {(self.folder / 'ralph.log').read_text()[-2000:]}")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/__heartbeat__", timeout=1):
                    return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("ralph did not start within 60 s")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None

    def get(self, query: str) -> dict:
        token = base64.b64encode(f"{KEY}:{SECRET}".encode()).decode()
        request = urllib.request.Request(f"{self.url}/statements?{query}",
                                         headers={"Authorization": f"Basic {token}",
                                                  "X-Experience-API-Version": "1.0.3"})
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        with opener.open(request, timeout=30) as response:
            return json.loads(response.read())

    def statements(self, registration: str) -> list[dict]:
        found, query = [], f"registration={registration}&limit=500"
        while True:
            page = self.get(query)
            found.extend(page["statements"])
            more = page.get("more")
            if not more:
                return found
            query = more.split("?", 1)[1]

    def stored_lines(self) -> list[dict]:
        """Every statement the LRS wrote to its file, repeats included."""
        path = self.folder / "fs_lrs.jsonl"
        if not path.exists():
            return []
        return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]

    def validate(self, statements: list[dict]) -> list[str]:
        """Each statement through ralph's strict xAPI model (unknown fields refused); the problems."""
        data = self.folder / "to-validate.json"
        data.write_text(json.dumps(statements))
        code = ("import json, sys\n"
                "from ralph.models.xapi.base.statements import BaseXapiStatement\n"
                "problems = []\n"
                "for s in json.load(open(sys.argv[1])):\n"
                "    try:\n"
                "        BaseXapiStatement.model_validate(s)\n"
                "    except Exception as error:\n"
                "        problems.append(s.get('id', '?') + ': ' + str(error)[:500])\n"
                "print(json.dumps(problems))\n")
        done = subprocess.run([str(self.venv / "bin" / "python"), "-c", code, str(data)], env=self.env,
                              capture_output=True, text=True, timeout=120, check=True)
        return json.loads(done.stdout)
