"""Versioned knowledge files (actor dictionary, gazetteer, lexicons) and their readers."""

from __future__ import annotations

import csv
import io
import tomllib
from functools import cache
from importlib import resources
from typing import Any

from rasid.errors import DataFileError


def data_path(name: str) -> Any:
    """A traversable for a file inside ``rasid/data``."""
    return resources.files("rasid.data").joinpath(name)


def read_text(name: str) -> str:
    """The text of a data file."""
    try:
        return str(data_path(name).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise DataFileError(f"cannot read data file {name}: {exc}") from exc


def read_tsv(name: str) -> list[dict[str, str]]:
    """Rows of a tab-separated data file with a header line; lines starting with # are comments."""
    lines = [line for line in read_text(name).splitlines() if line.strip() and not line.startswith("#")]
    reader = csv.DictReader(io.StringIO("\n".join(lines)), delimiter="\t", quoting=csv.QUOTE_NONE)
    return [{k: (v or "").strip() for k, v in row.items() if k is not None} for row in reader]


@cache
def read_toml(name: str) -> dict[str, Any]:
    """A TOML data file, parsed once."""
    try:
        return tomllib.loads(read_text(name))
    except tomllib.TOMLDecodeError as exc:
        raise DataFileError(f"data file {name} is not valid TOML: {exc}") from exc
