"""Voting from phones in a room: a small web server on the facilitator's laptop that serves one
page, the current moment's options as large buttons, and takes one vote per phone per moment.

It runs beside the pygame loop in a thread (game.server.thread), listens only on a local network
address (game.server.address) and only while a facilitation session is open; everything the
phones can reach is in game.server.app. No names, accounts or addresses are stored: a phone is a
random token in a cookie, forgotten when the moment changes."""

from .address import AddressError, listen_address
from .room import Room, VoteResult
from .thread import PhoneServer, ServerError

__all__ = ["AddressError", "PhoneServer", "Room", "ServerError", "VoteResult", "listen_address"]
