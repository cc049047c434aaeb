"""What screen readers and self-voicing are given, headless: the tree read from the real screens,
requests from a screen reader handled as the keyboard would, guarded callbacks, and speech in its
own process. The same through a real AT-SPI bus is in test_access_atspi.py."""

import sys
from dataclasses import replace

import pygame
import pytest

from game.store import Settings, load_settings
from game.ui import access
from game.ui.access import ACCESS_EVENT, Access, Ids, snapshot
from game.ui.app import App
from game.ui.scenes.menus import TitleScene
from game.ui.voice import SelfVoicing, Voice

from .conftest import SCENARIOS


@pytest.fixture(autouse=True)
def no_autosave_between_tests():
    from game.store import clear_progress

    clear_progress()
    yield


def make_app(**settings):
    settings = Settings(fullscreen=False, reduced_motion=True, primer_seen=True, **settings)
    app = App(size=(1280, 720), settings=settings, background_loading=False, seed=3, scenario_folder=SCENARIOS)
    app.push(TitleScene(app))
    app.step()
    return app


def press(app, key, unicode=""):
    app.step([pygame.event.Event(pygame.KEYDOWN, key=key, mod=0, unicode=unicode, scancode=0)])


def to_first_moment(app):
    from game.model import load_scenario
    from game.ui.scenes.menus import BriefingScene

    app.push(BriefingScene(app, load_scenario(SCENARIOS / "waking-up-sick.yaml")))
    app.step()
    press(app, pygame.K_RETURN)  # Start, focused on the briefing
    assert app.scene.name == "play"


def buttons(screen):
    return [n for n in screen.nodes if n.role == "button"]


class FakeAdapter:
    """Stands where AccessKit's platform adapter would: keeps what it was given."""

    def __init__(self, activate, action, deactivate):
        self.activate, self.action, self.deactivate = activate, action, deactivate
        self.updates = []
        self.focus_states = []

    def update_if_active(self, factory):
        self.updates.append(factory())

    def update_window_focus_state(self, focused):
        self.focus_states.append(focused)


def test_the_moment_as_a_screen_reader_gets_it():
    app = make_app()
    to_first_moment(app)
    screen = snapshot(app, Ids())
    assert screen.heading == "Waking Up Sick · Moment 1"
    assert screen.nodes[0].role == "window" and screen.nodes[0].name == "Outreach: Waking Up Sick · Moment 1"
    texts = [n.name for n in screen.nodes if n.role == "text"]
    assert any("Kwan's Pharmacy" in t for t in texts)  # the moment's text
    assert "What you know" in texts  # the side panel is there too
    choices = [n for n in buttons(screen) if n.shortcut in "123"]
    labels = [b.label for b in app.scene.view.page.buttons]
    assert [c.name for c in choices] == labels[:len(choices)] and len(choices) == 3
    assert screen.focus == access.ROOT_ID  # nothing focused yet: the window has the focus
    # Every node the root or a group names is in the tree.
    ids = {n.id for n in screen.nodes}
    assert all(child in ids for n in screen.nodes for child in n.children)


def test_focus_follows_the_keyboard_and_an_announcement_follows_a_choice():
    app = make_app()
    to_first_moment(app)
    ids = Ids()
    before = snapshot(app, ids)
    press(app, pygame.K_DOWN)
    after = snapshot(app, ids)
    assert after.focused_name() == app.scene.view.focused().label
    assert access.announcement(before, after) == ""  # only the focus moved: nothing to announce
    press(app, pygame.K_RETURN)
    assert app.scene.name == "feedback"
    feedback = snapshot(app, ids)
    said = access.announcement(after, feedback)
    assert said.startswith("Feedback. You chose")
    assert "went against" in said or "honoured" in said or "did not touch" in said


def test_a_click_from_a_screen_reader_is_enter_on_that_button():
    app = make_app()
    app.access = Access(app, FakeAdapter)
    adapter = app.access.adapter
    to_first_moment(app)
    # The screen reader starts listening: the full tree follows in the loop.
    assert adapter.activate() is None
    app.step(pygame.event.get())
    assert adapter.updates, "the tree was published once the screen reader listened"
    screen = app.access.screen
    second = buttons(screen)[1]
    expected = app.scene.view.page.buttons[1].label
    app.step([pygame.event.Event(ACCESS_EVENT, kind="focus", target=second.id)])
    assert app.scene.view.focused().label == expected
    assert app.access.screen.focus == second.id  # AccessKit's focus moved with it
    app.step([pygame.event.Event(ACCESS_EVENT, kind="click", target=second.id)])
    assert app.scene.name == "feedback"
    assert expected in app.access.live  # announced in the live region
    # A button from a screen that has gone does nothing.
    app.step([pygame.event.Event(ACCESS_EVENT, kind="click", target=second.id)])
    assert app.scene.name == "feedback"


def test_the_tree_converts_to_accesskit_nodes():
    pytest.importorskip("accesskit")
    app = make_app()
    to_first_moment(app)
    screen = snapshot(app, Ids())
    update = access._tree_update(screen, "Moment 1")
    assert len(update.nodes) == len(screen.nodes)
    assert update.focus == screen.focus


def test_an_exception_in_any_callback_never_reaches_the_game(caplog):
    app = make_app()
    app.access = Access(app, FakeAdapter)
    adapter = app.access.adapter

    class Broken:
        @property
        def action(self):
            raise RuntimeError("a request from a confused screen reader")

    adapter.action(Broken())  # guarded: logged, not raised
    assert "action failed" in caplog.text
    app.step([pygame.event.Event(ACCESS_EVENT, kind="click", target="not a number")])
    assert app.scene.name == "title"

    class Exploding(FakeAdapter):
        def update_if_active(self, factory):
            raise RuntimeError("the bus went away")

    app.access = Access(app, Exploding)
    app.access.adapter.activate()
    app.step(pygame.event.get())  # publishing fails: the game goes on without the adapter
    assert app.access.adapter is None and app.access.failed
    press(app, pygame.K_DOWN)
    assert app.scene.name == "title"
    assert Access(app, lambda *handlers: 1 / 0).adapter is None  # an adapter that cannot start


