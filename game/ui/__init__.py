"""The pygame player: a thin layer that shows engine state and sends choices back."""

from __future__ import annotations


def run_window(scenario=None, *, size: tuple[int, int] = (1280, 720), feedback: str | None = None,
               seed: int | None = None, facilitating: bool = False, time_box: int | None = None,
               presenter_window: bool = False, room=None) -> None:
    """Open the game window; with `scenario` (a loaded Scenario), go straight to its briefing.
    `facilitating` opens facilitator mode: projector theme, votes, reveal, jump back; `room` is its
    game.ui.scenes.phones.RoomOptions (phone voting, clicks)."""
    from .app import App
    from .scenes.menus import BriefingScene, PickerScene, TitleScene

    app = App(size=size, seed=seed, facilitating=facilitating, time_box=time_box, presenter_window=presenter_window)
    if room is not None:
        app.room = room
    app.push(TitleScene(app))
    if scenario is not None:
        app.push(PickerScene(app))
        app.push(BriefingScene(app, scenario, feedback))
    app.run()
