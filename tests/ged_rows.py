"""Simulated two-stream data written as UCDP GED rows, for the analysis and import tests."""

from __future__ import annotations

import csv
from datetime import date, timedelta
from pathlib import Path

import numpy as np

from rasid.analysis.hawkes import HawkesParams, simulate_hawkes

UCDP_COLUMNS = [
    "id",
    "year",
    "type_of_violence",
    "dyad_name",
    "side_a",
    "side_b",
    "number_of_sources",
    "source_office",
    "source_date",
    "source_headline",
    "where_prec",
    "where_coordinates",
    "adm_1",
    "adm_2",
    "latitude",
    "longitude",
    "country",
    "date_prec",
    "date_start",
    "date_end",
    "deaths_a",
    "deaths_b",
    "deaths_civilians",
    "deaths_unknown",
    "low",
    "best",
    "high",
]


def ucdp_row(record_id: int, day: date, *, deaths_a: int, deaths_b: int, **extra: str) -> dict[str, str]:
    """A Government of Syria - IS row in GED's layout."""
    row = {
        "id": str(record_id),
        "year": str(day.year),
        "type_of_violence": "1",
        "dyad_name": "Government of Syria - IS",
        "side_a": "Government of Syria",
        "side_b": "IS",
        "number_of_sources": "1",
        "source_office": "SOHR",
        "source_date": day.isoformat(),
        "source_headline": f"Fighting near Deir Ezzor, report {record_id}",
        "where_prec": "1",
        "where_coordinates": "Deir ez Zor town",
        "adm_1": "Deir ez Zor Governorate",
        "adm_2": "Deir ez Zor district",
        "latitude": "35.335876",
        "longitude": "40.140844",
        "country": "Syria",
        "date_prec": "1",
        "date_start": day.isoformat(),
        "date_end": day.isoformat(),
        "deaths_a": str(deaths_a),
        "deaths_b": str(deaths_b),
        "deaths_civilians": "0",
        "deaths_unknown": "0",
        "low": str(deaths_a + deaths_b),
        "best": str(deaths_a + deaths_b),
        "high": str(deaths_a + deaths_b),
    }
    row.update(extra)
    return row


def write_csv(path: Path, rows: list[dict[str, str]], columns: list[str] | None = None) -> Path:
    """Write rows with a header line."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns or list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def simulated_ucdp_rows(seed: int = 7, days: float = 400.0) -> list[dict[str, str]]:
    """Rows of a simulated process where IS attacks (government losses) trigger government attacks."""
    params = HawkesParams(np.array([0.15, 0.1]), np.array([[0.2, 0.0], [0.5, 0.2]]), 0.7)
    data = simulate_hawkes(params, days, np.random.default_rng(seed))
    start = date(2017, 1, 1)
    rows = []
    for k, (t, mark) in enumerate(zip(data.times, data.marks, strict=True)):
        day = start + timedelta(days=int(t))
        # stream 0: IS attacks (only side a, the government, loses people); 1: the government's
        rows.append(ucdp_row(1000 + k, day, deaths_a=2 if mark == 0 else 0, deaths_b=0 if mark == 0 else 3))
    return rows
