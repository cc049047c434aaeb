"""Learning before scoring: the 'How this works' primer and the glossary (F1, or ? during play)."""

from __future__ import annotations

from dataclasses import replace

import pygame

from ..page import Page
from .common import PageScene, ReadingScene


class PrimerScene(PageScene):
    """A few short pages: what you will do, harm reduction, the six principles with an example of
    each, drug / set / setting, why people use and don't stop, the continuum of use."""

    name = "primer"
    header_right = "Right: next · Left: back · Esc: close"

    def __init__(self, app, page_number: int = 0, then=None):
        super().__init__(app)
        from game.learn import PRIMER

        self.pages = PRIMER
        self.number = page_number
        self.then = then  # what to open when the last page is done (a scenario's briefing), or None

    @property
    def header_left(self) -> str:
        return f"How this works · {self.number + 1} of {len(self.pages)}"

    def build(self, page: Page) -> None:
        m = self.theme.metrics
        primer = self.pages[self.number]
        page.add_text(primer.title, m.heading, weight="bold", role="accent")
        for paragraph in primer.paragraphs:
            page.add_text(paragraph)
        for example in primer.examples:
            page.space(m.gap // 2)
            page.add_text(example.heading, weight="bold", role="accent", after=m.gap // 4)
            page.add_text(example.text, after=m.gap // 4)
            page.add_text(f"Honours it: {example.honours}", m.small, indent=m.gap, after=m.gap // 4)
            page.add_text(f"Goes against it: {example.goes_against}", m.small, indent=m.gap)
        page.space()
        last = self.number == len(self.pages) - 1
        row = [("Done" if last else "Next", "next", "Enter")]
        if self.number:
            row.append(("Back", "previous", "Left"))
        row.append(("Close", "close", "Esc"))
        page.add_row(row)

    def handle(self, event) -> bool:
        if event.type == pygame.KEYDOWN and event.key == pygame.K_RIGHT:
            self.act("next")
            return True
        if event.type == pygame.KEYDOWN and event.key == pygame.K_LEFT:
            self.act("previous")
            return True
        return super().handle(event)

    def act(self, action) -> None:
        if action == "next" and self.number < len(self.pages) - 1:
            self._turn(self.number + 1)
        elif action == "previous" and self.number > 0:
            self._turn(self.number - 1)
        elif action in ("next", "close"):
            self.close()

    def back(self) -> None:
        self.close()

    def close(self) -> None:
        if not self.app.settings.primer_seen:
            self.app.apply_settings(replace(self.app.settings, primer_seen=True))
        self.app.pop()
        if self.then is not None:
            self.app.push(self.then)

    def _turn(self, number: int) -> None:
        self.number = number
        self.view = None
        self.layout()
        self.app.dirty = True


class GlossaryScene(ReadingScene):
    """Every term a trainee may meet: the scenario's own words, the six principles, the lens and
    the words of the work. Opened over any moment; Esc returns to exactly where they were."""

    name = "glossary"
    close_keys = (pygame.K_F1,)
    header_left = "Glossary"
    header_right = "Page Up/Down: scroll · Esc: back"

    def __init__(self, app, scenario=None, first: tuple[str, ...] = ()):
        super().__init__(app)
        from game.learn import glossary_for

        entries = glossary_for(scenario)
        # The terms on the screen the trainee came from come first (the principles a choice touched).
        self.first = [e for key in first for e in entries if e.key == key]
        self.rest = [e for e in entries if e not in self.first]
        self.scenario = scenario

    def build(self, page: Page) -> None:
        m = self.theme.metrics
        if self.first:
            page.add_text("On the screen you came from", m.small, weight="bold", role="muted")
            for entry in self.first:
                self._entry(page, entry)
            page.space()
        if self.scenario is not None and self.scenario.document.glossary:
            page.add_text(f"Words in {self.scenario.title}, then the principles, the lens and the words of the work",
                          m.small, weight="bold", role="muted")
        for entry in self.rest:
            self._entry(page, entry)
        page.space()
        page.add_button("Back to where you were", "close", "Esc")

    def _entry(self, page: Page, entry) -> None:
        m = self.theme.metrics
        page.add_text(entry.term, weight="bold", role="accent", after=m.gap // 5)
        page.add_text(entry.meaning, indent=m.gap)


def is_help_key(event) -> bool:
    """F1 anywhere; '?' where it is not being typed into a text."""
    return event.type == pygame.KEYDOWN and (event.key == pygame.K_F1 or getattr(event, "unicode", "") == "?")
