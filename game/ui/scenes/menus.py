"""The screens around play: title, scenario picker, briefing, pause menu and settings."""

from __future__ import annotations

from dataclasses import replace

import pygame

from game.store import TEXT_SCALES, folders_problem, load_progress, load_records

from ..page import Page
from .common import PageScene

DIFFICULTY = {1: "introductory", 2: "intermediate", 3: "advanced"}


class TitleScene(PageScene):
    name = "title"
    header_right = "F11: full screen · V: read aloud"
    shortcuts = {pygame.K_s: "settings", pygame.K_q: "quit", pygame.K_r: "resume", pygame.K_h: "primer"}

    def __init__(self, app):
        super().__init__(app)
        self.resume = None  # (scenario, state, feedback) of an autosave that can be resumed
        self.problem = app.notice
        self.progress, problem = load_progress()
        if problem:
            self.problem = f"Your saved game could not be read, so it cannot be resumed. ({problem})"
        folder_problem = folders_problem()
        if folder_problem:
            self.problem = f"Your progress, results and settings cannot be kept this time: {folder_problem}."
        if app.entries is not None:
            self._check_progress()

    def _check_progress(self) -> None:
        """Offer to resume the autosave if it still fits its scenario. Runs once the scenario
        machinery is loaded, after the first frame."""
        from game.engine import SaveError, from_json
        from game.model import ScenarioError, load_scenario

        progress, self.progress = self.progress, None
        if progress is None:
            return
        try:
            scenario = load_scenario(progress.scenario_path)
            state = from_json(scenario, progress.state)
        except ScenarioError:
            self.problem = "Your saved game belongs to a scenario that can no longer be loaded."
        except SaveError as error:
            self.problem = f"Your saved game cannot be resumed: {error}."
        else:
            from game.engine import is_over

            draft = progress.debrief if is_over(scenario, state) else None
            self.resume = (scenario, state, progress.feedback, draft)

    def build(self, page: Page) -> None:
        m = self.theme.metrics
        page.space(m.margin)
        page.add_text("Outreach", m.title, weight="bold", role="accent")
        page.add_text("Practise outreach the harm reduction way: meet people where they are, choose how "
                      "to respond, and learn from every choice in the debrief.", m.body, role="text")
        page.space(m.margin // 2)
        page.add_button("Choose a scenario", "play", "Enter")
        if self.resume is not None:
            scenario, state, _, draft = self.resume
            where = "its debrief" if draft is not None else f"moment {state.steps_taken + 1}"
            page.add_button(f"Resume {scenario.title}, {where}", "resume", "R")
        page.add_button("How this works: the principles and the lens", "primer", "H")
        page.add_button("Settings", "settings", "S")
        page.add_button("Quit", "quit", "Q")
        if self.problem:
            page.space()
            page.add_text(self.problem, m.small, role="poor")
        if self.app.entries is None:
            page.add_text("Loading scenarios…", m.small, role="muted")

    def back(self) -> None:
        self.app.running = False

    def initial_focus(self, page: Page) -> int | None:
        return 1 if self.resume is not None else 0  # resuming is what someone coming back wants

    def on_catalog(self) -> None:
        # A resume button may appear now; the focus stays on what it was on, so Enter never does
        # something the player did not ask for.
        focused = self.view.focused() if self.view is not None else None
        self._check_progress()
        self.layout()
        if focused is not None and self.view is not None:
            actions = [b.action for b in self.view.page.buttons]
            if focused.action in actions:
                self.view.focus = actions.index(focused.action)

    def act(self, action) -> None:
        from .play import PlayScene  # imported on demand: the title is drawn before the engine loads

        if action == "play":
            self.app.push(PickerScene(self.app))
        elif action == "resume" and self.resume is not None:
            scenario, state, feedback, draft = self.resume
            self.resume = None
            if draft is not None:  # back into the debrief, with what the player had written there
                from .debrief import DebriefScene

                self.app.push(DebriefScene(self.app, scenario, state, feedback, draft))
            else:
                self.app.push(PlayScene(self.app, scenario, feedback, state))
        elif action == "settings":
            self.app.push(SettingsScene(self.app))
        elif action == "primer":
            from .learn import PrimerScene

            self.app.push(PrimerScene(self.app))
        elif action == "quit":
            self.app.running = False


class PickerScene(PageScene):
    name = "picker"
    header_left = "Choose a scenario"
    header_right = "Enter: open · Esc: back"

    def build(self, page: Page) -> None:
        m = self.theme.metrics
        entries = self.app.entries
        if entries is None:
            page.add_text("Loading scenarios…", role="muted")
            return
        records = load_records()
        playable = [e for e in entries if e.result.scenario is not None]
        if not playable:
            page.add_text("No scenarios were found.", role="text")
        from game.model.profile import in_course_order  # scenario machinery stays out of the first frame

        by_scenario = {id(e.result.scenario): e for e in playable}
        number = 0
        for topic, members in in_course_order([e.result.scenario for e in playable]):
            page.add_text(topic, m.small, weight="bold", role="accent", after=m.gap // 3)
            for scenario in members:
                number += 1
                entry = by_scenario[id(scenario)]
                record = None if self.app.facilitating else records.get(scenario.id)
                page.add_button(_card(scenario, record, self.app.facilitating), ("open", entry),
                                str(number) if number <= 9 else "")
            page.space(m.gap // 2)
        page.add_button("Back", "back", "Esc")
        broken = [e for e in entries if e.result.scenario is None]
        if broken:
            page.space()
            page.add_text("These files have problems and cannot be played yet; run 'outreach validate' on them:",
                          m.small, role="muted")
            for entry in broken:
                page.add_text(f"{entry.path.name}: {len(entry.result.errors)} problem(s)", m.small, role="muted",
                              indent=m.gap)

    def on_catalog(self) -> None:
        self.layout()

    def act(self, action) -> None:
        if action == "back":
            self.back()
        elif isinstance(action, tuple) and action[0] == "open":
            briefing = BriefingScene(self.app, action[1].result.scenario)
            if not self.app.facilitating and not self.app.settings.primer_seen:
                from .learn import PrimerScene

                # Nobody is scored on principles they were not told about: the primer comes first,
                # once; Esc skips it straight to the scenario.
                self.app.push(PrimerScene(self.app, then=briefing))
            else:
                self.app.push(briefing)


def _card(scenario, record, facilitating: bool = False) -> str:
    doc = scenario.document
    warnings = ", ".join(doc.content_warnings or ()) or "none"
    lines = [
        doc.title,
        f"About {doc.minutes} minutes · {DIFFICULTY.get(doc.difficulty, '')}",
        doc.premise,
        f"Content warnings: {warnings}",
    ]
    from game.model.profile import profile

    covers = profile(scenario)
    if covers.principles_centred:
        lens = ", ".join(covers.lens_attended) or "none"
        lines.append(f"Centres on: {', '.join(covers.centred_labels())} · Lens: {lens}")
    if record is not None and getattr(record, "times_completed", 0):
        best = f"best: {record.best_ending_kind} ending, {round(record.best_share_of_best * 100)}% of the best possible"
        lines.append(f"Completed {record.times_completed} time{'s' * (record.times_completed != 1)} · {best}")
    elif not facilitating:  # a room need not see one trainee's results
        lines.append("Not played yet")
    return "\n".join(lines)


class BriefingScene(PageScene):
    """Content warnings (always, before a scenario starts) and the feedback mode."""

    name = "briefing"
    header_right = "Enter: start · Esc: back"
    shortcuts = {pygame.K_c: ("feedback", "coach"), pygame.K_a: ("feedback", "assessment"), pygame.K_r: "resume",
                 pygame.K_n: "start", pygame.K_l: "details"}

    def __init__(self, app, scenario, feedback: str | None = None):
        super().__init__(app)
        self.scenario = scenario
        self.feedback = feedback or app.settings.feedback
        self.unfinished = None  # facilitator mode: a session that can be resumed
        self.finished = None  # facilitator mode: the last session, finished: its debrief can be reopened
        self.saved_at: float | None = None  # when the session to resume was last saved
        self.details: dict[str, str] = {}  # facilitator mode: label, head count, facilitator's name
        self.header_left = scenario.title

    def build(self, page: Page) -> None:
        m = self.theme.metrics
        doc = self.scenario.document
        page.add_text(doc.title, m.heading, weight="bold", role="accent")
        page.add_text(doc.premise)
        page.space()
        page.add_text("Before you start: content warnings", m.body, weight="bold")
        warnings = ", ".join(doc.content_warnings or ()) or "This scenario lists no content warnings."
        page.add_text(warnings)
        if not self.app.facilitating:
            page.add_text("You can pause with Esc at any time, and leave the scenario from the pause menu.",
                          m.small, role="muted")
        if self.app.facilitating:
            self.build_session_choice(page)
            return
        page.space()
        page.add_text("Feedback", m.body, weight="bold")
        page.add_button("Coach: feedback after each choice, and you can step back", ("feedback", "coach"), "C",
                        selected=self.feedback == "coach")
        page.add_button("Assessment: no feedback until the debrief at the end", ("feedback", "assessment"), "A",
                        selected=self.feedback == "assessment")
        page.space()
        page.add_row([("Start", "start", "Enter"), ("Back", "back", "Esc")])

    def build_session_choice(self, page: Page) -> None:
        from game.store.sessions import load_latest_session_saved

        m = self.theme.metrics
        page.space()
        page.add_text("Facilitator mode: the room votes on each moment; you reveal, and can jump back to show "
                      "the road not taken. Once the session starts, ? lists every key.", m.small)
        session, self.saved_at, problem = load_latest_session_saved(self.scenario)
        self.unfinished = session if session is not None and not session.is_over else None
        self.finished = session if session is not None and session.is_over else None
        if problem:
            page.add_text(f"An earlier session could not be read: {problem}", m.small, role="poor")
        enter = "Enter: resume" if self.unfinished is not None else "Enter: start a new session"
        self.header_right = f"{enter} · Esc: back"
        details = ", ".join(v for v in (self.details.get("label"), self.details.get("head_count") and
                                        f"{self.details['head_count']} people", self.details.get("facilitator")) if v)
        page.add_button(f"Session details: {details}" if details else
                        "Session label, head count and your name (optional, for the exports)", "details", "L")
        row = [("Start a new session", "start", "N" if self.unfinished is not None else "Enter")]
        if self.unfinished is not None:
            row.insert(0, (f"Resume the unfinished session (moment {self.unfinished.state.steps_taken + 1})",
                           "resume", "Enter"))
        elif self.finished is not None:
            row.append(("Open the last session's debrief again", "resume", "R"))
        row.append(("Back", "back", "Esc"))
        page.add_row(row)

    def initial_focus(self, page: Page) -> int | None:
        if self.app.facilitating:  # Enter's button: resuming after a crash, else a new session
            return next((i for i, b in enumerate(page.buttons) if b.hint == "Enter"), 0)
        return len(page.buttons) - 2  # Start

    def handle(self, event) -> bool:
        if event.type == pygame.KEYDOWN and event.key in (pygame.K_RETURN, pygame.K_KP_ENTER):
            focused = self.view.focused() if self.view else None
            if focused is None or focused.hint == "Enter":
                self.act("resume" if self.unfinished is not None else "start")
                return True
        return super().handle(event)

    def act(self, action) -> None:
        from .play import PlayScene

        if action == "resume" and self.unfinished is None and self.finished is None:
            return
        if self.app.facilitating and action in ("start", "resume"):
            import time

            from game import facilitation as fac

            from .facilitate import FacilitateScene

            session = (self.unfinished or self.finished) if action == "resume" else None
            if session is not None and self.saved_at is not None:
                session = fac.resume(session, self.saved_at, time.time())  # time away is not discussion
            if session is None:
                count = self.details.get("head_count", "")
                session = fac.new_session(self.scenario, self.app.seed, time.time(),
                                          label=self.details.get("label", ""),
                                          facilitator=self.details.get("facilitator", ""),
                                          head_count=int(count) if count.isdigit() else None)
            self.app.replace(FacilitateScene(self.app, self.scenario, session, self.app.time_box))
        elif action == "start":
            self.app.replace(PlayScene(self.app, self.scenario, self.feedback))
        elif action == "back":
            self.back()
        elif action == "details" and self.app.facilitating:
            from .session_details import SessionDetailsScene

            def keep(details: dict[str, str]) -> None:
                self.details = details
                self.layout()

            self.app.push(SessionDetailsScene(self.app, self.details, keep, swallow="l"))
        elif isinstance(action, tuple) and action[0] == "feedback":
            self.feedback = action[1]
            self.layout()


class PauseScene(PageScene):
    name = "pause"
    overlay = True
    header_left = "Paused"
    header_right = "Esc: resume"
    shortcuts = {pygame.K_s: "settings", pygame.K_r: "restart", pygame.K_q: "quit"}

    def __init__(self, app, play_scene):
        super().__init__(app)
        self.play_scene = play_scene

    def build(self, page: Page) -> None:
        m = self.theme.metrics
        page.space(m.margin)
        page.add_text("Paused", m.heading, weight="bold", role="accent")
        page.add_text("Your progress is saved after every choice.", m.small, role="muted")
        page.add_button("Resume", "resume", "Esc")
        page.add_button("Settings", "settings", "S")
        page.add_button("Restart this scenario", "restart", "R")
        page.add_button("Quit to the scenario list", "quit", "Q")

    def draw(self, surface) -> None:
        shade = pygame.Surface(surface.get_size(), pygame.SRCALPHA)
        shade.fill((*self.theme.palette.background, 255))  # nothing of the moment shows through the menu
        surface.blit(shade, (0, 0))
        super().draw(surface)

    def act(self, action) -> None:
        if action == "resume":
            self.app.pop()
        elif action == "settings":
            self.app.push(SettingsScene(self.app))
        elif action == "restart":
            while self.app.scene is not self.play_scene:  # the menu, and feedback if it was open
                self.app.pop()
            self.play_scene.restart()
        elif action == "quit":  # the autosave stays, so the title screen offers to resume
            self.app.reset(TitleScene(self.app), PickerScene(self.app))


class SettingsScene(PageScene):
    name = "settings"
    header_left = "Settings"
    header_right = "Esc: back"
    shortcuts = {pygame.K_r: "trainee"}

    def build(self, page: Page) -> None:
        m = self.theme.metrics
        s = self.app.settings
        page.add_text("Settings", m.heading, weight="bold", role="accent")
        page.add_text("Changes apply at once and are kept for next time.", m.small, role="muted")
        if self.app.settings_problem:
            page.add_text(self.app.settings_problem, m.small, weight="bold", role="poor")
        page.add_text(f"Text size: {round(s.text_scale * 100)}%", weight="bold")
        page.add_row([("Smaller", ("scale", -1), "-"), ("Larger", ("scale", 1), "+")])
        page.add_text("Theme", weight="bold")
        page.add_button("Default", ("theme", "default"), selected=s.theme == "default")
        page.add_button("High contrast", ("theme", "high-contrast"), selected=s.theme == "high-contrast")
        page.add_text("Display", weight="bold")
        page.add_button(f"Full screen: {'on' if s.fullscreen else 'off'}", "fullscreen", "F11",
                        selected=s.fullscreen)
        page.add_button(f"Reduced motion: {'on' if s.reduced_motion else 'off'}", "motion",
                        selected=s.reduced_motion)
        page.add_text("Speech", weight="bold")
        page.add_button(f"Self-voicing, reads focus and new text aloud: {'on' if s.self_voicing else 'off'}",
                        "voicing", "V", selected=s.self_voicing)
        page.add_text("Feedback for new scenarios", weight="bold")
        page.add_button("Coach: after each choice", ("feedback", "coach"), selected=s.feedback == "coach")
        page.add_button("Assessment: only at the end", ("feedback", "assessment"), selected=s.feedback == "assessment")
        page.add_text("Your records", weight="bold")
        page.add_button("How your records name you (anonymous unless you say)", "trainee", "R")
        page.space()
        page.add_button("Back", "back", "Esc")

    def handle(self, event) -> bool:
        if event.type == pygame.KEYDOWN and event.key in (pygame.K_MINUS, pygame.K_KP_MINUS):
            self.act(("scale", -1))
            return True
        if event.type == pygame.KEYDOWN and event.key in (pygame.K_PLUS, pygame.K_EQUALS, pygame.K_KP_PLUS):
            self.act(("scale", 1))
            return True
        return super().handle(event)

    def act(self, action) -> None:
        s = self.app.settings
        if action == "back":
            self.back()
            return
        if action == "fullscreen":
            self.app.toggle_fullscreen()
            return
        if action == "trainee":
            from .trainee import TraineeScene

            self.app.push(TraineeScene(self.app))
            return
        if action == "motion":
            s = replace(s, reduced_motion=not s.reduced_motion)
        elif action == "voicing":
            s = replace(s, self_voicing=not s.self_voicing)
        elif action[0] == "scale":
            index = min(range(len(TEXT_SCALES)), key=lambda i: abs(TEXT_SCALES[i] - s.text_scale))
            index = min(max(index + action[1], 0), len(TEXT_SCALES) - 1)
            s = replace(s, text_scale=TEXT_SCALES[index])
        elif action[0] == "theme":
            s = replace(s, theme=action[1])
        elif action[0] == "feedback":
            s = replace(s, feedback=action[1])
        self.app.apply_settings(s)
