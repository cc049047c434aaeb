"""Before a facilitated session: its label (e.g. "Tuesday cohort"), how many people are in the
room and the facilitator's name, all optional, for the exports. Up, Down or Tab move between the
three lines, typing fills the one marked, Enter keeps them, Esc leaves them as they were."""

from __future__ import annotations

import pygame

from game.facilitation.session import LABEL_LENGTH, MAX_HEAD_COUNT

from ..page import Page
from .common import PageScene

FIELDS = (("label", "Session label, e.g. Tuesday cohort"), ("head_count", "People in the room (a number)"),
          ("facilitator", "Facilitator's name"))


class SessionDetailsScene(PageScene):
    name = "session-details"
    header_right = "Enter: keep · Esc: cancel"

    def __init__(self, app, details: dict[str, str], done, swallow: str = ""):
        super().__init__(app)
        self.details = {key: details.get(key, "") for key, _ in FIELDS}
        self.row = 0
        self.done = done  # called with the details when Enter keeps them
        self.swallow = swallow  # the letter that opened this screen must not land in the first line
        self.header_left = "Session details (optional)"
        pygame.key.start_text_input()

    def build(self, page: Page) -> None:
        m = self.theme.metrics
        page.add_text("Session details", m.heading, weight="bold", role="accent")
        page.add_text("All optional. They appear in the exports, so a trainer's report says which workshop this "
                      "was. No participant names: the room stays anonymous.", m.small)
        for number, (key, label) in enumerate(FIELDS):
            marked = number == self.row
            page.add_text(("> " if marked else "") + label + (" (typing here)" if marked else ""), m.small,
                          weight="bold" if marked else "regular", role="accent" if marked else "text", after=0)
            page.add_button(self.details[key] or " ", ("row", number), selected=marked)
        page.add_row([("Keep these details", "keep", "Enter"), ("Cancel", "cancel", "Esc")])

    def initial_focus(self, page: Page) -> int | None:
        return None

    def handle(self, event) -> bool:
        if event.type == pygame.TEXTINPUT:
            if self.swallow and event.text.lower() == self.swallow:
                self.swallow = ""
                return False
            self.swallow = ""
            self._type(event.text)
            return True
        if event.type == pygame.KEYDOWN:
            self.swallow = ""
            if event.key in (pygame.K_DOWN, pygame.K_TAB, pygame.K_UP):
                back = event.key == pygame.K_UP or event.mod & pygame.KMOD_SHIFT
                self.row = (self.row + (-1 if back else 1)) % len(FIELDS)
                self.layout()
                return True
            if event.key == pygame.K_BACKSPACE:
                key = FIELDS[self.row][0]
                self.details[key] = self.details[key][:-1]
                self.layout()
                return True
            if event.key in (pygame.K_RETURN, pygame.K_KP_ENTER):
                self.act("keep")
                return True
            if event.key == pygame.K_ESCAPE:
                self.act("cancel")
                return True
            return False  # letters arrive as TEXTINPUT
        return super().handle(event)

    def _type(self, text: str) -> None:
        key = FIELDS[self.row][0]
        if key == "head_count":
            text = "".join(ch for ch in text if ch.isdigit())
            value = (self.details[key] + text)[:len(str(MAX_HEAD_COUNT))]
        else:
            value = (self.details[key] + text)[:LABEL_LENGTH]
        self.details[key] = value
        self.layout()

    def act(self, action) -> None:
        if isinstance(action, tuple) and action[0] == "row":
            self.row = action[1]
            self.layout()
            return
        pygame.key.stop_text_input()
        self.app.pop()
        if action == "keep":
            self.done(dict(self.details))
