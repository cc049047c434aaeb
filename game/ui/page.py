"""Every screen is a page: a column of text blocks, buttons and drawings, laid out once for a
window size and text scale, shown through a scrolling view that keyboard and mouse can drive.

Layout happens in `Page` (pure arithmetic over measured text); `PageView` scrolls, keeps the
focus, hit-tests and draws. Scenes only build pages and react to the actions buttons carry.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

import pygame

from .text import Text
from .theme import Theme


@dataclass
class Block:
    """Wrapped text."""

    rect: pygame.Rect
    text: str
    size: int
    weight: str = "regular"
    role: str = "text"  # a palette colour name
    align: str = "left"


@dataclass
class Button:
    rect: pygame.Rect
    label: str
    action: Any
    hint: str = ""  # the key that activates it, shown in front of the label ("1", "Enter")
    size: int = 0
    selected: bool = False  # for choices among options: shown with a marker and words, not colour
    label_rect: pygame.Rect = field(default_factory=pygame.Rect)


@dataclass
class Drawing:
    rect: pygame.Rect
    draw: Callable[[pygame.Surface, pygame.Rect, Theme, Text], None]


class Page:
    """Builds a column of items from top to bottom within a width."""

    def __init__(self, theme: Theme, text: Text, width: int, x: int = 0):
        self.theme = theme
        self.text = text
        self.width = width
        self.x = x
        self.y = 0
        self.items: list[Block | Button | Drawing] = []

    @property
    def buttons(self) -> list[Button]:
        return [item for item in self.items if isinstance(item, Button)]

    @property
    def height(self) -> int:
        return self.y

    def space(self, amount: int | None = None) -> None:
        self.y += self.theme.metrics.gap if amount is None else amount

    def add_text(self, text: str, size: int | None = None, *, weight: str = "regular", role: str = "text",
                 indent: int = 0, align: str = "left", after: int | None = None) -> Block:
        size = size or self.theme.metrics.body
        width = self.width - indent
        height = self.text.height(text, size, width, weight)
        block = Block(pygame.Rect(self.x + indent, self.y, width, height), text, size, weight, role, align)
        self.items.append(block)
        self.y += height + (self.theme.metrics.gap // 2 if after is None else after)
        return block

    def add_button(self, label: str, action: Any, hint: str = "", *, selected: bool = False,
                   size: int | None = None, width: int | None = None, x: int | None = None) -> Button:
        m = self.theme.metrics
        size = size or m.body
        pad = max(8, size * 2 // 5)
        measure = self.text.size
        # Number hints share one column width, so labels line up whatever the digit.
        hint_width = max(measure(f"{hint}  ", size, "bold")[0], measure("9  ", size, "bold")[0] if len(hint) == 1
                         else 0) if hint else 0
        marker = tick_width(size) if selected else 0
        width = width or self.width
        inner = max(width - 2 * pad - hint_width - marker, 20)
        label_height = self.text.height(label, size, inner)
        rect = pygame.Rect(self.x if x is None else x, self.y, width, label_height + 2 * pad)
        label_rect = pygame.Rect(rect.x + pad + hint_width + marker, rect.y + pad, inner, label_height)
        button = Button(rect, label, action, hint, size, selected, label_rect)
        self.items.append(button)
        self.y += rect.height + m.gap
        return button

    def add_row(self, buttons: list[tuple], *, size: int | None = None) -> list[Button]:
        """Buttons side by side when they fit, one under another when they do not. Each is
        (label, action, hint) or (label, action, hint, selected)."""
        m = self.theme.metrics
        size = size or m.body
        buttons = [(*b, False) if len(b) == 3 else b for b in buttons]
        widths = [self.text.size(f"{hint}  {label}", size, "bold")[0] + size * 2 + (tick_width(size) if selected else 0)
                  for label, _, hint, selected in buttons]
        if sum(widths) + m.gap * (len(widths) - 1) > self.width:
            return [self.add_button(label, action, hint, selected=selected, size=size)
                    for label, action, hint, selected in buttons]
        top, x, made = self.y, self.x, []
        bottom = top
        for (label, action, hint, selected), width in zip(buttons, widths):
            self.y = top
            made.append(self.add_button(label, action, hint, selected=selected, size=size, width=width, x=x))
            bottom = max(bottom, self.y)
            x += width + m.gap
        self.y = bottom
        return made

    def add_drawing(self, height: int, draw) -> Drawing:
        drawing = Drawing(pygame.Rect(self.x, self.y, self.width, height), draw)
        self.items.append(drawing)
        self.y += height + self.theme.metrics.gap
        return drawing


class PageView:
    """A page seen through a rectangle of the window: scrolling, focus, clicks and drawing."""

    def __init__(self, page: Page, viewport: pygame.Rect, focus: int | None = None,
                 more: str = "More below: Page Down or scroll"):
        self.page = page
        self.more = more  # what the strip under a page that goes on says (which key scrolls it)
        self.strip: pygame.Rect | None = None
        if page.height > viewport.height:
            # A strip under the content says the page goes on; the content stops above it, so the
            # notice never covers a line.
            m = page.theme.metrics
            strip = m.small + m.gap
            viewport = pygame.Rect(viewport.x, viewport.y, viewport.width, viewport.height - strip)
            self.strip = pygame.Rect(viewport.x, viewport.bottom, viewport.width, strip)
        self.viewport = viewport
        self.scroll = 0
        self.focus = focus if focus is not None and page.buttons else None
        # The pointer only highlights: moving the mouse must not change what Enter does.
        self.hover: int | None = None

    @property
    def max_scroll(self) -> int:
        return max(0, self.page.height - self.viewport.height)

    def scroll_by(self, amount: int) -> bool:
        before = self.scroll
        self.scroll = min(max(self.scroll + amount, 0), self.max_scroll)
        return self.scroll != before

    def focused(self) -> Button | None:
        buttons = self.page.buttons
        if self.focus is None or not buttons:
            return None
        return buttons[min(self.focus, len(buttons) - 1)]

    def move_focus(self, step: int) -> None:
        buttons = self.page.buttons
        if not buttons:
            self.scroll_by(step * self.page.theme.metrics.body * 3)
            return
        if self.focus is None:
            self.focus = 0 if step > 0 else len(buttons) - 1
        else:
            self.focus = (self.focus + step) % len(buttons)
        self.reveal(buttons[self.focus].rect)

    def reveal(self, rect: pygame.Rect) -> None:
        """Scroll so that `rect` (page coordinates) is in view."""
        if rect.top < self.scroll:
            self.scroll = max(rect.top - self.page.theme.metrics.gap, 0)
        elif rect.bottom > self.scroll + self.viewport.height:
            self.scroll = min(rect.bottom - self.viewport.height + self.page.theme.metrics.gap, self.max_scroll)

    def button_at(self, pos: tuple[int, int]) -> int | None:
        if not self.viewport.collidepoint(pos):
            return None
        x, y = pos[0] - self.viewport.x, pos[1] - self.viewport.y + self.scroll
        for index, button in enumerate(self.page.buttons):
            if button.rect.collidepoint(x, y):
                return index
        return None

    def handle(self, event: pygame.event.Event, pointer: tuple[int, int] | None = None):
        """The action of a button activated by this event; True if the event only moved things;
        None if the view did not use it. `pointer` is where the mouse was last seen (wheel
        events do not say), None when unknown."""
        m = self.page.theme.metrics
        if event.type == pygame.KEYDOWN:
            key = event.key
            if key in (pygame.K_DOWN, pygame.K_TAB) and not (key == pygame.K_TAB and event.mod & pygame.KMOD_SHIFT):
                self.move_focus(1)
                return True
            if key == pygame.K_UP or (key == pygame.K_TAB and event.mod & pygame.KMOD_SHIFT):
                self.move_focus(-1)
                return True
            if key in (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE) and self.focused() is not None:
                return self.focused().action
            if key == pygame.K_PAGEDOWN:
                return self.scroll_by(self.viewport.height - m.body * 2) or True
            if key == pygame.K_PAGEUP:
                return self.scroll_by(-(self.viewport.height - m.body * 2)) or True
            if key == pygame.K_HOME:
                return self.scroll_by(-self.scroll) or True
            if key == pygame.K_END:
                return self.scroll_by(self.max_scroll) or True
            return None
        if event.type == pygame.MOUSEWHEEL:
            if pointer is None or self.viewport.collidepoint(pointer):
                return self.scroll_by(-event.y * m.body * 3) or True
            return None
        if event.type == pygame.MOUSEMOTION:
            index = self.button_at(event.pos)
            if index != self.hover:
                self.hover = index
                return True
            return None
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            index = self.button_at(event.pos)
            if index is not None:
                self.focus = index
                return self.page.buttons[index].action
        return None

    def draw(self, surface: pygame.Surface, text: Text) -> None:
        theme = self.page.theme
        palette = theme.palette
        previous_clip = surface.get_clip()
        surface.set_clip(self.viewport.clip(previous_clip))
        dx, dy = self.viewport.x, self.viewport.y - self.scroll
        focused = self.focused()
        hovered = self.page.buttons[self.hover] if self.hover is not None and self.hover < len(self.page.buttons) \
            else None
        for item in self.page.items:
            rect = item.rect.move(dx, dy)
            if rect.bottom < self.viewport.top or rect.top > self.viewport.bottom:
                continue
            if isinstance(item, Block):
                text.draw(surface, item.text, item.size, getattr(palette, item.role), rect.x, rect.y, rect.width,
                          item.weight, item.align)
            elif isinstance(item, Button):
                _draw_button(surface, text, theme, item, rect, item is focused, item is hovered)
            else:
                item.draw(surface, rect, theme, text)
        if self.max_scroll:
            _draw_scrollbar(surface, theme, self.viewport, self.scroll, self.page.height)
        surface.set_clip(previous_clip)
        if self.strip is not None:
            _draw_more_below(surface, text, theme, self.strip, self.scroll < self.max_scroll, self.more)


def tick_width(size: int) -> int:
    return int(size * 1.3)  # the tick and a space after it


def _draw_tick(surface, colour, x: int, y: int, size: int) -> None:
    """A drawn tick: the font has no check-mark glyph, and a selected option must show it."""
    w = max(2, size // 8)
    points = [(x + size * 0.1, y + size * 0.55), (x + size * 0.35, y + size * 0.8), (x + size * 0.85, y + size * 0.2)]
    pygame.draw.lines(surface, colour, False, points, w)


def _draw_button(surface, text: Text, theme: Theme, button: Button, rect: pygame.Rect, focused: bool,
                 hovered: bool = False) -> None:
    palette, m = theme.palette, theme.metrics
    radius = max(4, m.body // 4)
    pygame.draw.rect(surface, palette.button, rect, border_radius=radius)
    # Focus is a thick ring in its own colour AND a marker in the margin: never colour alone.
    if focused:
        pygame.draw.rect(surface, palette.focus, rect, width=m.focus_border, border_radius=radius)
        bar = pygame.Rect(rect.x - m.focus_border * 3, rect.y, m.focus_border * 2, rect.height)
        pygame.draw.rect(surface, palette.focus, bar)
    else:
        width = m.border * 2 if hovered else m.border
        pygame.draw.rect(surface, palette.accent, rect, width=width, border_radius=radius)
    dx, dy = rect.x - button.rect.x, rect.y - button.rect.y
    label = button.label_rect.move(dx, dy)
    pad_x = label.x
    if button.selected:
        _draw_tick(surface, palette.accent, pad_x - tick_width(button.size), label.y, button.size)
    if button.hint:
        hint = text.render(button.hint, button.size, palette.accent, "bold")
        surface.blit(hint, (rect.x + max(8, button.size // 2), label.y))
    text.draw(surface, button.label, button.size, palette.button_text, label.x, label.y, label.width)


def _draw_scrollbar(surface, theme: Theme, viewport: pygame.Rect, scroll: int, content: int) -> None:
    palette, m = theme.palette, theme.metrics
    width = max(6, m.body // 4)
    track = pygame.Rect(viewport.right - width, viewport.y, width, viewport.height)
    pygame.draw.rect(surface, palette.track, track, border_radius=width // 2)
    length = max(width * 3, viewport.height * viewport.height // max(content, 1))
    top = viewport.y + (viewport.height - length) * scroll // max(content - viewport.height, 1)
    pygame.draw.rect(surface, palette.muted, pygame.Rect(track.x, top, width, length), border_radius=width // 2)


def _draw_more_below(surface, text: Text, theme: Theme, strip: pygame.Rect, more: bool,
                     words_more: str = "More below: Page Down or scroll") -> None:
    """Say in words whether the page goes on, so choices below the fold are not missed."""
    palette, m = theme.palette, theme.metrics
    pygame.draw.rect(surface, palette.panel, strip)
    words = words_more if more else "End of the page: Page Up or Home to go back"
    label = text.render(words, m.small, palette.text if more else palette.muted, "bold" if more else "regular")
    surface.blit(label, (strip.right - label.get_width() - m.gap, strip.y + (strip.height - label.get_height()) // 2))
