"""Folders that come with the game: inside an installed wheel, or at the repository's top.
Kept apart from the catalog so the first frame needs no scenario machinery."""

from __future__ import annotations

from pathlib import Path


def _shipped(folder: str) -> Path:
    package = Path(__file__).resolve().parent
    installed = package / "_shipped" / folder
    return installed if installed.is_dir() else package.parent / folder


def shipped_scenarios() -> Path:
    return _shipped("scenarios")


def shipped_assets() -> Path:
    return _shipped("assets")


def shipped_schema() -> Path:
    return _shipped("schema")
