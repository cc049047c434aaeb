import os
import tempfile
from pathlib import Path

import pytest

# Tests are headless whatever the desktop says: no window opens, no sound device is touched.
os.environ["SDL_VIDEODRIVER"] = "dummy"
os.environ["SDL_AUDIODRIVER"] = "dummy"
# Phone voting in tests listens on loopback only, never on this machine's network address.
os.environ["OUTREACH_PHONES_HOST"] = "127.0.0.1"
# Tests (and the processes they start) never touch the real user folders.
os.environ["OUTREACH_HOME"] = tempfile.mkdtemp(prefix="outreach-tests-")

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
SCENARIOS = ROOT / "scenarios"


@pytest.fixture
def small():
    from game.model import load_scenario

    return load_scenario(FIXTURES / "small.yaml")


# Long tests (kill tests, big fuzz runs) are marked `slow`: CI (CI=true) runs them, and so does
# OUTREACH_SLOW=1; elsewhere they skip with that reason, so the README's test command stays quick.
def pytest_configure(config):
    config.addinivalue_line("markers", "slow: a long test that CI runs (set OUTREACH_SLOW=1 to run it here)")


def pytest_collection_modifyitems(config, items):
    if os.environ.get("CI") or os.environ.get("OUTREACH_SLOW"):
        return
    skip = pytest.mark.skip(reason="slow test: CI runs it; set OUTREACH_SLOW=1 to run it here")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)
