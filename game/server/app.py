"""Everything a phone can reach: the voting page (GET /CODE), its live updates (GET
/CODE/events, server-sent events) and the vote (POST /CODE/vote). Anything else is 404.

Every request passes, in order: the Host header must name the address the server listens on
(a page on another site cannot reach us through DNS rebinding); the client's address must be
under its rate limit; a body may be at most MAX_BODY bytes. A vote needs this room's code, the
phone's signed cookie, the current moment's key and a letter offered at that moment."""

from __future__ import annotations

import asyncio
import json

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response, StreamingResponse
from starlette.routing import Route

from .page import CSP, page_html
from .room import RateLimit, Room, VoteResult

MAX_BODY = 512  # bytes: a vote is about 40
COOKIE = "outreach_phone"
PUSH_INTERVAL = 0.25  # seconds between looks at the room for news to push
KEEP_ALIVE = 15.0  # seconds between comments on a quiet event stream
MAX_STREAMS = 250  # event streams open at once: a big room with a few reloads
MAX_STREAMS_PER_ADDRESS = 8  # a phone needs one; a few more for reloads still closing
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
    "X-Frame-Options": "DENY",
}
STATUS = {VoteResult.OK: 200, VoteResult.CHANGED: 200, VoteResult.STALE: 409, VoteResult.CLOSED: 409,
          VoteResult.NO_SUCH_OPTION: 422, VoteResult.BAD_TOKEN: 403}


def make_app(room: Room, host: str, port: int, limit: RateLimit) -> "Guard":
    streams = {"open": 0}
    by_address: dict[str, int] = {}

    def known(request: Request) -> bool:
        return request.path_params["code"].upper() == room.code and not room.closed

    async def voting_page(request: Request) -> Response:
        if not known(request):
            return _not_found()
        token = request.cookies.get(COOKIE)
        response = HTMLResponse(page_html(room.code), headers=HEADERS)
        if not room.token_ok(token):
            # A random token, nothing else: no name, no account. SameSite keeps other sites from voting.
            response.set_cookie(COOKIE, room.new_token(), httponly=True, samesite="strict", path=f"/{room.code}")
        return response

    async def events(request: Request) -> Response:
        if not known(request):
            return _not_found()
        address = request.client.host if request.client else "unknown"
        if streams["open"] >= MAX_STREAMS:
            return PlainTextResponse("Too many phones are connected.", status_code=503, headers=HEADERS)
        if by_address.get(address, 0) >= MAX_STREAMS_PER_ADDRESS:
            return PlainTextResponse("Too many connections from this phone.", status_code=429, headers=HEADERS)
        token = request.cookies.get(COOKIE)

        def release() -> None:
            streams["open"] -= 1
            by_address[address] -= 1
            if not by_address[address]:
                del by_address[address]

        async def stream():
            # Counted once the stream runs (a stream that never starts never ends either); the rate
            # limit bounds how many can start together past the check above.
            streams["open"] += 1
            by_address[address] = by_address.get(address, 0) + 1
            try:
                sent, quiet = None, 0.0
                while not room.closed:
                    version, state = room.snapshot(token if room.token_ok(token) else None)
                    if version != sent:
                        sent, quiet = version, 0.0
                        yield f"data: {json.dumps(state, ensure_ascii=False)}\n\n"
                    elif quiet >= KEEP_ALIVE:
                        quiet = 0.0
                        yield ": still here\n\n"
                    await asyncio.sleep(PUSH_INTERVAL)
                    quiet += PUSH_INTERVAL
                yield f"data: {json.dumps({'closed': True})}\n\n"
            finally:
                release()

        return StreamingResponse(stream(), media_type="text/event-stream", headers=HEADERS)

    async def vote(request: Request) -> Response:
        if not known(request):
            return _not_found()
        if request.headers.get("content-type", "").split(";")[0].strip() != "application/json":
            return JSONResponse({"error": "send JSON"}, status_code=415, headers=HEADERS)
        body = b""
        async for chunk in request.stream():
            body += chunk
            if len(body) > MAX_BODY:
                return JSONResponse({"error": "too large"}, status_code=413, headers=HEADERS)
        try:
            data = json.loads(body)
            key, letter = data["moment"], data["option"]
        except (ValueError, TypeError, KeyError):
            return JSONResponse({"error": "a vote is {moment, option}"}, status_code=400, headers=HEADERS)
        if not isinstance(key, str) or not isinstance(letter, str):
            return JSONResponse({"error": "a vote is {moment, option}"}, status_code=400, headers=HEADERS)
        result = room.vote(request.cookies.get(COOKIE), key, letter.upper())
        return JSONResponse({"result": result.value}, status_code=STATUS[result], headers=HEADERS)

    routes = [
        Route("/{code:str}", voting_page, methods=["GET"]),
        Route("/{code:str}/events", events, methods=["GET"]),
        Route("/{code:str}/vote", vote, methods=["POST"]),
    ]
    async def not_found(request: Request, exc: Exception) -> Response:  # async: no thread per 404
        return _not_found()

    inner = Starlette(routes=routes, exception_handlers={404: not_found, 405: not_found})
    return Guard(inner, {f"{host}:{port}".lower(), f"[{host}]:{port}".lower()} | ({host} if port == 80 else set()),
                 limit)


def _not_found() -> Response:
    return PlainTextResponse("Not found.", status_code=404, headers=HEADERS)


class Guard:
    """ASGI middleware in front of everything: Host header, rate limit, body-size cap."""

    def __init__(self, app, hosts: set[str], limit: RateLimit):
        self.app, self.hosts, self.limit = app, hosts, limit

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            if scope["type"] == "lifespan":
                return await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        if headers.get("host", "").lower() not in self.hosts:
            return await _plain(send, 421, "Wrong address.")
        client = (scope.get("client") or ("unknown", 0))[0]
        if not self.limit.allow(client):
            return await _plain(send, 429, "Too many requests: wait a few seconds.", {"retry-after": "5"})
        length = headers.get("content-length")
        if length is not None and (not length.isdigit() or int(length) > MAX_BODY):
            return await _plain(send, 413, "Too large.")
        return await self.app(scope, receive, send)


async def _plain(send, status: int, text: str, extra: dict[str, str] | None = None) -> None:
    body = text.encode()
    headers = [(b"content-type", b"text/plain; charset=utf-8"), (b"content-length", str(len(body)).encode())]
    headers += [(k.lower().encode(), v.encode()) for k, v in {**HEADERS, **(extra or {})}.items()]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
