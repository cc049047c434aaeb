"""Reports made from a debrief, for people to keep: a self-contained HTML page. Pure: no I/O."""

from .html import debrief_html

__all__ = ["debrief_html"]
