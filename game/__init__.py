"""Outreach: a game that trains harm reduction outreach workers."""

import os

__version__ = "0.1.0"

# pygame prints a banner on import; our output (JSON, the terminal player) must stay clean.
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
