"""The debrief, in the order simulation educators use: reactions, then description and analysis,
then a summary the trainee writes themselves."""

from __future__ import annotations

import pygame

import re
from pathlib import Path

from game import exact_bounds
from game.engine import build_debrief, to_json
from game.model import LENS_FACTORS, PRINCIPLES, describe_scores
from game.store import clear_progress, record_completion, save_progress
from game.store.exports import export_meta, export_name
from game.report.html import WIDE_GAP, on_rating_scale
from game.wording import first_chose, moments, none_missed, signed

from ..page import Page
from .common import PageScene

_TYPED_JUNK = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
RATING_WORDS = {1: "not at all", 2: "a little", 3: "partly", 4: "mostly", 5: "fully"}
MAX_LINE = 240


def overall_share(debrief) -> float:
    """How close the playthrough came to the best possible, averaged over the principles that
    this scenario can move at all."""
    shares = [p.share_of_best for p in debrief.principles if p.best != p.worst]
    return sum(shares) / len(shares) if shares else 1.0




class DebriefScene(PageScene):
    name = "debrief"

    def __init__(self, app, scenario, state, feedback: str, draft: dict | None = None):
        """`draft`: a debrief in progress from the autosave (game.store.autosave.DEBRIEF_FIELDS)."""
        super().__init__(app)
        self.scenario = scenario
        self.state = state
        self.feedback = feedback
        draft = draft or {}
        self.phase = draft.get("phase") if draft.get("phase") in ("reactions", "self", "results") else "reactions"
        self.reactions = draft.get("reactions", "")[:MAX_LINE]
        keys = {p.key for p in PRINCIPLES}
        self.ratings: dict[str, int] = {k: v for k, v in draft.get("ratings", {}).items() if k in keys}
        self.row = 0  # the principle being rated
        self.take_home = draft.get("take_home", "")[:MAX_LINE]
        self.editing = self.phase == "reactions"  # typing goes into the reactions line first
        self.recorded = bool(draft.get("recorded"))  # the completion is counted once, even if resumed
        self.exported: str | None = None
        self.swallow = ""  # a shortcut letter whose text event must not land in the line
        self.field = None  # the take-home line's box while it is being written
        self.caret = len(self.reactions)  # where typing goes in the line being written; Left/Right/Home/End move it
        self.problems: dict[str, str] = {}  # what could not be kept, shown on every page until it is
        self.left = False  # the player left with Done: nothing more is saved from here
        self._keep_pending = False  # a save of the draft waits for the frame on its way to the screen
        # The exact best and worst may still be being worked out: show the structural ones with a
        # note meanwhile (never wait), and swap the exact ones in when they arrive (on_bounds).
        self.debrief = self._build()
        # Searching, counting and saving wait until the debrief is on screen: the search thread
        # would share the interpreter with the first frame, and an fsync can take tens of ms.
        app.soon(self._opened)
        pygame.key.start_text_input()

    def _opened(self) -> None:
        if self.left:
            return
        if self.bounds_status == exact_bounds.PENDING:
            exact_bounds.request(self.scenario, self.app.notify_bounds)
        else:
            self._record()
        if not self._keep_pending:  # else the save queued after this keeps the draft as it is then
            self._keep()
        if self.problems:  # a problem with either is shown at once
            self.layout()
            self.app.dirty = True

    def _build(self):
        bounds, self.bounds_status = exact_bounds.current(self.scenario)
        return build_debrief(self.scenario, self.state, bounds, self.bounds_status)

    def on_bounds(self) -> None:
        if self.bounds_status != exact_bounds.PENDING:
            return
        self.debrief = self._build()
        if self.bounds_status != exact_bounds.PENDING:
            self._record()
            self._keep()
            self.layout()

    def _record(self) -> None:
        """Count this completion, once, with the bounds now known (the share of the best depends on them)."""
        ending = self.debrief.ending
        if self.recorded or ending is None:
            return
        self.recorded = True
        problem = record_completion(self.scenario.id, ending.kind, ending.title, overall_share(self.debrief))
        if problem:
            failed = "not recorded" in problem or problem.startswith("could not")
            self.problems["record"] = f"This completion could not be recorded: {problem}." if failed else \
                f"About your results: {problem}."

    def _keep(self) -> None:
        """Autosave the debrief in progress, so what the player typed survives a crash or a closed
        window until they leave the debrief."""
        draft = {"reactions": self.reactions, "take_home": self.take_home, "ratings": dict(self.ratings),
                 "phase": self.phase, "recorded": self.recorded}
        problem = save_progress(str(Path(self.scenario.source).resolve()), to_json(self.state), self.feedback, draft)
        if problem:
            self.problems["keep"] = f"What you write here could not be saved, and would be lost if the game closed " \
                                    f"now: {problem}. Export the debrief (E) to keep it."
        else:
            self.problems.pop("keep", None)

    def _keep_soon(self) -> None:
        """Keep the draft once the frame showing the change is on screen (App.soon): an fsync (tens
        of ms on a slow disk) must not hold back a typed letter or a new page. Changes made before
        that frame share one save."""
        if not self._keep_pending:
            self._keep_pending = True
            self.app.soon(self._keep_after_frame)

    def _keep_after_frame(self) -> None:
        self._keep_pending = False
        if self.left:
            return  # gone with Done since: nothing more is saved
        had = dict(self.problems)
        self._keep()
        if self.problems != had:  # a problem with saving is shown at once, and so is its end
            self.layout()
            self.app.dirty = True

    @property
    def header_left(self) -> str:
        return f"Debrief · {self.scenario.title}"

    @property
    def header_right(self) -> str:
        return {"reactions": "Enter: continue · Esc: skip", "self": "1-5: rate · Enter: continue · Esc: skip",
                "results": "T: take-home line · E: export · D: done"}[self.phase]

    # -- pages ---------------------------------------------------------------------------------

    def build(self, page: Page) -> None:
        for problem in self.problems.values():
            page.add_text(problem, self.theme.metrics.small, weight="bold", role="poor")
        if self.problems:
            page.space()
        {"reactions": self.build_reactions, "self": self.build_self, "results": self.build_results}[self.phase](page)

    def build_reactions(self, page: Page) -> None:
        m = self.theme.metrics
        page.add_text("How did that feel?", m.heading, weight="bold", role="accent")
        page.add_text("Before the scores: a few words for yourself about how that went. Nothing here is "
                      "scored, and you can skip it.", role="muted")
        self._add_box(page, self.reactions, self.editing)
        if self.editing:
            page.add_text("Left, Right, Home and End move the cursor.", m.small, role="muted")
        page.space()
        page.add_row([("Continue", "continue", "Enter"), ("Skip", "skip", "Esc")])

    def build_self(self, page: Page) -> None:
        m = self.theme.metrics
        page.add_text("How well do you think you honoured each principle?", m.heading, weight="bold", role="accent")
        page.add_text("1 not at all, 2 a little, 3 partly, 4 mostly, 5 fully. Type a number for each principle "
                      "in turn (the › marks which); Up and Down move between them. Optional.", m.small, role="muted")
        for index, principle in enumerate(PRINCIPLES):
            marker = "› " if index == self.row else ""
            rating = self.ratings.get(principle.key)
            said = f": {rating} of 5, {RATING_WORDS[rating]}" if rating else ""
            page.add_text(f"{marker}{principle.label}{said}", weight="bold" if marker else "regular",
                          after=m.gap // 4)
            page.add_row([(str(v), ("rate", principle.key, v), "", v == rating) for v in range(1, 6)], size=m.small,
                         steady=True)  # ticking one never moves the others
        page.space()
        page.add_row([("Continue", "continue", "Enter"), ("Skip", "skip", "Esc")])

    def build_results(self, page: Page) -> None:
        m = self.theme.metrics
        d = self.debrief
        page.add_text("Debrief", m.heading, weight="bold", role="accent")
        if d.ending is not None:
            page.add_text(f"Ending: {d.ending.title}, a {d.ending.kind} ending for the participant", weight="bold",
                          role={"good": "good", "poor": "poor"}.get(d.ending.kind, "text"))
            page.add_text(d.ending.text, m.small)
        page.space()
        page.add_text("The six principles", m.body, weight="bold", role="accent")
        page.add_text("All six on one scale, as in the exported page: each track runs from the worst to the best "
                      "total possible in this scenario, and the bar from 0 (the upright line) to your total (the "
                      "marker). A total below 0 is a hatched bar and says so.", m.small, role="muted")
        if d.bounds_note:
            page.add_text(d.bounds_note, m.small, weight="bold")
        row = self.app.text.line_height(m.small) * 2 + chart_bar(self.theme, self.app.text) + m.gap
        page.add_drawing(row * len(d.principles) + self.app.text.line_height(m.small), self._draw_chart)
        for note in self._differences():
            page.add_text(note, m.small, weight="bold")
        page.space()
        page.add_text("Drug, set and setting", m.body, weight="bold", role="accent")
        for factor, result in zip(LENS_FACTORS, d.lens):
            page.add_text(f"{result.label}: {result.summary}", m.body, weight="bold", after=m.gap // 4)
            for fact in result.learnt:
                page.add_text(f"You learnt: {fact}", m.body, indent=m.gap, after=m.gap // 4)
            if result.attended:
                verdict = f"Attended to, at {moments(result.attended_at)}."
            elif result.missed_at:
                verdict = f"Missed: a choice that attended to the {factor.key} was open at " \
                          f"{moments(result.missed_at)}."
            else:
                verdict = f"No choice on your path attended to the {factor.key}."
            page.add_text(verdict, m.body, indent=m.gap)
        page.space()
        page.add_text("Your choices", m.body, weight="bold", role="accent")
        for entry in d.timeline:
            scored = describe_scores(entry.scores) if entry.counted else "no score (made before)"
            page.add_text(f"{entry.number}. {entry.choice}", m.body, weight="bold", after=m.gap // 4)
            if entry.stepped_back:
                page.add_text(first_chose(entry.stepped_back), m.body, role="muted", indent=m.gap, after=m.gap // 4)
            page.add_text(scored, m.body, indent=m.gap, after=m.gap // 4)
            if self.feedback == "assessment":
                page.add_text(entry.feedback, m.body, indent=m.gap)
        page.space()
        page.add_text("Missed opportunities", m.body, weight="bold", role="accent")
        if not d.missed:
            page.add_text(none_missed(overall_share(d), d.near_missed), m.body)
        if d.missed:
            for missed in d.missed:
                page.add_text(f"At moment {missed.number} you chose: {missed.chosen} ({signed(missed.chosen_score)})",
                              m.body, after=m.gap // 4)
                page.add_text(f"Better: {missed.better} ({signed(missed.better_score)})", m.body, weight="bold",
                              indent=m.gap, after=m.gap // 4)
                page.add_text(missed.better_feedback, m.body, indent=m.gap)
            if d.more_missed:
                page.add_text(f"{d.more_missed} more moment{'s' * (d.more_missed != 1)} like these: see your "
                              "choices above.", m.body, role="muted")
        page.space()
        page.add_text("To discuss", m.body, weight="bold", role="accent")
        for question in d.questions:
            page.add_text(f"• {question}", m.body, indent=m.gap)
        if self.reactions:
            page.add_text(f"How it felt, in your words: {self.reactions}", m.small, role="muted")
        page.space()
        page.add_text("Your take-home line", m.body, weight="bold", role="accent")
        if self.editing:
            self.field = self._add_box(page, self.take_home, True)
            page.add_text("Enter or Esc: finish writing · Left, Right, Home, End: move the cursor", m.small,
                          role="muted")
        else:
            page.add_button(self.take_home or "Write one thing you will take with you", "write", "T")
        page.space()
        page.add_row([("Export as a web page", "export", "E"), ("Done", "done", "D")])
        if not self.app.settings.name_asked and not export_name():
            page.add_button("Put your name on exported pages (optional, asked once)", "name", "N", size=m.small)
        if self.exported:
            page.add_text(self.exported, m.small, weight="bold")
        page.space()
        if d.note:
            page.add_text(d.note, m.small, role="muted")
        if d.references:
            page.add_text("Sources behind this scenario", m.small, weight="bold", role="muted")
            for reference in d.references:
                page.add_text(f"• {reference}", m.small, role="muted", indent=m.gap)
        page.add_text(d.disclaimer, m.small, role="muted")

    @property
    def _value(self) -> str:
        return self.reactions if self.phase == "reactions" else self.take_home

    @_value.setter
    def _value(self, value: str) -> None:
        if self.phase == "reactions":
            self.reactions = value[:MAX_LINE]
        else:
            self.take_home = value[:MAX_LINE]

    def _add_box(self, page: Page, value: str, editing: bool):
        """A visible text box: a border (thick in the focus colour while writing), the text wrapped
        inside, and a caret where typing goes."""
        m = self.theme.metrics
        pad = max(6, m.body // 3)
        text = self.app.text
        inner = page.width - 2 * pad - m.gap
        height = max(text.height(value or " ", m.body, inner, "bold"), text.line_height(m.body, "bold")) + 2 * pad
        caret = min(self.caret, len(value)) if editing else None

        def draw(surface, rect, theme, text) -> None:
            palette = theme.palette
            box = rect.inflate(-m.gap, 0)
            pygame.draw.rect(surface, palette.button, box)
            pygame.draw.rect(surface, palette.focus if editing else palette.accent, box,
                             width=m.focus_border if editing else m.border)
            x, y = box.x + pad, box.y + pad
            text.draw(surface, value, m.body, palette.text, x, y, inner, "bold")
            if caret is not None:
                cx, cy = _caret_at(text, value, caret, m.body, inner)
                line = text.line_height(m.body, "bold")
                pygame.draw.rect(surface, palette.text, pygame.Rect(x + cx, y + cy, max(2, m.body // 10), line))

        return page.add_drawing(height, draw)

    def _differences(self) -> list[str]:
        notes = []
        for result in self.debrief.principles:
            rating = self.ratings.get(result.key)
            if rating is None or result.best == result.worst:
                continue
            if abs(rating - on_rating_scale(result.share_of_best)) >= WIDE_GAP:
                notes.append(f"Something to reflect on: you rated {result.label} {rating} of 5, and your choices "
                             f"reached {round(result.share_of_best * 100)}% of the best possible here.")
        return notes

    def _draw_chart(self, surface, rect, theme, text) -> None:
        """As in the HTML (game.report.chart): one numeric axis for all six principles, a track from
        the worst to the best possible, and a bar from 0 to the total. A bar below 0 is hatched and
        its words say "below 0", so it is told apart by shape and words, not colour alone."""
        palette, m = theme.palette, theme.metrics
        line = text.line_height(m.small)
        bar = chart_bar(theme, text)
        row = line * 2 + bar + m.gap
        principles = self.debrief.principles
        low = min([0, *(p.worst for p in principles), *(p.total for p in principles)])
        high = max([0, *(p.best for p in principles), *(p.total for p in principles)])
        high = high if high != low else low + 1
        left, width = rect.x + m.gap // 2, rect.width - m.gap * 2

        def at(value: int) -> int:
            return left + round((value - low) * width / (high - low))

        for index, result in enumerate(principles):
            y = rect.y + index * row
            surface.blit(text.render(result.label, m.small, palette.text, "bold"), (rect.x, y))
            track = pygame.Rect(at(result.worst), y + line, max(at(result.best) - at(result.worst), 3), bar)
            pygame.draw.rect(surface, palette.track, track)
            pygame.draw.rect(surface, palette.text, track, 1)
            zero, total = at(0), at(result.total)
            start, end = sorted((zero, total))
            inner = pygame.Rect(start, track.y + bar // 6, max(end - start, 0), bar - bar // 3)
            if inner.width:
                if result.total >= 0:
                    pygame.draw.rect(surface, palette.accent, inner)
                else:  # hatched: a different shape, whatever the colours
                    pygame.draw.rect(surface, palette.poor, inner, 2)
                    clip = surface.get_clip()
                    surface.set_clip(inner.clip(clip))  # an empty clip (nothing to redraw here) stays empty
                    for x in range(inner.x - inner.height, inner.right, max(6, bar // 3)):
                        pygame.draw.line(surface, palette.poor, (x, inner.bottom), (x + inner.height, inner.y), 2)
                    surface.set_clip(clip)
            pygame.draw.line(surface, palette.text, (zero, track.y - 4), (zero, track.bottom + 3), 2)
            pygame.draw.rect(surface, palette.text, pygame.Rect(total - 2, track.y - 4, 5, bar + 8))
            rating = self.ratings.get(result.key)
            below = " (below 0)" if result.total < 0 else ""
            words = f"{signed(result.total)}{below}, from {signed(result.worst)} (worst) to {signed(result.best)} (best)"
            if rating:
                words += f" · you rated it {rating} of 5"
            words = text.wrap(words, m.small, rect.width)[0]
            surface.blit(text.render(words, m.small, palette.text), (rect.x, track.bottom + 4))
        scale = text.render(f"One scale for all six: {signed(low)} at the left, 0 at the upright line, "
                            f"{signed(high)} at the right.", m.small, palette.muted)
        surface.blit(scale, (rect.x, rect.y + len(principles) * row))

    def initial_focus(self, page: Page) -> int | None:
        if self.phase == "self":
            return None  # rated with the number keys; Tab brings a focus ring when wanted
        return super().initial_focus(page)

    # -- events --------------------------------------------------------------------------------

    def handle(self, event) -> bool:
        if event.type == pygame.KEYDOWN and (event.key == pygame.K_F1 or (not self.editing and event.unicode == "?")):
            from .learn import GlossaryScene

            self.app.push(GlossaryScene(self.app, self.scenario, tuple(p.key for p in PRINCIPLES)
                                        + ("drug", "set", "setting")))
            return True
        if self.editing and event.type == pygame.TEXTINPUT:
            if self.swallow and event.text.lower() == self.swallow:
                self.swallow = ""  # the T that opened the line is not part of it
                return False
            self.swallow = ""
            self._type(event.text)
            return True
        if event.type == pygame.KEYDOWN:
            if self.editing:
                if event.key in (pygame.K_PAGEUP, pygame.K_PAGEDOWN):
                    return super().handle(event)  # the page still scrolls while writing
                return self._edit_key(event)
            if self.phase == "self":
                if event.key in (pygame.K_DOWN, pygame.K_UP):
                    self.row = (self.row + (1 if event.key == pygame.K_DOWN else -1)) % len(PRINCIPLES)
                    self.layout()
                    return True
                value = {getattr(pygame, f"K_{n}"): n for n in range(1, 6)}.get(event.key)
                if value is not None:
                    self.act(("rate", PRINCIPLES[self.row].key, value))
                    return True
                if event.key in (pygame.K_RETURN, pygame.K_KP_ENTER):
                    focused = self.view.focused() if self.view else None
                    self.act(focused.action if focused is not None else "continue")
                    return True
            if self.phase == "results":
                action = {pygame.K_t: "write", pygame.K_e: "export", pygame.K_d: "done",
                          pygame.K_n: "name"}.get(event.key)
                if action == "name" and (self.app.settings.name_asked or export_name()):
                    action = None
                if action:
                    self.act(action)
                    return True
        return super().handle(event)

    def _type(self, typed: str) -> None:
        # Only text is kept: control characters and lone surrogates (half an emoji) could not be
        # shown, exported as a web page or printed, and the player did not mean them.
        typed = _TYPED_JUNK.sub("", typed)
        if not typed:
            return
        value, caret = self._value, min(self.caret, len(self._value))
        typed = typed[:max(MAX_LINE - len(value), 0)]
        self._value = value[:caret] + typed + value[caret:]
        self.caret = caret + len(typed)
        self._keep_soon()
        self.layout()
        if self.phase == "results" and self.field is not None:
            self.view.reveal(self.field.rect)

    def _edit_key(self, event) -> bool:
        value, caret = self._value, min(self.caret, len(self._value))
        moves = {pygame.K_LEFT: max(caret - 1, 0), pygame.K_RIGHT: min(caret + 1, len(value)),
                 pygame.K_HOME: 0, pygame.K_END: len(value)}
        if event.key in moves:
            self.caret = moves[event.key]
            self.layout()
            return True
        if event.key in (pygame.K_BACKSPACE, pygame.K_DELETE):
            if event.key == pygame.K_BACKSPACE and caret > 0:
                self._value, self.caret = value[:caret - 1] + value[caret:], caret - 1
            elif event.key == pygame.K_DELETE:
                self._value = value[:caret] + value[caret + 1:]
            self._keep_soon()
            self.layout()
            return True
        if event.key in (pygame.K_RETURN, pygame.K_KP_ENTER):
            self.act("continue" if self.phase == "reactions" else "finish")
            return True
        if event.key == pygame.K_ESCAPE:
            self.act("skip" if self.phase == "reactions" else "finish")
            return True
        return False  # letters arrive as TEXTINPUT

    def back(self) -> None:
        self.act("skip" if self.phase != "results" else "done")

    def act(self, action) -> None:
        if action in ("continue", "skip"):
            if action == "skip" and self.phase == "reactions":
                self.reactions = ""
            if action == "skip" and self.phase == "self":
                self.ratings = {}
            self.phase = "self" if self.phase == "reactions" else "results"
            self.editing = False
        elif isinstance(action, tuple) and action[0] == "rate":
            self.ratings[action[1]] = action[2]
            keys = [p.key for p in PRINCIPLES]
            self.row = min(keys.index(action[1]) + 1, len(keys) - 1)
        elif action == "write":
            self.editing = True
            self.caret = len(self.take_home)
            self.swallow = "t"
        elif action == "finish":
            self.editing = False
        elif action == "export":
            from game.store import export_debrief  # the report machinery loads when first asked for

            try:
                path = export_debrief(self.debrief, reactions=self.reactions or None,
                                      self_assessment=self.ratings or None, take_home=self.take_home or None,
                                      meta=export_meta())
            except OSError as error:
                self.exported = f"The debrief could not be saved: {error.strerror or error}"
            else:
                self.exported = f"Saved the debrief to {path}"
        elif action == "name":
            from dataclasses import replace

            from .trainee import TraineeScene

            self.app.apply_settings(replace(self.app.settings, name_asked=True))  # offered once, never again
            self.app.push(TraineeScene(self.app))
            return
        elif action == "done":
            self._record()  # if the exact bounds never came, count it with the ones shown
            pygame.key.stop_text_input()
            from .menus import PickerScene, TitleScene

            self.left = True
            problem = clear_progress(str(Path(self.scenario.source).resolve()))
            if problem:
                self.app.notice = f"Your finished game could not be removed from the autosave, so it may be " \
                                  f"offered again: {problem}"
            self.app.reset(TitleScene(self.app), PickerScene(self.app))
            return
        if action != "export":
            self._keep_soon()
        self.view = None if action in ("continue", "skip") else self.view
        self.layout()
        if self.editing:
            self.view.focus = None  # the box being written in has the focus, not a button below it
        if self.editing and self.phase == "results" and self.field is not None:
            self.view.reveal(self.field.rect)  # the line being written is always on screen


def chart_bar(theme, text) -> int:
    """The chart's bar height: at least a quarter of a line of body text, never a thin stripe."""
    return max(12, text.line_height(theme.metrics.body) // 4 * 2)


def _caret_at(text, value: str, caret: int, size: int, width: int) -> tuple[int, int]:
    """Where the caret goes in `value` wrapped to `width`: (x, y) from the text's top-left."""
    lines = text.wrap(value, size, width, "bold") if value else [""]
    line_height = text.line_height(size, "bold")
    start = 0
    for number, line in enumerate(lines):
        at = value.find(line, start) if line else start
        at = start if at < 0 else at
        end = at + len(line)
        if caret <= end or number == len(lines) - 1:
            column = min(max(caret - at, 0), len(line))
            return text.size(line[:column], size, "bold")[0], number * line_height
        start = end
    return 0, 0
