"""The address policy, decided with a stubbed resolver: nothing here opens a connection or asks DNS."""

from __future__ import annotations

import ipaddress
from collections.abc import Sequence

import pytest

from rasid.errors import RefusedAddressError
from rasid.ingest.addresses import address_refusal, check_url


def _resolver(*answers: str) -> tuple[list[tuple[str, int]], object]:
    calls: list[tuple[str, int]] = []

    def resolve(host: str, port: int) -> Sequence[str]:
        calls.append((host, port))
        return list(answers)

    return calls, resolve


@pytest.mark.parametrize(
    ("address", "reason"),
    [
        ("10.1.2.3", "private"),
        ("172.16.5.4", "private"),
        ("192.168.0.10", "private"),
        ("127.0.0.1", "loopback"),
        ("127.8.9.10", "loopback"),
        ("169.254.1.1", "link-local"),
        ("100.64.0.1", "shared address space (CGNAT)"),
        ("224.0.0.251", "multicast"),
        ("240.0.0.1", "reserved"),
        ("0.0.0.0", "unspecified"),
        ("192.0.2.15", "private"),  # documentation range
        ("::1", "loopback"),
        ("::", "unspecified"),
        ("fe80::1", "link-local"),
        ("fd12:3456::1", "unique-local"),
        ("ff02::1", "multicast"),
        ("169.254.169.254", "cloud metadata"),
        ("fd00:ec2::254", "cloud metadata"),
        ("100.100.100.200", "cloud metadata"),
        ("::ffff:127.0.0.1", "loopback, embedded in an IPv6 address"),
        ("::ffff:10.0.0.1", "private, embedded in an IPv6 address"),
        ("::ffff:169.254.169.254", "cloud metadata, embedded in an IPv6 address"),
        ("64:ff9b::a00:1", "private, embedded in an IPv6 address"),  # NAT64 of 10.0.0.1
        ("2002:c0a8:0101::1", "private, embedded in an IPv6 address"),  # 6to4 of 192.168.1.1
    ],
)
def test_addresses_refusal_reason(address: str, reason: str) -> None:
    assert address_refusal(ipaddress.ip_address(address)) == reason


@pytest.mark.parametrize(
    "address", ["93.184.215.14", "8.8.4.4", "2606:4700::6810:84e5", "::ffff:93.184.215.14"]
)
def test_addresses_public_are_allowed(address: str) -> None:
    assert address_refusal(ipaddress.ip_address(address)) is None


def test_addresses_allow_private_lifts_all_but_metadata() -> None:
    for address in ("10.0.0.1", "127.0.0.1", "fd12::1", "100.64.1.1", "::ffff:192.168.1.1"):
        assert address_refusal(ipaddress.ip_address(address), allow_private=True) is None
    for address in ("169.254.169.254", "fd00:ec2::254", "::ffff:169.254.169.254"):
        assert address_refusal(ipaddress.ip_address(address), allow_private=True) is not None


@pytest.mark.parametrize(
    ("answers", "fragment"),
    [
        (["10.0.0.5"], "resolves to 10.0.0.5, which is a private address"),
        (["169.254.169.254"], "cloud metadata"),
        (["fd00:ec2::254"], "cloud metadata"),
        (["::ffff:127.0.0.1"], "loopback"),
        (["fe80::1%eth0"], "link-local"),
        # One bad address in the answer refuses the host: a mixed answer is how rebinding starts.
        (["93.184.215.14", "192.168.1.20"], "192.168.1.20"),
    ],
)
def test_addresses_check_url_refuses_after_resolution(answers: list[str], fragment: str) -> None:
    calls, resolve = _resolver(*answers)
    with pytest.raises(RefusedAddressError) as info:
        check_url("https://news.example/a/1.html", resolver=resolve)  # type: ignore[arg-type]
    assert fragment in info.value.message
    assert info.value.code == "E107"
    assert calls == [("news.example", 443)]


def test_addresses_check_url_gives_the_checked_address() -> None:
    calls, resolve = _resolver("93.184.215.14", "2606:4700::6810:84e5")
    target = check_url("http://News.Example:8080/x", resolver=resolve)  # type: ignore[arg-type]
    assert (target.scheme, target.host, target.port, str(target.address)) == (
        "http",
        "news.example",
        8080,
        "93.184.215.14",
    )
    assert target.host_header == "news.example:8080"
    assert calls == [("news.example", 8080)]


@pytest.mark.parametrize(
    ("url", "fragment"),
    [
        ("ftp://news.example/file", "only http and https"),
        ("file:///etc/passwd", "only http and https"),
        ("http://user:secret@news.example/", "user name or password"),
        ("http://localhost:8000/", "loopback name"),
        ("http://metadata.google.internal/computeMetadata/v1/", "cloud metadata"),
        ("http://127.0.0.1/", "127.0.0.1 is a loopback address"),
        ("http://[::1]:8080/", "::1 is a loopback address"),
        ("http://[::ffff:169.254.169.254]/", "cloud metadata"),
        ("http:///path-only", "no host"),
    ],
)
def test_addresses_check_url_refuses_without_resolving(url: str, fragment: str) -> None:
    calls, resolve = _resolver("93.184.215.14")
    with pytest.raises(RefusedAddressError) as info:
        check_url(url, resolver=resolve)  # type: ignore[arg-type]
    assert fragment in info.value.message
    assert calls == []


def test_addresses_allow_private_still_checks_scheme_and_metadata() -> None:
    _, resolve = _resolver("169.254.169.254")
    with pytest.raises(RefusedAddressError, match="cloud metadata"):
        check_url("http://news.example/", allow_private=True, resolver=resolve)  # type: ignore[arg-type]
    with pytest.raises(RefusedAddressError, match="only http and https"):
        check_url("gopher://127.0.0.1/", allow_private=True)
    target = check_url("http://127.0.0.1:9/", allow_private=True)
    assert str(target.address) == "127.0.0.1"


def test_addresses_idn_host_is_resolved_in_ascii() -> None:
    calls, resolve = _resolver("93.184.215.14")
    target = check_url("https://أخبار.example/خبر", resolver=resolve)  # type: ignore[arg-type]
    assert target.host == "xn--mgbai6bdc.example" or target.host.startswith("xn--")
    assert calls == [(target.host, 443)]
    assert target.host_header == target.host
