"""Nothing About Us, Nineteen, The Playground Meeting and Switching, Not Stopping stay small enough
for `outreach test` to see every route, and keep an ending of each kind.

`outreach test` reports a property as "not checked" (and still passes) when its search runs out of
play states; these scenarios were cut down once to fit, so a later edit that grows them past the
budget should fail here instead of quietly going unchecked.
"""

import pytest

from game.engine.reach import BUDGET, explore
from game.model.loader import load_scenario

from .conftest import SCENARIOS

IDS = ["nothing-about-us", "nineteen", "the-playground-meeting", "switching-not-stopping"]


@pytest.mark.slow
@pytest.mark.parametrize("scenario_id", IDS)
def test_every_route_fits_the_search_and_every_kind_of_ending_is_reached(scenario_id):
    scenario = load_scenario(SCENARIOS / f"{scenario_id}.yaml")
    reach = explore(scenario)
    assert reach.complete, f"{scenario_id}: more than {BUDGET} play states; outreach test cannot check it"
    endings = {node for node, rule in scenario.nodes.items() if rule.is_ending}
    assert set(reach.endings) == endings, f"unreachable endings: {endings - set(reach.endings)}"
    kinds = {scenario.nodes[node].spec.ending.kind for node in reach.endings}
    assert kinds == {"good", "mixed", "poor"}
