"""The Host header and the serving address: what ``dateline serve`` accepts and where it may listen.

A request must name the server it was sent to (DNS rebinding: a page on another site reaches
127.0.0.1 only under its own name), so the Host header is parsed, never pattern-matched.
"""

from __future__ import annotations

import ipaddress
import re

from ..config import DEFAULT_HOST
from ..errors import ConfigError

#: Host names the server answers to when it listens on a loopback address.
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")
#: A host name in a Host header (RFC 3986 reg-name, as DNS spells names): dot-separated labels of ASCII
#: letters, digits and inner hyphens, at most 63 characters each; no trailing dot, no percent-encoding.
_HOST_NAME = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*")
#: A port in a Host header: ASCII digits only (`[0-9]`, not `\d`, which takes other scripts' digits too).
_HOST_PORT = re.compile(r"[0-9]{1,5}")
_LARGEST_PORT = 65_535
#: The longest Host header looked at: a full DNS name is at most 253 characters, plus a port.
HOST_CHARS = 300


def parse_host(value: str) -> tuple[str, int | None] | None:
    """Split a Host header into (host, port or None), or None if it is not a well-formed Host.

    The host is a bracketed IPv6 literal (returned in its short form, without brackets, and without
    a zone) or a DNS-style name (returned in lower case); then comes nothing, or ``:`` and a port of
    digits. Anything else - userinfo, a second colon outside brackets, a bracketed IPv4 address,
    text after the brackets, an empty port, a trailing dot, spaces, percent-encoding, a list of
    hosts, non-ASCII - is refused rather than guessed at.
    """
    if not value or len(value) > HOST_CHARS or not value.isascii():
        return None
    if value.startswith("["):
        literal, closed, rest = value[1:].partition("]")
        if not closed or "%" in literal:
            return None
        try:
            host = ipaddress.IPv6Address(literal).compressed
        except ValueError:
            return None
    else:
        name, colon, port = value.partition(":")
        rest = colon + port
        if not _HOST_NAME.fullmatch(name.lower()):
            return None
        host = name.lower()
    if not rest:
        return host, None
    if rest[0] != ":" or not _HOST_PORT.fullmatch(rest[1:]) or not 0 < int(rest[1:]) <= _LARGEST_PORT:
        return None
    return host, int(rest[1:])


def host_key(host: str) -> str:
    """``host`` (a name or an address, IPv6 with or without brackets) as parse_host returns it."""
    name = host.strip().strip("[]").lower()
    try:
        return ipaddress.IPv6Address(name).compressed
    except ValueError:
        return name


def is_loopback(host: str) -> bool:
    """Whether ``host`` (a name or address) only reaches this machine."""
    name = host.strip().strip("[]").lower()
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def check_host(host: str, allow_remote: bool) -> str | None:
    """Refuse a non-loopback ``host`` unless ``allow_remote``; then return a warning to print."""
    if is_loopback(host):
        return None
    if not allow_remote:
        raise ConfigError(
            f"--host {host} is not a loopback address: anyone who can reach it could read every stored report "
            f"and upload files, because dateline serve has no authentication. Use the default --host {DEFAULT_HOST}, "
            "or add --allow-remote if you really mean to serve other machines."
        )
    return (f"Warning: serving on {host} with no authentication: anyone who can reach this address can read "
            "every stored report and upload files.")
