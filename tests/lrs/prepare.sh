#!/usr/bin/env bash
# Prepare a real Learning Record Store for tests/test_lrs.py: ralph (the ralph-malph package) in a
# virtual environment of its own, since it pins FastAPI and Starlette versions that must not meet
# the game's. Safe to run again; a machine without PyPI access just skips the LRS tests.
set -uo pipefail
venv="${OUTREACH_RALPH_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/outreach-test-ralph}"
if [ -x "$venv/bin/ralph" ] && RALPH_RUNSERVER_BACKEND=fs "$venv/bin/python" -c "import ralph.api, requests, uvicorn" 2>/dev/null; then
  echo "ralph is ready in $venv"
  exit 0
fi
python3 -m venv "$venv" \
  && "$venv/bin/pip" install -q 'ralph-malph[lrs,cli]==5.1.0' requests \
  && echo "ralph installed in $venv" \
  || echo "ralph could not be installed in $venv; tests/test_lrs.py will say it is skipped"
exit 0
