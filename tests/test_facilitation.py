"""Facilitator mode without a window: votes, takes, jumping back, the record of every branch,
its JSON and CSV forms, and the session files on disk."""

import csv
import json
from dataclasses import replace
from datetime import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.engine import Step, is_over, offered_choices, replay
from game.facilitation import (FACILITATOR, MAJORITY, TIE_BREAK, SessionError, add_vote, clear_votes, csv_columns,
                               csv_rows, from_json, jump_back, leading, letter, letters, main_line, main_line_state,
                               moments_taken, new_session, options, path, set_votes, shorten, show_tally,
                               start_discussion, take, to_json, vote_split, set_phone_votes, moment_key,
                               close_reveal, resume)
from game.model import check_file, load_scenario, load_scenario_text
from game.store.sessions import export_session, load_latest_session, save_session, session_path, sessions_dir

from .conftest import FIXTURES, SCENARIOS

SIT, GO_HOME = 0, 1  # authored choices at 'meet' in small.yaml
STAY, KIT = 0, 1  # at 'talk'
T0 = 1_700_000_000.0


@pytest.fixture(autouse=True)
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("OUTREACH_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


@pytest.fixture
def park():
    return load_scenario(SCENARIOS / "overdose-in-the-park.yaml")


def through_json(session):
    return json.loads(json.dumps(to_json(session)))


def workshop(small):
    """A whole session on small.yaml: the room's path to a mixed ending, then the facilitator
    goes back to moment 1 and takes, against the room, the option that ends it alone."""
    s = new_session(small, 3, T0)
    for _ in range(4):
        s = add_vote(s, SIT)
    s = add_vote(s, GO_HOME, +1)
    s = add_vote(s, GO_HOME, +1)
    for _ in range(3):  # Shift-minus once too often: stays at 0
        s = add_vote(s, GO_HOME, -1)
    assert s.visit.votes_for(GO_HOME) == 0
    s = set_votes(s, GO_HOME, 2)  # typed
    s = show_tally(s)
    assert leading(s) == [SIT]
    with pytest.raises(SessionError, match="overrides the room's vote"):
        take(s, small, GO_HOME, T0 + 90)
    s = take(s, small, SIT, T0 + 90)  # moment 1: 90 seconds, by majority
    s = set_votes(s, STAY, 3)
    s = set_votes(s, KIT, 3)
    assert sorted(leading(s)) == [STAY, KIT]
    s = take(s, small, KIT, T0 + 150)  # moment 2: 60 seconds, a tie-break
    assert s.is_over and s.state.node == "mixed-end"
    s = jump_back(s, small, 1, T0 + 200)
    s = set_votes(s, SIT, 5)
    s = add_vote(s, GO_HOME)
    s = take(s, small, GO_HOME, T0 + 260, overridden=True)  # the road not taken: 60 seconds
    assert s.is_over and s.state.node == "alone-end"
    return s


# Letters and votes

def test_letters_follow_the_offered_order(small):
    s = new_session(small, 3, T0)
    offered = offered_choices(small, s.state)
    assert letters(offered) == {letter(i): o.index for i, o in enumerate(offered)}
    assert list(letters(offered)) == ["A", "B"]
    assert [o.letter for o in options(s, small)] == ["A", "B"]
    assert [o.index for o in options(s, small)] == [o.index for o in offered]
    assert [letter(i) for i in (0, 25, 26, 27, 51, 52)] == ["A", "Z", "AA", "AB", "AZ", "BA"]


def test_votes_never_go_below_zero_and_typed_counts_replace(small):
    s = new_session(small, 3, T0)
    assert add_vote(s, SIT, -1) is s  # nothing changed: the same value, no autosave needed
    s = add_vote(s, SIT, 3)
    s = add_vote(s, SIT, -5)
    assert s.visit.votes_for(SIT) == 0
    s = set_votes(s, SIT, 12)
    assert s.visit.votes_for(SIT) == 12 and s.visit.total_votes == 12
    for bad in (-1, 1.5, True, "3", 10_000):
        with pytest.raises(SessionError):
            set_votes(s, SIT, bad)
    with pytest.raises(SessionError, match="not offered"):
        add_vote(s, 7)
    assert clear_votes(s).visit.total_votes == 0


def test_leading_is_empty_without_votes_and_lists_every_tied_option(small):
    s = new_session(small, 3, T0)
    assert leading(s) == []
    s = set_votes(set_votes(s, SIT, 2), GO_HOME, 2)
    assert leading(s) == list(s.visit.options)
    assert all(o.leading for o in options(s, small))
    s = add_vote(s, GO_HOME)
    assert leading(s) == [GO_HOME]
    assert [o.leading for o in options(s, small)] == [o.index == GO_HOME for o in options(s, small)]


def test_with_no_votes_the_facilitator_decides(small):
    s = take(new_session(small, 3, T0), small, SIT, T0 + 5)
    assert path(s)[0].taken_by == FACILITATOR


def test_start_discussion_restarts_the_clock_of_the_moment(small):
    s = take(new_session(small, 3, T0), small, SIT, T0 + 10)
    s = start_discussion(s, T0 + 40)  # the feedback was on screen for 30 seconds
    s = take(s, small, STAY, T0 + 100)
    assert [v.seconds for v in path(s)] == [10.0, 60.0]


def test_time_never_runs_backwards_and_must_be_a_number(small):
    s = new_session(small, 3, T0)
    assert path(take(s, small, SIT, T0 - 50))[0].seconds == 0.0
    for bad in (float("nan"), float("inf"), None, "now", True):
        with pytest.raises(SessionError):
            take(s, small, SIT, bad)
        with pytest.raises(SessionError):
            new_session(small, 3, bad)


# A whole workshop

def test_the_record_keeps_both_branches_and_marks_the_main_line(small):
    s = workshop(small)
    first, second = s.branches
    assert (first.number, first.parent, first.fork_at, first.ending, first.ended_at) == (1, None, 1, "mixed-end",
                                                                                         T0 + 150)
    assert (second.number, second.parent, second.fork_at, second.ending) == (2, 1, 1, "alone-end")
    assert main_line(s) == 1  # the room's own run: the first road to an ending
    m1, m2 = first.visits
    assert (m1.moment, m1.node, m1.votes_for(SIT), m1.votes_for(GO_HOME), m1.tally_shown) == (1, "meet", 4, 2, True)
    assert (m1.taken, m1.taken_by, m1.seconds, m1.started_at) == (SIT, MAJORITY, 90.0, T0)
    assert (m2.moment, m2.node, m2.votes_for(STAY), m2.votes_for(KIT)) == (2, "talk", 3, 3)
    assert (m2.taken, m2.taken_by, m2.seconds, m2.started_at) == (KIT, TIE_BREAK, 60.0, T0 + 90)
    (again,) = second.visits
    assert (again.moment, again.votes_for(SIT), again.votes_for(GO_HOME), again.tally_shown) == (1, 5, 1, False)
    assert (again.taken, again.taken_by, again.seconds, again.started_at) == (GO_HOME, FACILITATOR, 60.0, T0 + 200)
    assert path(s) == (again,) and path(s, 1) == (m1, m2)
    assert s.state == replay(small, 3, [Step("meet", GO_HOME)])
    assert main_line_state(s, small) == replay(small, 3, [Step("meet", SIT), Step("talk", KIT)])


def test_jump_back_list_and_vote_split(small):
    s = workshop(small)
    text = {i: small.nodes["meet"].choices[i].spec.text for i in (SIT, GO_HOME)}
    (moment,) = moments_taken(s, small)
    assert (moment.number, moment.node, moment.text, moment.taken_by) == (1, "meet", text[GO_HOME], FACILITATOR)
    assert moment.letter == path(s)[0].letter_of(GO_HOME)
    split = vote_split(s, small)
    assert split == [{text[SIT]: 5, text[GO_HOME]: 1}]
    assert list(split[0]) == [text[i] for i in path(s)[0].options]  # in the order the room saw them
    talk = {i: small.nodes["talk"].choices[i].spec.text for i in (STAY, KIT)}
    assert vote_split(s, small, 1) == [{text[SIT]: 4, text[GO_HOME]: 2}, {talk[STAY]: 3, talk[KIT]: 3}]


def test_vote_split_is_none_where_nobody_voted(small):
    s = take(new_session(small, 3, T0), small, SIT, T0 + 5)
    s = set_votes(s, STAY, 1)
    s = take(s, small, STAY, T0 + 9)
    assert vote_split(s, small) == [None, {t: n for t, n in (
        (small.nodes["talk"].choices[i].spec.text, 1 if i == STAY else 0) for i in path(s)[1].options)}]


def test_the_main_line_is_the_current_path_until_a_branch_ends(small):
    s = take(new_session(small, 3, T0), small, SIT, T0 + 5)
    assert main_line(s) == 1
    s = jump_back(s, small, 1, T0 + 10)
    assert main_line(s) == 2  # nothing ended yet: the path at export time
    s = take(s, small, SIT, T0 + 12)
    s = take(s, small, STAY, T0 + 15)  # branch 2 ends: the room's own run
    s = jump_back(s, small, 2, T0 + 20)
    s = add_vote(s, KIT)  # exploring, not finished
    assert (len(s.branches), main_line(s)) == (3, 2)
    s = take(s, small, KIT, T0 + 25)  # a later road to an ending does not replace it
    assert (s.is_over, main_line(s)) == (True, 2)


def test_jumping_back_from_an_open_moment_keeps_it_with_its_time(small):
    s = take(new_session(small, 3, T0), small, SIT, T0 + 5)
    s = add_vote(s, STAY, 2)
    s = jump_back(s, small, 1, T0 + 35)
    left = s.branches[0].visits[-1]
    assert (left.node, left.taken, left.votes_for(STAY), left.seconds) == ("talk", None, 2, 30.0)
    assert s.visit.moment == 1 and s.visit.total_votes == 0 and s.moment == 1


def test_jump_back_can_keep_the_room_s_earlier_votes(small):
    s = workshop(small)
    s = jump_back(s, small, 1, T0 + 300, keep_votes=True)
    assert s.visit.votes == path(s, 2)[0].votes and s.visit.taken is None


def test_an_exploration_left_before_anything_happened_is_dropped(park):
    s = new_session(park, 11, T0)
    for t in range(4):
        s = take(s, park, s.visit.options[0], T0 + t + 1)
    s = jump_back(s, park, 3, T0 + 10)
    s = jump_back(s, park, 2, T0 + 11)  # changed their mind at once: branch 2 held nothing
    assert [(b.number, b.parent, b.fork_at) for b in s.branches] == [(1, None, 1), (2, 1, 2)]
    s = add_vote(s, s.visit.options[-1])
    s = jump_back(s, park, 1, T0 + 12)  # this one held a vote: kept
    assert [(b.number, b.parent, b.fork_at) for b in s.branches] == [(1, None, 1), (2, 1, 2), (3, 2, 1)]


def test_branches_share_the_moments_before_they_start(park):
    s = new_session(park, 11, T0)
    for t in range(4):
        s = take(s, park, s.visit.options[0], T0 + t + 1)
    s = jump_back(s, park, 3, T0 + 10)
    s = take(s, park, s.visit.options[-1], T0 + 11)
    s = take(s, park, s.visit.options[0], T0 + 12)
    s = jump_back(s, park, 2, T0 + 13)
    one, two, three = (path(s, n) for n in (1, 2, 3))
    assert two[:2] == one[:2] and two[2] != one[2]
    assert three[:1] == one[:1] and len(three) == 2 and three[1].is_open
    assert s.state == replay(park, 11, [Step(v.node, v.taken) for v in three[:1]])
    assert from_json(park, through_json(s)) == s


def test_nothing_to_vote_on_or_go_back_to(small):
    s = new_session(small, 3, T0)
    with pytest.raises(SessionError, match="no earlier moment"):
        jump_back(s, small, 1, T0)
    s = take(s, small, GO_HOME, T0 + 1)
    assert s.is_over and s.visit is None and leading(s) == [] and options(s, small) == ()
    with pytest.raises(SessionError, match="ended"):
        add_vote(s, SIT)
    with pytest.raises(SessionError, match="moments 1 to 1"):
        jump_back(s, small, 2, T0 + 2)


def test_a_session_works_only_with_its_own_scenario(small, park):
    s = new_session(small, 3, T0)
    with pytest.raises(SessionError, match="small"):
        take(s, park, 0, T0 + 1)


def test_short_text_cuts_at_a_word():
    assert shorten("Offer to stay a while.") == "Offer to stay a while."
    cut = shorten("Kneel down to her level and say, quietly, that you are here and not going anywhere soon.", 40)
    assert len(cut) <= 40 and cut.endswith("…") and " " not in cut[-2:]


# JSON

def test_json_round_trip_is_exact(small):
    s = workshop(small)
    data = through_json(s)
    assert data["kind"] == "outreach-facilitation" and data["version"] == 2
    assert data["scenario"] == "small" and data["main_line"] == 1 and len(data["branches"]) == 2
    assert data["branches"][0]["visits"][0]["options"] == [
        {"choice": i, "votes": {SIT: 4, GO_HOME: 2}[i]} for i in path(s, 1)[0].options]
    assert from_json(small, data) == s
    middle = take(new_session(small, 3, T0), small, SIT, T0 + 1.25)
    assert from_json(small, through_json(add_vote(middle, KIT))) == add_vote(middle, KIT)


def test_a_foreign_or_changed_record_is_refused(small, park):
    data = through_json(workshop(small))
    with pytest.raises(SessionError, match="belongs to the scenario 'small', not 'overdose-in-the-park'"):
        from_json(park, data)
    edited = load_scenario_text((FIXTURES / "small.yaml").read_text().replace("A small test", "A small test, v2"),
                                "small.yaml")
    with pytest.raises(SessionError, match="scenario file has changed"):
        from_json(edited, data)
    with pytest.raises(SessionError, match="newer version"):
        from_json(small, {**data, "version": 3})
    with pytest.raises(SessionError, match="not an Outreach facilitation session"):
        from_json(small, {**data, "kind": "outreach-play-state"})
    with pytest.raises(SessionError, match="not an Outreach"):
        from_json(small, [data])


def test_a_version_1_record_still_loads(small):
    """Version 1 named the latest road to an ending as the main line; it is read all the same."""
    data = through_json(workshop(small))
    for key in ("label", "facilitator", "head_count", "revealing"):
        data.pop(key)
    s = from_json(small, {**data, "version": 1, "main_line": 2})
    assert s == replace(workshop(small), revealing=False) and main_line(s) == 1


def test_label_phones_and_the_reveal_survive_json(small):
    s = new_session(small, 3, T0, label="  Tuesday\ncohort ", facilitator="Sam", head_count=25)
    assert (s.label, s.facilitator, s.head_count) == ("Tuesday cohort", "Sam", 25)
    s = set_phone_votes(s, [3, 1] if s.visit.position(SIT) == 0 else [1, 3])  # phones favour sitting down
    s = add_vote(s, SIT)
    by = {o.index: o for o in options(s, small)}
    assert (by[SIT].hands, by[SIT].phones, by[GO_HOME].hands) == (1, s.visit.phone_votes[s.visit.position(SIT)], 0)
    assert s.visit.total_votes == 5
    s = take(s, small, s.visit.leading[0], T0 + 30)
    assert s.revealing and moment_key(s) is None
    again = from_json(small, through_json(s))
    assert again == s and again.revealing
    s = close_reveal(s, T0 + 40)
    assert not s.revealing and s.visit.started_at == T0 + 40 and moment_key(s) == "1-2"
    assert from_json(small, through_json(s)) == s
    with pytest.raises(SessionError):
        set_phone_votes(s, [1])
    with pytest.raises(SessionError):
        set_phone_votes(s, [-1, 0])
    with pytest.raises(SessionError):
        new_session(small, 3, T0, head_count=-2)


def test_phone_votes_decide_like_hands(small):
    s = new_session(small, 3, T0)
    sit = s.visit.position(SIT)
    phones = [0, 0]
    phones[sit] = 2
    s = set_phone_votes(s, phones)
    s = add_vote(s, GO_HOME)  # 2 phones beat 1 hand
    assert leading(s) == [SIT]
    s = take(s, small, SIT, T0 + 5)
    assert path(s)[0].taken_by == MAJORITY


def test_time_away_after_a_crash_is_not_counted(small):
    s = new_session(small, 3, T0)
    s = resume(s, T0 + 20, T0 + 620)  # saved at +20, picked up ten minutes later
    assert s.visit.started_at == T0 + 600
    s = take(s, small, SIT, T0 + 630)
    assert path(s)[0].seconds == 30.0
    assert resume(s, T0 + 700, T0 + 650) is not None


def damage(data, change):
    data = json.loads(json.dumps(data))
    change(data)
    return data


@pytest.mark.parametrize("change", [
    lambda d: d["branches"][0]["visits"][0]["options"][0].update(votes=-1),
    lambda d: d["branches"][0]["visits"][0].update(taken_by="facilitator"),  # the room had a majority
    lambda d: d["branches"][0]["visits"][0].update(node="talk"),
    lambda d: d["branches"][0]["visits"][0]["options"].reverse(),
    lambda d: d["branches"][0]["visits"][1].update(taken=None, taken_by=None),
    lambda d: d["branches"][1].update(parent=2),
    lambda d: d["branches"][1].update(fork_at=3),
    lambda d: d["branches"][1].update(ending="good-end"),
    lambda d: d["branches"].pop(),
    lambda d: d.update(branches=[]),
    lambda d: d.update(main_line=2),
    lambda d: d.pop("main_line"),
    lambda d: d.update(seed="3"),
    lambda d: d.update(started_at=None),
    lambda d: d["branches"][0]["visits"][0].pop("seconds"),
    lambda d: d["state"].update(node="good-end"),
])
def test_a_damaged_record_is_refused_with_a_message(small, change):
    with pytest.raises(SessionError, match="damaged"):
        from_json(small, damage(through_json(workshop(small)), change))


# CSV

def test_csv_one_row_per_moment_per_road_main_line_first(small):
    s = workshop(small)
    rows = csv_rows(s, small)
    assert all(tuple(row) == csv_columns(s) for row in rows)
    assert "votes_A" in csv_columns(s) and "votes_B" in csv_columns(s) and "votes_C" not in csv_columns(s)
    started = f"{datetime.utcfromtimestamp(T0):%Y-%m-%d %H:%M} UTC"
    meet, talk = small.nodes["meet"].choices, small.nodes["talk"].choices
    assert [(r["road"], r["branch"], r["moment"]) for r in rows] == [
        ("main line", 1, 1), ("main line", 1, 2), ("branch 2", 2, 1)]
    first, second, branch = rows
    sit = path(s, 1)[0].letter_of(SIT)
    assert first == {
        "scenario": "small", "session_started": started, "session_label": "", "facilitator": "", "head_count": "",
        "road": "main line", "branch": 1, "moment": 1, "node": "meet", "option_taken": sit, "choice_id": "",
        "option_text": meet[SIT].spec.text, "taken_by": "majority",
        f"votes_{sit}": 4, f"votes_{path(s, 1)[0].letter_of(GO_HOME)}": 2, f"option_{sit}": meet[SIT].spec.text,
        f"option_{path(s, 1)[0].letter_of(GO_HOME)}": meet[GO_HOME].spec.text,
        "hand_votes": 6, "phone_votes": 0, "total_votes": 6, "seconds": "90.0",
        "score_health_dignity": 2, "score_participant_centered": 1, "score_participant_involvement": 0,
        "score_participant_autonomy": 0, "score_sociocultural": 0, "score_pragmatic": 0,
        "ending": "A kit left behind", "ending_kind": "mixed"}
    assert (second["option_text"], second["taken_by"], second["score_pragmatic"], second["total_votes"]) == (
        talk[KIT].spec.text, "tie-break", 1, 6)
    assert (branch["option_text"], branch["taken_by"], branch["total_votes"], branch["ending"],
            branch["ending_kind"], branch["score_participant_centered"]) == (
        meet[GO_HOME].spec.text, "facilitator", 6, "Alone", "poor", -2)


def test_csv_shows_the_open_moment_and_a_road_that_stopped(small):
    s = take(new_session(small, 3, T0, label="Tuesday cohort", facilitator="Sam", head_count=24), small, SIT,
             T0 + 5)
    s = jump_back(s, small, 1, T0 + 9)  # left before an ending: the room's run goes on from here
    s = add_vote(s, GO_HOME)
    rows = csv_rows(s, small)
    assert [(r["road"], r["moment"], r["option_taken"] != "") for r in rows] == [
        ("main line", 1, False), ("branch 1", 1, True), ("branch 1", 2, False)]
    assert {(r["session_label"], r["facilitator"], r["head_count"]) for r in rows} == {("Tuesday cohort", "Sam", 24)}
    assert all(r["ending"] == "" for r in rows)


# Storage

def test_save_and_load_the_latest_session(small):
    assert load_latest_session(small) == (None, None)
    s = new_session(small, 3, T0)
    assert save_session(s) is None
    s = add_vote(s, SIT)
    assert save_session(s) is None  # the same file, rewritten
    assert [p.name for p in sessions_dir().iterdir()] == [session_path(s).name]
    assert session_path(s).name.startswith("small-") and session_path(s).suffix == ".json"
    assert load_latest_session(small) == (s, None)
    later = workshop(small)
    later = type(later)(later.scenario_id, later.content_hash, later.seed, T0 + 3600, later.state, later.branches)
    save_session(later)
    assert load_latest_session(small) == (later, None)


def test_sessions_of_another_scenario_with_a_longer_id_do_not_count(small):
    sessions_dir().mkdir(parents=True)
    (sessions_dir() / "small-talk-20990101-000000.json").write_text("{}")
    assert load_latest_session(small) == (None, None)


def test_a_damaged_or_outdated_session_file_gives_a_message(small):
    s = new_session(small, 3, T0)
    save_session(s)
    session_path(s).write_text("{ not json")
    found, problem = load_latest_session(small)
    assert found is None and "damaged" in problem
    edited = load_scenario_text((FIXTURES / "small.yaml").read_text().replace("A small test", "Changed"),
                                "small.yaml")
    save_session(s)
    found, problem = load_latest_session(edited)
    assert found is None and "changed" in problem
    session_path(s).write_text(json.dumps({**to_json(s), "version": 99}))
    found, problem = load_latest_session(small)
    assert found is None and "newer version" in problem


def test_export_writes_the_record_the_table_and_the_debrief(small, tmp_path):
    s = workshop(small)
    paths = export_session(s, small, tmp_path / "out")
    assert set(paths) == {"json", "csv", "html"} and all(p.parent == tmp_path / "out" for p in paths.values())
    assert [p.name for p in (tmp_path / "out").iterdir() if p.name.endswith(".tmp")] == []
    assert from_json(small, json.loads(paths["json"].read_text(encoding="utf-8"))) == s
    with paths["csv"].open(encoding="utf-8", newline="") as file:
        reader = csv.DictReader(file)
        assert tuple(reader.fieldnames) == csv_columns(s)
        rows = list(reader)
    assert rows == [{k: str(v) for k, v in row.items()} for row in csv_rows(s, small)]
    page = paths["html"].read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "votes at moment 1</caption>" in page
    main_at, branch_at = page.index('<section id="summary"'), page.index('<section id="branch-2"')
    ending = page.index('<section id="ending"')
    assert "Branch 2: explored from moment 1</h2>" in page[branch_at:]
    assert main_at < ending < branch_at  # the main line first, the branch after it, labelled
    assert "A kit left behind" in page[ending:branch_at] and "Alone" in page[branch_at:]
    assert "The room&#x27;s total" in page and "Your total" not in page
    again = export_session(s, small, tmp_path / "out")
    assert again["json"] != paths["json"] and paths["json"].exists()


def test_export_defaults_to_the_exports_folder(small, home):
    paths = export_session(workshop(small), small)
    assert all(p.parent == home / "data" / "exports" and p.exists() for p in paths.values())


# Properties

PLAYABLE = [r.scenario for r in map(check_file, [FIXTURES / "small.yaml", *sorted(SCENARIOS.glob("*.yaml"))])
            if r.scenario is not None]

take_op = st.tuples(st.just("take"), st.integers(0, 5), st.booleans())
operations = st.lists(st.one_of(
    st.tuples(st.just("vote"), st.integers(0, 5), st.sampled_from([-1, 1, 2])),
    st.tuples(st.just("set"), st.integers(0, 5), st.integers(0, 30)),
    st.tuples(st.just("show"), st.booleans()),
    st.tuples(st.just("discuss")),
    take_op, take_op, take_op,  # the room mostly moves on
    st.tuples(st.just("jump"), st.integers(1, 12), st.booleans()),
    st.tuples(st.just("jump"), st.integers(1, 12), st.booleans()),
), min_size=5, max_size=80)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(PLAYABLE), st.integers(0, 2**31), operations,
       st.lists(st.floats(0, 600, allow_nan=False), min_size=1, max_size=60))
