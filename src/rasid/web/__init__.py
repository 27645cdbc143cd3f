"""The analyst's dashboard: static files served by the API app at ``/`` (no build step).

``static/`` holds the page (``index.html``), its scripts and styles, the interface strings
(``i18n/en.json``, ``i18n/ar.json``), Syria's outlines (``data/``) and the vendored Leaflet
files (``vendor/``, written by ``tools/vendor_web.py``). The page reads the API's JSON:
``/dashboard/events`` and ``/dashboard/meta`` (``rasid.api.dashboard``) and ``/events/{id}``.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles

from rasid.api.dashboard import router as dashboard_router

ASSETS_PATH = "/assets"

# The page loads nothing from elsewhere but the optional online map tiles; it runs no inline
# script or style, so injected markup could not run even if it reached the page.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; "
    "img-src 'self' data: https://tile.openstreetmap.org; connect-src 'self'; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)


def static_folder() -> Path:
    """The folder of the dashboard's files inside the installed package."""
    return Path(str(resources.files("rasid.web").joinpath("static")))


def install_dashboard(app: FastAPI) -> None:
    """Add the dashboard to ``app``: its JSON routes, the page at ``/`` and its files under ``/assets``."""
    folder = static_folder()
    app.include_router(dashboard_router)

    @app.get("/", include_in_schema=False)
    def dashboard_page() -> FileResponse:
        """The dashboard page."""
        return FileResponse(
            folder / "index.html",
            media_type="text/html; charset=utf-8",
            headers={
                "Content-Security-Policy": CONTENT_SECURITY_POLICY,
                "X-Content-Type-Options": "nosniff",
                "Referrer-Policy": "no-referrer",
                "Cache-Control": "no-cache",
            },
        )

    app.mount(ASSETS_PATH, StaticFiles(directory=folder), name="dashboard-assets")
