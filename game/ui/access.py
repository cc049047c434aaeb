"""The window as screen readers see it, through AccessKit (AT-SPI on Linux, UI Automation on
Windows, NSAccessibility on macOS).

What a scene shows is read from the same Page/PageView objects it lays out: the header line is
the heading, text blocks are text, buttons are buttons named by their labels, the focused button
is the focus, and a changed screen (feedback after a choice, a new moment) is announced through a
live region. AccessKit calls back from its own threads; those callbacks only post a pygame event,
so the tree is built and acted on in the game loop alone. Every callback is guarded: an exception
in one is logged and the game carries on. Without the `accesskit` package, or without a real
display, nothing here runs.
"""

from __future__ import annotations

import logging
import os
import sys
import weakref
from dataclasses import dataclass, field

import pygame

from .page import Block, Button, Page, PageView

log = logging.getLogger(__name__)

# Far from the numbers other screens use for their own events (app.py explains why not custom_type()).
ACCESS_EVENT = pygame.USEREVENT + 21
ROOT_ID, HEADING_ID, LIVE_ID = 1, 2, 3
# Each page gets its own block of ids, so a node never names something from an earlier screen.
PAGE_BLOCK = 100_000
ANNOUNCE_LIMIT = 2000  # characters: a whole moment, not a whole debrief


@dataclass
class Node:
    """One thing a screen reader can reach, in window coordinates."""

    id: int
    role: str  # window, heading, group, text, button, live
    name: str
    bounds: tuple[int, int, int, int] = (0, 0, 0, 0)  # x0, y0, x1, y1
    shortcut: str = ""
    children: list[int] = field(default_factory=list)


@dataclass
class Screen:
    """What the top scene shows, as a flat list of nodes (the root first) and where the focus is."""

    nodes: list[Node]
    focus: int
    heading: str
    text: str  # the main page's text, read aloud or announced when the screen changes

    def node(self, node_id: int) -> Node | None:
        return next((n for n in self.nodes if n.id == node_id), None)

    def focused_name(self) -> str:
        node = self.node(self.focus)
        return node.name if node is not None and node.role == "button" else ""


class Ids:
    """Stable node ids for the items of live pages."""

    def __init__(self):
        self._bases: weakref.WeakKeyDictionary[Page, int] = weakref.WeakKeyDictionary()
        self._next = 1

    def base(self, page: Page) -> int:
        base = self._bases.get(page)
        if base is None:
            base = self._bases[page] = self._next * PAGE_BLOCK
            self._next += 1
        return base

    def find(self, node_id: int, views: list[PageView]) -> tuple[PageView, int] | None:
        """The view and button index a node id names, if its page is still on screen."""
        if not isinstance(node_id, int):
            return None
        for view in views:
            base = self._bases.get(view.page)
            if base is not None and base < node_id < base + PAGE_BLOCK:
                item = view.page.items[node_id - base - 1] if node_id - base - 1 < len(view.page.items) else None
                if isinstance(item, Button):
                    return view, view.page.buttons.index(item)
        return None


def views_of(scene) -> list[PageView]:
    """The scene's page views, main one first (attributes in the order the scene set them)."""
    views = [value for value in vars(scene).values() if isinstance(value, PageView)]
    main = getattr(scene, "view", None)
    if isinstance(main, PageView) and main in views:
        views.remove(main)
        views.insert(0, main)
    return views


def heading_of(scene) -> str:
    return getattr(scene, "drawn_header", "") or getattr(scene, "header_left", "") or "Outreach"


def snapshot(app, ids: Ids) -> Screen:
    """The top scene as nodes. Pure reading: safe to call at any time from the loop."""
    scene = app.scene
    width, height = app.surface.get_size()
    heading = heading_of(scene)
    root = Node(ROOT_ID, "window", f"Outreach: {heading}", (0, 0, width, height))
    nodes = [root, Node(HEADING_ID, "heading", heading)]
    root.children.append(HEADING_ID)
    focus = ROOT_ID
    texts: list[str] = []
    views = views_of(scene)
    for number, view in enumerate(views):
        base = ids.base(view.page)
        group = Node(base, "group", "What you know" if number else heading,
                     _box(view.viewport))
        root.children.append(base)
        nodes.append(group)
        focused = view.focused()
        dx, dy = view.viewport.x, view.viewport.y - view.scroll
        for index, item in enumerate(view.page.items):
            rect = item.rect.move(dx, dy)
            node_id = base + 1 + index
            if isinstance(item, Block):
                nodes.append(Node(node_id, "text", item.text, _box(rect)))
                if number == 0:
                    texts.append(item.text)
            elif isinstance(item, Button):
                nodes.append(Node(node_id, "button", item.label, _box(rect), item.hint))
                if item is focused and number == 0:
                    focus = node_id
            else:
                continue
            group.children.append(node_id)
    root.children.append(LIVE_ID)
    nodes.append(Node(LIVE_ID, "live", ""))
    return Screen(nodes, focus, heading, "\n".join(texts))


