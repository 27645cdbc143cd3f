"""The HTTP API: ``create_app(store_url)`` builds the FastAPI application over one store.

Every route, in one place (each router lives in ``rasid/api/routes/``):

    GET  /                 the dashboard page (rasid/web/; its files under /assets)
    GET  /dashboard/...    the dashboard's compact events, labels, related reports (api/dashboard.py)
    GET  /events           filtered, sorted, cursor-paged events (JSON, CSV, GeoJSON)
    GET  /events/{id}      one event with its source documents
    GET  /documents        stored documents (JSON, CSV)
    GET  /documents/{id}   one document with its text and events
    POST /documents        ingest and code one document (API key)
    GET  /actors           the actor dictionary (JSON, CSV)
    GET  /places           gazetteer search by name prefix (JSON, CSV, GeoJSON)
    GET  /stats            counts by period x type x actor x admin1 (JSON, CSV)
    GET  /clusters         incidents: clusters of reports with the merged view (JSON)
    GET  /clusters/{id}    one incident with every report and the reasons it was attached
    GET  /openapi.json     the OpenAPI schema; /docs shows it

Security: SQL only with bound parameters; request bodies over ``max_body_bytes`` are
refused (413); no CORS headers unless ``cors_origins`` is given; write endpoints need a key;
errors are problem details without tracebacks.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from importlib.metadata import PackageNotFoundError, version

from fastapi import Depends, FastAPI
from fastapi.middleware.cors import CORSMiddleware

from rasid.api import analysis, clusters
from rasid.api.deps import API_KEY_HEADER, no_nul_characters
from rasid.api.errors import BodySizeLimit, install_error_handlers
from rasid.api.routes import actors, documents, events, places, stats
from rasid.api.routes.documents import Ingester
from rasid.extract.actors import ActorDictionary
from rasid.store import DEFAULT_DB, Store
from rasid.web import install_dashboard

DEFAULT_MAX_BODY_BYTES = 2 * 1024 * 1024
ROUTERS = (
    events.router,
    documents.router,
    actors.router,
    places.router,
    stats.router,
    analysis.router,
    clusters.router,
)


def _version() -> str:
    try:
        return version("rasid")
    except PackageNotFoundError:
        return "0"


def create_app(
    store_url: str,
    *,
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES,
    cors_origins: Sequence[str] = (),
    create: bool = True,
) -> FastAPI:
    """The API over the store at ``store_url`` (a SQLite path or a database URL).

    Opens (with ``create``, makes) and migrates the store and loads the actor dictionary
    into it, as ``rasid run`` does. ``cors_origins`` lists the origins that browsers may
    call the API from (none by default); ``max_body_bytes`` caps request bodies.
    """
    if max_body_bytes < 1:
        raise ValueError("max_body_bytes must be positive")
    store = Store.open(store_url, create=create)
    dictionary = ActorDictionary.load_default()
    store.sync_actors((e.id, e.parent, e.name, e.name_ar) for e in dictionary.entries())

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        store.close()

    app = FastAPI(
        title="rasid",
        version=_version(),
        summary="Arabic-first conflict-event monitor: coded, geocoded events with their evidence.",
        description=(
            "Events follow the v1 record of `event.schema.json`. List endpoints answer JSON, "
            "or CSV / GeoJSON with `format=` or an `Accept` header, and are walked with the "
            "`next_cursor` of each page. `POST /documents` needs a key (`rasid keys create NAME`) "
            f"in the `{API_KEY_HEADER}` header."
        ),
        lifespan=lifespan,
        redoc_url=None,
        dependencies=[Depends(no_nul_characters)],
    )
    app.state.store = store
    app.state.ingester = Ingester(store)
    for router in ROUTERS:
        app.include_router(router)

    install_dashboard(app)

    install_error_handlers(app)
    if cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(cors_origins),
            allow_methods=["GET", "POST"],
            allow_headers=[API_KEY_HEADER, "Authorization", "Content-Type"],
        )
    app.add_middleware(BodySizeLimit, max_bytes=max_body_bytes)
    return app


def app_from_environment() -> FastAPI:
    """The app for ``rasid serve``'s workers: store from ``RASID_DB``, options from ``RASID_API_*``."""
    cors = os.environ.get("RASID_API_CORS_ORIGINS", "").split()
    max_body = int(os.environ.get("RASID_API_MAX_BODY_BYTES") or DEFAULT_MAX_BODY_BYTES)
    return create_app(os.environ.get("RASID_DB") or DEFAULT_DB, cors_origins=cors, max_body_bytes=max_body)
