"""``rasid geocode``: resolve place names (Arabic or English, any spelling) to places."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, BinaryIO

import click

from rasid.geo.resolve import resolve_place
from rasid.records import Place

MAX_CANDIDATES = 5
SUPPORTED_COUNTRIES = ("SY",)


@dataclass(frozen=True, slots=True)
class GeocodeInput:
    """One name to resolve: its id, text, and the error that made its line unreadable (if any)."""

    id: Any
    text: str | None
    line: int
    error: str | None = None


def place_fields(place: Place | None) -> dict[str, Any]:
    """The place members of a geocode result (all null when nothing was found)."""
    if place is None:
        return {
            "name": None,
            "name_ar": None,
            "lat": None,
            "lon": None,
            "admin1": None,
            "admin2": None,
            "precision": "unknown",
            "key": None,
        }
    return {
        "name": place.name,
        "name_ar": place.name_ar,
        "lat": place.lat,
        "lon": place.lon,
        "admin1": place.admin1,
        "admin2": place.admin2,
        "precision": place.precision,
        "key": place.key,
    }


def geocode_result(item: GeocodeInput) -> dict[str, Any]:
    """The output object for one input: ``{"id", "text", place members..., "candidates"[, "error"]}``."""
    if item.error is not None or item.text is None:
        out = {"id": item.id, "text": item.text, **place_fields(None), "candidates": []}
        out["error"] = item.error or "no text"
        return out
    best, others = resolve_place(item.text)
    return {
        "id": item.id,
        "text": item.text,
        **place_fields(best),
        "candidates": [place_fields(p) for p in others[:MAX_CANDIDATES]],
    }


def _decode(raw: bytes, number: int) -> tuple[str | None, str | None]:
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return None, f"line {number}: not UTF-8 ({exc.reason})"
    return line.lstrip("\ufeff") if number == 1 else line, None


def read_text_inputs(lines: Iterable[bytes]) -> Iterator[GeocodeInput]:
    """One input per non-empty line; the id is the line number."""
    for number, raw in enumerate(lines, start=1):
        line, error = _decode(raw, number)
        if error is not None:
            yield GeocodeInput(None, None, number, error)
        elif line is not None and line.strip():
            yield GeocodeInput(str(number), line.strip(), number)


def parse_jsonl_line(line: str, number: int) -> GeocodeInput:
    """One ``{"id", "text"}`` JSONL line; a malformed one yields an input that carries its error."""
    try:
        data = json.loads(line)
    except json.JSONDecodeError as exc:
        return GeocodeInput(None, None, number, f"line {number}: not valid JSON ({exc.msg})")
    if not isinstance(data, dict):
        return GeocodeInput(None, None, number, f"line {number}: expected a JSON object")
    ident = data.get("id")
    if not isinstance(ident, (str, int)) or isinstance(ident, bool):
        ident = None
    text = data.get("text")
    if not isinstance(text, str):
        return GeocodeInput(ident, None, number, f'line {number}: "text" must be a string')
    return GeocodeInput(ident, text, number)


def read_jsonl_inputs(lines: Iterable[bytes]) -> Iterator[GeocodeInput]:
    """One input per non-empty JSONL line."""
    for number, raw in enumerate(lines, start=1):
        line, error = _decode(raw, number)
        if error is not None:
            yield GeocodeInput(None, None, number, error)
        elif line is not None and line.strip():
            yield parse_jsonl_line(line, number)


def _check_country(ctx: click.Context, param: click.Parameter, value: str) -> str:
    code = value.strip().upper()
    if code not in SUPPORTED_COUNTRIES:
        raise click.BadParameter(
            f"{value!r} is not supported: the gazetteer holds places in {', '.join(SUPPORTED_COUNTRIES)} only"
        )
    return code


def _write(stream: BinaryIO, obj: Any, *, pretty: bool = False) -> None:
    text = json.dumps(obj, ensure_ascii=False, indent=2 if pretty else None)
    stream.write(text.encode("utf-8") + b"\n")


@click.command("geocode")
@click.argument("texts", nargs=-1, metavar="[TEXT ...]")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "jsonl"]),
    default="json",
    show_default=True,
    help="json: one result pretty-printed (an array for several); jsonl: one result per line.",
)
@click.option(
    "--input-format",
    type=click.Choice(["text", "jsonl"]),
    default="text",
    show_default=True,
    help='text: each TEXT (or stdin line) is a name; jsonl: each line is {"id": ..., "text": ...}.',
)
@click.option(
    "--country",
    default="SY",
    show_default=True,
    callback=_check_country,
    help="Country whose places to search (ISO 3166-1 alpha-2); only SY is supported.",
)
def geocode(texts: tuple[str, ...], fmt: str, input_format: str, country: str) -> None:
    """Resolve place names (Arabic or English, any spelling) to places.

    Each TEXT is a place name ("دير الزور", "Deir Ezzor", "البوكمال, Syria") or a relative
    expression ("ريف دير الزور الشرقي", "5 km east of Hajin"). Without TEXT, standard input is
    read: one name per line, or with --input-format jsonl one {"id", "text"} object per line.
    Each result has id, text, name, name_ar, lat, lon, admin1, admin2, precision, key and up
    to five other candidates; lat/lon are null when nothing was found. A malformed JSONL line
    is reported on stderr with its line number and yields a result with an "error" member;
    the exit status is then 1, after every other line was processed.

    \b
    Example:
      rasid geocode "دير الزور" "Albu Kamal"
      rasid geocode "ريف دير الزور الشرقي" --format jsonl
      printf '{"id": "a", "text": "الميادين"}\\n' | rasid geocode --input-format jsonl --format jsonl
    """
    if texts:
        raw_lines: Iterable[bytes] = [t.encode("utf-8", "surrogateescape") for t in texts]
    else:
        raw_lines = sys.stdin.buffer
    if input_format == "jsonl":
        items = read_jsonl_inputs(raw_lines)
    elif texts:
        items = (GeocodeInput(str(n), t.strip(), n) for n, t in enumerate(texts, start=1))
    else:
        items = read_text_inputs(raw_lines)
    out = sys.stdout.buffer
    collected: list[dict[str, Any]] = []
    failed = False
    for item in items:
        result = geocode_result(item)
        if item.error is not None:
            failed = True
            click.echo(f"rasid geocode: {item.error}", err=True)
        if fmt == "jsonl":
            _write(out, result)
        else:
            collected.append(result)
    if fmt == "json":
        _write(out, collected[0] if len(collected) == 1 else collected, pretty=True)
    out.flush()
    if failed:
        raise SystemExit(1)
