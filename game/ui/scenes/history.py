"""History: the record of this playthrough so far, moment by moment, to re-read at any time.
Esc returns to the same moment."""

from __future__ import annotations

import pygame

from game.wording import first_chose

from ..page import Page
from .common import ReadingScene


class HistoryScene(ReadingScene):
    close_keys = (pygame.K_h,)
    name = "history"
    header_left = "History of this playthrough"
    header_right = "Page Up/Down: scroll · Esc: back"

    def __init__(self, app, scenario, state, show_feedback: bool):
        super().__init__(app)
        self.scenario = scenario
        self.state = state
        self.show_feedback = show_feedback  # assessment mode keeps feedback for the debrief

    def build(self, page: Page) -> None:
        from game.engine import history

        m = self.theme.metrics
        entries = history(self.scenario, self.state)
        if not entries:
            page.add_text("Nothing has happened yet: this is the first moment.", role="muted")
        for entry in entries:
            page.add_text(f"Moment {entry.number}", m.small, weight="bold", role="accent", after=m.gap // 4)
            if entry.speaker:
                page.add_text(entry.speaker, m.small, weight="bold", after=m.gap // 5)
            page.add_text(entry.text, m.small)
            for factor, fact in entry.learnt:
                page.add_text(f"You learnt ({factor}): {fact}", m.small, role="muted", indent=m.gap)
            if entry.stepped_back:
                page.add_text(first_chose(entry.stepped_back), m.small, role="muted", indent=m.gap)
            page.add_text(f"You chose: {entry.choice}", m.small, weight="bold", indent=m.gap)
            if self.show_feedback:
                page.add_text(entry.feedback, m.small, indent=m.gap)
            page.space()
        page.add_button("Back to the moment", "close", "Esc")
