"""The window, the scene stack and a calm loop: it sleeps until something happens, redraws
only when something changed, and ticks at frame rate only during a transition."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pygame

from game.store import Settings, load_settings, save_settings

from . import access as _access
from .text import Text
from .theme import PROJECTOR_SCALE, ROOM_SMALL_RATIO, Theme, make_theme
from .voice import SelfVoicing

CATALOG_READY = pygame.USEREVENT + 1
# Exact best/worst worked out (game.exact_bounds). Not custom_type(): that hands out USEREVENT + 1,
# which is CATALOG_READY; far from the small numbers other screens use for their own events.
BOUNDS_READY = pygame.USEREVENT + 20
TRANSITION_SECONDS = 0.18
IDLE_SLEEP = 0.02
MIN_SIZE = (800, 480)
# SDL 2 on X11 puts a window's surface on screen through an OpenGL texture whenever the GL
# renderer is not the old "Software Rasterizer", Mesa's llvmpipe included (virtual machines, remote
# desktops, Xvfb, computers without a graphics driver). Each present then redraws the whole window
# on the CPU (8-11 ms at 1920x1080 here, whatever the size of the rectangles given) and loads the
# whole of Mesa (about 100 MB). X11's shared-memory framebuffer sends only the rectangles given
# (0.7 ms for the whole window). Elsewhere this changes nothing: Windows already presents without a
# texture, and drivers with no framebuffer of their own (Wayland, macOS) always use one. A value
# the player set is kept.
FRAMEBUFFER_HINT = ("SDL_FRAMEBUFFER_ACCELERATION", "0")
# Events after which a frame may differ from the last only in which button is focused or hovered
# or how far a page is scrolled: then only those buttons, or that page, are drawn and sent to the
# screen, not the whole window.
NAVIGATION_KEYS = (pygame.K_UP, pygame.K_DOWN, pygame.K_TAB)
# Keys that scroll a page, unless they move a caret in a line being written.
SCROLL_KEYS = (pygame.K_PAGEUP, pygame.K_PAGEDOWN, pygame.K_HOME, pygame.K_END)


class Scene:
    """One screen. Builds its layout in `layout()`, reacts in `handle()`, paints in `draw()`."""

    overlay = False  # drawn over the scene below it (menus)
    name = "scene"
    editing = False  # True while typed letters go into a text field: global letter keys (V) leave them be

    def __init__(self, app: "App"):
        self.app = app

    @property
    def theme(self) -> Theme:
        return self.app.theme

    def layout(self) -> None:
        """Rebuild pages for the current window size and settings."""

    def handle(self, event: pygame.event.Event) -> bool:
        """React to an event; True when the screen changed."""
        return False

    def draw(self, surface: pygame.Surface) -> None:
        """Paint the screen."""

    def painted(self) -> list[pygame.Rect] | None:
        """Where draw() may put anything but the bare background; None: anywhere. A fade between
        two screens that say where they paint blends and sends only those parts of the window."""
        return None

    def on_catalog(self) -> None:
        """The scenario list finished loading."""

    def release(self) -> None:
        """The screen has left the stack for good (or the window is closing): end what it started."""

    def on_bounds(self) -> None:
        """The exact best and worst of a scenario were worked out (game.exact_bounds.current)."""


class App:
    def __init__(self, *, size: tuple[int, int] = (1280, 720), settings: Settings | None = None,
                 scenario_folder: Path | None = None, background_loading: bool = True,
                 settings_message: str | None = None, seed: int | None = None, facilitating: bool = False,
                 time_box: int | None = None, presenter_window: bool = False):
        os.environ.setdefault(*FRAMEBUFFER_HINT)
        pygame.display.init()  # only what the game uses: no audio, so no sound-card errors
        pygame.font.init()
        if settings is None:
            settings, settings_message = load_settings()
        self.settings = settings
        self.settings_problem = ""  # set when saving the settings failed
        self.seed = seed  # fixes the order of choices (storyboards, tests); None: new each playthrough
        self.facilitating = facilitating  # projector theme and text size; scenarios open for a room
        self.time_box = time_box  # facilitator mode: seconds of discussion per moment
        self.presenter_window = presenter_window  # facilitator mode: presenter view in a second window
        self.notice = settings_message  # shown once on the title screen
        self.windowed_size = size
        self.surface = self._open_window(size)
        self.text = Text()
        self.theme = self._make_theme()
        self.stack: list[Scene] = []
        self.running = True
        self.dirty = True
        self.pointer: tuple[int, int] | None = None  # where the mouse was last seen
        self.transition: float | None = None  # when the fade to the new screen began
        self._old_share = 1.0  # how much of the old screen the window still shows during a fade
        self._settled: pygame.Surface | None = None  # the new screen, drawn once, while the old fades
        self._buffer: pygame.Surface | None = None  # the window-sized surface _settled is drawn in, kept
        # Where the frame on screen may differ from a bare background (None: anywhere), and the
        # background and size it was drawn with; a fade's old screen is that frame.
        self._shown: tuple[list[pygame.Rect] | None, tuple] = (None, ())
        self._fade_from: tuple[list[pygame.Rect] | None, tuple] = (None, ())
        self._fade_area: list[pygame.Rect] | None = None  # what a fade blends and sends; None: everything
        self._fade_damage: list[pygame.Rect] | None | bool = False  # False: the last frame was no fade frame
        self._damage: list[pygame.Rect] | None = None  # what the last frame changed; None: everything
        self._last_marks = None  # the pages, focus and scroll the last frame drew (_marks())
        self._draw_only: list[pygame.Rect] | None = None  # set by step() for the frame it draws
        self.scenario_folder = scenario_folder
        self.entries: list | None = None  # catalog entries, once loaded
        self._loader: threading.Thread | None = None
        self._after_frame: list = []  # work that waits until the next frame is on screen (see soon())
        self.status = ""  # a one-line notice at the foot of the window, gone at the next key or click
        # Screen readers (AccessKit; None without it or without a real display) and self-voicing.
        self.access = _access.start(self)
        self.voicing = SelfVoicing()
        if settings.self_voicing and not facilitating:  # a room's projector is not read aloud
            self.status = self.voicing.turn(True, self)
        if background_loading:
            self._loader = threading.Thread(target=self._load_catalog, daemon=True)
        else:
            self._load_catalog()

    # -- window --------------------------------------------------------------------------------

    def _open_window(self, size: tuple[int, int]) -> pygame.Surface:
        pygame.display.set_caption("Outreach")
        if self.settings.fullscreen:
            return pygame.display.set_mode((0, 0), pygame.FULLSCREEN)
        return pygame.display.set_mode(size, pygame.RESIZABLE)

    def _make_theme(self) -> Theme:
        s = self.settings
        if self.facilitating:
            theme = s.theme if s.theme == "high-contrast" else "projector"
            # The room's size, not the trainee's text-size setting: 200% would push the options off screen.
            return make_theme(self.surface.get_size(), PROJECTOR_SCALE, theme, s.reduced_motion, ROOM_SMALL_RATIO)
        return make_theme(self.surface.get_size(), s.text_scale, s.theme, s.reduced_motion)

    def relayout(self) -> None:
        self._settled = None
        self.theme = self._make_theme()
        for scene in self.stack:
            scene.layout()
        self.dirty = True

    def apply_settings(self, settings: Settings) -> None:
        fullscreen_changed = settings.fullscreen != self.settings.fullscreen
        if settings.self_voicing != self.voicing.on:
            self.status = self.voicing.turn(settings.self_voicing, self)
            if not self.voicing.on:
                from dataclasses import replace

                settings = replace(settings, self_voicing=False)  # no speech engine: it stays off
        self.settings = settings
        problem = save_settings(settings)
        self.settings_problem = f"These settings could not be kept for next time: {problem}" if problem else ""
        if fullscreen_changed:
            self.surface = self._open_window(self.windowed_size)
        self.relayout()

    def toggle_fullscreen(self) -> None:
        from dataclasses import replace

        self.apply_settings(replace(self.settings, fullscreen=not self.settings.fullscreen))

    def toggle_voicing(self) -> None:
        from dataclasses import replace

        self.apply_settings(replace(self.settings, self_voicing=not self.settings.self_voicing))
        self.dirty = True

    # -- scenes --------------------------------------------------------------------------------

    @property
    def scene(self) -> Scene:
        return self.stack[-1]

    def _changing(self, scene: Scene | None) -> None:
        covering = scene is not None and scene.overlay
        if self.stack and not covering and not self.theme.reduced_motion:
            # The old screen is the frame on screen (a fade under way included): no copy of it is
            # kept, each frame mixes the new screen further into the last one.
            self.transition, self._old_share = time.perf_counter(), 1.0
            self._fade_from = self._shown
        self._settled = None
        self.dirty = True

    def push(self, scene: Scene) -> None:
        self._changing(scene)
        self.stack.append(scene)
        scene.layout()

    def pop(self) -> None:
        leaving = self.stack.pop()
        _close(leaving)
        self._changing(None if not leaving.overlay else leaving)
        if self.stack:
            self.scene.layout()

    def replace(self, scene: Scene) -> None:
        self._changing(scene)
        if self.stack[-1] is not scene:
            _close(self.stack[-1])
        self.stack[-1] = scene
        scene.layout()

    def reset(self, *scenes: Scene) -> None:
        """Make `scenes` the whole stack (e.g. title, then picker)."""
        self._changing(scenes[-1])
        for old in self.stack:
            if all(old is not new for new in scenes):
                _close(old)
        self.stack = list(scenes)
        for scene in self.stack:
            scene.layout()

    # -- scenarios -----------------------------------------------------------------------------

    def _load_catalog(self) -> None:
        # Imported here: parsing and validating scenarios waits until the title is on screen.
        from game.catalog import catalog

        try:
            entries = catalog(self.scenario_folder)
        except Exception as error:  # noqa: BLE001 - a broken folder must not leave "Loading…" forever
            entries = []
            self.notice = f"The scenarios could not be loaded: {error}"
        self.entries = entries
        if self._loader is not None:
            # Work out the exact best and worst of each scenario now, in the background, so the
            # debrief usually has them when it opens (it never waits for them).
            from game import exact_bounds

            for entry in entries:
                if entry.result.scenario is not None:
                    exact_bounds.request(entry.result.scenario, urgent=False)
        if pygame.display.get_init():
            try:
                pygame.event.post(pygame.event.Event(CATALOG_READY))
            except pygame.error:
                pass

    def notify_bounds(self) -> None:
        """Called from the worker thread of game.exact_bounds: wake the loop (posting is thread-safe)."""
        if pygame.display.get_init():
            try:
                pygame.event.post(pygame.event.Event(BOUNDS_READY))
            except pygame.error:
                pass

    def wait_for_catalog(self) -> list:
        if self._loader is not None and self._loader.is_alive():
            self._loader.join()
        if self.entries is None:
            self._load_catalog()
        return self.entries

    # -- events and drawing -------------------------------------------------------------------

    def handle(self, event: pygame.event.Event) -> None:
        if event.type == pygame.QUIT or (event.type == pygame.WINDOWCLOSE and getattr(event, "window", None) is None):
            self.running = False  # with a second window open, closing the main one sends no QUIT
            return
        if event.type in (pygame.MOUSEMOTION, pygame.MOUSEBUTTONDOWN):
            self.pointer = event.pos
        if event.type in (pygame.KEYDOWN, pygame.MOUSEBUTTONDOWN) and self.status:
            self.status, self.dirty = "", True
        if event.type == _access.ACCESS_EVENT:
            if self.access is not None and self.access.handle(event):
                self.dirty = True
            return
        if event.type in (pygame.WINDOWFOCUSGAINED, pygame.WINDOWFOCUSLOST) and self.access is not None:
            self.access.window_focus(event.type == pygame.WINDOWFOCUSGAINED)
        if event.type in (pygame.VIDEORESIZE, pygame.WINDOWSIZECHANGED):
            size = self.surface.get_size()
            if not self.settings.fullscreen:
                if size[0] < MIN_SIZE[0] or size[1] < MIN_SIZE[1]:
                    size = (max(size[0], MIN_SIZE[0]), max(size[1], MIN_SIZE[1]))
                    self.surface = pygame.display.set_mode(size, pygame.RESIZABLE)
                self.windowed_size = size
            if size != (self.theme.metrics.width, self.theme.metrics.height):
                self.relayout()
            return
        if event.type in (pygame.WINDOWEXPOSED, pygame.WINDOWSHOWN, pygame.WINDOWRESTORED):
            self.dirty = True
            return
        if event.type == CATALOG_READY:
            for scene in self.stack:
                scene.on_catalog()
            self.dirty = True
            return
        if event.type == BOUNDS_READY:
            for scene in self.stack:
                scene.on_bounds()
            self.dirty = True
            return
        if event.type == pygame.KEYDOWN and event.key == pygame.K_F11:
            self.toggle_fullscreen()
            return
        if event.type == pygame.KEYDOWN and event.key == pygame.K_v and not self.facilitating \
                and not event.mod & (pygame.KMOD_CTRL | pygame.KMOD_ALT | pygame.KMOD_META) \
                and not (self.stack and self.scene.editing):
            self.toggle_voicing()
            return
        if self.stack and self.scene.handle(event):
            self.dirty = True

    def draw(self) -> None:
        """Draw the frame: all of it, or only `_draw_only` when step() knows nothing else changed."""
        surface, damage = self.surface, self._draw_only
        self._fade_damage = False
        if self.transition is None:
            if damage is None:
                self._paint(surface)
            elif damage:
                # Drawing clipped to what changed leaves every other pixel as the last frame drew it.
                surface.set_clip(damage[0].unionall(damage[1:]))
                self._paint(surface)
                surface.set_clip(None)
            shown = self._painted()
        else:
            if self._settled is None:
                # The new screen holds still while the old one fades out: draw it once, not each frame.
                self._settled = self._window_buffer()
                self._paint(self._settled)
                self._fade_area = self._fade_region()
                # Drawn again mid-fade (a key), it may paint elsewhere: what this fade put on screen stays covered.
                self._fade_from = (self._fade_area, self._look())
            progress = (time.perf_counter() - self.transition) / TRANSITION_SECONDS
            # Outside the fade's area both screens are the bare background, already on screen.
            area = self._fade_area if self._fade_area is not None else [surface.get_rect()]
            if progress >= 1:
                self._settled.set_alpha(None)
                self.transition = None  # the last frame is exactly the new screen
            else:
                # The window shows old * share + new * (1 - share); blending the new screen in by
                # `mix` leaves old * share * (1 - mix): mix is what brings share to 1 - progress.
                mix = round(255 * (1 - (1 - progress) / self._old_share)) if self._old_share > 0 else 255
                mix = min(max(mix, 0), 255)
                self._old_share *= 1 - mix / 255
                self._settled.set_alpha(mix)
            for rect in area:
                surface.blit(self._settled, rect, rect)
            if self.transition is None:
                self._settled = None
            shown = self._fade_damage = self._fade_area
        if self.status:
            self._draw_status(surface)
            shown = self._fade_damage = None
            if self.transition is not None:
                # The fade mixes the new screen into this frame, status line included: from here on
                # it covers the whole window, so the line goes when the fade ends.
                self._fade_area, self._fade_from = None, (None, ())
        self._shown = (shown, self._look())
        self.dirty = self.transition is not None

    def _paint(self, surface: pygame.Surface) -> None:
        surface.fill(self.theme.palette.background)
        for scene in self._drawn():
            scene.draw(surface)

    def _drawn(self) -> list[Scene]:
        """The scenes a frame shows: the top one and, under overlays, those below down to a full screen."""
        base = len(self.stack) - 1
        while base > 0 and self.stack[base].overlay:
            base -= 1
        return self.stack[base:]

    def _painted(self) -> list[pygame.Rect] | None:
        """Where the frame may differ from a bare background; None: anywhere."""
        if type(self).draw is not App.draw:
            return None  # a window that draws more over its screens (the live preview's strip)
        rects: list[pygame.Rect] = []
        for scene in self._drawn():
            painted = scene.painted()
            if painted is None:
                return None
            rects += painted
        return rects

    def _look(self) -> tuple:
        return tuple(self.theme.palette.background), self.surface.get_size()

    def _fade_region(self) -> list[pygame.Rect] | None:
        """Where the old screen and the new one can differ: whatever either paints beyond the
        background they share. None (the whole window) when either does not say, or the background
        or the window size changed on the way."""
        old, look = self._fade_from
        new = self._painted()
        if old is None or new is None or look != self._look():
            return None
        return _merged(old + new, self.surface.get_rect())

    def _window_buffer(self) -> pygame.Surface:
        """A window-sized surface kept from one fade to the next: a fresh 8 MB copy at 1920x1080 costs
        more than the new screen's drawing (its pages are new to the process)."""
        buffer = self._buffer
        if buffer is None or buffer.get_size() != self.surface.get_size() \
                or buffer.get_masks() != self.surface.get_masks():
            buffer = self._buffer = self.surface.copy()
        return buffer

    def _draw_status(self, surface: pygame.Surface) -> None:
        palette, m = self.theme.palette, self.theme.metrics
        lines = self.text.wrap(self.status, m.small, m.width - 2 * m.margin, "bold")
        height = len(lines) * self.text.line_height(m.small) + m.gap
        bar = pygame.Rect(0, m.height - height, m.width, height)
        pygame.draw.rect(surface, palette.panel, bar)
        pygame.draw.line(surface, palette.accent, bar.topleft, bar.topright, max(1, m.border))
        self.text.draw(surface, self.status, m.small, palette.text, m.margin, bar.y + m.gap // 2,
                       m.width - 2 * m.margin, "bold")

    def soon(self, work) -> None:
        """Do `work` once the frame being prepared is on screen: saving to disk (an fsync can take
        tens of milliseconds) must not stand between a key press and what it shows."""
        self._after_frame.append(work)

    def run_deferred(self) -> None:
        work, self._after_frame = self._after_frame, []
        for item in work:
            item()

    def step(self, events=(), deferred: bool = True) -> bool:
        """Handle events and redraw if needed: the loop body, also used by tests and storyboards.
        Returns whether a new frame was drawn. With `deferred`, the work queued by soon() runs at
        the end; the real loop runs it after presenting the frame instead."""
        events = list(events)
        if events:
            self._settled = None  # anything may have changed the new screen
        editing = bool(self.stack and self.scene.editing)
        # Compared with the frame last drawn, not with the state before these events: a screen
        # pushed, or anything else asking for a frame since, means the whole window.
        marks = self._last_marks if events and not self.dirty and all(_navigation(e, editing) for e in events) else None
        for event in events:
            self.handle(event)
        drew = False
        if self.dirty and self.stack:
            damage = self._changed(marks)
            # Known before drawing: on screens that draw only their header and pages, only that part
            # is drawn. Others may draw more with the same pages (the facilitator's presenter window).
            self._draw_only = damage if damage is not None and self._painted() is not None else None
            self.draw()
            self._draw_only = None
            self._last_marks = self._marks()
            self._damage = damage if self._fade_damage is False else self._fade_damage
            self._tell_assistive()
            drew = True
        if deferred:
            self.run_deferred()
        return drew

    def _marks(self):
        """The top scene's pages, scroll, focus and hover, and the rest of what a frame shows."""
        if not self.stack:
            return None
        scene = self.scene
        views = _access.views_of(scene)
        return ((id(scene), len(self.stack), self.status, self.transition is None, self.surface.get_size(),
                 tuple((id(v.page), v.viewport.topleft) for v in views),
                 getattr(scene, "header_left", None), getattr(scene, "header_right", None)),
                [(v, v.focused(), v.hover, v.scroll) for v in views])

    def _changed(self, before) -> list[pygame.Rect] | None:
        """The window areas that differ from the last frame when only focus, hover or the scroll of
        a page moved, else None (everything)."""
        after = self._marks() if before is not None else None
        if before is None or after is None or before[0] != after[0] or self.transition is not None:
            return None
        rects = []
        for (view, focused, hover, scroll), (_, now_focused, now_hover, _) in zip(before[1], after[1]):
            if view.scroll != scroll:
                if self._painted() is None:
                    return None  # a screen that draws more than its pages may draw something else scrolled
                # The page, its scroll bar and the strip under it saying whether it goes on.
                rects.append(view.viewport.unionall([view.strip]) if view.strip is not None else view.viewport.copy())
                continue  # the buttons below are in it
            buttons = view.page.buttons
            hovered = [buttons[i] for i in (hover, now_hover) if i is not None and i < len(buttons)]
            for button in [focused, now_focused, *hovered]:
                if button is None:
                    continue
                # The focus ring and the marker in the margin beside it.
                margin = self.theme.metrics.focus_border * 4
                rect = button.rect.move(view.viewport.x, view.viewport.y - view.scroll).inflate(2 * margin, margin)
                rects.append(rect.clip(view.viewport.inflate(2 * margin, 0)))
        return [rect for rect in rects if rect.width and rect.height]  # a button out of view changes nothing

    def present(self) -> None:
        """Put the frame just drawn on screen: only what changed when that is known."""
        if self._damage is not None:
            pygame.display.update(self._damage)
        else:
            pygame.display.flip()

    def _tell_assistive(self) -> None:
        """Tell screen readers and self-voicing what the new frame shows."""
        if self.access is not None:
            self.access.refresh()
        if self.voicing.on:
            problem = self.voicing.refresh(self)
            if problem:
                self.status, self.dirty = problem, True

    def run(self) -> None:
        if self._loader is not None:
            self.draw()
            pygame.display.flip()  # the title is on screen before any scenario is parsed
            self._loader.start()
        clock = pygame.time.Clock()
        while self.running and self.stack:
            if self.transition is not None:
                clock.tick(60)
                events = pygame.event.get()
            else:
                # At rest, sleep between short looks at the queue. SDL's own event.wait() keeps
                # polling inside (2.5-3% of a core idle under X11 here); sleeping 20 ms between
                # looks costs 0.4% and at most 20 ms of input latency.
                events = pygame.event.get()
                if not events:
                    time.sleep(IDLE_SLEEP)
                    continue
            if self.step(events, deferred=False) and self.running:
                self.present()
            self.run_deferred()
        self.close()
        pygame.quit()

    def close(self) -> None:
        """The window is closing: let each screen end what it started (a server, a second window)."""
        for scene in reversed(self.stack):
            _close(scene)


def _close(scene: Scene) -> None:
    """A screen leaves the stack for good: it ends what it started (a server, a second window)."""
    scene.release()


def _merged(rects: list[pygame.Rect], window: pygame.Rect) -> list[pygame.Rect]:
    """`rects` within the window, those that overlap joined into one, so none is blended twice."""
    rects = [rect.clip(window) for rect in rects]
    rects = [rect for rect in rects if rect.width and rect.height]
    joined = True
    while joined:
        joined = False
        for i, rect in enumerate(rects):
            for j in range(i + 1, len(rects)):
                if rect.colliderect(rects[j]):
                    rects[i] = rect.union(rects.pop(j))
                    joined = True
                    break
            if joined:
                break
    return rects


def _navigation(event, editing: bool = False) -> bool:
    if event.type == pygame.KEYDOWN:
        return event.key in NAVIGATION_KEYS or (event.key in SCROLL_KEYS and not editing)
    return event.type == pygame.MOUSEMOTION or (event.type == pygame.MOUSEWHEEL and not editing)