def test_any_session_survives_json_exactly(scenario, seed, ops, gaps):
    now = T0
    s = new_session(scenario, seed, now)
    for number, op in enumerate(ops):
        now += gaps[number % len(gaps)]
        visit = s.visit
        try:
            if op[0] == "vote" and visit:
                s = add_vote(s, visit.options[op[1] % len(visit.options)], op[2])
            elif op[0] == "set" and visit:
                s = set_votes(s, visit.options[op[1] % len(visit.options)], op[2])
            elif op[0] == "show" and visit:
                s = show_tally(s, op[1])
            elif op[0] == "discuss" and visit:
                s = start_discussion(s, now)
            elif op[0] == "take" and visit and visit.options:
                s = take(s, scenario, visit.options[op[1] % len(visit.options)], now, overridden=op[2])
            elif op[0] == "jump" and s.state.path:
                s = jump_back(s, scenario, 1 + (op[1] - 1) % len(s.state.path), now, keep_votes=op[2])
        except SessionError as error:
            assert "overrides the room's vote" in str(error)
        assert all(n >= 0 for b in s.branches for v in b.visits for n in v.votes)
    assert from_json(scenario, json.loads(json.dumps(to_json(s)))) == s
    current = path(s)
    assert [Step(v.node, v.taken) for v in current if v.taken is not None] == list(s.state.path)
    assert s.is_over == is_over(scenario, s.state)
    # Every moment the room met is one row: on the main line's road or on its own branch's.
    assert len(csv_rows(s, scenario)) == sum(len(b.visits) for b in s.branches)
    assert {r["road"] for r in csv_rows(s, scenario)[:len(path(s, main_line(s)))]} == {"main line"}
    assert len(vote_split(s, scenario)) == len(s.state.path)


def test_two_sessions_started_in_the_same_second_keep_separate_files():
    from game.facilitation import new_session
    from game.model import load_scenario
    from game.store.sessions import session_path

    from .conftest import SCENARIOS as folder

    scenario = load_scenario(folder / "overdose-in-the-park.yaml")
    first = new_session(scenario, 1, 1_800_000_000.100)
    second = new_session(scenario, 1, 1_800_000_000.900)
    assert session_path(first) != session_path(second)
