"""The voting server in a thread beside the pygame loop: Uvicorn serving game.server.app on one
socket we bind ourselves (so the port is known before the first phone connects), started with
the session's room and stopped with it."""

from __future__ import annotations

import socket
import threading
import time

from .address import check_address
from .app import make_app
from .room import RateLimit, Room

DEFAULT_PORT = 8765
RATE = (30, 10.0)  # requests per seconds from one address: a phone needs a handful a minute
START_TIMEOUT = 10.0
STOP_TIMEOUT = 5.0


class ServerError(OSError):
    """The server could not start, with a message for the facilitator."""


class PhoneServer:
    """Start with start(); `url` is what the QR code and the projector show; stop() ends it."""

    def __init__(self, room: Room, host: str, port: int = DEFAULT_PORT, rate: tuple[int, float] | None = None):
        self.room = room
        self.host = check_address(host)
        self.wanted_port = port
        self.rate = rate or RATE
        self.port: int | None = None
        self._server = None
        self._thread: threading.Thread | None = None

    @property
    def address(self) -> str:
        """host:port/CODE, short enough to type."""
        return f"{self.host}:{self.port}/{self.room.code}"

    @property
    def url(self) -> str:
        return f"http://{self.address}"

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> "PhoneServer":
        import uvicorn

        sock = self._bind()
        self.port = sock.getsockname()[1]
        app = make_app(self.room, self.host, self.port, RateLimit(*self.rate))
        config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off", server_header=False,
                                date_header=False, proxy_headers=False, timeout_graceful_shutdown=1,
                                timeout_keep_alive=5, limit_concurrency=400, h11_max_incomplete_event_size=16384,
                                ws="none")
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._serve, args=(sock,), name="outreach-phones", daemon=True)
        self._thread.start()
        deadline = time.monotonic() + START_TIMEOUT
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                self.stop()
                raise ServerError("the voting server did not start")
            time.sleep(0.02)
        return self

    def _serve(self, sock: socket.socket) -> None:
        try:
            self._server.run(sockets=[sock])
        finally:
            sock.close()

    def _bind(self) -> socket.socket:
        """The listening socket: the wanted port, else any free one (0 asks for any)."""
        for port in dict.fromkeys((self.wanted_port, 0)):
            # IPPROTO_TCP named outright: asyncio turns Nagle off only on sockets that say they are TCP,
            # and with it on every reply on a kept-alive connection waits 40 ms for a delayed ACK.
            sock = socket.socket(socket.AF_INET6 if ":" in self.host else socket.AF_INET, socket.SOCK_STREAM,
                                 socket.IPPROTO_TCP)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                sock.bind((self.host, port))
                sock.listen(128)
                sock.set_inheritable(True)
                return sock
            except OSError as error:
                sock.close()
                last = error
        raise ServerError(f"could not listen on {self.host}: {last.strerror or last}")

    def stop(self) -> None:
        """Close the room (phones see that voting has ended) and stop serving; waits for the thread."""
        self.room.close()
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(STOP_TIMEOUT)
            if self._thread.is_alive():  # streams that will not close: stop waiting for them
                self._server.force_exit = True
                self._thread.join(STOP_TIMEOUT)
        self._thread = None
