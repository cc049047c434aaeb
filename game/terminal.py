"""Everything the game prints to a terminal goes through terminal_safe: text from a scenario file
(or anywhere else) can hold ESC, BEL or C1 bytes such as U+009B, which a terminal obeys as
commands (retitle the window, clear the screen, plant a link). They are shown as visible escapes
instead. `safe_streams` puts it, and an encoder that degrades instead of crashing (a terminal
set to ASCII), in front of stdout and stderr for the whole command."""

from __future__ import annotations

import contextlib
import re
import sys
import unicodedata

# C0 controls but newline and tab, DEL, C1 controls, the bidirectional overrides and isolates that
# reorder what is shown (U+202A-U+202E, U+2066-U+2069, U+061C), and lone surrogates.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
# Readable stand-ins when the terminal's encoding lacks a character (PYTHONIOENCODING=ascii).
_PLAIN = {"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-",
          "\u2026": "...", "\u2022": "*", "\u00b7": "-", "\u203a": ">", "\u00a0": " ", "\u2212": "-",
          "\u00d7": "x", "\u2192": "->"}


def terminal_safe(text: str) -> str:
    """`text` with every character a terminal would act on written as a visible `\\uXXXX`.
    Idempotent: the result holds no such character."""
    if not isinstance(text, str):
        text = str(text)
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def degrade(text: str, encoding: str) -> str:
    """`text` with what `encoding` cannot hold replaced by the nearest plain characters (’ as ',
    é as e), else '?'."""
    out = []
    for char in text:
        try:
            char.encode(encoding)
            out.append(char)
            continue
        except (UnicodeEncodeError, LookupError):
            pass
        plain = _PLAIN.get(char) or "".join(c for c in unicodedata.normalize("NFKD", char)
                                             if not unicodedata.combining(c))
        try:
            plain.encode(encoding)
        except (UnicodeEncodeError, LookupError):
            plain = "?"
        out.append(plain or "?")
    return "".join(out)


class SafeStream:
    """A text stream that writes only terminal-safe text its encoding can hold."""

    def __init__(self, stream):
        self._stream = stream

    def write(self, text: str) -> int:
        text = terminal_safe(text)
        try:
            return self._stream.write(text)
        except UnicodeEncodeError:
            return self._stream.write(degrade(text, getattr(self._stream, "encoding", None) or "ascii"))

    def __getattr__(self, name):
        return getattr(self._stream, name)


@contextlib.contextmanager
def safe_streams():
    """stdout and stderr through SafeStream, and stdin decoding that replaces bytes it cannot
    read rather than raising, for the duration of a command."""
    if getattr(sys.stdin, "errors", None) == "strict" and hasattr(sys.stdin, "reconfigure"):
        with contextlib.suppress(Exception):
            sys.stdin.reconfigure(errors="replace")
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = SafeStream(sys.stdout), SafeStream(sys.stderr)
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved
