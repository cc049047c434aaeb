"""What most screens share: a header line, a readable column, and a page of buttons whose
actions the screen handles."""

from __future__ import annotations

from typing import Any

import pygame

from ..app import Scene
from ..page import Page, PageView
from ..theme import Theme

# Keys that activate an action on every page screen, besides the buttons' own number hints.
NUMBER_KEYS = {getattr(pygame, f"K_{n}"): str(n) for n in range(1, 10)}
NUMBER_KEYS.update({getattr(pygame, f"K_KP{n}"): str(n) for n in range(1, 10)})


def column(theme: Theme) -> tuple[int, int]:
    """x and width of a comfortable reading column: at most about 70 characters wide."""
    m = theme.metrics
    width = min(m.width - 2 * m.margin, int(m.body * 34))
    return (m.width - width) // 2, width


def header_height(theme: Theme) -> int:
    m = theme.metrics
    return m.small * 2 + m.gap


def draw_header(surface: pygame.Surface, scene: Scene, left: str, right: str = "") -> None:
    theme, text = scene.theme, scene.app.text
    palette, m = theme.palette, theme.metrics
    scene.drawn_header = left  # the heading screen readers are given (game.ui.access)
    bar = pygame.Rect(0, 0, m.width, header_height(theme))
    pygame.draw.rect(surface, palette.panel, bar)
    y = (bar.height - text.line_height(m.small)) // 2
    # Key hints give way to the title: drop them from the end, whole, until they fit in about
    # half the bar (large text, small windows); the first hints are the ones that matter most.
    hints = right.split(" · ") if right else []
    while len(hints) > 1 and text.size(" · ".join(hints), m.small)[0] > (m.width - 2 * m.margin) * 0.55:
        hints.pop()
    right = " · ".join(hints)
    right_width = text.size(right, m.small)[0] if right else 0
    left_width = max(m.width - 2 * m.margin - right_width - m.gap, 10)
    lines = text.wrap(left, m.small, left_width - text.size("…", m.small, "bold")[0], "bold")
    left_line = lines[0] + ("…" if len(lines) > 1 else "")  # cut short, and say so
    surface.blit(text.render(left_line, m.small, palette.text, "bold"), (m.margin, y))
    if right:
        surface.blit(text.render(right, m.small, palette.muted), (m.width - m.margin - right_width, y))


def shifted(page: Page, dx: int) -> Page:
    """The page moved right by dx inside its view, leaving room for the focus marker."""
    for item in page.items:
        item.rect.x += dx
        if hasattr(item, "label_rect"):
            item.label_rect.x += dx
    return page


class PageScene(Scene):
    """A screen that is one scrolling page under a header. Subclasses build the page and act on
    the actions of its buttons; `shortcuts` maps extra keys to actions."""

    header_left = "Outreach"
    header_right = "Esc: back"
    shortcuts: dict[int, Any] = {}

    def __init__(self, app):
        super().__init__(app)
        self.view: PageView | None = None

    def build(self, page: Page) -> None:
        raise NotImplementedError

    def act(self, action: Any) -> None:
        raise NotImplementedError

    def back(self) -> None:
        self.app.pop()

    def layout(self) -> None:
        theme = self.theme
        m = theme.metrics
        x, width = column(theme)
        page = Page(theme, self.app.text, width)
        page.space(m.margin // 2)
        self.build(page)
        page.space(m.margin)
        top = header_height(theme)
        inset = m.margin // 2
        shifted(page, inset)
        viewport = pygame.Rect(x - inset, top, width + 2 * inset, m.height - top)
        old = self.view
        focus = old.focus if old is not None and old.page.buttons else self.initial_focus(page)
        self.view = PageView(page, viewport, focus)
        if old is not None:
            self.view.scroll = min(old.scroll, self.view.max_scroll)

    def initial_focus(self, page: Page) -> int | None:
        return 0 if page.buttons else None

    def handle(self, event: pygame.event.Event) -> bool:
        if event.type == pygame.KEYDOWN:
            if event.key == pygame.K_ESCAPE:
                self.back()
                return True
            if event.key in self.shortcuts:
                self.act(self.shortcuts[event.key])
                return True
            hint = NUMBER_KEYS.get(event.key)
            if hint is not None and self.view is not None:
                for button in self.view.page.buttons:
                    if button.hint == hint:
                        self.act(button.action)
                        return True
        if self.view is None:
            return False
        result = self.view.handle(event, self.app.pointer)
        if result is None or result is False:
            return False
        if result is not True:
            self.act(result)
        return True

    def draw(self, surface: pygame.Surface) -> None:
        draw_header(surface, self, self.header_left, self.header_right)
        if self.view is not None:
            self.view.draw(surface, self.app.text)

    def painted(self) -> list[pygame.Rect] | None:
        if type(self).draw is not PageScene.draw:
            return None  # a screen that draws more than its header and page says so itself
        rects = [pygame.Rect(0, 0, self.theme.metrics.width, header_height(self.theme))]
        if self.view is not None:
            rects.append(self.view.viewport)  # the page view draws nothing outside it but the strip
            if self.view.strip is not None:
                rects.append(self.view.strip)
        return rects


class ReadingScene(PageScene):
    """A page opened over a moment to read (glossary, history): nothing focused, arrows and
    Page Up/Down scroll, and Enter, Esc or the key that opened it close it, back to the moment."""

    close_keys: tuple[int, ...] = ()

    def initial_focus(self, page: Page) -> int | None:
        return None

    def handle(self, event: pygame.event.Event) -> bool:
        if event.type == pygame.KEYDOWN and event.key in (pygame.K_RETURN, pygame.K_KP_ENTER, *self.close_keys):
            self.app.pop()
            return True
        if event.type == pygame.KEYDOWN and event.key in (pygame.K_DOWN, pygame.K_UP) and self.view is not None:
            step = self.theme.metrics.body * 3
            return self.view.scroll_by(step if event.key == pygame.K_DOWN else -step)
        return super().handle(event)

    def act(self, action: Any) -> None:
        self.app.pop()
