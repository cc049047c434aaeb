"""Which address the voting server listens on: the laptop's address on the local network (so
phones on the same Wi-Fi reach it), never a public one and never every interface at once.

OUTREACH_PHONES_HOST (or the --phones-host option) names it; tests set 127.0.0.1. Otherwise the
laptop's own interfaces are read from the kernel (no packet is sent to find them) and the first
private IPv4 address is taken."""

from __future__ import annotations

import ipaddress
import os
import socket
import struct
import sys

ENVIRONMENT = "OUTREACH_PHONES_HOST"


class AddressError(ValueError):
    """No address the server may listen on, with what to do about it."""


def listen_address(chosen: str | None = None) -> str:
    """The address to listen on: `chosen` (an option), else $OUTREACH_PHONES_HOST, else the
    laptop's local network address. Raises AddressError when that is missing or not allowed."""
    chosen = chosen or os.environ.get(ENVIRONMENT) or None
    if chosen is not None:
        return check_address(chosen.strip())
    found = pick_local([address for _, address in interface_addresses()])
    if found is None:
        raise AddressError("this laptop has no local network address: join the room's Wi-Fi (or set "
                           f"{ENVIRONMENT} to the address to use), or count hands with the letter keys")
    return found


def check_address(text: str) -> str:
    """`text` if it is one loopback or private address; AddressError otherwise."""
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        raise AddressError(f"'{text}' is not an IP address (e.g. 192.168.1.20)") from None
    if address.is_unspecified:
        raise AddressError(f"'{text}' would listen on every network, public ones too: name one local address")
    if not (address.is_loopback or _is_local(address)):
        raise AddressError(f"'{text}' is not a local network address: the voting page is never served on a "
                           "public one")
    return str(address)


def pick_local(candidates: list[str]) -> str | None:
    """The first private (RFC 1918) IPv4 address among `candidates`, in the order 192.168,
    10, 172.16-31; None if there is none. Loopback, link-local and public addresses never."""
    local = []
    for text in candidates:
        try:
            address = ipaddress.ip_address(text)
        except ValueError:
            continue
        if address.version == 4 and _is_local(address):
            local.append(address)
    order = [ipaddress.ip_network(n) for n in ("192.168.0.0/16", "10.0.0.0/8", "172.16.0.0/12")]
    local.sort(key=lambda a: next(i for i, network in enumerate(order) if a in network))
    return str(local[0]) if local else None


def _is_local(address) -> bool:
    private = [ipaddress.ip_network(n) for n in ("192.168.0.0/16", "10.0.0.0/8", "172.16.0.0/12")]
    return address.version == 4 and any(address in network for network in private)


def interface_addresses() -> list[tuple[str, str]]:
    """(interface, IPv4 address) for each interface that has one, read with ioctl (Linux); []
    elsewhere or when it cannot be read. Creating the socket sends nothing."""
    if not sys.platform.startswith("linux"):
        return []
    import fcntl

    found = []
    try:
        names = [name for _, name in socket.if_nameindex()]
    except OSError:
        return []
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        for name in names:
            try:
                packed = fcntl.ioctl(probe.fileno(), 0x8915, struct.pack("256s", name[:15].encode()))  # SIOCGIFADDR
            except OSError:
                continue
            found.append((name, socket.inet_ntoa(packed[20:24])))
    return found
