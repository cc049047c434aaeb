"""Self-voicing, as Ren'Py has it: with it on, the game reads aloud what is focused, and a new
screen's text when it appears, through the system's own speech (espeak-ng on Linux, SAPI through
PowerShell on Windows, `say` on macOS). Speech runs in its own process so the loop never waits,
and a new utterance stops the one before it."""

from __future__ import annotations

import shutil
import subprocess
import sys
import threading

SPEECH_LIMIT = 4000  # characters: longer text is cut, never a stalled pipe
SAPI = ("Add-Type -AssemblyName System.Speech; "
        "(New-Object System.Speech.Synthesis.SpeechSynthesizer).Speak([Console]::In.ReadToEnd())")


def speech_command(platform: str | None = None) -> list[str] | None:
    """The command that speaks the text on its standard input, or None when there is none."""
    platform = platform or sys.platform
    if platform == "darwin":
        found = shutil.which("say")
        return [found, "-f", "-"] if found else None
    if platform == "win32":
        found = shutil.which("powershell") or shutil.which("pwsh")
        return [found, "-NoProfile", "-NonInteractive", "-Command", SAPI] if found else None
    found = shutil.which("espeak-ng") or shutil.which("espeak")
    return [found, "--stdin"] if found else None


MISSING = {"darwin": "the 'say' command", "win32": "PowerShell"}


class Voice:
    def __init__(self, command: list[str] | None = None):
        self.command = command if command is not None else speech_command()
        self.process: subprocess.Popen | None = None
        self.last = ""

    @property
    def available(self) -> bool:
        return bool(self.command)

    def missing_notice(self) -> str:
        engine = MISSING.get(sys.platform, "espeak-ng (for example: apt install espeak-ng)")
        return f"Self-voicing needs {engine}, which was not found; the game goes on without speech."

    def say(self, text: str) -> str | None:
        """Start speaking `text`, stopping what was being said; a one-line problem, or None."""
        self.stop()
        text = " ".join(text.split())[:SPEECH_LIMIT]
        if not text or not self.command:
            return None
        self.last = text
        try:
            process = subprocess.Popen(self.command, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                                       stderr=subprocess.DEVNULL)
        except OSError as error:
            self.command = None
            return f"Self-voicing stopped: the speech engine could not start ({error})."
        self.process = process
        # Written from a thread: a slow engine filling the pipe must not hold up the loop.
        threading.Thread(target=_feed, args=(process, text), daemon=True).start()
        return None

    def stop(self) -> None:
        process, self.process = self.process, None
        if process is not None and process.poll() is None:
            try:
                process.terminate()
            except OSError:
                pass

    def speaking(self) -> bool:
        return self.process is not None and self.process.poll() is None


def _feed(process: subprocess.Popen, text: str) -> None:
    try:
        process.stdin.write(text.encode("utf-8"))
        process.stdin.close()
    except (OSError, ValueError):
        pass  # stopped before it had heard everything


def utterance(before, after) -> str:
    """What to say after the screen changed (screens from game.ui.access.snapshot): a new screen or
    new text, its heading and text then the focused button; otherwise the newly focused button."""
    from .access import announcement

    changed = announcement(before, after)
    focused = after.focused_name()
    if changed:
        return f"{changed}. {focused}" if focused else changed
    if before is None or before.focus != after.focus:
        return focused
    return ""


class SelfVoicing:
    """Self-voicing in the game loop: turned on and off with the setting, speaks what changed."""

    def __init__(self, voice_factory=Voice):
        self.voice_factory = voice_factory
        self.voice: Voice | None = None
        self.screen = None
        self.ids = None

    @property
    def on(self) -> bool:
        return self.voice is not None

    def turn(self, on: bool, app) -> str:
        """Switch speech on or off; the one-line notice to show."""
        if not on:
            if self.voice is not None:
                self.voice.stop()
            self.voice, self.screen = None, None
            return "Self-voicing off (V turns it on)"
        voice = self.voice_factory()
        if not voice.available:
            self.voice = None
            return voice.missing_notice()
        self.voice, self.screen = voice, None
        self.refresh(app, force=True)
        return "Self-voicing on: focus and new text are read aloud (V turns it off)"

    def refresh(self, app, force: bool = False) -> str | None:
        """After a frame: say what changed. A one-line problem, or None."""
        if self.voice is None or not app.stack:
            return None
        from .access import Ids, snapshot

        if self.ids is None:
            self.ids = app.access.ids if getattr(app, "access", None) is not None else Ids()
        screen = snapshot(app, self.ids)
        if force:  # what is focused, or the moment's text when nothing is
            words = screen.focused_name() or f"{screen.heading}. {screen.text}"
        else:
            words = utterance(self.screen, screen)
        self.screen = screen
        if not words:
            return None
        problem = self.voice.say(words)
        if problem:
            self.voice = None
        return problem
