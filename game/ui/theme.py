"""Colours and sizes. Everything is derived from the window size and the text scale, so no
layout is tied to one resolution."""

from __future__ import annotations

from dataclasses import dataclass

Colour = tuple[int, int, int]


@dataclass(frozen=True, slots=True)
class Palette:
    name: str
    background: Colour
    panel: Colour
    text: Colour
    muted: Colour  # secondary text, still at least 4.5:1 on background and panel
    accent: Colour  # headings, buttons' borders
    button: Colour
    button_text: Colour
    focus: Colour  # focus ring; focus is also shown by a thicker border and a marker
    good: Colour
    poor: Colour
    track: Colour  # chart tracks


DEFAULT = Palette(
    name="default",
    background=(246, 243, 238), panel=(232, 227, 218), text=(28, 28, 30), muted=(78, 74, 70),
    accent=(13, 84, 92), button=(255, 255, 255), button_text=(28, 28, 30), focus=(170, 60, 0),
    good=(21, 101, 52), poor=(150, 30, 30), track=(205, 198, 186),
)
HIGH_CONTRAST = Palette(
    name="high-contrast",
    background=(0, 0, 0), panel=(20, 20, 20), text=(255, 255, 255), muted=(235, 235, 235),
    accent=(255, 255, 255), button=(0, 0, 0), button_text=(255, 255, 255), focus=(255, 215, 0),
    good=(120, 255, 140), poor=(255, 150, 150), track=(110, 110, 110),
)
# For a projector: washed-out rooms need dark text on white, strong colours, no mid greys.
PROJECTOR = Palette(
    name="projector",
    background=(255, 255, 255), panel=(228, 232, 238), text=(0, 0, 0), muted=(40, 40, 40),
    accent=(0, 55, 120), button=(255, 255, 255), button_text=(0, 0, 0), focus=(190, 70, 0),
    good=(0, 100, 40), poor=(170, 20, 20), track=(190, 196, 205),
)
PALETTES = {p.name: p for p in (DEFAULT, HIGH_CONTRAST, PROJECTOR)}
PROJECTOR_SCALE = 1.25  # body text about 44 px at 1080p: readable from the back of a room
# A long moment may step the room's text down to fit one screen, never below 40 px at 1080p.
ROOM_SCALES = (PROJECTOR_SCALE, 1.18, 1.13)
ROOM_SMALL_RATIO = 1.0  # in a room every text is body size or larger (header, timer, tally labels too)


@dataclass(frozen=True, slots=True)
class Metrics:
    """Sizes for one window size and text scale."""

    width: int
    height: int
    scale: float
    small_ratio: float = 0.8  # small text against body text; 1.0 in a room, where nothing may be smaller

    @property
    def body(self) -> int:
        """Body text height in pixels: about 3.3% of the window height at 100% text."""
        base = max(17, min(self.height * 0.033, self.width * 0.022))
        return int(base * self.scale)

    @property
    def small(self) -> int:
        return max(14, int(self.body * self.small_ratio))

    @property
    def heading(self) -> int:
        return int(self.body * 1.45)

    @property
    def title(self) -> int:
        return int(self.body * 2.4)

    @property
    def margin(self) -> int:
        return max(12, int(min(self.width, self.height) * 0.04))

    @property
    def gap(self) -> int:
        return max(6, self.body // 2)

    @property
    def border(self) -> int:
        return max(2, self.body // 12)

    @property
    def focus_border(self) -> int:
        return max(4, self.body // 6)


@dataclass(frozen=True, slots=True)
class Theme:
    palette: Palette
    metrics: Metrics
    reduced_motion: bool = False


def make_theme(size: tuple[int, int], text_scale: float, theme: str, reduced_motion: bool,
               small_ratio: float = 0.8) -> Theme:
    return Theme(PALETTES.get(theme, DEFAULT), Metrics(size[0], size[1], text_scale, small_ratio), reduced_motion)
