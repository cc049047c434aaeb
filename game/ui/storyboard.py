"""Render every screen along one path through a scenario to numbered PNGs, without a display.

The storyboard drives the real game with real key events, so what it shows is what a player
sees: authors use it to review a scenario, tests use it to look at every screen.
"""

from __future__ import annotations

import io
import os
import tempfile
from contextlib import contextmanager
from pathlib import Path

import pygame

from game.model import load_scenario
from game.store import Settings, write_atomic

TEXT = "It was tense, and I wanted to fix everything at once."
RATINGS = (4, 3, 3, 4, 2, 3)


class Storyboard:
    def __init__(self, out: Path, size: tuple[int, int], settings: Settings, seed: int | None):
        from .app import App

        self.out = out
        self.count = 0
        out.mkdir(parents=True, exist_ok=True)
        self.app = App(size=size, settings=settings, background_loading=False, seed=seed)

    def shot(self, name: str) -> Path:
        self.app.step()
        self.app.draw()
        self.count += 1
        path = self.out / f"{self.count:02d}-{name}.png"
        buffer = io.BytesIO()
        pygame.image.save(self.app.surface, buffer, path.name)
        write_atomic(path, buffer.getvalue())
        return path

    def key(self, key: int, mod: int = 0) -> None:
        self.app.step([pygame.event.Event(pygame.KEYDOWN, key=key, mod=mod, unicode="", scancode=0)])

    def type(self, text: str) -> None:
        self.app.step([pygame.event.Event(pygame.TEXTINPUT, text=ch) for ch in text])


@contextmanager
def scratch_home():
    """A storyboard plays for real (autosaves, records, sessions): keep all of it in a throwaway
    folder, never in the author's own user folders."""
    before = os.environ.get("OUTREACH_HOME")
    os.environ["OUTREACH_HOME"] = tempfile.mkdtemp(prefix="outreach-storyboard-")
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("OUTREACH_HOME", None)
        else:
            os.environ["OUTREACH_HOME"] = before


def number_key(n: int) -> int:
    return getattr(pygame, f"K_{n}")


def render_storyboard(scenario_path: Path, out: Path, *, path: list[int] | None = None, seed: int | None = 1,
                      size: tuple[int, int] = (1280, 720), text_scale: float = 1.0, theme: str = "default",
                      feedback: str = "coach", choices: list[int] | None = None) -> list[Path]:
    """`path`: the number on screen to press at each moment (then 1); `choices`, instead: the
    authored choice (0-based, as written) to take at each moment, whatever its place on screen."""
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    with scratch_home():
        return _render_play(scenario_path, out, path, seed, size, text_scale, theme, feedback, choices)


def _on_screen(play, authored: list[int]) -> int | None:
    """The number on screen of the next authored choice of `authored` (consumed), if it is offered."""
    from game.engine import offered_choices

    if not authored:
        return None
    wanted = authored.pop(0)
    return next((o.number for o in offered_choices(play.scenario, play.state) if o.index == wanted), None)


def _render_play(scenario_path, out, path, seed, size, text_scale, theme, feedback, choices=None) -> list[Path]:
    from .scenes.menus import TitleScene

    load_scenario(scenario_path)  # a broken file is refused before any window opens
    settings = Settings(text_scale=text_scale, theme=theme, fullscreen=False, reduced_motion=True, feedback=feedback,
                        primer_seen=True)
    board = Storyboard(out, size, settings, seed)
    app = board.app
    app.scenario_folder = scenario_path.parent
    app.entries = None
    app.wait_for_catalog()
    app.push(TitleScene(app))
    shots = [board.shot("title")]
    board.key(pygame.K_RETURN)
    shots.append(board.shot("picker"))
    picker = app.scene
    index = next(i for i, b in enumerate(picker.view.page.buttons)
                 if b.action[1].path.resolve() == scenario_path.resolve())
    picker.view.focus = index
    picker.view.reveal(picker.view.page.buttons[index].rect)
    board.key(pygame.K_RETURN)
    shots.append(board.shot("warnings"))
    board.key(pygame.K_c if feedback == "coach" else pygame.K_a)
    board.key(pygame.K_RETURN)
    moves = list(path or [])
    authored = list(choices) if choices is not None else None
    for moment in range(1, 200):
        shots.append(board.shot(f"moment-{moment}"))
        play = app.scene
        if play.name != "play" or _ended(play):
            break
        pick = moves.pop(0) if moves else 1
        if authored is not None:
            pick = _on_screen(play, authored) or 1
        offered = len([b for b in play.view.page.buttons if isinstance(b.action, tuple)])
        if not offered:
            break  # a moment with no open choice: the screen already says so
        board.key(number_key(min(max(pick, 1), offered, 9)))
        if app.scene.name == "feedback":
            shots.append(board.shot(f"feedback-{moment}"))
            board.key(pygame.K_RETURN)
    board.key(pygame.K_RETURN)  # continue to the debrief
    shots.append(board.shot("debrief-reactions"))
    board.type(TEXT)
    shots.append(board.shot("debrief-reactions-typed"))
    board.key(pygame.K_RETURN)
    for rating in RATINGS:
        board.key(number_key(rating))
    shots.append(board.shot("debrief-self-assessment"))
    board.key(pygame.K_RETURN)
    shots.append(board.shot("debrief-top"))
    view = app.scene.view
    while view.scroll < view.max_scroll:
        board.key(pygame.K_PAGEDOWN)
        shots.append(board.shot("debrief-scrolled"))
    return shots