def _box(rect: pygame.Rect) -> tuple[int, int, int, int]:
    return rect.left, rect.top, rect.right, rect.bottom


def announcement(before: Screen | None, after: Screen) -> str:
    """What to say when the screen changed under the player: a new screen or new text on it
    (the feedback after a choice, the next moment). Nothing when only the focus moved."""
    if before is not None and before.heading == after.heading and before.text == after.text:
        return ""
    words = f"{after.heading}. {after.text}" if after.text else after.heading
    return words[:ANNOUNCE_LIMIT]


def guarded(where: str, default=None):
    """A callback that logs its exception and returns `default` instead of raising: AccessKit calls
    these from native code, where an exception would abort the adapter, or the game."""

    def wrap(function):
        def call(*args):
            try:
                return function(*args)
            except Exception:  # noqa: BLE001 - a screen-reader request must never end the game
                log.exception("accessibility: %s failed; carrying on", where)
                return default

        return call

    return wrap


def wanted() -> bool:
    """A real display and the accesskit package: the dummy driver (tests, storyboards) has no
    window a screen reader could see."""
    if os.environ.get("OUTREACH_NO_ACCESSKIT"):
        return False
    driver = pygame.display.get_driver() if pygame.display.get_init() else ""
    return driver not in ("dummy", "offscreen", "")


class Access:
    """Keeps an AccessKit tree in step with the top scene and turns its requests into events."""

    def __init__(self, app, adapter_factory=None):
        self.app = app
        self.ids = Ids()
        self.screen: Screen | None = None
        self.live = ""
        # Buttons of the screens last published, by node id: a request for a button whose page was
        # laid out again since (the scenario list arriving, a resized window) still finds it.
        self.seen: dict[int, tuple[str, object]] = {}
        self.adapter = None
        self.active = False
        self.failed = False
        factory = adapter_factory or _native_adapter
        try:
            self.adapter = factory(guarded("activation")(self._on_activate), guarded("action")(self._on_action),
                                   guarded("deactivation")(self._on_deactivate))
        except Exception:  # noqa: BLE001 - no accessibility is better than no game
            log.exception("accessibility: the AccessKit adapter could not start")
            self.adapter = None

    # -- called from AccessKit's threads: post, never touch the scenes --------------------------

    def _on_activate(self):
        self.active = True
        _post(kind="activate")
        return None  # the full tree follows from the loop, on the event just posted

    def _on_action(self, request) -> None:
        import accesskit

        kind = next((name for name, action in (("click", accesskit.Action.CLICK), ("focus", accesskit.Action.FOCUS))
                     if request.action == action), None)  # Action values compare but do not hash
        if kind is not None:
            _post(kind=kind, target=int(request.target))

    def _on_deactivate(self) -> None:
        self.active = False

    # -- called from the loop -----------------------------------------------------------------

    def refresh(self, force: bool = False) -> None:
        """After the screen changed: publish the tree if a screen reader is listening."""
        if self.adapter is None or not (self.active or force) or not self.app.stack:
            return
        try:
            screen = snapshot(self.app, self.ids)
        except Exception:  # noqa: BLE001
            log.exception("accessibility: reading the screen failed; carrying on")
            return
        self._remember()
        said = announcement(self.screen, screen)
        if said:
            self.live = said
        changed = self.screen is None or force or _differs(self.screen, screen)
        self.screen = screen
        if changed:
            self._publish(screen)

    def _remember(self) -> None:
        current = {}
        for view in views_of(self.app.scene):
            base = self.ids.base(view.page)
            current.update({base + 1 + index: (item.label, item.action) for index, item in enumerate(view.page.items)
                            if isinstance(item, Button)})
        if len(self.seen) > 500:
            self.seen = {}
        self.seen.update(current)

    def _find(self, target, views: list[PageView]) -> tuple[PageView, int] | None:
        found = self.ids.find(target, views)
        if found is not None or target not in self.seen:
            return found
        # The same button (same words, same action) on the page as laid out now; never another one.
        label, action = self.seen[target]
        for view in views:
            for index, button in enumerate(view.page.buttons):
                if button.label == label and button.action == action:
                    return view, index
        return None

    def _publish(self, screen: Screen) -> None:
        live = self.live
        update = guarded("building the tree")(lambda: _tree_update(screen, live))()
        if update is None:
            return
        try:
            self.adapter.update_if_active(lambda: update)
            _set_bounds(self.adapter)
        except BaseException as error:  # PanicException from native code is a BaseException
            if isinstance(error, (KeyboardInterrupt, SystemExit)):
                raise
            log.exception("accessibility: AccessKit failed; the window goes on without it")
            self.adapter, self.failed = None, True

    def window_focus(self, focused: bool) -> None:
        if self.adapter is None:
            return
        try:
            self.adapter.update_window_focus_state(focused)
        except BaseException as error:
            if isinstance(error, (KeyboardInterrupt, SystemExit)):
                raise
            log.exception("accessibility: window focus could not be passed on")

    def handle(self, event) -> bool:
        """An ACCESS_EVENT from a callback: act on it as the keyboard would. True if handled."""
        try:
            return self._handle(event)
        except Exception:  # noqa: BLE001
            log.exception("accessibility: a request from the screen reader failed; carrying on")
            return False

    def _handle(self, event) -> bool:
        kind = getattr(event, "kind", "")
        if kind == "activate":
            self.screen = None
            self.refresh(force=True)
            return False
        if not self.app.stack:
            return False
        scene = self.app.scene
        found = self._find(getattr(event, "target", -1), views_of(scene))
        if found is None:
            return False  # a button from a screen that is gone
        view, index = found
        view.focus = index
        view.reveal(view.page.buttons[index].rect)
        self.app.dirty = True
        if kind == "click":
            if view is getattr(scene, "view", None):
                # Exactly what Enter on the focused button does.
                self.app.handle(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_RETURN, mod=0, unicode="\r",
                                                   scancode=0))
            elif hasattr(scene, "act"):
                scene.act(view.page.buttons[index].action)
        return True


