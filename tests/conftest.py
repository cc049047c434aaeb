import os
import tempfile
from pathlib import Path

import pytest

# Tests are headless whatever the desktop says: no window opens, no sound device is touched.
os.environ["SDL_VIDEODRIVER"] = "dummy"
os.environ["SDL_AUDIODRIVER"] = "dummy"
# Tests (and the processes they start) never touch the real user folders.
os.environ["OUTREACH_HOME"] = tempfile.mkdtemp(prefix="outreach-tests-")

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
SCENARIOS = ROOT / "scenarios"


@pytest.fixture
def small():
    from game.model import load_scenario

    return load_scenario(FIXTURES / "small.yaml")
