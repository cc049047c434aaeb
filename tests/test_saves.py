"""Saves name choices by their stable ids, so editing the file (reordering choices, rewording
text) does not break a saved game; a route that no longer fits is refused, saying where."""

import json

import pytest

from game.engine import SaveError, choose, from_json, start, to_json
from game.model import load_scenario_text
from game.store import load_progress, save_progress

from .conftest import FIXTURES

TEXT = (FIXTURES / "playtested.yaml").read_text().split("playtests:")[0]  # routes named by ids are edited here
SIT_DOWN = ("      - id: sit-down\n        text: Sit down beside Jo and ask how they are.\n        goto: talk\n"
            "        reveals: [ashamed]\n        effects: [trust += 1]\n"
            "        scores: {health_dignity: 2, participant_centered: 1}\n        lens: [set]\n"
            "        feedback: Asking first shows respect.\n")


def _reordered(text: str) -> str:
    """The same scenario with the two choices of 'meet' written the other way round."""
    assert SIT_DOWN in text
    without = text.replace(SIT_DOWN, "")
    send_home_end = without.index("        feedback: An order closes the conversation.\n") + len(
        "        feedback: An order closes the conversation.\n")
    return without[:send_home_end] + SIT_DOWN + without[send_home_end:]


@pytest.fixture
def scenario():
    return load_scenario_text(TEXT, "playtested.yaml")


def _played(scenario):
    state = choose(scenario, start(scenario, 5), scenario.nodes["meet"].find_choice("sit-down").index)
    return choose(scenario, state, scenario.nodes["talk"].find_choice("stay").index)


def test_a_save_names_choices_by_their_ids(scenario):
    data = to_json(_played(scenario), scenario)
    assert data["path"] == [["meet", "sit-down"], ["talk", "stay"]]
    assert data["version"] == 2


def test_a_save_survives_reordering_the_choices(scenario):
    state = _played(scenario)
    data = json.loads(json.dumps(to_json(state, scenario)))
    edited = load_scenario_text(_reordered(TEXT), "playtested.yaml")
    assert edited.content_hash != scenario.content_hash
    assert edited.nodes["meet"].choices[1].spec.id == "sit-down"
    restored = from_json(edited, data)
    assert restored.node == "good-end" and restored.totals == state.totals
    assert restored.content_hash == edited.content_hash  # from now on it is a save of the edited file
    assert [step.choice for step in restored.path] == [1, 0]


def test_an_edit_that_breaks_the_route_is_refused_saying_where(scenario):
    data = to_json(_played(scenario), scenario)
    renamed = load_scenario_text(TEXT.replace("id: stay", "id: stay-a-while"))
    with pytest.raises(SaveError) as error:
        from_json(renamed, data)
    assert str(error.value) == ("the scenario file has changed since this save was made, and the route played no "
                                "longer fits it: at step 2 'talk' no longer has the choice 'stay'")
    hidden = load_scenario_text(TEXT.replace("when: trust >= 1", "when: trust >= 2"))
    with pytest.raises(SaveError, match="at step 2 the choice 'stay' of 'talk' is no longer offered on this route"):
        from_json(hidden, data)


def test_a_number_names_a_choice_without_an_id_only_while_it_has_none(scenario):
    text = TEXT.replace("      - id: sit-down\n        text:", "      - text:")
    plain = load_scenario_text(text, "p.yaml")
    data = to_json(choose(plain, start(plain, 1), 0), plain)
    assert data["path"] == [["meet", 1]]
    assert from_json(load_scenario_text(text.replace("Jo is sitting", "Jo sits"), "p.yaml"), data).node == "talk"
    with pytest.raises(SaveError, match="'meet' no longer has choice 1"):
        from_json(load_scenario_text(_reordered(TEXT).replace("      - id: sit-down\n", "      - id: x\n")), data)


def test_a_version_1_save_still_loads_on_its_own_file(scenario):
    state = _played(scenario)
    data = {**to_json(state, scenario), "version": 1,
            "path": [[step.node, step.choice] for step in state.path]}
    assert from_json(scenario, data) == state
    with pytest.raises(SaveError, match="changed since this save was made, so it cannot be resumed"):
        from_json(load_scenario_text(_reordered(TEXT)), data)


def test_a_save_of_the_same_file_must_still_add_up(scenario):
    data = to_json(_played(scenario), scenario)
    data["totals"]["pragmatic"] = 9
    with pytest.raises(SaveError, match="damaged"):
        from_json(scenario, data)


def test_the_autosave_resumes_after_the_file_is_reordered(tmp_path, scenario):
    path = tmp_path / "s.yaml"
    path.write_text(TEXT)
    state = choose(scenario, start(scenario, 3), 0)
    assert save_progress(str(path), to_json(state, scenario), "coach") is None
    path.write_text(_reordered(TEXT))
    progress, problem = load_progress()
    assert problem is None
    from game.model import load_scenario

    restored = from_json(load_scenario(progress.scenario_path), progress.state)
    assert restored.node == "talk" and restored.revealed == state.revealed
