"""The terminal player does what the window does: the debrief in the same order and in pages,
re-reading at every prompt, export, completion records and per-scenario saves, through a pipe."""

import re

import pytest

from game.store import data_dir, load_progress, load_records

from .conftest import FIXTURES
from .test_cli import BEST_PATH, numbers_for, run

SMALL = FIXTURES / "small.yaml"


@pytest.fixture(autouse=True)
def fresh_progress():
    from game.store import clear_progress

    clear_progress()
    yield
    clear_progress()


def test_a_whole_game_through_a_pipe_with_commands_reflection_and_export(small):
    first, second = numbers_for(small, 1, BEST_PATH)
    before = load_records().get("small")
    answers = ["", "?", "r", "k", "g", first, "", "h", second, "", "",
               "Tense, but I stayed", "5", "4", "", "3", "2", "1",  # reactions, then a rating per principle
               "", "", "", "",  # the debrief's parts
               "Ask before acting", "y"]
    result = run("play", "--text", "--seed", "1", str(SMALL), stdin="\n".join(answers) + "\n",
                 env={"COLUMNS": "50"})
    out = result.stdout
    assert result.returncode == 0 and "Traceback" not in result.stderr
    # Every line fits, but for a prompt followed by the answer echoed from the pipe.
    assert [line for line in out.splitlines() if len(line) > 50 and not line.endswith(tuple(answers[11:]))] == []
    # ? lists the commands; r reads the moment again; k, h and g answer and the question comes back.
    assert "Commands you can type at any question:" in out and "Moment 1, again." in out
    assert "What you know so far." in out and "Glossary." in out and "Health and Dignity:" in out
    history = out.split("History, moment by moment.")[1].split("End of the history.")[0]
    assert "Moment 1." in history and "You chose: Sit down beside Jo and ask how they" in history
    # The window's order: reactions, self-rating, results in parts, take-home line, export.
    order = ["How did that feel?", "How well do you think you honoured", "Part 1 of 5.", "Part 5 of 5.",
             "Your take-home line", "Saved the debrief to"]
    flat = " ".join(out.split())  # as read aloud: lines joined
    places = [flat.index(words) for words in order]
    assert places == sorted(places)
    assert out.count("Press Enter for the next part") == 4
    assert "How it felt, in your words: Tense, but I stayed" in flat
    assert "Participant-Centered Services: plus 1 (possible minus 2 to plus 1). You rated it 4 of 5." in flat  # Participant-Centered Services: the second rating
    exported = sorted((data_dir() / "exports").glob("small-*.html"), key=lambda p: p.stat().st_mtime)[-1]
    page = exported.read_text()
    assert "Ask before acting" in page and "Tense, but I stayed" in page
    after = load_records()["small"]
    assert after.times_completed == (before.times_completed if before else 0) + 1
    assert load_progress(str(SMALL.resolve())) == (None, None)  # finished: nothing left to resume


def test_a_game_left_midway_resumes_from_its_own_save(small):
    first = numbers_for(small, 1, BEST_PATH[:1])[0]
    left = run("play", "--text", "--seed", "1", str(SMALL), stdin=f"\n{first}\n\nq\n")
    assert left.stdout.endswith("You left the scenario.\n")
    saved, _ = load_progress(str(SMALL.resolve()))
    assert saved is not None and len(saved.state["path"]) == 1
    second = numbers_for(small, 1, BEST_PATH)[1]
    resumed = run("play", "--text", "--resume", str(SMALL), stdin=f"\nk\n{second}\n\n\n")
    out = resumed.stdout
    assert "Resuming your saved game of A small test at moment 2." in out
    assert "You are resuming at moment 2." in out and "Moment 1." not in out
    assert "Nobody else is around." in out.split("What you know so far.")[1]
    assert "Ending: Someone stays (good)." in out and "Part 1 of 5." in out


def test_a_web_address_wraps_at_a_sensible_place_at_any_width():
    from game.text.player import write
    import io

    url = "https://www.example.org/resources/harm-reduction/naloxone-guide-for-outreach-workers.pdf"
    for width in (40, 50, 63):
        out = io.StringIO()
        write(out, f"- Naloxone guide. Example, 2024. {url}", "  ", "  ", width)
        lines = out.getvalue().splitlines()
        assert all(len(line) <= width for line in lines)
        assert "".join(line.strip() for line in lines).endswith(url.replace(" ", ""))
        assert all(re.search(r"[/.\-_]$|\w$", line) for line in lines)
        assert url in "".join(line.strip() if i else line.strip() + " " for i, line in enumerate(lines)).replace(
            "2024.https", "2024. https")
