"""The address policy of the fetcher: which hosts and IP addresses a URL may reach.

A URL is fetched only over ``http`` or ``https``. Its host is resolved once; every
address it resolves to must be publicly routable, or the URL is refused before a single
packet is sent to it. The fetcher then connects to exactly the address checked here
(never resolving the name a second time), so a DNS answer that changes between the
check and the connection (DNS rebinding) cannot slip a private address through.

``allow_private`` lifts the refusal of private, loopback, link-local, unique-local,
shared (CGNAT), multicast, reserved and unspecified addresses, for local archives;
cloud metadata endpoints stay refused even then, because no archive lives there and
reaching one from a server leaks its credentials.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from rasid.errors import FetchError, RefusedAddressError

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[[str, int], Sequence[str]]

ALLOWED_SCHEMES = frozenset({"http", "https"})
DEFAULT_PORTS = {"http": 80, "https": 443}

# Instance-metadata services of cloud providers: refused even with allow_private.
METADATA_ADDRESSES: frozenset[IPAddress] = frozenset(
    ipaddress.ip_address(a)
    for a in (
        "169.254.169.254",  # AWS, GCP, Azure, OpenStack, DigitalOcean, Oracle
        "169.254.170.2",  # AWS ECS task metadata
        "169.254.169.123",  # AWS time sync
        "169.254.169.250",  # AWS / OpenStack DNS
        "100.100.100.200",  # Alibaba Cloud
        "192.0.0.192",  # Oracle Cloud (classic)
        "fd00:ec2::254",  # AWS IPv6 metadata
        "fd00:ec2::23",  # AWS IPv6 DNS
    )
)
METADATA_HOSTS = frozenset(
    {"metadata", "metadata.google.internal", "instance-data", "instance-data.ec2.internal"}
)

_CGNAT = ipaddress.ip_network("100.64.0.0/10")
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_NAT64_LOCAL = ipaddress.ip_network("64:ff9b:1::/48")
_UNIQUE_LOCAL = ipaddress.ip_network("fc00::/7")


@dataclass(frozen=True, slots=True)
class Target:
    """A URL's parts after the checks: scheme, host (as written, lower case), port and the address to use."""

    scheme: str
    host: str
    port: int
    address: IPAddress

    @property
    def host_header(self) -> str:
        """The ``Host`` header: the name, with the port when it is not the scheme's default."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return host if DEFAULT_PORTS[self.scheme] == self.port else f"{host}:{self.port}"


def address_refusal(address: IPAddress, *, allow_private: bool = False) -> str | None:
    """Why ``address`` may not be fetched (``"loopback"``, ``"cloud metadata"`` ...), or None when it may.

    IPv6 addresses that embed an IPv4 address (IPv4-mapped, NAT64, 6to4) are judged by
    the address they embed.
    """
    if address in METADATA_ADDRESSES:
        return "cloud metadata"
    if isinstance(address, ipaddress.IPv6Address):
        embedded = _embedded_ipv4(address)
        if embedded is not None:
            reason = address_refusal(embedded, allow_private=allow_private)
            return f"{reason}, embedded in an IPv6 address" if reason else None
    if allow_private:
        return None
    for reason, test in _CHECKS:
        if test(address):
            return reason
    return None


def _embedded_ipv4(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address in _NAT64 or address in _NAT64_LOCAL:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    if address.sixtofour is not None:
        return address.sixtofour
    return None


def _is_unique_local(address: IPAddress) -> bool:
    return isinstance(address, ipaddress.IPv6Address) and address in _UNIQUE_LOCAL


def _is_cgnat(address: IPAddress) -> bool:
    return isinstance(address, ipaddress.IPv4Address) and address in _CGNAT


_CHECKS: tuple[tuple[str, Callable[[IPAddress], bool]], ...] = (
    ("unspecified", lambda a: a.is_unspecified),
    ("loopback", lambda a: a.is_loopback),
    ("link-local", lambda a: a.is_link_local),
    ("unique-local", _is_unique_local),
    ("shared address space (CGNAT)", _is_cgnat),
    ("multicast", lambda a: a.is_multicast),
    ("reserved", lambda a: a.is_reserved),
    ("private", lambda a: a.is_private),
    # Whatever else is not globally routable (documentation ranges, Teredo, benchmarking ...).
    ("not globally routable", lambda a: not a.is_global),
)


def resolve_host(host: str, port: int) -> list[str]:
    """The addresses ``host`` resolves to for TCP on ``port`` (system resolver), in its order."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError) as exc:
        # A name that does not resolve now may resolve later: a passing failure, not a refusal.
        raise FetchError(f"cannot resolve host {host!r}: {exc}", where=host, transient=True) from None
    found: list[str] = []
    for info in infos:
        address = str(info[4][0])
        if address not in found:
            found.append(address)
    return found


def check_url(url: str, *, allow_private: bool = False, resolver: Resolver = resolve_host) -> Target:
    """Check a URL's scheme and host, resolve it once and check every address it resolves to.

    Returns the ``Target`` to connect to (the first address of the answer). Raises
    ``RefusedAddressError`` for another scheme, a missing host, credentials in the URL,
    or when any address is refused by ``address_refusal``
    (one refused address refuses the host: a mixed answer is how rebinding starts).
    """
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise RefusedAddressError(f"not a valid URL: {exc}", where=url) from None
    scheme = parts.scheme.lower()
    if scheme not in ALLOWED_SCHEMES:
        raise RefusedAddressError(f"only http and https URLs are fetched, not {scheme or 'this'}:", where=url)
    host = (parts.hostname or "").rstrip(".").lower()
    if not host:
        raise RefusedAddressError("the URL has no host", where=url)
    if not host.isascii():
        try:
            host = host.encode("idna").decode("ascii")
        except UnicodeError:
            raise RefusedAddressError(f"{host!r} is not a valid host name", where=url) from None
    if parts.username is not None or parts.password is not None:
        raise RefusedAddressError("URLs with a user name or password are not fetched", where=url)
    if host in METADATA_HOSTS:
        raise RefusedAddressError(f"{host} is a cloud metadata service", where=url)
    if not allow_private and (host == "localhost" or host.endswith(".localhost")):
        raise RefusedAddressError(f"{host} is a loopback name; pass --allow-private to fetch it", where=url)
    port = port or DEFAULT_PORTS[scheme]
    try:
        literal: IPAddress | None = ipaddress.ip_address(host)
    except ValueError:
        literal = None
    answers = [str(literal)] if literal is not None else list(resolver(host, port))
    if not answers:
        raise RefusedAddressError(f"host {host!r} resolves to no address", where=url)
    addresses: list[IPAddress] = []
    for answer in answers:
        try:
            address = ipaddress.ip_address(answer.split("%", 1)[0])  # drop an IPv6 zone id
        except ValueError:
            message = f"host {host!r} resolved to {answer!r}, not an address"
            raise RefusedAddressError(message, where=url) from None
        reason = address_refusal(address, allow_private=allow_private)
        if reason is not None:
            hint = "" if reason.startswith("cloud metadata") else "; pass --allow-private to fetch it"
            shown = host if literal is not None else f"{host} resolves to {address}, which"
            article = "an" if reason[0] in "aeiou" else "a"
            raise RefusedAddressError(f"refused: {shown} is {article} {reason} address{hint}", where=url)
        addresses.append(address)
    return Target(scheme=scheme, host=host, port=port, address=addresses[0])
