"""Fonts, word wrapping and rendered lines, all cached: a frame re-renders no text that has not
changed. Lines are measured here (not by Font.render's wraplength) because scrolling and
hit-testing need to know where every line is.

Total over strings: whatever text it is given (a NUL, a lone surrogate, a line of zero-width
characters a player typed), it draws it or draws nothing there; it never raises.
"""

from __future__ import annotations

from collections import OrderedDict
from pathlib import Path

import re

import pygame

from game.paths import shipped_assets

FONT_FILES = {
    "regular": "AtkinsonHyperlegibleNext_400Regular.ttf",
    "bold": "AtkinsonHyperlegibleNext_700Bold.ttf",
    "italic": "AtkinsonHyperlegibleNext_400Regular_Italic.ttf",
}
_RENDERED_LIMIT = 2000
# Rendered lines are 32-bit images: about 120 kB each at 1080p, so a count alone let the cache
# hold 60 MB after one playthrough (most of the game's memory above a bare window). A budget in
# bytes keeps a few screens' worth: enough that scrolling and going back re-render nothing.
_RENDERED_BYTES = 16 * 1024 * 1024
# SDL_ttf refuses a NUL and cannot encode a lone surrogate; neither can mean anything on screen.
_UNDRAWABLE = re.compile("[\x00\ud800-\udfff]")


def drawable(text: str) -> str:
    """`text` without what no font can take: NULs dropped, lone surrogates as U+FFFD."""
    if not isinstance(text, str):
        text = str(text)
    return _UNDRAWABLE.sub(lambda m: "" if m.group() == "\x00" else "\ufffd", text)


class Text:
    def __init__(self, font_dir: Path | None = None):
        self.font_dir = font_dir or shipped_assets() / "fonts"
        self._fonts: dict[tuple[int, str], pygame.font.Font] = {}
        self._wrapped: dict[tuple, list[str]] = {}
        self._rendered: OrderedDict[tuple, pygame.Surface] = OrderedDict()
        self._rendered_bytes = 0

    def font(self, size: int, weight: str = "regular") -> pygame.font.Font:
        key = (size, weight)
        font = self._fonts.get(key)
        if font is None:
            path = self.font_dir / FONT_FILES[weight]
            font = pygame.font.Font(str(path) if path.exists() else None, size)
            self._fonts[key] = font
        return font

    def line_height(self, size: int, weight: str = "regular") -> int:
        return int(self.font(size, weight).get_linesize() * 1.08)

    def wrap(self, text: str, size: int, width: int, weight: str = "regular") -> list[str]:
        key = (text, size, width, weight)
        lines = self._wrapped.get(key)
        if lines is None:
            lines = _wrap(self.font(size, weight), drawable(text), max(width, 1))
            if len(self._wrapped) > 4000:
                self._wrapped.clear()
            self._wrapped[key] = lines
        return lines

    def render(self, line: str, size: int, colour, weight: str = "regular") -> pygame.Surface:
        key = (line, size, tuple(colour), weight)
        surface = self._rendered.get(key)
        if surface is None:
            surface = _render(self.font(size, weight), drawable(line), colour)
            self._rendered[key] = surface
            self._rendered_bytes += _bytes(surface)
            while len(self._rendered) > 1 and (len(self._rendered) > _RENDERED_LIMIT
                                               or self._rendered_bytes > _RENDERED_BYTES):
                self._rendered_bytes -= _bytes(self._rendered.popitem(last=False)[1])
        else:
            self._rendered.move_to_end(key)
        return surface

    def size(self, text: str, size: int, weight: str = "regular") -> tuple[int, int]:
        """Width and height of `text` on one line; any string."""
        return self.font(size, weight).size(drawable(text))

    def height(self, text: str, size: int, width: int, weight: str = "regular") -> int:
        return len(self.wrap(text, size, width, weight)) * self.line_height(size, weight)

    def draw(self, surface: pygame.Surface, text: str, size: int, colour, x: int, y: int, width: int,
             weight: str = "regular", align: str = "left") -> int:
        """Draw wrapped text with its top-left at (x, y); returns the height used."""
        step = self.line_height(size, weight)
        clip = surface.get_clip()
        top = y
        for line in self.wrap(text, size, width, weight):
            if y + step >= clip.top and y <= clip.bottom and line:
                image = self.render(line, size, colour, weight)
                left = x + (width - image.get_width()) // 2 if align == "center" else x
                surface.blit(image, (left, y))
            y += step
        return y - top


def _bytes(surface: pygame.Surface) -> int:
    return surface.get_pitch() * surface.get_height()


def _render(font: pygame.font.Font, line: str, colour) -> pygame.Surface:
    try:
        return font.render(line, True, colour)
    except (pygame.error, ValueError):
        # "Text has zero width": only zero-width characters (U+200B, U+FEFF, a soft hyphen...),
        # which show nothing anyway. An empty surface of the line's height keeps layout intact.
        return pygame.Surface((0, font.get_height()), pygame.SRCALPHA)


def _wrap(font: pygame.font.Font, text: str, width: int) -> list[str]:
    lines: list[str] = []
    for paragraph in text.split("\n"):
        words = paragraph.split(" ")
        current = ""
        for word in words:
            candidate = f"{current} {word}" if current else word
            if font.size(candidate)[0] <= width:
                current = candidate
                continue
            if current:
                lines.append(current)
            # A word wider than the line (a long URL, a name in another script) is broken by
            # characters rather than allowed to overflow its box.
            while font.size(word)[0] > width and len(word) > 1:
                cut = _fitting_prefix(font, word, width)
                lines.append(word[:cut])
                word = word[cut:]
            current = word
        lines.append(current)
    return lines


def _fitting_prefix(font: pygame.font.Font, word: str, width: int) -> int:
    # No glyph is narrower than 1 px, so no more than `width` characters can fit: searching only
    # that far keeps a 80,000-character "word" from freezing the window.
    low, high = 1, min(len(word), width)
    while low < high:
        middle = (low + high + 1) // 2
        if font.size(word[:middle])[0] <= width:
            low = middle
        else:
            high = middle - 1
    return max(low, 1)