def _ended(play) -> bool:
    from game.engine import is_over

    return is_over(play.scenario, play.state)


def render_facilitation(scenario_path: Path, out: Path, *, path: list[int] | None = None,
                        votes: list[list[int]] | None = None, seed: int | None = 1,
                        size: tuple[int, int] = (1920, 1080), text_scale: float = 1.0,
                        theme: str = "default", choices: list[int] | None = None) -> list[Path]:
    """Facilitator mode along a path: for each moment the projector before and after the votes,
    the presenter view and the reveal; then the jump-back list, the four parts of the debrief and the
    summary slide. `votes[i]` are the counts for options A, B, C... at moment i+1; `path[i]` the
    option taken (1 = A), or `choices[i]` the authored choice taken (0-based, as written)."""
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    with scratch_home():
        return _render_facilitation(scenario_path, out, path, votes, seed, size, text_scale, theme, choices)


def _render_facilitation(scenario_path, out, path, votes, seed, size, text_scale, theme, choices=None) -> list[Path]:
    from game import facilitation as fac

    from .app import App
    from .scenes.menus import BriefingScene, TitleScene

    scenario = load_scenario(scenario_path)
    settings = Settings(text_scale=text_scale, theme=theme, fullscreen=False, reduced_motion=True)
    board = Storyboard.__new__(Storyboard)
    board.out, board.count = out, 0
    out.mkdir(parents=True, exist_ok=True)
    board.app = app = App(size=size, settings=settings, background_loading=False, seed=seed, facilitating=True)
    app.push(TitleScene(app))
    app.push(BriefingScene(app, scenario))
    shots = [board.shot("briefing")]
    board.key(pygame.K_RETURN)
    scene = app.scene
    moves, counts = list(path or []), list(votes or [])
    for moment in range(1, 200):
        if scene.ended:
            break
        options = fac.options(scene.session, scenario)
        shots.append(board.shot(f"moment-{moment}-projector"))
        for option, count in zip(options, counts.pop(0) if counts else []):
            for digit in str(count):
                board.key(getattr(pygame, f"K_{digit}"))
            board.key(getattr(pygame, f"K_{option.letter.lower()}"))
        board.key(pygame.K_t)
        shots.append(board.shot(f"moment-{moment}-tally"))
        board.key(pygame.K_p)
        board.key(pygame.K_p)  # P twice: the presenter view on this window
        shots.append(board.shot(f"moment-{moment}-presenter"))
        board.key(pygame.K_p)
        pick = moves.pop(0) if moves else None
        if choices is not None:
            wanted = choices[moment - 1] if moment <= len(choices) else None
            pick = next((i for i, option in enumerate(options, start=1) if option.index == wanted), None)
        if pick is not None and 1 <= pick <= len(options):
            for _ in range(2):  # Ctrl + letter twice: the facilitator takes it
                board.key(getattr(pygame, f"K_{options[pick - 1].letter.lower()}"), pygame.KMOD_CTRL)
        else:
            board.key(pygame.K_RETURN)
            if scene.stage == "vote":  # no votes or a tie: the facilitator takes option A
                for _ in range(2):
                    board.key(getattr(pygame, f"K_{options[0].letter.lower()}"), pygame.KMOD_CTRL)
        shots.append(board.shot(f"moment-{moment}-reveal"))
        board.key(pygame.K_RETURN)
    board.key(pygame.K_j)
    shots.append(board.shot("jump-back"))
    board.key(pygame.K_ESCAPE)
    for part in range(1, 5):
        shots.append(board.shot(f"debrief-{part}-projector"))
        board.key(pygame.K_p)
        board.key(pygame.K_p)
        shots.append(board.shot(f"debrief-{part}-presenter"))
        board.key(pygame.K_p)
        board.key(pygame.K_RIGHT)
    shots.append(board.shot("summary"))  # the slide after the four parts
    board.key(pygame.K_SLASH)
    shots.append(board.shot("keys"))
    return shots
