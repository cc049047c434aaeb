"""Nothing About Us, Nineteen, The Playground Meeting and Switching, Not Stopping: the explorer sees
every route exactly, and each scenario keeps a reachable ending of each kind, so its endings follow
from choices and a later edit cannot quietly lose the good, the mixed or the poor one.
"""

import pytest

from game.engine.explore import explore
from game.model.loader import load_scenario

from .conftest import SCENARIOS

IDS = ["nothing-about-us", "nineteen", "the-playground-meeting", "switching-not-stopping"]


@pytest.mark.parametrize("scenario_id", IDS)
def test_every_route_is_explored_and_every_kind_of_ending_is_reached(scenario_id):
    scenario = load_scenario(SCENARIOS / f"{scenario_id}.yaml")
    result = explore(scenario)
    assert result.exact, f"{scenario_id}: the explorer could not see every route ({result.reason})"
    unreachable = sorted(node for node, ending in result.endings.items() if not ending.reachable)
    assert not unreachable, f"{scenario_id}: endings no play reaches: {unreachable}"
    kinds = {ending.kind for ending in result.endings.values() if ending.reachable}
    assert kinds == {"good", "mixed", "poor"}
    assert not result.never_offered(scenario), f"{scenario_id}: choices never offered"
