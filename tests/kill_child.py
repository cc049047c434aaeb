"""Plays forever into the records store, for tests/test_records_kill.py: random choices, a step
back now and then, a new playthrough after each ending. After each step is recorded it prints
`seed steps` (the playthrough's seed and how many steps it has recorded), so the test knows
what was complete when it killed this process."""

import random
import sys
from pathlib import Path

from game.engine import choose, is_over, offered_choices, rewind, start
from game.model import load_scenario
from game.store.playlog import note_state

scenario = load_scenario(Path(sys.argv[1]))
rng = random.Random()
while True:
    state = start(scenario, rng.randrange(2**31))
    steps = 0
    assert note_state(scenario, state, feedback="coach", complete_at_ending=True) is None
    print(state.seed, steps, flush=True)
    while not is_over(scenario, state):
        if state.path and rng.random() < 0.2:
            state = rewind(scenario, state, 1)
        else:
            state = choose(scenario, state, rng.choice(offered_choices(scenario, state)).index)
        steps += 1
        problem = note_state(scenario, state, feedback="coach", complete_at_ending=True)
        assert problem is None, problem
        print(state.seed, steps, flush=True)
