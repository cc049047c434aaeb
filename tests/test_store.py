"""Storage: round trips, damaged and foreign files, atomic writes, and OUTREACH_HOME isolation."""

import json
import math
import os
from datetime import UTC, datetime, timedelta

import pytest

from game import store
from game.engine import build_debrief, choose, from_json, start, to_json
from game.store.autosave import autosave_path, list_progress
from game.store import (Settings, clear_progress, config_dir, data_dir, export_debrief, folders, load_progress,
                        load_records, load_settings, read_json, record_completion, save_progress, save_settings,
                        write_atomic)


@pytest.fixture(autouse=True)
def home(tmp_path, monkeypatch):
    """Every test here gets its own OUTREACH_HOME: the real player's folders are never touched."""
    monkeypatch.setenv("OUTREACH_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


def leftovers(folder):
    return [p.name for p in folder.iterdir() if p.name.endswith(".tmp")]


# Folders

def test_outreach_home_puts_every_folder_under_it(home):
    assert config_dir() == home / "config"
    assert data_dir() == home / "data"
    assert store.cache_dir() == home / "cache"
    assert all((home / name).is_dir() for name in ("config", "data", "cache"))


def test_without_outreach_home_the_platform_folders_named_outreach_are_used(tmp_path, monkeypatch):
    monkeypatch.delenv("OUTREACH_HOME")
    asked = []

    def fake_user_config_dir(appname, appauthor=None):
        asked.append((appname, appauthor))
        return str(tmp_path / "platform-config")

    monkeypatch.setattr(folders.platformdirs, "user_config_dir", fake_user_config_dir)
    assert config_dir() == tmp_path / "platform-config"
    assert asked == [("outreach", False)]
    assert (tmp_path / "platform-config").is_dir()


# Atomic writes and reading JSON

def test_write_atomic_writes_text_and_bytes(tmp_path):
    write_atomic(tmp_path / "a.txt", "café")
    write_atomic(tmp_path / "b.bin", b"\x00\x01")
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") == "café"
    assert (tmp_path / "b.bin").read_bytes() == b"\x00\x01"
    assert leftovers(tmp_path) == []


def test_write_atomic_creates_missing_folders(tmp_path):
    write_atomic(tmp_path / "new" / "deeper" / "file.json", "{}")
    assert (tmp_path / "new" / "deeper" / "file.json").read_text() == "{}"


def test_failed_replace_leaves_the_old_file_and_no_temporary_file(tmp_path, monkeypatch):
    target = tmp_path / "settings.json"
    target.write_text("old")

    def broken_replace(source, destination):
        raise OSError("disk went away")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError, match="disk went away"):
        write_atomic(target, "new")
    assert target.read_text() == "old"
    assert leftovers(tmp_path) == []


def test_failure_while_writing_leaves_the_old_file(tmp_path, monkeypatch):
    target = tmp_path / "records.json"
    target.write_text("old")

    def broken_fsync(fd):
        raise OSError("no space left")

    monkeypatch.setattr(os, "fsync", broken_fsync)
    with pytest.raises(OSError):
        write_atomic(target, "new " * 10_000)
    assert target.read_text() == "old"
    assert leftovers(tmp_path) == []


def test_content_that_is_not_text_is_refused_before_anything_is_written(tmp_path):
    target = tmp_path / "x.json"
    target.write_text("old")
    with pytest.raises(TypeError):
        write_atomic(target, {"not": "text"})
    assert target.read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.json"]


def test_read_json_of_a_missing_file_is_nothing_and_no_problem(tmp_path):
    assert read_json(tmp_path / "missing.json") == (None, None)


@pytest.mark.parametrize("content", [b"\xff\xfe\x00garbage", b"{not json", b"", b"null", b"[" * 100_000])
def test_read_json_of_a_damaged_file_names_the_file(tmp_path, content):
    path = tmp_path / "damaged.json"
    path.write_bytes(content)
    data, problem = read_json(path)
    assert data is None
    assert str(path) in problem and "\n" not in problem


