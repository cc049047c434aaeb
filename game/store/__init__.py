"""Storage: the only layer that reads and writes the player's files (settings, autosave, records,
exported debriefs), always atomically, under folders that OUTREACH_HOME can redirect.

Loading never raises: a missing file gives the defaults (or nothing), a damaged one gives the
defaults and a one-line message for the player. Saving returns None or such a message, so a
read-only disk cannot crash the game; only export_debrief raises, since the player asked for
that file by name.
"""

from .atomic import read_json, write_atomic
from .autosave import Progress, clear_progress, load_progress, save_progress
from .folders import HOME_VARIABLE, cache_dir, clean_temporary_files, config_dir, data_dir, folders_problem
from .records import Record, load_records, record_completion
from .settings import FEEDBACK_MODES, TEXT_SCALES, THEMES, Settings, load_settings, save_settings

__all__ = [
    "FEEDBACK_MODES", "HOME_VARIABLE", "Progress", "Record", "Settings", "TEXT_SCALES", "THEMES", "cache_dir",
    "clean_temporary_files",
    "clear_progress", "config_dir", "data_dir", "export_debrief", "folders_problem", "load_progress", "load_records",
    "load_settings", "read_json", "record_completion", "save_progress", "save_settings", "write_atomic",
]


def __getattr__(name: str):
    # Exporting needs the engine and the report; loading them waits until someone exports.
    if name == "export_debrief":
        from .exports import export_debrief

        return export_debrief
    raise AttributeError(name)
