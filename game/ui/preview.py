"""Live preview for authors (`outreach play FILE --watch`): the open window follows the file.

Saving the file reloads it in place and replays the current route by choice ids (or the longest
part of it that still fits, saying so); a file with errors shows them, as file:line:column, in the
window, which keeps running until the next save fixes them. F2 shows the author view: the moment's
id, the variables and the principle totals as play goes. Built on the game's own App and scenes;
only the reloading and the overlay live here.
"""

from __future__ import annotations

import threading
from pathlib import Path

import pygame

from game.authoring.preview import CarriedOver, Origin, StartError, carry_over
from game.engine import offered_choices
from game.model import PRINCIPLES, check_file

from .app import App
from .page import Page
from .scenes.common import PageScene
from .scenes.play import FeedbackScene, PlayScene

FILE_CHANGED = pygame.USEREVENT + 30
AUTHOR_KEY = pygame.K_F2
RELOAD_KEY = pygame.K_F5
KEY_HELP = "Live preview · F2: author view · F5: reload"


class PreviewPlayScene(PlayScene):
    """Play that starts from the preview's origin (a `--from` moment) and never touches the
    player's autosave: previews are not playthroughs."""

    def __init__(self, app, scenario, feedback: str, state=None, origin: Origin = Origin()):
        self.origin = origin
        super().__init__(app, scenario, feedback, state if state is not None else origin.state(scenario, app.seed))

    def act(self, action) -> None:
        if action == "back":
            self.state = self._replayed(len(self.state.path) - 1)
            self._moved()
            return
        super().act(action)

    def restart(self) -> None:
        self.state = self.origin.state(self.scenario, self.app.seed)
        self.seen_facts = len(self.state.revealed)
        self._moved()

    def _replayed(self, keep: int):
        from game.engine import choose

        state = self.origin.state(self.scenario, self.state.seed)
        for step in self.state.path[:max(keep, 0)]:
            state = choose(self.scenario, state, step.choice)
        return state

    def _moved(self) -> None:
        revealed = self.state.revealed
        self.new_facts = revealed[min(self.seen_facts, len(revealed)):]
        self.seen_facts = len(revealed)
        self.save_problem = ""
        self.view = None
        self.layout()
        self.app.dirty = True


def _briefing(app, scenario, feedback):
    """The scenario's briefing, whose Start opens preview play rather than a playthrough."""
    from .scenes.menus import BriefingScene

    class PreviewBriefingScene(BriefingScene):
        def act(self, action) -> None:
            if action == "start":
                self.app.replace(PreviewPlayScene(self.app, self.scenario, self.feedback, None, app.origin))
                return
            super().act(action)

    return PreviewBriefingScene(app, scenario, feedback)


