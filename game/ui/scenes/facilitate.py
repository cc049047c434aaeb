"""Facilitator mode: the projector view the room sees, and the presenter view only the facilitator
sees (P). The room votes, the facilitator reveals, jumps back to show the road not taken, and
runs the group debrief. All the logic lives in game.facilitation; this screen shows it."""

from __future__ import annotations

import time
import weakref

import pygame

from game import exact_bounds
from game import facilitation as fac
from game.engine import build_debrief, current_node, is_over, replay, node_text
from game.model import LENS_FACTORS, describe_scores
from game.store.sessions import export_session, save_session
from game.wording import moments, signed

from ..app import Scene
from ..page import Page, PageView
from ..theme import ROOM_SCALES, ROOM_SMALL_RATIO, make_theme
from .common import draw_header, header_height, shifted
from .phones import ISOLATION_HELP, PHONES_TICK, Phones, RoomOptions, draw_qr

TICK = pygame.USEREVENT + 2
# How a moment is laid out, tried in this order: the situation above the options (one option a
# row, then two a row), then side by side with the situation given half, more or less of the width.
ARRANGEMENTS = ("stacked", "grid", "side-0.5", "side-0.58", "side-0.42")
FALLBACK = "side-0.5"
SCROLL_KEYS = frozenset((pygame.K_PAGEDOWN, pygame.K_PAGEUP, pygame.K_HOME, pygame.K_END, pygame.K_DOWN,
                         pygame.K_UP))
MODIFIER_KEYS = frozenset((pygame.K_LCTRL, pygame.K_RCTRL, pygame.K_LSHIFT, pygame.K_RSHIFT, pygame.K_LALT,
                           pygame.K_RALT, pygame.K_LGUI, pygame.K_RGUI, pygame.K_CAPSLOCK, pygame.K_MODE))

# Key bindings as data, so '?' can list them and tests can read them.
KEYS = (
    ("A, B, C ...", "add a vote for that option"),
    ("Shift + letter", "remove a vote"),
    ("digits, then a letter", "set that option's count, e.g. 12 then B"),
    ("T", "show or hide the tally"),
    ("Enter", "take the option with most votes (then: continue)"),
    ("Ctrl + letter, twice", "take that option yourself (breaks a tie, or overrides the vote)"),
    ("V", "phone voting: start it, or show and hide the QR code and address"),
    ("K", "what the worker knows: every fact learnt so far (each moment shows the new ones)"),
    ("P", "presenter view: notes, every option's scores, timer, path"),
    ("Space / X", "start or pause / reset the discussion timer"),
    ("Shift + Space", "hide or show the timer on the projector (over time shows in the presenter view only)"),
    ("J", "jump back to an earlier moment"),
    ("Page Down / Up", "scroll the options (with Shift: the situation)"),
    ("Right / Left", "next / previous part of the group debrief"),
    ("S", "save an export of the session (JSON, CSV and the debrief page)"),
    ("A, B, C ... after the reveal", "the road not taken: that option's feedback and scores"),
    ("?", "show or hide these keys"),
    ("F11", "full screen on or off"),
    ("Esc", "close a panel; on the main view, leave facilitator mode"),
)

DEBRIEF_PHASES = (
    ("Reactions", "How did that feel?",
     "Let the room vent before analysing. Ask: what was that like? Which moment felt hardest? "
     "Who felt pulled between two options?"),
    ("Description", "What happened?",
     "Ask someone to retell the path in their own words. Check the facts: what did the worker know, "
     "and when? Where was the room split?"),
    ("Analysis", "What helped, and what got in the way?",
     "Go through the principles and drug, set and setting. Ask what drove the close votes, and what the "
     "road not taken would have changed for the participant."),
    ("Summary", "What will you take with you?",
     "Ask each person for one thing they will do differently on their next shift. Close with the "
     "discussion questions and the note on local protocols."),
)


SUMMARY = len(DEBRIEF_PHASES)  # the slide after the four parts
SUMMARY_SLIDE = ("Summary", "The session at a glance",
                 "Every moment of the room's own run with its vote split and who decided, and the roads explored. "
                 "A good moment to thank the room; S exports all of it.")


