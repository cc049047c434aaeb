"""The projector at 1920x1080: the longest moment of every shipped scenario fits on one screen,
every text the room reads is at least 40 px, and where a moment cannot fit, the documented keys
scroll each column."""

from collections import deque

import pygame
import pytest

import game.facilitation as fac
from game.engine import choose, is_over, offered_choices, start
from game.model import load_scenario
from game.store import Settings
from game.ui.app import App
from game.ui.page import Block, Button
from game.ui.scenes.facilitate import FacilitateScene
from game.ui.scenes.menus import TitleScene

from .conftest import SCENARIOS
from .test_facilitate_ui import press

ROOM_MINIMUM = 40  # px at 1080p


def moments(scenario):
    """(text length on the projector, path) of every moment, reached the shortest way."""
    found, queue, seen = [], deque([(start(scenario, 1), ())]), set()
    while queue:
        state, steps = queue.popleft()
        if state.node in seen or is_over(scenario, state):
            continue
        seen.add(state.node)
        node = scenario.nodes[state.node]
        offered = offered_choices(scenario, state)
        found.append((len(node.spec.text) + sum(len(c.text) for c in offered), steps))
        for choice in offered:
            queue.append((choose(scenario, state, choice.index), steps + (choice.index,)))
    return sorted(found, reverse=True)


def longest_moment(scenario):
    return moments(scenario)[0][1]


def scene_at(scenario, steps, size=(1920, 1080)):
    session = fac.new_session(scenario, 1, 1_000.0)
    for index in steps:
        session = fac.close_reveal(fac.take(session, scenario, index, 1_001.0, overridden=True), 1_002.0)
    app = App(size=size, settings=Settings(reduced_motion=True), background_loading=False, seed=1, facilitating=True)
    app.push(TitleScene(app))
    app.push(FacilitateScene(app, scenario, session))
    app.step()
    return app


def sizes(app):
    scene = app.scene
    views = [v for v in (scene.side, scene.view) if v is not None]
    return [item.size for view in views for item in view.page.items if isinstance(item, (Block, Button))]


@pytest.mark.parametrize("path", sorted(SCENARIOS.glob("*.yaml")), ids=lambda p: p.stem)
def test_every_moment_fits_at_1080p_in_text_the_back_row_reads(path):
    scenario = load_scenario(path)
    for _, steps in moments(scenario):
        app = scene_at(scenario, steps)
        scene = app.scene
        assert all(v.strip is None for v in (scene.side, scene.view) if v), scene.session.state.node
        assert min(sizes(app)) >= ROOM_MINIMUM, scene.session.state.node


@pytest.mark.parametrize("path", sorted(SCENARIOS.glob("*.yaml")), ids=lambda p: p.stem)
def test_the_longest_moment_fits_at_1080p_in_text_the_back_row_reads(path, tmp_path):
    scenario = load_scenario(path)
    app = scene_at(scenario, longest_moment(scenario))
    scene = app.scene
    assert scene.stage == "vote"
    for view in (scene.side, scene.view):
        if view is not None:
            assert view.strip is None, f"{scene.arrangement} does not fit: {view.page.height} > {view.viewport.height}"
    assert min(sizes(app)) >= ROOM_MINIMUM
    assert app.theme.metrics.small >= ROOM_MINIMUM  # the header and its timer
    shown = " ".join(i.text if isinstance(i, Block) else i.label for v in (scene.side, scene.view) if v
                     for i in v.page.items if isinstance(i, (Block, Button)))
    for option in fac.options(scene.session, scenario):
        assert option.text in shown
    app.draw()
    pygame.image.save(app.surface, str(tmp_path / f"{path.stem}-longest.png"))


def test_a_moment_too_long_for_the_screen_scrolls_each_column_with_its_keys():
    scenario = load_scenario(SCENARIOS / "overdose-in-the-park.yaml")
    app = scene_at(scenario, longest_moment(scenario), size=(800, 480))
    scene = app.scene
    assert scene.arrangement.startswith("side") and scene.side.strip is not None
    assert min(sizes(app)) >= ROOM_MINIMUM * 480 // 1080
    press(app, pygame.K_PAGEDOWN, pygame.KMOD_SHIFT)
    assert scene.side.scroll > 0  # Shift + Page Down: the situation
    situation = scene.side.scroll
    press(app, pygame.K_PAGEDOWN)
    assert scene.side.scroll == situation  # Page Down: the options column only
    press(app, pygame.K_a)  # a vote relays out the page; each column stays where it was scrolled
    assert scene.side.scroll == situation
