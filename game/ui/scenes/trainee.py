"""Settings, "Your records": how the records on this computer name the trainee. Anonymous (a
random id) unless they write a name or a staff id here; nothing leaves the computer unless the
organisation has connected a Learning Record Store."""

from __future__ import annotations

import pygame

from game.store.identity import MAX_FIELD, set_trainee, trainee

from ..page import Page
from .common import PageScene

FIELDS = {"name": "Your name", "staff_id": "Your staff or volunteer id"}


class TraineeScene(PageScene):
    name = "trainee"
    header_left = "Settings · Your records"

    def __init__(self, app):
        super().__init__(app)
        self.person = trainee()
        self.editing: str | None = None  # the field being written
        self.value = ""
        self.message = ""
        self.swallow = ""  # the shortcut letter whose text event must not land in the field

    @property
    def header_right(self) -> str:
        return "Enter: keep · Esc: cancel" if self.editing else "Esc: back"

    def build(self, page: Page) -> None:
        m = self.theme.metrics
        p = self.person
        page.add_text("How your records name you", m.heading, weight="bold", role="accent")
        page.add_text("Every playthrough is kept on this computer for your training records. Without a name or "
                      "staff id they carry only a random id made here. Nothing leaves this computer unless your "
                      "organisation has connected its Learning Record Store.", m.small, role="muted")
        if p.name or p.staff_id:
            who = " and ".join(part for part in (p.name and f"your name ({p.name})",
                                                 p.staff_id and f"your staff id ({p.staff_id})") if part)
            page.add_text(f"Your records carry {who}.", weight="bold")
        else:
            page.add_text(f"You are anonymous: your records carry the random id {p.local_id[:6]}…", weight="bold")
        if self.message:
            page.add_text(self.message, m.small, weight="bold", role="poor")
        page.space()
        for key, label in FIELDS.items():
            if self.editing == key:
                page.add_text(f"{label}:", weight="bold")
                page.add_text(f"› {self.value}|", weight="bold")
                page.add_text("Type it, then Enter to keep it (an empty line removes it), or Esc to cancel.",
                              m.small, role="muted")
            else:
                current = getattr(p, key) or "not given"
                page.add_button(f"{label}: {current}", ("edit", key), "N" if key == "name" else "I")
        page.space()
        page.add_row([("Be anonymous again", "anonymous", "A"), ("Back", "back", "Esc")])

    def handle(self, event) -> bool:
        if self.editing is not None:
            if event.type == pygame.TEXTINPUT:
                if self.swallow and event.text.lower() == self.swallow:
                    self.swallow = ""
                    return True
                self.swallow = ""
                self.value = (self.value + event.text.replace("\n", " "))[:MAX_FIELD]
                self.layout()
                return True
            if event.type == pygame.KEYDOWN:
                if event.key == pygame.K_BACKSPACE:
                    self.value = self.value[:-1]
                elif event.key in (pygame.K_RETURN, pygame.K_KP_ENTER):
                    self._keep({self.editing: self.value.strip() or None})
                    self._stop()
                elif event.key == pygame.K_ESCAPE:
                    self._stop()
                self.layout()
                return True
            return False
        if event.type == pygame.KEYDOWN:
            action = {pygame.K_n: ("edit", "name"), pygame.K_i: ("edit", "staff_id"), pygame.K_a: "anonymous"}.get(
                event.key)
            if action is not None:
                self.act(action)
                return True
        return super().handle(event)

    def act(self, action) -> None:
        if action == "back":
            self.back()
            return
        if action == "anonymous":
            self._keep({"name": None, "staff_id": None})
        elif isinstance(action, tuple) and action[0] == "edit":
            self.editing = action[1]
            self.value = getattr(self.person, action[1]) or ""
            self.swallow = "n" if action[1] == "name" else "i"
            pygame.key.start_text_input()
        self.layout()

    def _keep(self, values: dict) -> None:
        try:
            self.person = set_trainee(**values)
            self.message = ""
        except (OSError, ValueError) as error:
            self.message = f"Not saved: {getattr(error, 'strerror', None) or error}"

    def _stop(self) -> None:
        self.editing = None
        self.swallow = ""
        pygame.key.stop_text_input()
