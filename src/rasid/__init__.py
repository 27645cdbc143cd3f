"""rasid: turn Arabic and English conflict reports into geocoded, explainable events."""

from __future__ import annotations

__version__ = "0.1.0"
