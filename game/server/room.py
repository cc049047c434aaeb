"""What the phones vote on, shared between the pygame thread (which says what the current moment
is and reads the tally) and the server thread (which records votes). Every method takes the lock;
nothing here does I/O."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
import time
from collections import deque
from dataclasses import dataclass
from enum import Enum

# Letters and digits no one confuses when reading them off a projector (no 0/O, 1/I/L, 2/Z, 5/S, 8/B).
CODE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
CODE_LENGTH = 5
MAX_TEXT = 400  # characters of an option's text sent to phones


class VoteResult(Enum):
    OK = "ok"
    CHANGED = "changed"  # the phone had voted for another option at this moment
    STALE = "stale"  # the vote names a moment that is not the current one
    NO_SUCH_OPTION = "no-such-option"
    CLOSED = "closed"  # nothing to vote on now (a reveal, the debrief)
    BAD_TOKEN = "bad-token"


@dataclass(frozen=True, slots=True)
class Moment:
    key: str  # unique within the session: what a vote must name
    title: str  # e.g. "Moment 3"
    options: tuple[tuple[str, str], ...]  # (letter, text) in the order the room sees them


class RateLimit:
    """At most `count` requests per `seconds` from one address (a sliding window)."""

    def __init__(self, count: int, seconds: float, clock=time.monotonic):
        self.count, self.seconds, self.clock = count, seconds, clock
        self._seen: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def allow(self, address: str) -> bool:
        now = self.clock()
        with self._lock:
            if len(self._seen) > 4096:  # forget quiet addresses rather than grow without end
                self._seen = {a: q for a, q in self._seen.items() if q and now - q[-1] < self.seconds}
            times = self._seen.setdefault(address, deque())
            while times and now - times[0] >= self.seconds:
                times.popleft()
            if len(times) >= self.count:
                return False
            times.append(now)
            return True


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


class Room:
    """One session's voting: its code, the moment on the screen, and each phone's vote there."""

    def __init__(self, code: str | None = None):
        self.code = code or new_code()
        self._secret = secrets.token_bytes(32)
        self._lock = threading.Lock()
        self._moment: Moment | None = None
        self._votes: dict[str, str] = {}  # phone token -> letter, for the current moment only
        self._version = 0
        self._closed = False

    # -- the facilitator's side (pygame thread) --

    def show(self, key: str | None, title: str = "", options: tuple[tuple[str, str], ...] = ()) -> None:
        """The moment the room votes on now; None (a reveal, the debrief) stops voting. A new key
        forgets every vote: one vote per phone per moment."""
        options = tuple((letter, text[:MAX_TEXT]) for letter, text in options)
        with self._lock:
            moment = Moment(key, title, options) if key is not None else None
            if moment == self._moment:
                return
            if moment is None or self._moment is None or moment.key != self._moment.key:
                self._votes = {}
            self._moment = moment
            self._version += 1

    def tally(self) -> tuple[str | None, dict[str, int]]:
        """The current moment's key and its phone votes per letter (every letter, 0 included)."""
        with self._lock:
            if self._moment is None:
                return None, {}
            counts = {letter: 0 for letter, _ in self._moment.options}
            for letter in self._votes.values():
                counts[letter] += 1
            return self._moment.key, counts

    def close(self) -> None:
        with self._lock:
            self._closed, self._moment, self._votes = True, None, {}
            self._version += 1

    @property
    def closed(self) -> bool:
        return self._closed

    # -- the phones' side (server thread) --

    def new_token(self) -> str:
        """A random token for one phone, signed so a vote cannot invent one."""
        raw = secrets.token_urlsafe(16)
        return f"{raw}.{self._sign(raw)}"

    def token_ok(self, token: str | None) -> bool:
        if not token or token.count(".") != 1 or len(token) > 100:
            return False
        raw, signature = token.split(".")
        return hmac.compare_digest(signature, self._sign(raw))

    def vote(self, token: str | None, key: str, letter: str) -> VoteResult:
        if not self.token_ok(token):
            return VoteResult.BAD_TOKEN
        with self._lock:
            moment = self._moment
            if moment is None:
                return VoteResult.CLOSED
            if key != moment.key:
                return VoteResult.STALE
            if letter not in {option for option, _ in moment.options}:
                return VoteResult.NO_SUCH_OPTION
            before = self._votes.get(token)
            self._votes[token] = letter
            # No version bump: the phone that voted shows it from the reply, and the others have
            # nothing new to show (pushing every vote to every phone would be 1,600 messages a moment).
            return VoteResult.CHANGED if before is not None and before != letter else VoteResult.OK

    def snapshot(self, token: str | None = None) -> tuple[int, dict]:
        """What a phone shows: the version (it changes when the moment does) and the moment, with
        this phone's own vote."""
        with self._lock:
            moment = self._moment
            state = {
                "moment": moment.key if moment else None,
                "title": moment.title if moment else "",
                "options": [{"letter": letter, "text": text} for letter, text in moment.options] if moment else [],
                "voted": self._votes.get(token) if token else None,
                "closed": self._closed,
            }
            return self._version, state

    @property
    def version(self) -> int:
        return self._version

    def _sign(self, raw: str) -> str:
        return hmac.new(self._secret, raw.encode(), hashlib.sha256).hexdigest()[:24]
