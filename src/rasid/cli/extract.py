"""``rasid extract``: code documents and print v1 extraction results (no database)."""

from __future__ import annotations

import json
import sys
from typing import TextIO

import click

from rasid.cli.output import write_events
from rasid.ingest import DEFAULT_MAX_BYTES, IngestFailure, iter_documents
from rasid.pipeline import code_documents
from rasid.records import Document, ExtractionResult


def _failure_result(failure: IngestFailure) -> dict[str, object]:
    document = Document(id=failure.document_id or failure.where, text="", language="und")
    out = ExtractionResult(document, (), str(failure.error)).to_dict(with_text=False)
    return out


def _print_result(result: ExtractionResult, fmt: str, stream: TextIO) -> None:
    if fmt == "jsonl":
        stream.write(json.dumps(result.to_dict(), ensure_ascii=False) + "\n")
    elif fmt == "table":
        doc = result.document
        stream.write(f"# {doc.id} ({doc.language}, published {doc.published or 'unknown'}): ")
        stream.write(f"{len(result.events)} event(s)\n")
        if result.events:
            write_events(list(result.events), "table", stream)
        stream.write("\n")


@click.command("extract")
@click.argument("paths", nargs=-1)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "jsonl", "table"]),
    default="json",
    show_default=True,
    help="json: one result pretty-printed (an array for several); jsonl: one per line; table: for people.",
)
@click.option(
    "--input-format",
    type=click.Choice(["text", "jsonl", "html", "auto"]),
    default="auto",
    show_default=True,
    help="How to read inputs; auto decides by file extension (.jsonl, .html) or by the first bytes of stdin.",
)
@click.option(
    "--language",
    type=click.Choice(["ar", "en", "auto"]),
    default="auto",
    show_default=True,
    help="Language of the documents; auto detects it (a JSONL line's own language wins over auto).",
)
@click.option("--published", default=None, metavar="YYYY-MM-DD", help="Publication date for relative dates.")
@click.option(
    "--max-bytes",
    type=click.IntRange(min=1),
    default=None,
    help="Largest input file accepted (default 10 MiB).",
)
def extract(
    paths: tuple[str, ...],
    fmt: str,
    input_format: str,
    language: str,
    published: str | None,
    max_bytes: int | None,
) -> None:
    """Extract events from text, HTML or JSONL documents and print them in the v1 contract.

    PATH is a text or HTML file, a folder, a glob or - (standard input, the default).
    A bad input is reported on stderr and yields a result with an "error" member; the
    exit status is then 1, after every other input was processed.

    \b
    Example:
      rasid extract report.ar.txt --format json
      rasid extract --input-format jsonl --format jsonl < archive.jsonl
      echo "قتل عنصران من قوات النظام بهجوم لخلايا داعش في بادية الميادين" | rasid extract --format table
    """
    if published is not None:
        try:
            from datetime import date

            date.fromisoformat(published)
        except ValueError as exc:
            raise click.BadParameter(
                f"{published!r} is not a YYYY-MM-DD date", param_hint="--published"
            ) from exc
    sources = list(paths) or ["-"]
    documents = iter_documents(
        sources,
        input_format=input_format,
        language=None if language == "auto" else language,
        published=published,
        max_bytes=max_bytes or DEFAULT_MAX_BYTES,
    )
    out = sys.stdout
    collected: list[dict[str, object]] = []
    failed = False
    for item in code_documents(documents):
        if isinstance(item, IngestFailure):
            failed = True
            click.echo(f"rasid extract: {item.where}: {item.error}", err=True)
            result_dict = _failure_result(item)
            if fmt == "jsonl":
                out.write(json.dumps(result_dict, ensure_ascii=False) + "\n")
            elif fmt == "json":
                collected.append(result_dict)
            continue
        if item.error:
            failed = True
            click.echo(f"rasid extract: {item.document.id}: {item.error}", err=True)
        if fmt == "json":
            collected.append(item.to_dict())
        else:
            _print_result(item, fmt, out)
    if fmt == "json":
        payload: object = collected[0] if len(collected) == 1 else collected
        out.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
    out.flush()
    if failed:
        sys.exit(1)
