"""Facilitator mode's link to the phones: starts the voting server for the session, tells it the
moment on the screen, brings the phones' votes back into the session, draws the QR code, and
stops the server with the session."""

from __future__ import annotations

from dataclasses import dataclass

import pygame

from game import facilitation as fac

PHONES_TICK = pygame.USEREVENT + 3
TICK_MS = 300  # how often the tally is read: votes appear on the presenter view within a third of a second

ISOLATION_HELP = ("Not loading on a phone? Try your own first. If it never loads, the Wi-Fi keeps phones apart "
                  "(guest networks often do): count hands with the letter keys instead.")


@dataclass(frozen=True, slots=True)
class RoomOptions:
    """Facilitator mode's options from the command line."""

    phones: bool = False  # start phone voting with the session
    phones_host: str | None = None  # the address to listen on (else $OUTREACH_PHONES_HOST, else the LAN's)
    phones_port: int | None = None
    click_votes: bool = False  # a click on an option adds a vote (else it only points at it)


class Phones:
    """The voting server of one session, seen from the pygame thread."""

    def __init__(self, host: str | None = None, port: int | None = None):
        self.host, self.port = host, port
        self.server = None

    @property
    def running(self) -> bool:
        return self.server is not None and self.server.running

    @property
    def address(self) -> str:
        return self.server.address if self.server else ""

    @property
    def url(self) -> str:
        return self.server.url if self.server else ""

    @property
    def code(self) -> str:
        return self.server.room.code if self.server else ""

    def start(self) -> str | None:
        """Start serving; None, or a message saying why phones cannot vote (then hands still can)."""
        from game.server import AddressError, PhoneServer, Room, ServerError, listen_address
        from game.server.thread import DEFAULT_PORT

        try:
            host = listen_address(self.host)
            self.server = PhoneServer(Room(), host, DEFAULT_PORT if self.port is None else self.port).start()
        except (AddressError, ServerError, OSError) as error:
            self.server = None
            return f"Phone voting could not start: {error}. Count hands with the letter keys."
        pygame.time.set_timer(PHONES_TICK, TICK_MS)
        return None

    def stop(self) -> None:
        if self.server is not None:
            pygame.time.set_timer(PHONES_TICK, 0)
            self.server.stop()
            self.server = None

    def stop_quietly(self) -> None:
        """stop(), when pygame may already be gone (the scene was dropped without closing)."""
        if self.server is not None:
            self.server.stop()
            self.server = None

    def show(self, session: fac.Session, scenario) -> None:
        """Tell the phones what the room votes on now (nothing during a reveal or the debrief)."""
        if self.server is None:
            return
        key = fac.moment_key(session)
        if key is None:
            self.server.room.show(None)
            return
        options = tuple((o.letter, o.text) for o in fac.options(session, scenario))
        self.server.room.show(key, f"Moment {session.visit.moment}", options)

    def collect(self, session: fac.Session, scenario) -> fac.Session:
        """The session with the phones' current votes at this moment (the same session if none changed)."""
        if self.server is None:
            return session
        self.show(session, scenario)
        key, counts = self.server.room.tally()
        if key is None or key != fac.moment_key(session):
            return session
        letters = [o.letter for o in fac.options(session, scenario)]
        return fac.set_phone_votes(session, [counts.get(letter, 0) for letter in letters])


def draw_qr(surface: pygame.Surface, rect: pygame.Rect, text: str) -> None:
    """The QR code of `text`, dark on light whatever the theme, as large as fits in `rect`."""
    from game.server.qr import qr_modules

    modules = qr_modules(text)
    count = len(modules)
    size = max(min(rect.width, rect.height) // count, 1)
    left, top = rect.x, rect.y
    pygame.draw.rect(surface, (255, 255, 255), (left, top, size * count, size * count))
    for y, row in enumerate(modules):
        for x, dark in enumerate(row):
            if dark:
                pygame.draw.rect(surface, (0, 0, 0), (left + x * size, top + y * size, size, size))