def test_read_json_of_a_folder_is_a_problem_not_an_exception(tmp_path):
    data, problem = read_json(tmp_path)
    assert data is None and str(tmp_path) in problem


# Settings

def test_settings_default_when_nothing_is_saved():
    assert load_settings() == (Settings(), None)


def test_settings_round_trip_with_a_version():
    chosen = Settings(text_scale=1.75, theme="high-contrast", fullscreen=True, reduced_motion=True,
                      feedback="assessment")
    assert save_settings(chosen) is None
    assert load_settings() == (chosen, None)
    saved = json.loads((config_dir() / "settings.json").read_text())
    assert saved["version"] == 1 and saved["theme"] == "high-contrast"


def test_unknown_settings_are_ignored_and_whole_numbers_accepted_as_scales():
    (config_dir() / "settings.json").write_text(json.dumps({"version": 1, "text_scale": 2, "volume": 11}))
    settings, problem = load_settings()
    assert settings == Settings(text_scale=2.0) and isinstance(settings.text_scale, float)
    assert problem is None


def test_bad_setting_values_fall_back_one_by_one_with_a_message():
    (config_dir() / "settings.json").write_text(json.dumps({
        "version": 1, "text_scale": 3.0, "theme": "neon", "fullscreen": "yes", "reduced_motion": True,
        "feedback": "assessment",
    }))
    settings, problem = load_settings()
    assert settings == Settings(reduced_motion=True, feedback="assessment")
    assert all(name in problem for name in ("text_scale", "theme", "fullscreen"))


@pytest.mark.parametrize("content", [
    b"\x00\x9f\x92\x96 garbage",
    b'{"version": 1, "theme": ',
    b'["a", "list"]',
    b'"just text"',
    b'{"version": 2, "theme": "high-contrast"}',
    b'{"version": "1", "theme": "high-contrast"}',
    b'{"version": true, "theme": "high-contrast"}',
    b'{"theme": "high-contrast"}',
])
def test_damaged_or_foreign_settings_give_defaults_and_a_message(content):
    path = config_dir() / "settings.json"
    path.write_bytes(content)
    settings, problem = load_settings()
    assert settings == Settings()
    assert str(path) in problem and "default" in problem


def test_settings_from_a_newer_version_say_so():
    (config_dir() / "settings.json").write_text('{"version": 7}')
    assert "newer version" in load_settings()[1]


def test_settings_survive_a_home_that_cannot_hold_folders(home, monkeypatch):
    home.parent.mkdir(parents=True, exist_ok=True)
    home.write_text("a file where the folder should be")
    settings, problem = load_settings()
    assert settings == Settings() and problem
    assert save_settings(Settings(theme="high-contrast")).startswith("could not save the settings")


def test_a_failed_settings_save_keeps_the_old_settings(monkeypatch):
    save_settings(Settings(theme="high-contrast"))

    def broken_replace(source, destination):
        raise OSError("disk went away")

    with monkeypatch.context() as patch:  # not monkeypatch.undo(): that would unset OUTREACH_HOME too
        patch.setattr(os, "replace", broken_replace)
        assert "disk went away" in save_settings(Settings(theme="default", fullscreen=True))
    assert load_settings() == (Settings(theme="high-contrast"), None)


# Autosave

@pytest.fixture
def played(small):
    state = choose(small, start(small, seed=3), 0)
    return small, state


def test_progress_round_trip_restores_the_play_state(played):
    scenario, state = played
    before = datetime.now(UTC)
    assert save_progress("/scenarios/small.yaml", to_json(state), "assessment") is None
    progress, problem = load_progress()
    assert problem is None
    assert progress.scenario_path == "/scenarios/small.yaml" and progress.feedback == "assessment"
    assert from_json(scenario, progress.state) == state
    assert before - timedelta(seconds=1) <= progress.saved_at <= datetime.now(UTC)
    saved = json.loads(autosave_path("/scenarios/small.yaml").read_text())
    assert saved["version"] == 1 and saved["state"] == to_json(state)


