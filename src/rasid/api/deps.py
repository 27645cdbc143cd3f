"""What the route handlers share: the store, the event filter parameters, the API key check."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import Depends, HTTPException, Query, Request, Security
from fastapi.security import APIKeyHeader

from rasid.api.keys import KeyCheck, check_key
from rasid.api.models import EventType, Genericity, Modality
from rasid.api.queries import BadQueryError, EventFilters, parse_bbox
from rasid.cli.common import parse_date_bound
from rasid.store import Store

API_KEY_HEADER = "X-API-Key"
MAX_TOKEN_LENGTH = 200
_TEXT = 200  # longest accepted filter value


def no_nul_characters(request: Request) -> None:
    """Refuse (400) a NUL character in any query or path parameter.

    Databases end strings there (SQLite would read ``q=%00`` as an empty pattern that
    matches everything; PostgreSQL refuses it), so it never reaches a query.
    """
    values = [*request.query_params.values(), *(str(v) for v in request.path_params.values())]
    if any("\x00" in value for value in values):
        raise BadQueryError("parameters may not contain NUL characters")


def get_store(request: Request) -> Store:
    """The app's store (opened by ``create_app``)."""
    store: Store = request.app.state.store
    return store


StoreDep = Annotated[Store, Depends(get_store)]


def parse_day(value: str | None, *, end: bool, name: str) -> date | None:
    """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` -> the first (``end``: last) ISO day; 400 otherwise."""
    if value is None:
        return None
    try:
        return parse_date_bound(value, end=end)
    except ValueError:
        raise BadQueryError(f"{name} must be a date: YYYY-MM-DD, YYYY-MM or YYYY, not {value!r}") from None


def event_filters(
    event_type: Annotated[EventType | None, Query(alias="type", description="Event type.")] = None,
    actor: Annotated[
        str | None,
        Query(max_length=_TEXT, description="Actor id; also finer ids under it (ISIS matches ISIS.*)."),
    ] = None,
    admin1: Annotated[str | None, Query(max_length=_TEXT, description="Governorate (case ignored).")] = None,
    admin2: Annotated[str | None, Query(max_length=_TEXT, description="District (case ignored).")] = None,
    bbox: Annotated[
        str | None, Query(max_length=_TEXT, description="Bounding box W,S,E,N in degrees.")
    ] = None,
    since: Annotated[
        str | None, Query(max_length=32, description="Events on or after: YYYY-MM-DD, YYYY-MM or YYYY.")
    ] = None,
    until: Annotated[
        str | None, Query(max_length=32, description="Events on or before: YYYY-MM-DD, YYYY-MM or YYYY.")
    ] = None,
    modality: Annotated[Modality | None, Query(description="How the text presents the event.")] = None,
    genericity: Annotated[Genericity | None, Query(description="One incident or a pattern.")] = None,
    q: Annotated[str | None, Query(max_length=_TEXT, description="Words in the event's record.")] = None,
) -> EventFilters:
    """The event filters of a request, checked (dates and bounding box give 400 when malformed)."""
    first = parse_day(since, end=False, name="since")
    last = parse_day(until, end=True, name="until")
    if first is not None and last is not None and first > last:
        raise BadQueryError(f"since {first} is after until {last}")
    return EventFilters(
        event_type=event_type,
        actor=actor.strip() or None if actor is not None else None,
        admin1=admin1,
        admin2=admin2,
        bbox=parse_bbox(bbox) if bbox is not None else None,
        since=first,
        until=last,
        modality=modality,
        genericity=genericity,
        q=q,
    )


FiltersDep = Annotated[EventFilters, Depends(event_filters)]

api_key_scheme = APIKeyHeader(
    name=API_KEY_HEADER,
    auto_error=False,
    description="A key made with `rasid keys create NAME` (also accepted as `Authorization: Bearer KEY`).",
)


def require_key(
    request: Request, store: StoreDep, token: Annotated[str | None, Security(api_key_scheme)] = None
) -> None:
    """Let the request through only with a valid key: 401 without one, 403 with a wrong or revoked one."""
    if not token:
        authorization = request.headers.get("authorization", "")
        scheme, _, value = authorization.partition(" ")
        if scheme.lower() == "bearer" and value.strip():
            token = value.strip()
    if not token:
        raise HTTPException(
            401,
            f"this endpoint needs an API key in the {API_KEY_HEADER} header (`rasid keys create` makes one)",
            headers={"WWW-Authenticate": f'ApiKey header="{API_KEY_HEADER}"'},
        )
    found = KeyCheck.UNKNOWN if len(token) > MAX_TOKEN_LENGTH else check_key(store, token)
    if found is KeyCheck.REVOKED:
        raise HTTPException(403, "this API key was revoked")
    if found is not KeyCheck.VALID:
        raise HTTPException(403, "this API key is not valid")


def clamp_limit(limit: int, *, maximum: int) -> int:
    """``limit`` capped at ``maximum``."""
    return min(limit, maximum)