class PreviewErrorScene(PageScene):
    """The saved file has errors: every one of them, where it is, until the next save."""

    name = "preview-errors"
    header_right = "Esc: back to the last good version"

    def __init__(self, app, path: Path, lines: list[str]):
        super().__init__(app)
        self.path = path
        self.lines = lines
        self.header_left = f"{path.name} has errors"

    def build(self, page: Page) -> None:
        m = self.theme.metrics
        page.add_text(f"{self.path.name} cannot be played as saved", m.heading, weight="bold", role="poor")
        page.add_text("Fix the file and save it: the preview reloads and play resumes where you were.", m.small,
                      role="muted")
        page.space(m.gap // 2)
        for line in self.lines:
            first, _, rest = line.partition("\n")
            page.add_text(first, m.small, weight="bold", after=m.gap // 4)
            for more in rest.splitlines():
                page.add_text(more.strip(), m.small, indent=m.gap, after=m.gap // 4)
            page.space(m.gap // 2)
        page.add_button("Back to the last good version", "back", "Esc")

    def initial_focus(self, page: Page) -> int | None:
        return None

    def act(self, action) -> None:
        self.back()


class PreviewApp(App):
    """The game window, following one scenario file."""

    def __init__(self, path: Path, scenario, *, feedback: str | None = None, origin: Origin = Origin(),
                 watch: bool = True, **options):
        super().__init__(**options)
        self.preview_path = Path(path)
        self.preview_scenario = scenario
        self.preview_feedback = feedback or self.settings.feedback
        self.origin = origin
        self.author_view = False
        self.preview_notice = f"Watching {self.preview_path.name}: save it to see the change here."
        self._stop = threading.Event()
        self._watcher: threading.Thread | None = None
        if watch:
            self._watcher = threading.Thread(target=self._watch, daemon=True)
            self._watcher.start()
        pygame.display.set_caption(f"Outreach · live preview of {self.preview_path.name}")

    # -- the file ------------------------------------------------------------------------------

    def _watch(self) -> None:
        """Wake the window whenever the file is written. Watches the folder, because editors
        often save by writing a new file and renaming it over the old one."""
        import watchfiles

        target = self.preview_path.resolve()
        try:
            for _ in watchfiles.watch(target.parent, stop_event=self._stop, debounce=400, step=50,
                                      watch_filter=lambda _change, name: Path(name).resolve() == target,
                                      raise_interrupt=False):
                if pygame.display.get_init():
                    try:
                        pygame.event.post(pygame.event.Event(FILE_CHANGED))
                    except pygame.error:
                        return
        except (OSError, RuntimeError) as error:  # the folder went away, or no watching is possible here
            self.preview_notice = f"Stopped watching {target.name} ({error}); press F5 to reload by hand."

    def stop_watching(self) -> None:
        self._stop.set()

    def reload(self) -> None:
        """Check the file again and show the result: play carried over, or its errors."""
        result = check_file(self.preview_path)
        while self.stack and isinstance(self.scene, PreviewErrorScene):
            self.stack.pop()
        if result.scenario is None:
            lines = [d.format() for d in result.errors] or ["the file cannot be read"]
            count = len(result.errors)
            self.preview_notice = f"{self.preview_path.name} has {count} error{'s' * (count != 1)}: see the list."
            self.push(PreviewErrorScene(self, self.preview_path, lines))
            return
        old, new = self.preview_scenario, result.scenario
        self.preview_scenario = new
        try:
            self.preview_notice = self._carry(old, new)
        except StartError as error:
            self.push(PreviewErrorScene(self, self.preview_path, [str(error)]))
            self.preview_notice = str(error)
        warnings = len(result.warnings)
        if warnings:
            self.preview_notice += f" ({warnings} warning{'s' * (warnings != 1)}: run outreach validate)"
        self.dirty = True

    def _carry(self, old, new) -> str:
        """Put the edited scenario in place of the old one in the scene stack."""
        first = next((i for i, scene in enumerate(self.stack) if getattr(scene, "scenario", None) is not None), None)
        if first is None:  # no scenario open (it had errors from the start, or the author left it)
            self.push(_briefing(self, new, self.preview_feedback))
            return "Loaded."
        state, feedback = None, self.preview_feedback
        for scene in self.stack[first:]:
            holder = scene.play if isinstance(scene, FeedbackScene) else scene
            if getattr(holder, "state", None) is not None and getattr(holder, "scenario", None) is old:
                state, feedback = holder.state, getattr(holder, "feedback", feedback)
        if state is None:
            self.stack[first:] = []
            self.push(_briefing(self, new, feedback))
            return "Reloaded."
        carried: CarriedOver = carry_over(old, state, new, self.origin)
        self.stack[first:] = []
        self.push(PreviewPlayScene(self, new, feedback, carried.state, self.origin))
        return carried.describe()

    # -- events and drawing --------------------------------------------------------------------

    def handle(self, event: pygame.event.Event) -> None:
        if event.type == FILE_CHANGED:
            self.reload()
            return
        if event.type == pygame.KEYDOWN and event.key == AUTHOR_KEY:
            self.author_view = not self.author_view
            self.dirty = True
            return
        if event.type == pygame.KEYDOWN and event.key == RELOAD_KEY:
            self.reload()
            return
        super().handle(event)
        if event.type == pygame.QUIT or not self.running:
            self.stop_watching()

    def draw(self) -> None:
        super().draw()
        self._draw_strip()
        if self.author_view and not isinstance(self.scene, PreviewErrorScene):  # never over the errors
            self._draw_author_view()

    def _draw_strip(self) -> None:
        """One line at the foot of the window: what the preview did last, and its keys."""
        theme, text = self.theme, self.text
        m, palette = theme.metrics, theme.palette
        size = m.small
        height = text.line_height(size) + m.gap // 2
        bar = pygame.Rect(0, m.height - height, m.width, height)
        pygame.draw.rect(surface := self.surface, palette.panel, bar)
        pygame.draw.line(surface, palette.muted, bar.topleft, bar.topright)
        # The keys first (shorter forms in a narrow window), then as much of the notice as fits.
        help_text = next((h for h in (KEY_HELP, "F2: author view · F5: reload", "F2 · F5")
                          if text.size(h, size)[0] <= (m.width - 2 * m.margin) * 0.55), "F2 · F5")
        keys = text.size(help_text, size)[0]
        room = m.width - 3 * m.margin - keys
        y = bar.y + (height - text.line_height(size)) // 2
        if room > text.size("Reloaded…", size)[0]:
            lines = text.wrap(self.preview_notice, size, room - text.size("…", size)[0])
            notice = lines[0] + ("…" if len(lines) > 1 else "")
            surface.blit(text.render(notice, size, palette.text), (m.margin, y))
        surface.blit(text.render(help_text, size, palette.muted), (m.width - m.margin - keys, y))

    def _state(self):
        for scene in reversed(self.stack):
            holder = scene.play if isinstance(scene, FeedbackScene) else scene
            if isinstance(holder, PlayScene):
                return holder.scenario, holder.state
        return None, None

    def author_lines(self) -> list[str]:
        """What the author view shows, as lines of text (also read by tests)."""
        scenario, state = self._state()
        if state is None:
            return ["Author view: starts when play starts."]
        lines = [f"Moment: {state.node}", f"Step {state.steps_taken + 1}"]
        if state.variables:
            lines.append("Variables: " + ", ".join(f"{name} = {_word(value)}" for name, value in state.variables.items()))
        else:
            lines.append("Variables: none")
        # By the keys authors write in scores and playtests; only those that moved, to stay short.
        moved = [f"{p.key} {total:+d}" for p, total in zip(PRINCIPLES, state.totals) if total]
        lines.append("Totals: " + (", ".join(moved) + (", others 0" if len(moved) < len(PRINCIPLES) else "")
                                   if moved else "all 0"))
        if not scenario.nodes[state.node].is_ending:
            offered = offered_choices(scenario, state)
            lines.append("Offered: " + ", ".join(f"{o.number}: {o.rule.id}" for o in offered))
            hidden = [rule.id for rule in scenario.nodes[state.node].choices
                      if rule.index not in {o.index for o in offered}]
            if hidden:
                lines.append("Not offered now: " + ", ".join(hidden))
        return lines

    def _draw_author_view(self) -> None:
        theme, text = self.theme, self.text
        m, palette = theme.metrics, theme.palette
        size = m.small
        width = min(max(m.width // 3, size * 16), m.width - 2 * m.margin)
        inner = width - 2 * m.gap
        rows: list[tuple[str, str]] = [("Author view (F2 hides)", "bold")]
        for line in self.author_lines():
            rows.extend((part, "regular") for part in text.wrap(line, size, inner))
        line_height = text.line_height(size)
        from .scenes.common import header_height

        top = header_height(theme) + m.gap // 2
        bottom = m.height - line_height - m.gap  # above the preview's own line at the foot
        fits = max((bottom - top - 2 * m.gap) // line_height, 2)
        if len(rows) > fits:  # a small window at large text: what fits, and say there is more
            rows = rows[:fits - 1] + [("… (more in a larger window)", "regular")]
        height = len(rows) * line_height + 2 * m.gap
        box = pygame.Rect(m.width - width - m.margin // 2, top, width, height)
        pygame.draw.rect(self.surface, palette.panel, box)
        pygame.draw.rect(self.surface, palette.focus, box, width=max(m.focus_border, 2))
        y = box.y + m.gap
        for line, weight in rows:
            self.surface.blit(text.render(line, size, palette.text, weight), (box.x + m.gap, y))
            y += line_height


def _word(value) -> str:
    return str(value).lower() if isinstance(value, bool) else str(value)


def run_preview(path: Path, scenario, *, size=(1280, 720), feedback: str | None = None, seed: int | None = None,
                origin: Origin = Origin(), watch: bool = True) -> None:
    """Open the window on `scenario`'s briefing (or, with a `--from` origin, straight into play)."""
    from .scenes.menus import PickerScene, TitleScene

    app = PreviewApp(path, scenario, feedback=feedback, origin=origin, watch=watch, size=size, seed=seed)
    app.push(TitleScene(app))
    app.push(PickerScene(app))
    if scenario is None:
        app.reload()  # shows the file's errors, and waits for a save that fixes them
    elif origin.node is not None or origin.sets:
        app.push(PreviewPlayScene(app, scenario, app.preview_feedback, None, origin))
    else:
        app.push(_briefing(app, scenario, feedback))
    try:
        app.run()
    finally:
        app.stop_watching()