def test_no_progress_is_nothing_and_no_problem():
    assert load_progress() == (None, None)


def test_clear_progress_empties_the_slot_and_may_be_repeated(played):
    save_progress("/s.yaml", to_json(played[1]), "coach")
    assert clear_progress() is None
    assert load_progress() == (None, None)
    assert clear_progress() is None


def test_each_scenario_has_its_own_slot_and_the_latest_comes_first(played):
    scenario, state = played
    save_progress("/first.yaml", to_json(state), "coach")
    later = choose(scenario, state, 0)
    save_progress("/second.yaml", to_json(later), "coach")
    assert load_progress()[0].scenario_path == "/second.yaml"
    assert load_progress("/first.yaml")[0].state == to_json(state)  # not overwritten by the second
    assert [p.scenario_path for p in list_progress()[0]] == ["/second.yaml", "/first.yaml"]
    save_progress("/first.yaml", to_json(later), "coach")
    assert load_progress()[0].scenario_path == "/first.yaml"
    assert clear_progress("/first.yaml") is None
    assert load_progress("/first.yaml") == (None, None) and load_progress()[0].scenario_path == "/second.yaml"


def test_the_single_slot_of_earlier_versions_is_moved_to_its_scenario_once(played):
    (data_dir() / "autosave.json").write_bytes(autosave_with(scenario_path="/old.yaml"))
    progress, problem = load_progress()
    assert problem is None and progress.scenario_path == "/old.yaml"
    assert not (data_dir() / "autosave.json").exists() and autosave_path("/old.yaml").exists()
    assert load_progress("/old.yaml")[0].scenario_path == "/old.yaml"


def autosave_with(**changes):
    record = {"kind": "outreach-autosave", "version": 1, "scenario_path": "/s.yaml",
              "saved_at": "2025-01-02T03:04:05+00:00", "feedback": "coach",
              "state": {"kind": "outreach-play-state", "version": 1}}
    record.update(changes)
    return json.dumps(record).encode()


def test_a_hand_made_autosave_with_every_field_loads():
    autosave_path("/s.yaml").parent.mkdir(parents=True, exist_ok=True)
    autosave_path("/s.yaml").write_bytes(autosave_with(saved_at="2025-01-02T03:04:05"))
    progress, problem = load_progress()
    assert problem is None and progress.saved_at == datetime(2025, 1, 2, 3, 4, 5, tzinfo=UTC)


@pytest.mark.parametrize("content", [
    b"\xff\xd8\xff garbage",
    b'{"kind": "outreach-autosave", "version": 1, ',
    b"[1, 2, 3]",
    b'{"kind": "someone-elses-save", "version": 1}',
    autosave_with(version=2),
    autosave_with(version=0),
    autosave_with(kind="outreach-records"),
    autosave_with(state=["not", "a", "dict"]),
    autosave_with(state={"kind": "not-a-play-state"}),
    autosave_with(feedback="loud"),
    autosave_with(scenario_path=""),
    autosave_with(saved_at="yesterday"),
    autosave_with(saved_at=None),
])
def test_damaged_or_foreign_autosave_is_ignored_with_a_message(content):
    for path in (data_dir() / "autosave.json", autosave_path("/s.yaml")):  # the old single slot, and a new one
        clear_progress()
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
        progress, problem = load_progress()
        assert progress is None
        assert str(path) in problem and "ignored" in problem and "\n" not in problem


def test_progress_that_cannot_be_serialised_is_a_message_and_keeps_the_old_slot(played):
    save_progress("/s.yaml", to_json(played[1]), "coach")
    problem = save_progress("/s.yaml", {"kind": "outreach-play-state", "bad": object()}, "coach")
    assert problem.startswith("could not autosave")
    assert load_progress()[0].state == to_json(played[1])
    assert load_progress("/s.yaml")[0].state == to_json(played[1])


