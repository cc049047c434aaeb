"""`storyboard --path` names choices as the author wrote them (number as written, or id), whatever
the shuffled order on screen; a path that does not fit is refused with a clear message."""

import pytest

from game.cli import main
from game.engine.route import RouteError, finish, follow
from game.model import load_scenario

from .conftest import FIXTURES

PLAYTESTED = FIXTURES / "playtested.yaml"


@pytest.fixture(scope="module")
def scenario():
    return load_scenario(PLAYTESTED)


def test_a_path_by_numbers_as_written_and_ids_is_followed_whatever_the_seed(scenario):
    for seed in (1, 2):  # seed 1 shows send-home first, seed 2 sit-down first
        state = follow(scenario, [1, "leave-kit"], seed)
        assert state.node == "mixed-end"
        assert [step.choice for step in state.path] == [0, 1]


@pytest.mark.parametrize("path, message", [
    ([1, 7], "step 2, at 'talk': 'talk' has 2 choices, so there is no choice 7"),
    ([2, 1, 1], "the path reaches the ending 'alone-end' (Alone) after 1 step, so the rest of it (1,1) cannot be "
                "taken"),
    (["stay-home"], "step 1, at 'meet': 'meet' has no choice with the id or text \"stay-home\" (its ids: sit-down, "
                    "send-home)"),
])
def test_a_path_that_does_not_fit_is_refused(scenario, path, message):
    with pytest.raises(RouteError) as error:
        follow(scenario, path, 1)
    assert str(error.value) == message


def test_a_choice_not_offered_on_the_path_is_refused(tmp_path):
    text = PLAYTESTED.read_text().split("playtests:")[0].replace("effects: [trust += 1]", "effects: [trust -= 1]")
    path = tmp_path / "s.yaml"
    path.write_text(text)
    with pytest.raises(RouteError, match=r"step 2, at 'talk': choice 1 \('stay'\) is not offered at this point "
                                         r"\(its condition 'trust >= 1' is false\)"):
        follow(load_scenario(path), [1, 1], 1)


def test_after_the_path_play_goes_on_with_the_first_choice_on_screen(scenario):
    state = finish(scenario, follow(scenario, [1], 1))
    assert scenario.nodes[state.node].is_ending and len(state.path) == 2


@pytest.mark.parametrize("path, status, words", [
    ("1,7", 2, "error: --path: step 2, at 'talk': 'talk' has 2 choices, so there is no choice 7"),
    ("send-home,1", 2, "the path reaches the ending 'alone-end' (Alone) after 1 step"),
    ("0", 2, "choice numbers start at 1"),
])
def test_the_command_refuses_a_path_that_does_not_fit(tmp_path, capsys, path, status, words):
    with pytest.raises(SystemExit) if path == "0" else _nothing():
        assert main(["storyboard", str(PLAYTESTED), "--out", str(tmp_path), "--path", path]) == status
    assert words in capsys.readouterr().err
    assert not list(tmp_path.glob("*.png"))


class _nothing:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def test_the_command_takes_the_authored_choice_and_says_which_ending(tmp_path, capsys):
    for seed in ("1", "2"):
        out = tmp_path / seed
        assert main(["storyboard", str(PLAYTESTED), "--out", str(out), "--path", "sit-down,2", "--seed", seed,
                     "--size", "800x600"]) == 0
        printed = capsys.readouterr().out
        assert "ending reached: 'mixed-end' (mixed: A kit left behind), after 2 choices" in printed
        moments = sorted(p.name for p in out.glob("*-moment-*.png"))
        assert len(moments) == 3, moments  # meet, talk, and the ending: the same route for both seeds


def test_facilitate_mode_takes_the_authored_choices_too(tmp_path, capsys):
    assert main(["storyboard", str(PLAYTESTED), "--out", str(tmp_path), "--mode", "facilitate", "--path",
                 "sit-down,leave-kit", "--seed", "1", "--size", "1024x600"]) == 0
    assert "ending reached: 'mixed-end' (mixed: A kit left behind), after 2 choices" in capsys.readouterr().out
    reveals = sorted(p.name for p in tmp_path.glob("*-reveal.png"))
    assert len(reveals) == 2, reveals  # two moments voted on: the route did not end at the first