def test_without_a_real_display_no_adapter_starts():
    app = make_app()
    assert app.access is None  # the dummy driver: nothing for a screen reader to see


def recording_voice(tmp_path):
    """A real speech process that writes what it was asked to say, one utterance a line."""
    said = tmp_path / "said.txt"
    script = f"import sys; open({str(said)!r}, 'a').write(sys.stdin.read() + '\\n')"
    return said, (lambda: Voice([sys.executable, "-c", script]))


def wait_for_speech(app):
    process = app.voicing.voice.process if app.voicing.voice is not None else None
    if process is not None:
        process.wait(10)


def test_v_toggles_self_voicing_which_reads_the_focus_then_new_text(tmp_path):
    said, factory = recording_voice(tmp_path)
    app = make_app()
    app.voicing = SelfVoicing(factory)
    to_first_moment(app)
    press(app, pygame.K_v, "v")
    assert app.settings.self_voicing and load_settings()[0].self_voicing  # a kept setting
    assert "Self-voicing on" in app.status
    wait_for_speech(app)
    # Nothing focused: the moment's text is read.
    assert "Kwan's Pharmacy" in said.read_text()
    press(app, pygame.K_DOWN)
    wait_for_speech(app)
    assert said.read_text().splitlines()[-1] == app.scene.view.focused().label
    press(app, pygame.K_RETURN)
    wait_for_speech(app)
    assert said.read_text().splitlines()[-1].startswith("Feedback. You chose")
    press(app, pygame.K_v, "v")
    assert not app.settings.self_voicing and not app.voicing.on
    assert "Self-voicing off" in app.status


def test_a_new_utterance_stops_the_one_before(tmp_path):
    voice = Voice([sys.executable, "-c", "import time; time.sleep(30)"])
    voice.say("a long moment")
    first = voice.process
    voice.say("the next button")
    assert first.wait(5) is not None  # the first was stopped, not left talking
    voice.stop()


def test_no_speech_engine_is_a_notice_not_a_crash(tmp_path):
    app = make_app()
    app.voicing = SelfVoicing(lambda: Voice([]))
    press(app, pygame.K_v, "v")
    assert "Self-voicing needs" in app.status and "not found" in app.status
    assert not app.voicing.on and not app.settings.self_voicing  # off, and the next V tries again
    press(app, pygame.K_v, "v")
    assert "Self-voicing needs" in app.status
    press(app, pygame.K_DOWN)  # the game goes on; the notice goes at the next key
    assert app.status == ""
    # An engine that vanishes after starting: one notice, speech off.
    voice = Voice(["/nonexistent/speech-engine"])
    assert "could not start" in voice.say("hello")


def test_v_in_a_text_field_types_a_letter():
    app = make_app()
    app.scene.editing = True
    press(app, pygame.K_v, "v")
    assert not app.settings.self_voicing


def test_self_voicing_is_in_the_settings_screen(tmp_path):
    said, factory = recording_voice(tmp_path)
    app = make_app()
    app.voicing = SelfVoicing(factory)
    press(app, pygame.K_s, "s")
    assert app.scene.name == "settings"
    labels = [b.label for b in app.scene.view.page.buttons]
    voicing = next(i for i, label in enumerate(labels) if label.startswith("Self-voicing"))
    assert labels[voicing].endswith("off")
    app.scene.act(app.scene.view.page.buttons[voicing].action)
    assert app.settings.self_voicing
    assert app.scene.view.page.buttons[voicing].label.endswith("on")
    app.apply_settings(replace(app.settings, self_voicing=False))


def test_self_voicing_through_espeak_ng_speaks_the_moment(tmp_path):
    """The real engine, writing to a WAV instead of a sound card: the moment is heard in full."""
    import shutil
    import subprocess

    from game.ui.voice import speech_command

    if not speech_command("linux") or not shutil.which("soxi"):
        pytest.skip("needs espeak-ng and sox (Debian: espeak-ng sox; CI installs them)")
    wav = tmp_path / "moment.wav"
    app = make_app()
    app.voicing = SelfVoicing(lambda: Voice(speech_command("linux") + ["-w", str(wav)]))
    to_first_moment(app)
    press(app, pygame.K_v, "v")
    wait_for_speech(app)
    seconds = float(subprocess.run(["soxi", "-D", str(wav)], capture_output=True, text=True, check=True).stdout)
    words = len(app.voicing.voice.last.split())
    # espeak-ng speaks about 175 words a minute: the whole moment, not a clipped start.
    assert words > 50 and seconds > words / 175 * 60 * 0.7
    print(f"self-voicing: {words} words in {seconds:.1f} s")


def test_a_click_on_a_button_laid_out_again_since_still_lands_on_it():
    app = make_app()
    app.access = Access(app, FakeAdapter)
    to_first_moment(app)
    app.access.adapter.activate()
    app.step(pygame.event.get())
    second = buttons(app.access.screen)[1]
    label = app.scene.view.page.buttons[1].label
    app.relayout()  # new pages, new node ids (the scenario list arriving does this)
    app.step()
    assert second.id not in {n.id for n in app.access.screen.nodes}
    app.step([pygame.event.Event(ACCESS_EVENT, kind="click", target=second.id)])
    assert app.scene.name == "feedback" and label in app.access.live