# Records

def test_records_count_completions_and_keep_the_best():
    assert load_records() == {}
    assert record_completion("small", "mixed", "A kit left behind", 0.5) is None
    assert record_completion("small", "good", "Someone stays", 0.9) is None
    assert record_completion("small", "poor", "Alone", 0.1) is None
    assert record_completion("other", "good", "Fine", 1.0) is None
    records = load_records()
    small = records["small"]
    assert small.times_completed == 3
    assert (small.last_ending_kind, small.last_ending_title) == ("poor", "Alone")
    assert (small.best_share_of_best, small.best_ending_kind) == (0.9, "good")
    assert records["other"].times_completed == 1


def test_share_of_best_is_kept_within_0_and_1_and_must_be_a_number():
    record_completion("small", "good", "Someone stays", 1.2)
    assert load_records()["small"].best_share_of_best == 1.0
    for bad in (math.nan, math.inf, "0.5", True):
        with pytest.raises(ValueError):
            record_completion("small", "good", "Someone stays", bad)


@pytest.mark.parametrize("content", [
    b"\x00\x01\x02 garbage",
    b'{"kind": "outreach-records", "version": 1, "scenarios": {',
    b'"a string"',
    b'{"kind": "outreach-records", "version": 1, "scenarios": []}',
    b'{"kind": "outreach-records", "version": 0, "scenarios": {}}',
    b'{"kind": "photos", "version": 1, "scenarios": {}}',
])
def test_damaged_records_read_as_none_and_are_set_aside_on_the_next_completion(content):
    path = data_dir() / "records.json"
    path.write_bytes(content)
    assert load_records() == {}
    notice = record_completion("small", "good", "Someone stays", 1.0)
    assert "records.json.damaged" in notice
    assert (data_dir() / "records.json.damaged").read_bytes() == content
    assert load_records()["small"].times_completed == 1


def test_one_bad_record_does_not_cost_the_others():
    (data_dir() / "records.json").write_text(json.dumps({"kind": "outreach-records", "version": 1, "scenarios": {
        "good": {"times_completed": 2, "last_ending_kind": "good", "last_ending_title": "T",
                 "best_share_of_best": 0.75, "best_ending_kind": "good"},
        "bad": {"times_completed": "many"},
    }}))
    assert set(load_records()) == {"good"}


def test_records_from_a_newer_version_are_left_alone():
    path = data_dir() / "records.json"
    newer = b'{"kind": "outreach-records", "version": 9, "scenarios": {"x": "a shape we do not know"}}'
    path.write_bytes(newer)
    assert load_records() == {}
    assert "newer version" in record_completion("small", "good", "Someone stays", 1.0)
    assert path.read_bytes() == newer


def test_a_failed_records_write_keeps_the_old_records(monkeypatch):
    record_completion("small", "good", "Someone stays", 1.0)

    def broken_replace(source, destination):
        raise OSError("disk went away")

    with monkeypatch.context() as patch:
        patch.setattr(os, "replace", broken_replace)
        assert "disk went away" in record_completion("small", "poor", "Alone", 0.0)
    assert load_records()["small"].times_completed == 1


# Exports

def test_export_debrief_writes_one_html_file_into_the_exports_folder(small):
    state = choose(small, choose(small, start(small, seed=1), 0), 1)
    path = export_debrief(build_debrief(small, state), reactions="Tense at first.")
    assert path.parent == data_dir() / "exports"
    assert path.name.startswith("small-") and path.suffix == ".html"
    datetime.strptime(path.stem.removeprefix("small-")[:15], "%Y%m%d-%H%M%S")
    text = path.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>") and "Tense at first." in text


def test_exports_never_overwrite_each_other(small, tmp_path):
    debrief = build_debrief(small, start(small, seed=1))
    paths = {export_debrief(debrief, tmp_path / "mine") for _ in range(3)}
    assert len(paths) == 3 and all(p.parent == tmp_path / "mine" and p.exists() for p in paths)
