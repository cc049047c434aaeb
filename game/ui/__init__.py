"""The pygame player: a thin layer that shows engine state and sends choices back."""

from __future__ import annotations

from pathlib import Path


def run_window(scenario: Path | None = None, *, size: tuple[int, int] = (1280, 720)) -> int:
    from .app import App
    from .scenes.menus import BriefingScene, PickerScene, TitleScene

    app = App(size=size)
    app.push(TitleScene(app))
    if scenario is not None:
        from game.model import ScenarioError, load_scenario

        try:
            loaded = load_scenario(scenario)
        except ScenarioError as error:
            app.scene.problem = f"{scenario} cannot be played: {error.diagnostics[0].message}"
            app.scene.layout()
        else:
            app.push(PickerScene(app))
            app.push(BriefingScene(app, loaded))
    app.run()
    return 0
