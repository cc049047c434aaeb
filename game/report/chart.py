"""The six principles as an inline SVG chart: per principle, a track from the worst to the best
total possible in this scenario and a bar from 0 to the player's total, all on one numeric axis so
the principles can be compared. Every number is also written as text, never shown by length alone."""

from __future__ import annotations

from html import escape

from game.engine.debrief import PrincipleResult
from game.wording import signed

WIDTH = 800
MARGIN = 16
ROW = 68  # label line, then the track
AXIS = 40  # room under the rows for the axis numbers


def principle_line(p: PrincipleResult) -> str:
    """'Health and Dignity: +3 (possible -2 to +5)', the words the chart, its title and the table share."""
    return f"{p.label}: {signed(p.total)} (possible {signed(p.worst)} to {signed(p.best)})"


def principles_svg(principles: tuple[PrincipleResult, ...], whose: str = "your") -> str:
    low = min([0, *(p.worst for p in principles), *(p.total for p in principles)])
    high = max([0, *(p.best for p in principles), *(p.total for p in principles)])
    if low == high:
        high = low + 1

    def x(value: int) -> float:
        return round(MARGIN + (value - low) * (WIDTH - 2 * MARGIN) / (high - low), 1)

    height = ROW * len(principles) + AXIS
    summary = (f"{whose.capitalize()} total for each of the six principles, on a track from the worst to the best "
               "possible in this scenario. " + "; ".join(principle_line(p) for p in principles) + ".")
    parts = [
        (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" role="img" '
         f'aria-label="{escape(summary)}" font-size="18">'),
        f"<title>{escape(summary)}</title>",
    ]
    for row, p in enumerate(principles):
        top = row * ROW
        track_y, bar_y = top + 32, top + 37
        parts.append(f'<text x="{MARGIN}" y="{top + 22}" fill="#000">{escape(principle_line(p))}</text>')
        # The 0 line, under the track and never through the label above it.
        parts.append(f'<line x1="{x(0)}" y1="{track_y - 6}" x2="{x(0)}" y2="{top + ROW}" stroke="#000" '
                     f'stroke-width="1.5" stroke-dasharray="4 3"/>')
        # A principle this scenario cannot move still gets a visible tick of a track.
        track_width = max(round(x(p.best) - x(p.worst), 1), 2)
        parts.append(f'<rect x="{x(p.worst)}" y="{track_y}" width="{track_width}" height="22" '
                     f'fill="#d6d6d6" stroke="#000" stroke-width="1.5"/>')
        start, end = sorted((x(0), x(p.total)))
        if end > start:
            parts.append(f'<rect x="{start}" y="{bar_y}" width="{round(end - start, 1)}" height="12" fill="#000"/>')
        # The marker sticks out of the track, so the total can be found even where the bar has no length.
        parts.append(f'<rect x="{round(x(p.total) - 2.5, 1)}" y="{track_y - 6}" width="5" height="34" fill="#000"/>')
    axis_y = height - AXIS + 26
    for value in sorted({low, 0, high}):
        anchor = "start" if value == low else "end" if value == high else "middle"
        parts.append(f'<text x="{x(value)}" y="{axis_y}" text-anchor="{anchor}" fill="#000">{signed(value)}</text>')
    parts.append("</svg>")
    return "\n".join(parts)
