"""Play: the moment, what the worker knows so far, and the choices; then coach feedback."""

from __future__ import annotations

from pathlib import Path

import pygame

from game.engine import already_taken, choose, current_node, is_over, node_text, offered_choices, rewind, start, to_json
from game.model import LENS_FACTORS, PRINCIPLES
from game.store import save_progress

from ..page import Page, PageView
from .common import NUMBER_KEYS, PageScene, draw_header, header_height, shifted
from .learn import GlossaryScene, is_help_key


class PlayScene(PageScene):
    name = "play"

    def __init__(self, app, scenario, feedback: str, state=None):
        super().__init__(app)
        self.scenario = scenario
        self.feedback = feedback
        self.state = state if state is not None else start(scenario, app.seed)
        self.side: PageView | None = None
        self.seen_facts = len(self.state.revealed)  # facts before this moment are not "new"
        self.new_facts: tuple[str, ...] = ()
        self.save_problem = ""
        # Which region Page Up/Down, Home and End scroll: the moment, or the "What you know" panel.
        # F6 moves between them (as in browsers and editors), and the header says which it is.
        self.region = "story"

    # -- layout --------------------------------------------------------------------------------

    @property
    def can_go_back(self) -> bool:
        return self.feedback == "coach" and bool(self.state.path)

    def layout(self) -> None:
        theme = self.theme
        m = theme.metrics
        top = header_height(theme)
        wide = m.width >= m.body * 40
        area = pygame.Rect(m.margin, top, m.width - 2 * m.margin, m.height - top)
        if wide:
            side_width = min(int(area.width * 0.32), m.body * 18)
            main_width = min(area.width - side_width - m.margin * 2, m.body * 34)
            main_x = area.x + (area.width - side_width - m.margin - main_width) // 2
            main = Page(theme, self.app.text, main_width)
            self.build(main)
            side = Page(theme, self.app.text, side_width - m.gap * 3 // 2)
            self.build_side(side)
            shifted(side, m.gap // 2)  # clear of the focus ring drawn round the panel
            side_rect = pygame.Rect(area.right - side_width, top, side_width, area.height)
            self.side = PageView(side, side_rect)
            viewport = pygame.Rect(main_x - m.margin // 2, top, main_width + m.margin, area.height)
            main_page = shifted(main, m.margin // 2)
        else:
            width = min(area.width, m.body * 34)
            main_page = Page(theme, self.app.text, width)
            self.build(main_page)
            main_page.space(m.margin)
            self.build_side(main_page)
            self.side = None
            viewport = pygame.Rect((m.width - width) // 2 - m.margin // 2, top, width + m.margin, area.height)
            main_page = shifted(main_page, m.margin // 2)
        old = self.view
        ending = is_over(self.scenario, self.state)
        self.view = PageView(main_page, viewport, 0 if ending else None)  # at the end, Enter continues
        if old is not None and old.page.height == main_page.height:
            self.view.scroll, self.view.focus = old.scroll, old.focus
        if self.side is not None and self.new_facts:
            # Bring what the worker just learnt into view in the panel.
            fresh = [item for item in self.side.page.items if getattr(item, "text", "").startswith("New: ")]
            if fresh:
                span = fresh[0].rect.union(fresh[-1].rect)
                # All the new facts if they fit, else from the first of them.
                self.side.reveal(span if span.height <= self.side.viewport.height else fresh[0].rect)

    def build(self, page: Page) -> None:
        m = self.theme.metrics
        node = current_node(self.scenario, self.state).spec
        page.space(m.margin // 2)
        if self.save_problem:
            page.add_text(self.save_problem, m.small, weight="bold", role="poor")
        if node.ending is not None:
            page.add_text("The scenario has ended", m.small, weight="bold", role="muted")
        if node.speaker:
            page.add_text(node.speaker, m.body, weight="bold", role="accent", after=m.gap // 3)
        page.add_text(node_text(self.scenario, self.state))
        page.space()
        if node.ending is not None:
            page.add_button("Continue to the debrief", "debrief", "Enter")
            from . import debrief  # noqa: F401 - loaded now, while the ending is read, not after Enter
            return
        offered = offered_choices(self.scenario, self.state)
        if not offered:
            page.add_text("No option is open here: the scenario cannot go on. Please tell its author.", role="poor")
        else:
            page.add_text("What do you do?", m.small, role="muted", after=m.gap // 2)
        for choice in offered:
            page.add_button(choice.text, ("choose", choice.index), str(choice.number) if choice.number <= 9 else "")
        page.space()
        row = [("Menu", "menu", "Esc")]
        if self.can_go_back:
            row.insert(0, ("Back one step", "back", "Backspace"))
        page.add_row(row, size=m.small)

    def build_side(self, page: Page) -> None:
        m = self.theme.metrics
        page.space(m.margin // 2)
        page.add_text("What you know", m.body, weight="bold", role="accent")
        for factor in LENS_FACTORS:
            page.add_text(factor.label, m.small, weight="bold", after=m.gap // 4)
            facts = [(fid, fact.text) for fid in self.state.revealed
                     for key, fact in [self.scenario.facts[fid]] if key == factor.key]
            if not facts:
                page.add_text("Nothing yet.", m.small, role="muted", indent=m.gap)
            for fact_id, fact_text in facts:
                prefix = "New: " if fact_id in self.new_facts else ""
                page.add_text(prefix + fact_text, m.small, indent=m.gap)
            page.space(m.gap // 2)

    def draw(self, surface) -> None:
        theme = self.theme
        moment = "Ending" if is_over(self.scenario, self.state) else f"Moment {self.state.steps_taken + 1}"
        reading = "What you know" if self.region == "panel" else "the moment"
        keys = ("Esc: menu" + (f" · F6: scrolling {reading}" if self.side is not None else "")
                + " · F1: glossary · H: history" + (" · Backspace: back" if self.can_go_back else "") + " · V: read aloud")
        draw_header(surface, self, f"{self.scenario.title} · {moment}", keys)
        if self.side is not None:
            pygame.draw.rect(surface, theme.palette.panel, self.side.viewport)
            self.side.draw(surface, self.app.text)
            if self.region == "panel":
                # The scrolling region is ringed in the focus colour and named in the header: not colour alone.
                m = theme.metrics
                pygame.draw.rect(surface, theme.palette.focus, self.side.viewport, width=m.focus_border)
        self.view.draw(surface, self.app.text)

    # -- events --------------------------------------------------------------------------------

    def handle(self, event) -> bool:
        if is_help_key(event):
            self.app.push(GlossaryScene(self.app, self.scenario))
            return True
        if event.type == pygame.KEYDOWN:
            if event.key == pygame.K_ESCAPE:
                self.act("menu")
                return True
            if event.key == pygame.K_F6:
                self.region = "panel" if self.region == "story" and self.side is not None else "story"
                return True
            if event.key == pygame.K_h:
                self.act("history")
                return True
            if self.region == "panel" and self.side is not None and event.key in (
                    pygame.K_PAGEDOWN, pygame.K_PAGEUP, pygame.K_HOME, pygame.K_END):
                return self.side.handle(event) is not None
            if event.key == pygame.K_BACKSPACE:
                if self.can_go_back:
                    self.act("back")
                return True
            if event.key in (pygame.K_RETURN, pygame.K_KP_ENTER) and is_over(self.scenario, self.state):
                self.act("debrief")
                return True
            if event.key in NUMBER_KEYS:
                return super().handle(event)
            if event.key in (pygame.K_PAGEDOWN, pygame.K_PAGEUP) and self.side is not None \
                    and not self.view.max_scroll and self.side.max_scroll:
                # Nothing to scroll in the moment itself: Page Up/Down move the "What you know" panel.
                return self.side.handle(event) is not None
        pointer = self.app.pointer
        if event.type == pygame.MOUSEWHEEL and self.side is not None and pointer is not None:
            if self.side.viewport.collidepoint(pointer):
                return self.side.handle(event, pointer) is not None
        return super().handle(event)

    def act(self, action) -> None:
        if action == "menu":
            from .menus import PauseScene

            self.app.push(PauseScene(self.app, self))
        elif action == "history":
            from .history import HistoryScene

            self.app.push(HistoryScene(self.app, self.scenario, self.state, self.feedback == "coach"))
        elif action == "back":
            self.state = rewind(self.scenario, self.state, 1)
            self._moved()
        elif action == "debrief":
            from .debrief import DebriefScene

            self.app.replace(DebriefScene(self.app, self.scenario, self.state, self.feedback))
        elif isinstance(action, tuple) and action[0] == "choose":
            before = self.state
            rule = current_node(self.scenario, before).choices[action[1]]
            counted = not already_taken(before, before.node, rule.index)
            self.state = choose(self.scenario, before, rule.index)
            self._moved()
            if self.feedback == "coach":
                self.app.push(FeedbackScene(self.app, self, rule, counted))

    def restart(self) -> None:
        self.state = start(self.scenario, self.app.seed)
        self.seen_facts = len(self.state.revealed)
        self._moved()

    def _moved(self) -> None:
        revealed = self.state.revealed
        self.new_facts = revealed[min(self.seen_facts, len(revealed)):]
        self.seen_facts = len(revealed)
        problem = save_progress(str(Path(self.scenario.source).resolve()), to_json(self.state, self.scenario),
                                self.feedback)
        self.save_problem = f"Progress could not be saved: {problem}" if problem else ""
        self.view = None
        self.layout()
        self.app.dirty = True


class FeedbackScene(PageScene):
    """Coach mode: what the choice did for or against each principle, and why."""

    name = "feedback"
    header_left = "Feedback"
    header_right = "Enter: continue"

    def __init__(self, app, play: PlayScene, rule, counted: bool):
        super().__init__(app)
        self.play = play
        self.rule = rule
        self.counted = counted

    def build(self, page: Page) -> None:
        m = self.theme.metrics
        spec = self.rule.spec
        page.add_text("You chose", m.small, weight="bold", role="muted", after=m.gap // 4)
        page.add_text(spec.text, weight="bold")
        page.space()
        if not self.counted:
            page.add_text("You made this choice before in this playthrough, so it scores nothing this time.",
                          m.small, role="muted")
        touched = [(p, v) for p, v in zip(PRINCIPLES, self.rule.scores) if v]
        if touched:
            page.add_text("What it did for the six principles", m.small, weight="bold", role="muted")
        for principle, value in touched:
            words = "honoured" if value > 0 else "went against"
            role = "good" if value > 0 else "poor"
            page.add_text(f"{value:+d}  {principle.label}: {words}", weight="bold", role=role, indent=m.gap,
                          after=m.gap // 4)
        if not touched:
            page.add_text("This choice did not touch any of the six principles.", role="muted")
        else:
            page.add_button("What these principles mean", "glossary", "F1", size=m.small)
        if spec.lens and sum(self.rule.scores) > 0:  # the debrief counts attention only when it helped
            labels = [f"the {f.label.lower()}" for f in LENS_FACTORS if f.key in spec.lens]
            joined = labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " and " + labels[-1]
            page.add_text(f"It paid attention to {joined}.", m.small, role="muted")
        page.space()
        page.add_text(spec.feedback)
        page.space()
        row = [("Continue", "continue", "Enter")]
        if self.play.can_go_back:
            row.append(("Step back and choose again", "back", "Backspace"))
        page.add_row(row)

    def initial_focus(self, page: Page) -> int | None:
        buttons = page.buttons
        return next((i for i, b in enumerate(buttons) if b.action == "continue"), 0) if buttons else None

    def handle(self, event) -> bool:
        if is_help_key(event):
            self.act("glossary")
            return True
        if event.type == pygame.KEYDOWN and event.key in (pygame.K_RETURN, pygame.K_KP_ENTER):
            focused = self.view.focused() if self.view else None
            self.act(focused.action if focused is not None else "continue")
            return True
        if event.type == pygame.KEYDOWN and event.key == pygame.K_BACKSPACE:
            self.act("back")
            return True
        return super().handle(event)

    def back(self) -> None:
        # Esc: the pause menu, as everywhere in play; resuming comes back to this feedback.
        from .menus import PauseScene

        self.app.push(PauseScene(self.app, self.play))

    def act(self, action) -> None:
        if action == "glossary":
            touched = tuple(p.key for p, v in zip(PRINCIPLES, self.rule.scores) if v)
            self.app.push(GlossaryScene(self.app, self.play.scenario, touched))
            return
        self.app.pop()
        if action == "back" and self.play.can_go_back:
            self.play.act("back")
