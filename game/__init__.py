"""Outreach: a game that trains harm reduction outreach workers."""

__version__ = "0.1.0"