class FacilitateScene(Scene):
    name = "facilitate"

    def __init__(self, app, scenario, session: fac.Session | None = None, time_box: int | None = None):
        super().__init__(app)
        self.scenario = scenario
        self.session = session or fac.new_session(scenario, app.seed, time.time())
        self.time_box = time_box  # seconds of discussion per moment, or None
        self.presenter = False
        self.panel: str | None = None  # "help" or "jump", shown instead of the moment
        self.count = ""  # digits typed before a letter
        self.message = ""
        self.message_is_problem = True
        self.window_scroll = 0
        self.leaving = False  # Esc pressed once: a second Esc leaves
        self.pending_take: int | None = None  # Ctrl + letter pressed once: the same again takes it
        self.timer_hidden = False  # Shift+Space: the room does not see the discussion timer
        self.reveal_other: int | None = None  # after a reveal, another option whose feedback the room reads
        self.phase = 0  # group debrief phase
        self.timer_started: float | None = None
        self.timer_spent = 0.0
        self.view: PageView | None = None
        self.side: PageView | None = None  # the situation, beside the options on a wide screen
        # The presenter view in a window of its own (--presenter-window), for the laptop screen while
        # the main window is on the projector.
        self.window: pygame.Window | None = None
        self.confirm_swap = False  # P pressed once without a presenter window: P again shows scores here
        if app.presenter_window:
            self.open_window()
        self.options: RoomOptions = getattr(app, "room", None) or RoomOptions()
        self.phones = Phones(self.options.phones_host, self.options.phones_port)
        # A scene dropped without close() (a test's app, an error) still stops its server.
        weakref.finalize(self, self.phones.stop_quietly)
        self.qr_rect: pygame.Rect | None = None  # where the QR code is drawn, while its panel is open
        self._save()
        exact_bounds.request(scenario, app.notify_bounds)  # worked out while the room plays; never waited for
        if self.options.phones:
            self.start_phones()

    # -- state ---------------------------------------------------------------------------------

    @property
    def ended(self) -> bool:
        return is_over(self.scenario, self.session.state)

    @property
    def stage(self) -> str:
        if self.session.revealing:
            return "reveal"
        if self.ended:
            return "debrief"
        return "vote"

    @property
    def revealed(self) -> int | None:
        """The authored index of the option just taken, while its reveal is shown."""
        return self.session.state.path[-1].choice if self.session.revealing else None

    @property
    def reveal_votes(self) -> tuple[fac.RoomOption, ...]:
        """The options of the moment just left, as the room saw them, with their votes."""
        visit = fac.path(self.session)[self.session.state.steps_taken - 1]
        node = self.scenario.nodes[visit.node]
        top = set(visit.leading)
        return tuple(fac.RoomOption(fac.letter(i), index, node.choices[index].spec.text, hands + phones, index in top,
                                    hands, phones)
                     for i, (index, hands, phones) in enumerate(zip(visit.options, visit.votes, visit.phone_votes)))

    def main_state(self):
        """The engine state at the end of the room's own run (the main line)."""
        return fac.main_line_state(self.session, self.scenario)

    def timer(self) -> float:
        running = time.monotonic() - self.timer_started if self.timer_started is not None else 0.0
        return self.timer_spent + running

    def _update(self, session: fac.Session) -> None:
        if session is not self.session:
            self.session = session
            self._save()
            self.phones.show(self.session, self.scenario)

    def start_phones(self) -> None:
        """Start phone voting (V, or --phones) and show the room the QR code."""
        if not self.phones.running:
            problem = self.phones.start()
            if problem:
                self.message, self.message_is_problem = problem, True
                return
            self.phones.show(self.session, self.scenario)
        self.panel = "phones"

    def close(self) -> None:
        """The session is over for this window: stop serving phones and close the presenter window."""
        pygame.time.set_timer(TICK, 0)
        self.phones.stop()
        self.close_window()

    release = close  # the app calls it when this screen leaves the stack

    def _save(self) -> None:
        problem = save_session(self.session)
        if problem:
            self.message = f"Autosave failed: {problem}"

    # -- layout --------------------------------------------------------------------------------

    def layout(self) -> None:
        theme = self.theme
        m = theme.metrics
        top = header_height(theme)
        inset = m.margin // 2
        side_scroll = self.side.scroll if self.side is not None else 0
        self.side = None
        width = min(m.width - 2 * m.margin, int(m.body * 40))
        x = (m.width - width) // 2
        self.qr_rect = None
        if self.panel == "phones" and self.phones.running:
            # The code as large as the screen allows, the address beside it (under it on a narrow window).
            size = min(m.height - top - 2 * m.gap, int(m.width * 0.4))
            self.qr_rect = pygame.Rect(m.margin, top + m.gap, size, size)
            if m.width - size - 3 * m.margin >= m.body * 12:
                x = self.qr_rect.right + m.margin
                width = m.width - x - m.margin
        if self.stage == "vote" and self.panel is None and not self.presenter:
            self._layout_moment(top, side_scroll)
            return
        if self.stage == "debrief" and self.phase == SUMMARY and self.panel is None and not self.presenter:
            self._layout_summary(top)
            return
        page = Page(theme, self.app.text, width)
        page.space(m.gap)
        if self.panel is None and not self.presenter:
            self._notices(page)
        if self.panel == "phones":
            self.build_phones(page)
        elif self.panel == "known":
            self.build_known(page)
        elif self.panel == "help":
            self.build_help(page)
        elif self.panel == "jump":
            self.build_jump(page)
        elif self.presenter:
            self.build_presenter(page)
        elif self.stage == "reveal":
            self.build_reveal(page)
        else:
            self.build_debrief(page)
        page.space(m.margin)
        shifted(page, inset)
        old = self.view
        self.view = PageView(page, pygame.Rect(x - inset, top, width + 2 * inset, m.height - top))
        if old is not None and old.page.height == page.height:
            self.view.scroll = min(old.scroll, self.view.max_scroll)

    def _layout_moment(self, top: int, old_side: int = 0) -> None:
        """The moment the room votes on, laid out to fit one screen: the first arrangement that fits,
        at the largest room text size that fits (never under 40 px at 1080p). Where nothing fits,
        situation and options side by side, each column scrolling with its own keys."""
        app = self.app
        m = self.theme.metrics
        palette = self.theme.palette.name
        old_main = self.view.scroll if self.view is not None else 0
        same = getattr(self, "_laid_out_for", None) == (self.session.moment, self.session.branch.number)
        choice, found = None, False
        # The new facts on the screen if they fit at any room size; else the situation and options
        # alone (K shows the facts), before any arrangement that needs scrolling.
        for facts in (True, False):
            for scale in ROOM_SCALES:
                theme = make_theme((m.width, m.height), scale, palette, self.theme.reduced_motion, ROOM_SMALL_RATIO)
                for arrangement in ARRANGEMENTS:
                    views = self._arrange(theme, arrangement, top, facts)
                    if views is None:
                        continue
                    if choice is None or (arrangement == FALLBACK and facts):
                        choice = (theme, arrangement, views)  # side by side at the smallest size, if nothing fits
                    if all(view.page.height <= view.viewport.height for view in views if view is not None):
                        choice, found = (theme, arrangement, views), True
                        break
                if found:
                    break
            if found:
                break
        self.room_theme, self.arrangement, (self.side, self.view) = choice
        self._laid_out_for = (self.session.moment, self.session.branch.number)
        if same:  # a vote or a key: keep each column where the facilitator scrolled it
            self.view.scroll = min(old_main, self.view.max_scroll)
            if self.side is not None:
                self.side.scroll = min(old_side, self.side.max_scroll)

    def _arrange(self, theme, arrangement: str, top: int, facts: bool = True):
        """(situation view or None, main view) in one arrangement, or None when it cannot be used."""
        m = theme.metrics
        inset = m.margin // 2
        full = m.width - 2 * m.margin
        height = m.height - top
        if arrangement.startswith("side"):
            share = float(arrangement.split("-")[1])
            side_width = int((m.width - 3 * m.margin) * share)
            if side_width < m.body * 12 or m.width - side_width - 3 * m.margin < m.body * 12:
                return None
            side = Page(theme, self.app.text, side_width)
            side.space(m.gap)
            self.build_situation(side, facts)
            side_view = PageView(shifted(side, inset), pygame.Rect(m.margin - inset, top, side_width + 2 * inset,
                                                                   height), more="More: Shift+Page Down")
            x = m.margin * 2 + side_width
            width = m.width - x - m.margin
            page = Page(theme, self.app.text, width)
            page.space(m.gap)
            self._notices(page)
            self.build_options(page)
            page.space(m.gap)
            return side_view, PageView(shifted(page, inset), pygame.Rect(x - inset, top, width + 2 * inset, height),
                                       more="More options: Page Down")
        page = Page(theme, self.app.text, full)
        page.space(m.gap)
        self._notices(page)
        self.build_situation(page, facts)
        self.build_options(page, columns=2 if arrangement == "grid" else 1)
        page.space(m.gap)
        return None, PageView(shifted(page, inset), pygame.Rect(m.margin - inset, top, full + 2 * inset, height),
                              more="More below: Page Down")

    def build_situation(self, page: Page, facts: bool = True) -> None:
        """The situation; with `facts`, what the worker learnt at this moment (else a line saying K shows it)."""
        m = page.theme.metrics
        node = current_node(self.scenario, self.session.state).spec
        if node.speaker:
            page.add_text(node.speaker, weight="bold", role="accent", after=m.gap // 3)
        page.add_text(node_text(self.scenario, self.session.state))
        new, earlier = self._facts()
        if new and facts:
            page.space(m.gap // 2)
            page.add_text("New: what the worker now knows", m.small, weight="bold", role="accent", after=m.gap // 4)
            self._add_facts(page, new)
        elif new:  # no room on this screen: the room reads them with K
            page.add_text(f"K: {len(new)} new thing{'s' * (len(new) != 1)} the worker knows, and "
                          f"{len(earlier)} from before", m.small, weight="bold", role="accent", after=m.gap // 4)
        if earlier and (facts or not new):
            page.add_text(f"K: the {len(earlier)} thing{'s' * (len(earlier) != 1)} the worker learnt before",
                          m.small, role="muted", after=m.gap // 4)
        page.space(m.gap // 2)

    def _facts(self) -> tuple[list[str], list[str]]:
        """The lens facts revealed at this moment, and those learnt before it (ids)."""
        state = self.session.state
        key = (state.path, state.revealed)
        if getattr(self, "_facts_for", (None,))[0] != key:
            before = replay(self.scenario, state.seed, state.path[:-1]).revealed if state.path else ()
            self._facts_for = (key, ([f for f in state.revealed if f not in before], list(before)))
        return self._facts_for[1]

    def _add_facts(self, page: Page, ids: list[str]) -> None:
        m = page.theme.metrics
        facts = [self.scenario.facts[f] for f in ids]
        for factor in LENS_FACTORS:
            for key, fact in facts:
                if key == factor.key:
                    page.add_text(f"{factor.label}: {fact.text}", m.small, after=m.gap // 3)

    def build_known(self, page: Page) -> None:
        """Everything the worker knows so far (K), in drug, set and setting order."""
        m = page.theme.metrics
        page.add_text("What the worker knows", m.heading, weight="bold", role="accent")
        if not self.session.state.revealed:
            page.add_text("Nothing yet.")
        self._add_facts(page, list(self.session.state.revealed))
        self._footer(page, "K or Esc: back to the moment · Page Down: more")

    def build_options(self, page: Page, columns: int = 1) -> None:
        """The options as lettered buttons, one a row or `columns` a row, each with its bar when the
        tally is shown."""
        m = page.theme.metrics
        options = fac.options(self.session, self.scenario)
        shown = self.session.visit is not None and self.session.visit.tally_shown
        total = sum(o.votes for o in options)
        width = (page.width - m.gap * (columns - 1)) // columns
        left = page.x
        for row in range(0, len(options), columns):
            top, bottom = page.y, page.y
            for column, option in enumerate(options[row:row + columns]):
                page.y = top
                x = left + column * (width + m.gap)
                page.add_button(option.text, ("vote", option.index), option.letter, width=width, x=x)
                if shown:
                    page.y -= m.gap // 2  # the bar belongs to the option above it
                    words = (f"{option.letter}: {option.votes} vote{'s' * (option.votes != 1)}"
                             + (" (most)" if option.leading else ""))
                    bar = page.add_drawing(m.small, _bar(option.votes, max(total, 1), words))
                    bar.rect.x, bar.rect.width = x, width
                bottom = max(bottom, page.y)
            page.y = bottom
        if shown:
            page.add_text(f"{total} vote{'s' * (total != 1)} in all", m.small, role="muted")

    def build_reveal(self, page: Page) -> None:
        m = self.theme.metrics
        node_id = self.session.state.path[-1].node
        rule = self.scenario.nodes[node_id].choices[self.revealed]
        taken = next(o for o in self.reveal_votes if o.index == self.revealed)
        taken_by = fac.moments_taken(self.session, self.scenario)[-1].taken_by
        who = {"majority": f"The room chose option {taken.letter}",
               "tie-break": f"The vote was tied; the facilitator chose option {taken.letter}"}.get(taken_by)
        if who is None:
            most = [o.letter for o in self.reveal_votes if o.leading]
            room = f" (the room's most votes: {', '.join(most)})" if most else " (no votes)"
            who = f"The facilitator chose option {taken.letter}{room}"
        page.add_text(who, m.small, weight="bold", role="muted", after=0)
        page.add_text(rule.spec.text, weight="bold")
        page.add_text(rule.spec.feedback)
        other = next((o for o in self.reveal_votes if o.index == self.reveal_other), None)
        if other is not None and other.index != self.revealed:
            road = self.scenario.nodes[node_id].choices[other.index]
            page.space()
            page.add_text(f"The road not taken: option {other.letter}", m.small, weight="bold", role="accent",
                          after=0)
            page.add_text(road.spec.text, weight="bold")
            page.add_text(road.spec.feedback)
            page.add_text(f"Total {signed(sum(road.scores))} · {describe_scores(road.scores) or 'no principle scored'}",
                          m.small)
        page.space()
        page.add_text("Every option at this moment", m.body, weight="bold", role="accent")
        for option in self.reveal_votes:
            other = self.scenario.nodes[node_id].choices[option.index]
            mark = "Taken: " if option.index == self.revealed else ""
            page.add_text(f"{option.letter}. {mark}{other.spec.text}", m.small, weight="bold", after=m.gap // 4)
            votes = f"{option.votes} vote{'s' * (option.votes != 1)}"
            page.add_text(f"{votes} · total {signed(sum(other.scores))} · {describe_scores(other.scores)}", m.small,
                          indent=m.gap)
        self._footer(page, "A, B, C: the road not taken · Enter: continue")

    def build_debrief(self, page: Page) -> None:
        if self.phase == SUMMARY:
            self.build_summary(page)
            return
        m = self.theme.metrics
        title, question, _ = DEBRIEF_PHASES[self.phase]
        debrief = build_debrief(self.scenario, self.main_state(), *exact_bounds.current(self.scenario))
        page.add_text(f"Group debrief, part {self.phase + 1} of 4: {title}", m.small, weight="bold", role="muted",
                      after=0)
        page.add_text(question, m.heading, weight="bold", role="accent")
        if self.phase == 0 and debrief.ending is not None:
            if fac.main_line(self.session) != self.session.branch.number and self.session.is_over:
                # The road just explored ended elsewhere: say so before going back to the room's own run.
                node = self.scenario.nodes[self.session.state.node].spec
                page.add_text(f"This road (branch {self.session.branch.number}) ended: {node.ending.title}, "
                              f"a {node.ending.kind} ending", weight="bold")
                page.add_text(node.text, m.small)
                page.add_text("The room's own run:", m.small, weight="bold", role="accent")
            page.add_text(f"Ending: {debrief.ending.title}, a {debrief.ending.kind} ending for the participant",
                          weight="bold")
            page.add_text(debrief.ending.text, m.small)
        elif self.phase == 1:
            split = fac.vote_split(self.session, self.scenario, fac.main_line(self.session))
            for entry, votes in zip(debrief.timeline, split):
                page.add_text(f"{entry.number}. {entry.choice}", m.small, weight="bold", after=m.gap // 4)
                if votes:
                    total = sum(votes.values())
                    page.add_text(f"{votes.get(entry.choice, 0)} of {total} votes for this option", m.small,
                                  indent=m.gap)
            self.build_explored(page)
        elif self.phase == 2:
            for result in debrief.principles:
                page.add_text(f"{result.label}: {signed(result.total)} (possible {signed(result.worst)} to "
                              f"{signed(result.best)})", m.small, after=m.gap // 4)
            if debrief.bounds_note:
                page.add_text(debrief.bounds_note, m.small, role="muted")
            page.space()
            for factor, result in zip(LENS_FACTORS, debrief.lens):
                verdict = (f"attended to at {moments(result.attended_at)}" if result.attended else
                           f"missed at {moments(result.missed_at)}" if result.missed_at else "not attended to")
                page.add_text(f"{factor.label}: {verdict}", m.small, weight="bold", after=m.gap // 4)
            for missed in debrief.missed:
                page.add_text(f"At moment {missed.number}, better: {missed.better}", m.small)
        elif self.phase == 3:
            for q in debrief.questions:
                page.add_text(f"• {q}", m.small)
            page.add_text(debrief.disclaimer, m.small, role="muted")
        last = self.phase == len(DEBRIEF_PHASES) - 1
        self._footer(page, "Right: the session at a glance · Left: back · S: export" if last else
                     "Right: next part · Left: back · S: export")

    def build_summary(self, page: Page, part: str = "all") -> None:
        """One slide after the debrief: every moment of the room's own run, its vote split and who
        decided, and the roads explored after jumping back. `part` "first" or "second" builds one
        of two columns (moments split between them)."""
        m = page.theme.metrics
        s = self.session
        roads = fac.roads(s, self.scenario)
        main = roads[0]
        half = (len(main.moments) + 1) // 2
        moments = {"all": main.moments, "first": main.moments[:half], "second": main.moments[half:]}[part]
        if part in ("all", "first"):
            about = " · ".join(x for x in (s.label, f"{s.head_count} people" if s.head_count is not None else "",
                                           f"facilitated by {s.facilitator}" if s.facilitator else "") if x)
            page.add_text("After the debrief: the session at a glance" + (f" · {about}" if about else ""), m.small,
                          weight="bold", role="muted", after=0)
            page.add_text("The room's own run", m.heading, weight="bold", role="accent")
        elif part == "second":
            page.space(m.heading + m.small)
        who = {"majority": "majority", "tie-break": "tie, facilitator chose", "facilitator": "facilitator chose"}
        for moment in moments:
            if moment.taken is None:
                page.add_text(f"{moment.moment}. the room is still on this moment", m.small)
                continue
            split = ", ".join(f"{o.letter} {o.votes}" for o in moment.options if o.votes) or "no votes"
            page.add_text(f"{moment.moment}. {moment.taken.letter}: {fac.shorten(moment.taken.text, 34)} ({split}; "
                          f"{who.get(moment.taken_by, moment.taken_by)})", m.small, after=m.gap // 4)
        if part == "first":
            return
        page.add_text(f"Ending: {main.ending_title} ({main.ending_kind})" if main.ending else
                      "No ending yet", weight="bold")
        if len(roads) > 1:
            page.add_text("Roads explored after jumping back", m.body, weight="bold", role="accent")
            for road in roads[1:]:
                end = f"ended: {road.ending_title} ({road.ending_kind})" if road.ending else "stopped before an ending"
                first = road.moments[0]
                took = f"{first.taken.letter}: {fac.shorten(first.taken.text, 30)}, " if first.taken else ""
                page.add_text(f"Branch {road.branch}, from moment {road.starts_at}: {took}{end}", m.small,
                              after=m.gap // 4)
        self._footer(page, "Left: back · S: export · Esc twice: leave")

    def _layout_summary(self, top: int) -> None:
        """The summary slide on one screen: one column at the largest room size that fits, else the
        moments split over two columns."""
        m = self.theme.metrics
        choice = None
        for columns in (1, 2):
            for scale in ROOM_SCALES:
                theme = make_theme((m.width, m.height), scale, self.theme.palette.name, self.theme.reduced_motion,
                                   ROOM_SMALL_RATIO)
                tm = theme.metrics
                inset = tm.margin // 2
                width = (m.width - 2 * tm.margin - tm.margin * (columns - 1)) // columns
                views = []
                for number, part in enumerate(("all",) if columns == 1 else ("first", "second")):
                    page = Page(theme, self.app.text, width)
                    page.space(tm.gap)
                    if number == 0:
                        self._notices(page)
                    self.build_summary(page, part)
                    x = tm.margin + number * (width + tm.margin)
                    views.append(PageView(shifted(page, inset), pygame.Rect(x - inset, top, width + 2 * inset,
                                                                            m.height - top)))
                choice = views
                if all(v.strip is None for v in views):
                    break
            else:
                continue
            break
        self.side, self.view = (None, choice[0]) if len(choice) == 1 else (choice[0], choice[1])

    def build_explored(self, page: Page) -> None:
        """The other roads the room explored after jumping back, with what each led to."""
        m = page.theme.metrics
        main = fac.main_line(self.session)
        others = [b for b in self.session.branches if b.number != main and b.visits]
        if not others:
            return
        page.space()
        page.add_text("Other roads the room explored", m.body, weight="bold", role="accent")
        main_path = fac.path(self.session, main)
        for branch in others:
            road = [v for v in fac.path(self.session, branch.number) if v.taken is not None]
            # Where this road left the main line: the first moment where the two took different options.
            split = next((v for i, v in enumerate(road)
                          if i >= len(main_path) or main_path[i].taken != v.taken), None)
            if split is None:
                continue
            rule = self.scenario.nodes[split.node].choices[split.taken]
            ending = self.scenario.nodes[branch.ending].spec.ending if branch.ending else None
            after = len(road) - split.moment + 1
            where = f"ended: {ending.title} ({ending.kind})" if ending else \
                f"stopped after {after} moment{'s' * (after != 1)}"
            page.add_text(f"At moment {split.moment}: {split.letter_of(split.taken)}. {rule.spec.text}", m.small,
                          weight="bold", after=m.gap // 4)
            page.add_text(f"{split.votes_for(split.taken)} of {sum(split.votes)} votes · {where}", m.small,
                          indent=m.gap)

    def build_presenter(self, page: Page) -> None:
        m = page.theme.metrics
        if self.window is None:
            page.add_text("Presenter view: only you should see this (P to go back)", m.small, weight="bold",
                          role="poor")
        minutes, seconds = divmod(int(self.timer()), 60)
        state = "running" if self.timer_started is not None else "paused"
        box = ""
        if self.time_box:
            left = self.time_box - int(self.timer())
            box = f" · time box {self.time_box // 60}:{self.time_box % 60:02d}, " + (
                f"{left // 60}:{left % 60:02d} left" if left >= 0 else f"over by {-left // 60}:{-left % 60:02d}")
        hidden = " · hidden from the room (Shift+Space)" if self.timer_hidden else ""
        page.add_text(f"Discussion timer {minutes}:{seconds:02d} ({state}){box}{hidden}", weight="bold")
        if self.time_box and self.timer() > self.time_box:
            over = int(self.timer()) - self.time_box
            page.add_text(f"OVER TIME by {over // 60}:{over % 60:02d}: only you see this", m.heading, weight="bold",
                          role="poor")
        if self.phones.running and self.stage == "vote" and self.session.visit is not None:
            visit = self.session.visit
            phoned, keyed = sum(visit.phone_votes), sum(visit.votes)
            page.add_text(f"Votes arriving: {phoned} from phones, {keyed} by hand · phones at {self.phones.address}"
                          f" · the room sees only how many until T", m.small, weight="bold", role="accent")
        if self.stage == "debrief":
            title, question, prompt = (DEBRIEF_PHASES[self.phase] if self.phase < SUMMARY else SUMMARY_SLIDE)
            page.add_text(f"{title}: {question}", weight="bold", role="accent")
            page.add_text(prompt, m.small)
            notes = self.scenario.document.debrief.facilitator_notes
            if notes:
                page.add_text("Facilitator notes", m.small, weight="bold")
                page.add_text(notes, m.small)
        else:
            node = current_node(self.scenario, self.session.state) if self.stage == "vote" else \
                self.scenario.nodes[self.session.state.path[-1].node]  # the reveal is of the moment just left
            if node.spec.facilitator_note:
                page.add_text("Note for this moment", m.small, weight="bold")
                page.add_text(node.spec.facilitator_note, m.small)
            page.add_text("The options, their scores and feedback", m.small, weight="bold", role="accent")
            options = fac.options(self.session, self.scenario) if self.stage == "vote" else self.reveal_votes
            rules = node.choices
            for option in options:
                rule = rules[option.index]
                phones = f", {option.phones} by phone" if self.phones.running or option.phones else ""
                page.add_text(f"{option.letter} ({option.votes} vote{'s' * (option.votes != 1)}{phones}) total "
                              f"{signed(sum(rule.scores))}: "
                              f"{rule.spec.text}", m.small, weight="bold", after=m.gap // 4)
                page.add_text(describe_scores(rule.scores), m.small, indent=m.gap, after=m.gap // 4)
                page.add_text(rule.spec.feedback, m.small, role="muted", indent=m.gap)
        taken = fac.moments_taken(self.session, self.scenario)
        if taken:
            page.add_text("Path so far", m.small, weight="bold", role="accent")
            for t in taken:
                page.add_text(f"{t.number}. {t.letter}: {t.short} ({t.taken_by})", m.small)
        self.build_explored(page)

    def build_jump(self, page: Page) -> None:
        m = self.theme.metrics
        page.add_text("Jump back to an earlier moment", m.heading, weight="bold", role="accent")
        page.add_text("The path taken so far stays in the record as an explored branch.", m.small, role="muted")
        for t in fac.moments_taken(self.session, self.scenario):
            who = {"majority": "the room took", "tie-break": "the facilitator broke a tie for"}.get(
                t.taken_by, "the facilitator chose")
            page.add_button(f"Moment {t.number}: {who} {t.letter}, {t.short}", ("jump", t.number),
                            str(t.number) if t.number <= 9 else "")
        page.add_button("Cancel", "close", "Esc")

    def build_help(self, page: Page) -> None:
        m = self.theme.metrics
        page.add_text("Keys", m.heading, weight="bold", role="accent")
        for key, meaning in KEYS:
            page.add_text(f"{key}: {meaning}", m.small, after=m.gap // 3)

    def build_phones(self, page: Page) -> None:
        """The QR code (drawn beside this column) and the address, big enough to read from the back."""
        m = self.theme.metrics
        page.add_text("Vote from your phone", m.heading, weight="bold", role="accent")
        page.add_text("Scan the code with the camera, or type:", m.small)
        page.add_text(self.phones.address, m.heading, weight="bold")
        page.add_text(f"Room code {self.phones.code} · no app, no account, no name", m.small)
        page.add_text(ISOLATION_HELP, m.small, role="muted")
        self._footer(page, "V or Esc: back to the moment")

    def _notices(self, page: Page) -> None:
        """What the facilitator just did, at the top where it is seen: a typed count, a problem, an export."""
        m = page.theme.metrics
        if self.count:
            page.add_text(f"Count typed: {self.count}. Press an option's letter to set it.", m.small, weight="bold")
        if self.message:
            page.add_text(self.message, m.small, weight="bold", role="poor" if self.message_is_problem else "text")
        elif self.stage == "vote" and self.session.visit is not None and not self.session.visit.tally_shown:
            # The room sees how many have voted, never the split, until the facilitator shows the tally.
            total = self.session.visit.total_votes
            if total or self.phones.running:
                page.add_text(f"{total} {'person has' if total == 1 else 'people have'} voted", weight="bold",
                              after=m.gap // 4)
        if self.stage == "vote" and self.phones.running:
            page.add_text(f"Vote by phone: {self.phones.address}", m.small, role="muted")

    def _footer(self, page: Page, keys: str = "letters: vote · Enter: take · T: tally · ?: keys") -> None:
        m = page.theme.metrics
        page.space()
        page.add_text(keys, m.small, role="muted")

    def draw(self, surface) -> None:
        steps = self.session.state.steps_taken
        if self.stage == "reveal":
            moment = f"Moment {steps}: the reveal"
        else:
            moment = "Group debrief" if self.ended else f"Moment {steps + 1}"
        right = "? keys · P presenter"
        if (self.timer_started is not None or self.timer_spent) and not self.timer_hidden:
            right = f"{self._clock()} · {right}"
        draw_header(surface, self, f"{self.scenario.title} · {moment}", right)
        if self.side is not None:
            self.side.draw(surface, self.app.text)
        self.view.draw(surface, self.app.text)
        if self.qr_rect is not None:
            draw_qr(surface, self.qr_rect, self.phones.url)
        if self.window is not None:
            self._draw_window()

    def on_bounds(self) -> None:
        if self.stage == "debrief" or self.presenter:
            self.layout()

    def _draw_window(self) -> None:
        """The presenter view, laid out for its own window at the player's usual text size."""
        surface = self.window.get_surface()
        s = self.app.settings
        theme = make_theme(surface.get_size(), s.text_scale, s.theme, True)
        m = theme.metrics
        page = Page(theme, self.app.text, surface.get_width() - 2 * m.margin)
        page.space(m.gap)
        self.build_presenter(page)
        view = PageView(page, pygame.Rect(m.margin, 0, surface.get_width() - m.margin, surface.get_height()))
        view.scroll = self.window_scroll = min(self.window_scroll, view.max_scroll)
        self.window_page = view.viewport.height
        surface.fill(theme.palette.background)
        view.draw(surface, self.app.text)
        self.window.flip()

    def open_window(self) -> None:
        """The presenter view in a window of its own: where the facilitator last put it, else on
        another display than the projected one when there is one."""
        from game.store.presenter_place import load_place

        place = load_place()
        size, position = (1100, 800), None
        if place is not None:
            position, size = place[:2], place[2:]
        else:
            position = _presenter_position(size)
        options = {"position": position} if position is not None else {}
        self.window = pygame.Window("Outreach: presenter view", size, resizable=True, **options)

    def close_window(self) -> None:
        if self.window is not None:
            self.window.destroy()
            self.window = None

    def _scroll_window(self, key: int) -> None:
        """Page Down and the rest, pressed in the presenter window, scroll the presenter view."""
        page = max(getattr(self, "window_page", 600) - self.theme.metrics.body * 2, 40)
        step = {pygame.K_PAGEDOWN: page, pygame.K_PAGEUP: -page, pygame.K_DOWN: page // 4, pygame.K_UP: -page // 4,
                pygame.K_HOME: -10**9, pygame.K_END: 10**9}[key]
        self.window_scroll = max(0, self.window_scroll + step)  # clamped when drawn

    def _remember_window(self) -> None:
        from game.store.presenter_place import save_place

        if self.window is not None:
            x, y = self.window.position
            problem = save_place(x, y, *self.window.size)
            if problem:
                self.message = problem

    # -- events --------------------------------------------------------------------------------

    def handle(self, event) -> bool:
        if self.window is not None and getattr(event, "window", None) is self.window \
                and event.type not in (pygame.KEYDOWN, pygame.KEYUP, pygame.TEXTINPUT):
            # Keys work in either window; the pointer and window events here are the presenter's.
            if event.type == pygame.WINDOWCLOSE:
                self.close_window()  # P opens it again
                self.message, self.message_is_problem = "Presenter window closed: P opens it again.", False
                self.layout()
            elif event.type in (pygame.WINDOWMOVED, pygame.WINDOWSIZECHANGED):
                self._remember_window()
            elif event.type == pygame.MOUSEWHEEL:
                self.window_scroll = max(0, self.window_scroll - event.y * self.theme.metrics.body * 2)
            return True
        if event.type == TICK:
            if self.presenter:
                self.layout()
            return True  # the clock in the header moved
        if event.type == PHONES_TICK:
            before = self.session
            self._update(self.phones.collect(self.session, self.scenario))
            if self.session is before:
                return False
            self.layout()
            return True  # votes arrived
        if event.type == pygame.MOUSEWHEEL and self.side is not None and self.app.pointer is not None \
                and self.side.viewport.collidepoint(self.app.pointer):
            return self.side.handle(event, self.app.pointer) is not None
        if event.type == pygame.MOUSEBUTTONDOWN or event.type == pygame.MOUSEWHEEL:
            result = self.view.handle(event, self.app.pointer)
            if isinstance(result, tuple) and result[0] == "vote" and not self.options.click_votes:
                # A click only points at an option: a stray click must not add a vote the room did not give.
                letter = next((o.letter for o in fac.options(self.session, self.scenario) if o.index == result[1]), "")
                self.message, self.message_is_problem = f"Option {letter}: press {letter} to add a vote.", False
                self.layout()
            elif isinstance(result, tuple) or result in ("close",):
                self.act(result)
            return result is not None
        if event.type != pygame.KEYDOWN:
            return False
        if event.key in MODIFIER_KEYS:
            return False  # holding Ctrl or Shift for the next key changes nothing yet
        if self.window is not None and getattr(event, "window", None) is self.window and event.key in SCROLL_KEYS:
            self._scroll_window(event.key)  # keys act on the window that has focus
            return True
        confirming, self.confirm_swap = self.confirm_swap, False
        self.message, self.message_is_problem = "", True
        if event.key != pygame.K_ESCAPE:
            self.leaving = False
        key = event.key
        pending, self.pending_take = self.pending_take, None
        if self.panel is not None:
            result = self.view.handle(event, self.app.pointer)
            if key == pygame.K_ESCAPE or (self.panel == "help" and key in (pygame.K_QUESTION, pygame.K_SLASH)) \
                    or (self.panel == "phones" and key == pygame.K_v) or (self.panel == "known" and key == pygame.K_k):
                self.act("close")
            elif self.panel == "jump" and pygame.K_1 <= key <= pygame.K_9:
                self.act(("jump", key - pygame.K_0))
            elif result not in (None, True):
                self.act(result)
            return True
        if key in (pygame.K_QUESTION, pygame.K_SLASH):
            self.panel = "help"
        elif key == pygame.K_ESCAPE:
            if self.presenter:
                self.presenter = False
            elif self.leaving:
                self.close()
                self.app.pop()
                return True
            else:
                self.leaving = True
                self.message = "Press Esc again to leave facilitator mode. The session is saved and can be resumed."
                self.message_is_problem = False
                self.layout()
                return True
        elif key == pygame.K_v:
            self.start_phones()
        elif key == pygame.K_k:
            self.panel = "known"
        elif key == pygame.K_p and self.app.presenter_window:
            # The presenter view lives in its own window: P closes or reopens it, never swaps the projector.
            if self.window is None:
                self.open_window()
            else:
                self.close_window()
        elif key == pygame.K_p:
            if self.presenter or confirming:
                self.presenter = not self.presenter
            else:
                self.confirm_swap = True
                self.message = ("Scores and feedback will show on this window, and on the projector if it shows "
                                "this screen. Press P again to show the presenter view here; any other key cancels.")
                self.message_is_problem = True
        elif key == pygame.K_SPACE and event.mod & pygame.KMOD_SHIFT:
            self.timer_hidden = not self.timer_hidden
        elif key == pygame.K_SPACE:
            self._toggle_timer()
        elif key == pygame.K_x:
            self.timer_spent, self.timer_started = 0.0, (time.monotonic() if self.timer_started else None)
        elif key == pygame.K_j and self.session.state.path:
            self.panel = "jump"
        elif key == pygame.K_s:  # not E: options run A to I, and E is one of them
            self._export()
        elif self.stage == "reveal" and key in (pygame.K_RETURN, pygame.K_KP_ENTER):
            # The clock for the next moment starts when the room sees it.
            self._update(fac.close_reveal(self.session, time.time()))
            self.reveal_other = None
            self._reset_timer()
        elif self.stage == "reveal" and pygame.key.name(key) in {o.letter.lower() for o in self.reveal_votes}:
            index = next(o.index for o in self.reveal_votes if o.letter.lower() == pygame.key.name(key))
            self.reveal_other = None if index in (self.reveal_other, self.revealed) else index
            self.view.scroll = 0  # the road not taken is under the choice taken, at the top
        elif self.stage == "debrief" and key in (pygame.K_RIGHT, pygame.K_LEFT, pygame.K_RETURN):
            step = -1 if key == pygame.K_LEFT else 1
            self.phase = min(max(self.phase + step, 0), SUMMARY)
        elif self.stage == "vote":
            self._vote_key(event, pending)
        elif key in (pygame.K_PAGEDOWN, pygame.K_PAGEUP, pygame.K_HOME, pygame.K_END, pygame.K_DOWN, pygame.K_UP):
            self.view.handle(event)
            return True
        self.layout()
        return True

    def _vote_key(self, event, pending: int | None = None) -> None:
        key, mod = event.key, event.mod
        options = fac.options(self.session, self.scenario)
        by_letter = {o.letter.lower(): o for o in options}
        name = pygame.key.name(key)
        if name.isdigit() or name in {f"[{d}]" for d in "0123456789"}:
            self.count = (self.count + name.strip("[]"))[-4:]
        elif key == pygame.K_BACKSPACE:
            self.count = self.count[:-1]
        elif key == pygame.K_t:
            shown = self.session.visit is not None and self.session.visit.tally_shown
            self._update(fac.show_tally(self.session, not shown))
        elif key in (pygame.K_RETURN, pygame.K_KP_ENTER):
            leading = fac.leading(self.session)
            if len(leading) == 1:
                self._take(leading[0], overridden=False)
            elif not leading:
                self.message = "No votes yet: add votes with the letters, or press Ctrl and a letter to choose."
            else:
                tied = ", ".join(o.letter for o in options if o.index in leading)
                self.message = f"A tie between {tied}: press Ctrl and one of those letters to choose."
        elif name in by_letter:
            option = by_letter[name]
            if mod & pygame.KMOD_CTRL:
                if pending == option.index:
                    self._take(option.index, overridden=True)
                else:  # a Ctrl+C habit must not move the room on: ask for the same again
                    self.pending_take = option.index
                    self.message = (f"Press Ctrl+{option.letter} again to take option {option.letter} yourself "
                                    "(any other key cancels).")
                    self.message_is_problem = False
            elif self.count:
                self._update(fac.set_votes(self.session, option.index, int(self.count)))
                self.count = ""
            else:
                self._update(fac.add_vote(self.session, option.index, -1 if mod & pygame.KMOD_SHIFT else 1))
        elif key in (pygame.K_PAGEDOWN, pygame.K_PAGEUP) and mod & pygame.KMOD_SHIFT and self.side is not None:
            self.side.handle(event)  # Shift + Page Up/Down: the situation column
        elif key in (pygame.K_PAGEDOWN, pygame.K_PAGEUP, pygame.K_HOME, pygame.K_END, pygame.K_DOWN, pygame.K_UP):
            self.view.handle(event)

    def _take(self, index: int, overridden: bool) -> None:
        self.reveal_other = None
        try:
            self._update(fac.take(self.session, self.scenario, index, time.time(), overridden=overridden))
        except fac.SessionError as error:
            self.message = str(error)
            return
        self.count = ""

    def act(self, action) -> None:
        if action == "close":
            self.panel = None
        elif isinstance(action, tuple) and action[0] == "jump":
            moments_taken = len(self.session.state.path)
            if 1 <= action[1] <= moments_taken:
                self._update(fac.jump_back(self.session, self.scenario, action[1], time.time()))
                self.panel, self.phase = None, 0
                self._reset_timer()
        elif isinstance(action, tuple) and action[0] == "vote" and self.stage == "vote":
            self._update(fac.add_vote(self.session, action[1], 1))
        self.layout()

    def _clock(self) -> str:
        """The discussion time as the room sees it: time spent, never "over time" (the presenter view
        says that to the facilitator alone)."""
        spent = int(self.timer())
        return f"Discussion {spent // 60}:{spent % 60:02d}"

    def _toggle_timer(self) -> None:
        if self.timer_started is None:
            self.timer_started = time.monotonic()
            pygame.time.set_timer(TICK, 1000)
        else:
            self.timer_spent += time.monotonic() - self.timer_started
            self.timer_started = None
            pygame.time.set_timer(TICK, 0)

    def _reset_timer(self) -> None:
        self.timer_spent = 0.0
        if self.timer_started is not None:
            self.timer_started = time.monotonic()

    def _export(self) -> None:
        try:
            paths = export_session(self.session, self.scenario)
        except OSError as error:
            self.message = f"The session could not be exported: {error.strerror or error}"
            return
        self.message = f"Exported to {paths['json'].parent}: {', '.join(p.name for p in paths.values())}"
        self.message_is_problem = False


def _presenter_position(size: tuple[int, int]):
    """Where the presenter window opens the first time: centred on a display other than the main
    window's; on one desktop as wide as two screens side by side (3840x1080), centred on the half
    the main window is not on; None (the system's choice) otherwise. SDL does not say where
    displays are; desktops lay them out left to right in their order, so the main window's display
    is found from its x position."""
    try:
        sizes = pygame.display.get_desktop_sizes()
        x = pygame.display.get_window_position()[0] + pygame.display.get_window_size()[0] // 2
    except (pygame.error, AttributeError, TypeError):
        return None
    if len(sizes) >= 2:
        edge, main = 0, 0
        for index, (width, _) in enumerate(sizes):
            if x < edge + width:
                main = index
                break
            edge += width
        other = 1 if main == 0 else 0
        return pygame.WINDOWPOS_CENTERED | other, pygame.WINDOWPOS_CENTERED | other
    if len(sizes) == 1 and sizes[0][0] >= 3 * sizes[0][1]:  # two screens joined into one desktop
        half = sizes[0][0] // 2
        left = 0 if x >= half else half
        return left + max((half - size[0]) // 2, 0), max((sizes[0][1] - size[1]) // 2, 0)
    return None


def _bar(votes: int, total: int, words: str):
    def draw(surface, rect, theme, text) -> None:
        palette, m = theme.palette, theme.metrics
        label = text.render(words, m.small, palette.text, "bold")
        height = max(8, m.small // 2)
        # One track length for every option, so bars compare by length whatever their labels say.
        room = text.font(m.small, "bold").size("W: 9999 votes (most)")[0]
        track = pygame.Rect(rect.x, rect.y + (rect.height - height) // 2, max(rect.width - room - m.gap, 10), height)
        pygame.draw.rect(surface, palette.track, track)
        pygame.draw.rect(surface, palette.accent, (track.x, track.y, int(track.width * votes / total), track.height))
        pygame.draw.rect(surface, palette.text, track, 1)
        surface.blit(label, (track.right + m.gap, rect.y + (rect.height - label.get_height()) // 2))
    return draw