def _differs(a: Screen, b: Screen) -> bool:
    return a.focus != b.focus or a.nodes != b.nodes


def _post(**attributes) -> None:
    if pygame.display.get_init():
        try:
            pygame.event.post(pygame.event.Event(ACCESS_EVENT, attributes))
        except pygame.error:
            pass


ROLES = {"window": "WINDOW", "heading": "HEADING", "group": "GROUP", "text": "LABEL", "button": "BUTTON",
         "live": "LABEL"}


def _tree_update(screen: Screen, live: str):
    import accesskit

    update = accesskit.TreeUpdate(screen.focus)
    tree = accesskit.Tree(ROOT_ID)
    tree.toolkit_name = "Outreach"
    update.tree = tree
    for node in screen.nodes:
        made = accesskit.Node(getattr(accesskit.Role, ROLES[node.role]))
        if node.role in ("text", "heading"):
            made.set_value(node.name)  # static text is read from its value
            made.set_label(node.name)
        elif node.role == "live":
            made.set_value(live)
            made.set_label(live)
            made.set_live(accesskit.Live.POLITE)
        else:
            made.set_label(node.name)
        if node.role == "heading":
            made.set_level(1)
        if node.role == "button":
            made.add_action(accesskit.Action.CLICK)
            made.add_action(accesskit.Action.FOCUS)
            if node.shortcut:
                made.set_keyboard_shortcut(node.shortcut)
        if node.bounds != (0, 0, 0, 0):
            made.set_bounds(accesskit.Rect(*map(float, node.bounds)))
        if node.children:
            made.set_children(node.children)
        update.nodes.append((node.id, made))
    return update


def _set_bounds(adapter) -> None:
    """Where the window is on screen, so that bounds mean something to a magnifier (X11 only)."""
    if not sys.platform.startswith("linux") or not hasattr(adapter, "set_root_window_bounds"):
        return
    import accesskit

    try:
        window = pygame.Window.from_display_module()
        x, y = window.position
        w, h = window.size
    except (AttributeError, pygame.error):
        return
    rect = accesskit.Rect(float(x), float(y), float(x + w), float(y + h))
    adapter.set_root_window_bounds(rect, rect)


def _native_adapter(activate, action, deactivate):
    import accesskit

    if sys.platform == "darwin":
        accesskit.macos.add_focus_forwarder_to_window_class("SDLWindow")
        window = pygame.display.get_wm_info()["window"]
        return _RaisingEvents(accesskit.macos.SubclassingAdapter.for_window(window, activate, action))
    if sys.platform == "win32":
        hwnd = pygame.display.get_wm_info()["window"]
        return _RaisingEvents(accesskit.windows.SubclassingAdapter(hwnd, activate, action))
    return accesskit.unix.Adapter(activate, action, deactivate)


class _RaisingEvents:
    """Windows and macOS adapters hand back events for the caller to raise."""

    def __init__(self, adapter):
        self.adapter = adapter

    def update_if_active(self, factory) -> None:
        events = self.adapter.update_if_active(factory)
        if events is not None:
            events.raise_events()

    def update_window_focus_state(self, focused: bool) -> None:
        update = getattr(self.adapter, "update_view_focus_state", None)
        if update is not None:
            events = update(focused)
            if events is not None:
                events.raise_events()


def start(app) -> Access | None:
    """An Access for the app's window, or None when accesskit or a real display is missing."""
    if not wanted():
        return None
    try:
        import accesskit  # noqa: F401
    except ImportError:
        return None
    access = Access(app)
    return access if access.adapter is not None else None
