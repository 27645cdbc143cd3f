"""API keys for the write endpoints: created once, stored as a SHA-256 digest, checked in constant time.

A token is ``rsd_`` followed by 43 URL-safe random characters (256 bits). The ``api_keys``
table keeps its name, its first characters (``prefix``, to tell keys apart in listings) and
the hex SHA-256 digest of the whole token, never the token itself. This module needs no
web framework, so that ``rasid keys`` works without the ``api`` extra.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import Row, insert, select, update
from sqlalchemy.exc import SQLAlchemyError

from rasid.errors import StoreError
from rasid.store import Store
from rasid.store.schema import api_keys

TOKEN_PREFIX = "rsd_"
PREFIX_LENGTH = 12  # "rsd_" and 8 random characters: enough to tell keys apart, too few to guess
MAX_NAME_LENGTH = 200


@dataclass(frozen=True, slots=True)
class ApiKey:
    """One stored key, without its token."""

    id: int
    name: str
    prefix: str
    created_at: datetime
    revoked_at: datetime | None

    @property
    def active(self) -> bool:
        """Whether the key is still accepted."""
        return self.revoked_at is None


class KeyCheck(StrEnum):
    """What ``check_key`` found for a token."""

    VALID = "valid"
    UNKNOWN = "unknown"
    REVOKED = "revoked"


def digest_token(token: str) -> str:
    """The hex SHA-256 digest of a token, as stored."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _utc(moment: datetime | None) -> datetime | None:
    # SQLite gives naive datetimes back; they were stored as UTC.
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=UTC)


def _key(row: Row[Any]) -> ApiKey:
    return ApiKey(
        id=int(row.id),
        name=str(row.name),
        prefix=str(row.prefix),
        created_at=_utc(row.created_at) or datetime.now(UTC),
        revoked_at=_utc(row.revoked_at),
    )


def create_key(store: Store, name: str) -> tuple[str, ApiKey]:
    """Make a new key called ``name``; returns the token (shown once, never stored) and the key."""
    name = name.strip()
    if not name:
        raise ValueError("a key needs a name (who or what uses it)")
    if len(name) > MAX_NAME_LENGTH:
        raise ValueError(f"a key name has at most {MAX_NAME_LENGTH} characters")
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    values = {
        "name": name,
        "prefix": token[:PREFIX_LENGTH],
        "digest": digest_token(token),
        "created_at": datetime.now(UTC),
        "revoked_at": None,
    }
    try:
        with store.engine.begin() as connection:
            connection.execute(insert(api_keys).values(values))
            row = connection.execute(select(api_keys).where(api_keys.c.digest == values["digest"])).one()
    except SQLAlchemyError as exc:
        raise StoreError(f"the key was not stored: {exc}") from exc
    return token, _key(row)


def list_keys(store: Store) -> list[ApiKey]:
    """Every stored key, oldest first, revoked ones included."""
    with store.engine.connect() as connection:
        rows = connection.execute(select(api_keys).order_by(api_keys.c.id)).all()
    return [_key(row) for row in rows]


def revoke_key(store: Store, key: str) -> ApiKey:
    """Revoke the key whose id, prefix or name is ``key``; raises ``LookupError`` when none or several match.

    Revoking a revoked key keeps its first revocation time.
    """
    key = key.strip()
    matches = [k for k in list_keys(store) if key in (str(k.id), k.prefix, k.name)]
    if not matches:
        raise LookupError(f"no key has the id, prefix or name {key!r}")
    if len(matches) > 1:
        ids = ", ".join(str(k.id) for k in matches)
        raise LookupError(f"{key!r} names several keys ({ids}): revoke one by its id")
    found = matches[0]
    if found.revoked_at is not None:
        return found
    now = datetime.now(UTC)
    with store.engine.begin() as connection:
        connection.execute(update(api_keys).where(api_keys.c.id == found.id).values(revoked_at=now))
    return ApiKey(found.id, found.name, found.prefix, found.created_at, now)


def check_key(store: Store, token: str) -> KeyCheck:
    """Whether ``token`` is a valid key, an unknown one or a revoked one.

    Keys are looked up by their public prefix and the digests compared with
    ``hmac.compare_digest``, so the time taken tells nothing about the secret part.
    """
    digest = digest_token(token)
    query = select(api_keys.c.digest, api_keys.c.revoked_at).where(api_keys.c.prefix == token[:PREFIX_LENGTH])
    with store.engine.connect() as connection:
        rows = connection.execute(query).all()
    result = KeyCheck.UNKNOWN
    for row in rows:
        if hmac.compare_digest(str(row.digest), digest):
            result = KeyCheck.VALID if row.revoked_at is None else KeyCheck.REVOKED
    return result
