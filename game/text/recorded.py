"""The terminal player, with every move kept in the records store (game.store.playlog).

The player itself knows nothing of storage: it only ever sets `self.state`, so this subclass
records each new state as it is set. Reaching an ending completes the playthrough, since the
terminal player goes straight on to its debrief."""

from __future__ import annotations

from game.engine import PlayState
from game.store.playlog import note_state

from .player import TextPlayer


class RecordedTextPlayer(TextPlayer):
    @property
    def state(self) -> PlayState:
        return self._recorded_state

    @state.setter
    def state(self, value: PlayState) -> None:
        self._recorded_state = value
        note_state(self.scenario, value, feedback=self.feedback, complete_at_ending=True)
