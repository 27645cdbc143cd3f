"""``rasid serve``: the HTTP API and the dashboard on uvicorn."""

from __future__ import annotations

import os

import click

from rasid.cli.common import db_option, open_store

DEFAULT_MAX_BODY_BYTES = 2 * 1024 * 1024


@click.command("serve")
@db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="Port to listen on."
)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Server processes (one per core).",
)
@click.option(
    "--cors-origin",
    "cors_origins",
    multiple=True,
    metavar="ORIGIN",
    help="Let browsers on ORIGIN (https://example.org) call the API; repeat for more. None by default.",
)
@click.option(
    "--max-body-bytes",
    type=click.IntRange(min=1),
    default=DEFAULT_MAX_BODY_BYTES,
    show_default=True,
    help="Refuse request bodies larger than this (413).",
)
def serve(
    db: str, host: str, port: int, workers: int, cors_origins: tuple[str, ...], max_body_bytes: int
) -> None:
    """Serve the HTTP API over the store: /events, /documents, /actors, /places, /stats.

    The dashboard is at /, the OpenAPI schema at /openapi.json and its docs at /docs. Reads
    need nothing; POST /documents needs a key from `rasid keys create`. Needs the api
    extra: pip install 'rasid[api]'.

    \b
    Example:
      rasid serve --db events.db
      rasid serve --host 0.0.0.0 --port 8080 --workers 2
      curl 'http://127.0.0.1:8000/events?actor=ISIS&since=2024-01&format=csv'
    """
    try:
        import uvicorn

        import rasid.api.app  # noqa: F401 - fails here, not in a worker, when the extra is missing
    except ImportError as exc:
        raise click.ClickException(
            f"rasid serve needs the api extra ({exc.name} is not installed): pip install 'rasid[api]'"
        ) from exc
    # Open (and migrate) once here, so that a bad --db fails with a clear message before the server starts.
    open_store(db).close()
    os.environ["RASID_DB"] = db
    os.environ["RASID_API_CORS_ORIGINS"] = " ".join(cors_origins)
    os.environ["RASID_API_MAX_BODY_BYTES"] = str(max_body_bytes)
    click.echo(f"rasid dashboard on http://{host}:{port}/ (API docs at /docs), store {db}", err=True)
    uvicorn.run(
        "rasid.api.app:app_from_environment",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="warning",
        access_log=False,
    )
