"""The HTTP API (FastAPI): ``create_app(store_url)``; started by ``rasid serve``.

Needs the ``api`` extra (``pip install 'rasid[api]'``); ``rasid.api.keys`` does not.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rasid.api.app import create_app

__all__ = ["create_app"]


def __getattr__(name: str) -> Any:
    # Imported on first use, so that ``rasid.api.keys`` works without FastAPI installed.
    if name == "create_app":
        from rasid.api.app import create_app

        return create_app
    raise AttributeError(name)
