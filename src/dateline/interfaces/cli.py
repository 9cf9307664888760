"""The ``dateline`` command line: a thin layer over :mod:`dateline.api` and the store.

Commands that belong to one capability live in ``interfaces/commands/<name>.py``
(a click object named ``command``) and are loaded only when called.
"""

from __future__ import annotations

import importlib
import importlib.util
import json
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click

from dateline.config import Config
from dateline.countries import iso3_countries
from dateline.errors import DatelineError
from dateline.interfaces.output import FORMATS, render

if TYPE_CHECKING:
    from dateline.model import Extraction
    from dateline.store import Store

# name -> module in dateline.interfaces.commands (loaded lazily)
EXTRA_COMMANDS: dict[str, str] = {
    "actors": "actors",
    "serve": "serve",
    "batch": "batch",
    "stories": "stories",
    "watch": "watch",
}
EVAL_COMMANDS: dict[str, str] = {
    "seed": "eval_seed",
    "articles": "eval_articles",
    "timex": "eval_timex",
    "quotes": "eval_quotes",
    "events": "eval_events",
    "fusion": "eval_fusion",
    "casualties": "eval_casualties",
    "speakers": "eval_speakers",
}
TABLE_FORMATS = ("csv", "jsonl", "parquet")
MIN_CONFIDENCE_HELP = ("Hide events below this confidence (default: the documented display threshold, "
                       "Config.display_confidence = 0.3; 0 shows all).")
EXPORT_FORMATS = (*TABLE_FORMATS, "plover", "timeml", "citron", "documents")
EXPORT_MODULES = {"documents": "jsonl"}  # the per-document JSON Lines writer


class LazyGroup(click.Group):
    """A group whose extra subcommands are imported only when used."""

    def __init__(self, *args: Any, lazy: dict[str, str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lazy = lazy or {}

    def _available(self) -> dict[str, str]:
        found = {}
        for name, module in self.lazy.items():
            spec = importlib.util.find_spec(f"dateline.interfaces.commands.{module}")
            if spec is not None:
                found[name] = module
        return found

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(super().list_commands(ctx)) | set(self._available()))

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        command = super().get_command(ctx, name)
        if command is not None or name not in self._available():
            return command
        module = importlib.import_module(f"dateline.interfaces.commands.{self.lazy[name]}")
        loaded: click.Command = module.command
        return loaded


def fail(error: DatelineError | str, code: int = 1) -> NoReturn:
    click.echo(f"error: {error}", err=True)
    sys.exit(code)


def _config(ctx: click.Context, **overrides: Any) -> Config:
    config: Config = ctx.obj["config"]
    return config.with_overrides(**overrides)


def _open_store(ctx: click.Context, db: str | None) -> Store:
    from dateline.store import open_store

    config = _config(ctx, db=db)
    try:
        return open_store(config.db)
    except DatelineError as exc:
        fail(exc)


@contextmanager
def store_session(ctx: click.Context, db: str | None) -> Iterator[Store]:
    """The store for one command: our errors become a one-line message and exit 1."""
    store = _open_store(ctx, db)
    try:
        yield store
    except DatelineError as exc:
        fail(exc)
    finally:
        store.close()


def db_option(fn: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--db", default=None, help="Store path or URL (default: $DATELINE_DB or ./dateline.db)."
    )(fn)


def format_option(fn: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True
    )(fn)


def paging_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    fn = click.option("--limit", type=click.IntRange(1, 100_000), default=50, show_default=True)(fn)
    return click.option("--offset", type=click.IntRange(0), default=0)(fn)


@click.group(cls=LazyGroup, lazy=EXTRA_COMMANDS)
@click.option(
    "--config", "config_path", type=click.Path(dir_okay=False), default=None,
    help="TOML configuration file (default: $DATELINE_CONFIG).",
)
@click.version_option(package_name="dateline")
@click.pass_context
def main(ctx: click.Context, config_path: str | None) -> None:
    """dateline: who did and said what to whom, when and where -- from news reports."""
    try:
        ctx.obj = {"config": Config.load(config_path)}
    except DatelineError as exc:
        fail(exc, 2)


def _stages_option(value: str | None) -> tuple[str, ...] | None:
    return None if not value else tuple(s.strip() for s in value.split(",") if s.strip())


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["json", "jsonl"]), default="json", show_default=True)
@click.option("--published", default=None, help="Publication date (ISO) overriding what ingest finds.")
@click.option("--stages", default=None, help="Comma-separated stages (default: all available).")
@click.option("--sentences", is_flag=True, help="Include sentence and paragraph offsets.")
@click.pass_context
def extract(
    ctx: click.Context, paths: tuple[str, ...], fmt: str, published: str | None,
    stages: str | None, sentences: bool,
) -> None:
    """Extract the record of each document in PATHS ('-' for stdin) as JSON, without storing.

    --format json writes one JSON object for a single document and a JSON array
    for several; jsonl writes one object per line.
    """
    from dateline.api import iter_outcomes

    config = _config(ctx, published_override=published, stages=_stages_option(stages))
    failures = 0
    out = _JsonOutput(sys.stdout, lines=fmt == "jsonl")
    try:
        for outcome in iter_outcomes(paths, config):
            if outcome.extraction is None:
                failures += 1
                click.echo(f"error: {outcome.error}", err=True)
                continue
            # what reading the input found (ingest), then what the parser was spared (guards)
            for warning in [*outcome.extraction.document.metadata.get("warnings", []), *outcome.extraction.warnings]:
                click.echo(f"warning: {outcome.source}: {warning}", err=True)
            out.add(iso3_countries(outcome.extraction.to_dict(include_sentences=sentences)))
    except DatelineError as exc:
        out.close()
        fail(exc)
    out.close()
    if failures:
        sys.exit(1)


class _JsonOutput:
    """Documents as JSON: a lone object, or an array once a second one comes (streamed
    from then on); with ``lines``, one compact object per line."""

    def __init__(self, stream: Any, *, lines: bool) -> None:
        self.stream, self.lines = stream, lines
        self.held: str | None = None
        self.count = 0

    def add(self, data: dict[str, Any]) -> None:
        self.count += 1
        if self.lines:
            self.stream.write(json.dumps(data, ensure_ascii=False) + "\n")
            return
        text = json.dumps(data, ensure_ascii=False, indent=2)
        if self.count == 1:
            self.held = text
            return
        if self.held is not None:
            self.stream.write("[\n" + self.held)
            self.held = None
        self.stream.write(",\n" + text)

    def close(self) -> None:
        if self.lines:
            return
        if self.held is not None:
            self.stream.write(self.held + "\n")
            self.held = None
        elif self.count > 1:
            self.stream.write("\n]\n")
            self.count = 0


@main.command()
@click.argument("paths", nargs=-1, required=True)
@db_option
@click.option("--published", default=None, help="Publication date (ISO) overriding what ingest finds.")
@click.option("--force", is_flag=True, help="Re-process documents already stored.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@click.pass_context
def ingest(
    ctx: click.Context, paths: tuple[str, ...], db: str | None, published: str | None,
    force: bool, quiet: bool,
) -> None:
    """Process PATHS (files, directories, '-') into the store."""
    from tqdm import tqdm

    from dateline.api import count_inputs
    from dateline.api import ingest as run_ingest

    config = _config(ctx, db=db, published_override=published)
    # a known total gives the bar a percentage and an ETA (files, JSONL lines)
    total = None if quiet else count_inputs(paths)
    bar = tqdm(desc="ingest", unit="doc", total=total, disable=True if quiet else None, file=sys.stderr)
    with store_session(ctx, db) as store:
        try:
            report = run_ingest(paths, config, store, progress=lambda _: bar.update(1), force=force)
        finally:
            bar.close()
    for source, warning in report.warnings:
        click.echo(f"warning: {source}: {warning}", err=True)
    repeats = f"{report.duplicates} repeated in the input, " if report.duplicates else ""
    click.echo(
        f"{report.stored} stored, {report.skipped} already stored, {repeats}"
        f"{len(report.failures)} failed ({config.db})",
        err=True,
    )
    for source, message in report.failures:
        click.echo(f"failed: {message}" if source in message else f"failed: {source}: {message}", err=True)
    if report.failures:
        sys.exit(1)


# the listing's columns; `dateline export` writes every column (docs/export.md)
EVENT_COLUMNS = ("date", "event", "mode", "aux", "actor", "recipient", "location", "evidence", "document_id", "id")


@main.command()
@db_option
@format_option
@paging_options
@click.option("--actor", default=None, help="Actor id, code or name.")
@click.option("--recipient", default=None, help="Recipient id, code or name.")
@click.option("--type", "event_type", default=None, help="PLOVER event type, e.g. CONSULT.")
@click.option("--quad-class", type=click.IntRange(1, 4), default=None)
@click.option("--context", default=None, help="PLOVER context, e.g. military.")
@click.option("--since", "date_from", default=None, help="Earliest date (ISO).")
@click.option("--until", "date_to", default=None, help="Latest date (ISO).")
@click.option("--aux", default=None, help="Only events with this auxiliary mode (negation, future, ...).")
@click.option("--asserted-only", is_flag=True, help="Hide negated, future and hypothetical events.")
@click.option("--document", "document_id", default=None)
@click.option("--min-confidence", type=click.FloatRange(0, 1), default=None,
              help=MIN_CONFIDENCE_HELP)
@click.option("--fused", is_flag=True,
              help="One row per happening across reports, with source counts and disagreements.")
@click.option("--min-sources", type=click.IntRange(1), default=1, help="--fused: at least this many sources.")
@click.option("--disagreements", is_flag=True, help="--fused: only events whose sources disagree.")
@click.pass_context
def events(ctx: click.Context, db: str | None, fmt: str, limit: int, offset: int,
           asserted_only: bool, fused: bool, min_sources: int, disagreements: bool,
           **filters: Any) -> None:
    """List stored events (PLOVER), filtered (every column: `dateline export`)."""
    if fused:
        _fused_events(ctx, db, fmt, limit, offset, min_sources, disagreements, filters)
        return
    filters["min_confidence"] = _min_confidence(ctx, filters.get("min_confidence"))
    with store_session(ctx, db) as store:
        rows = store.events(
            limit=limit, offset=offset, asserted=True if asserted_only else None, **filters
        )
    render(rows, EVENT_COLUMNS, fmt, sys.stdout)


def _min_confidence(ctx: click.Context, value: float | None) -> float:
    """The shown events' confidence floor: the option, else the documented default."""
    config: Config = ctx.obj["config"]
    return config.display_confidence if value is None else value


FUSED_COLUMNS = ("id", "date", "event", "actors", "recipients", "num_sources", "num_documents", "num_mentions",
                 "disagreement")
FUSED_FILTERS = ("event_type", "date_from", "date_to", "actor")


def _fused_events(ctx: click.Context, db: str | None, fmt: str, limit: int, offset: int,
                  min_sources: int, disagreements: bool, filters: dict[str, Any]) -> None:
    from dateline.fusion import fused_events

    unsupported = sorted(k for k, v in filters.items() if v and k not in FUSED_FILTERS)
    if unsupported:
        fail(f"--fused does not take: {', '.join(unsupported)}", 2)
    with store_session(ctx, db) as store:
        rows = fused_events(
            store, limit=limit, offset=offset, min_sources=min_sources,
            disagreements_only=disagreements, with_sources=fmt in ("json", "jsonl"),
            **{k: v for k, v in filters.items() if k in FUSED_FILTERS},
        )
    render(rows, FUSED_COLUMNS, fmt, sys.stdout)


@main.command()
@db_option
@format_option
@paging_options
@click.option("--actor", default=None)
@click.option("--since", "date_from", default=None)
@click.option("--until", "date_to", default=None)
@click.option("--asserted-only", is_flag=True, help="Hide negated, future and hypothetical events.")
@click.option("--min-confidence", type=click.FloatRange(0, 1), default=None,
              help=MIN_CONFIDENCE_HELP)
@click.pass_context
def timeline(ctx: click.Context, db: str | None, fmt: str, limit: int, offset: int,
             asserted_only: bool, **filters: Any) -> None:
    """Events in date order, with the sentence behind each."""
    filters["min_confidence"] = _min_confidence(ctx, filters.get("min_confidence"))
    with store_session(ctx, db) as store:
        rows = store.timeline(
            limit=limit, offset=offset, asserted=True if asserted_only else None, **filters
        )
    render(rows, ("date", "event", "aux", "actor", "recipient", "evidence", "title"), fmt, sys.stdout)


@main.command()
@db_option
@format_option
@paging_options
@click.option("--speaker", default=None, help="Speaker name or actor id.")
@click.option("--text", default=None, help="Full-text query over quote content.")
@click.option("--document", "document_id", default=None)
@click.pass_context
def quotes(ctx: click.Context, db: str | None, fmt: str, limit: int, offset: int, **filters: Any) -> None:
    """List stored quotes: who said what."""
    if filters.get("speaker"):
        from dateline.resolve.actors.kb import load_knowledge_base, speaker_query

        config = (ctx.obj or {}).get("config") or Config()
        filters["speaker"] = speaker_query(filters["speaker"], load_knowledge_base(tuple(config.knowledge_base_files)))
    with store_session(ctx, db) as store:
        rows = store.quotes(limit=limit, offset=offset, **filters)
    render(rows, ("date", "speaker", "kind", "cue", "content", "document_id"), fmt, sys.stdout)


@main.command()
@click.argument("query")
@db_option
@format_option
@click.option("--limit", type=click.IntRange(1, 10_000), default=20, show_default=True)
@click.option("--literal", is_flag=True, help="Search the words as typed (no FTS5 query syntax).")
@click.pass_context
def search(ctx: click.Context, query: str, db: str | None, fmt: str, limit: int, literal: bool) -> None:
    """Full-text search over documents and quotes.

    QUERY may use FTS5 syntax (phrases in quotes, OR, NOT, prefix*); text that is
    not valid syntax ("U.S.", "Putin's") is searched as the words typed.
    """
    from dateline.errors import QueryError

    with store_session(ctx, db) as store:
        try:
            rows = store.search(query, limit=limit, literal=literal)
        except QueryError:
            if literal or not query.strip():
                raise
            rows = store.search(query, limit=limit, literal=True)
    render(rows, ("kind", "document_id", "title", "snippet"), fmt, sys.stdout)


@main.command()
@click.argument("document_id")
@db_option
@click.option("--sentences", is_flag=True, help="Include sentence and paragraph offsets.")
@click.pass_context
def show(ctx: click.Context, document_id: str, db: str | None, sentences: bool) -> None:
    """Print one stored document's full record as JSON (DOCUMENT_ID or a unique prefix of it)."""
    from dateline.store.lookup import resolve_document_id

    with store_session(ctx, db) as store:
        extraction = store.get(resolve_document_id(store, document_id))
    click.echo(json.dumps(iso3_countries(extraction.to_dict(include_sentences=sentences)),
                          ensure_ascii=False, indent=2))


@main.command()
@db_option
@click.option("--format", "fmt", type=click.Choice(EXPORT_FORMATS), default="jsonl", show_default=True,
              help="csv, jsonl, parquet: one typed row per event (docs/export.md); plover: PLOVER "
                   "JSON records; timeml: TimeML documents; citron: quotes; documents: the full "
                   "record of each document (JSON Lines).")
@click.option("--out", type=click.Path(), default="-", help="Output file (required for parquet), or directory for timeml.")
@click.option("--fused", is_flag=True, help="csv/jsonl/parquet: one row per fused event (a happening across reports).")
@click.option("--quotes", "quote_rows", is_flag=True, help="csv/jsonl/parquet: one row per quote instead of per event.")
@click.option("--min-confidence", type=click.FloatRange(0, 1), default=None,
              help=MIN_CONFIDENCE_HELP + " Events and fused events of csv, jsonl, parquet, plover and "
              "timeml; 'documents' is the full record.")
@click.pass_context
def export(ctx: click.Context, db: str | None, fmt: str, out: str, fused: bool, quote_rows: bool,
           min_confidence: float | None) -> None:
    """Export the stored record (csv, jsonl, parquet, plover, timeml, citron, documents)."""
    from dateline.export import table

    threshold = _min_confidence(ctx, min_confidence)
    if fused and quote_rows:
        fail("--fused and --quotes do not go together", 2)
    if (fused or quote_rows) and fmt not in TABLE_FORMATS:
        fail(f"--{'fused' if fused else 'quotes'} goes with --format {'|'.join(TABLE_FORMATS)}", 2)
    if fmt == "parquet" and out == "-":
        fail("parquet is written to a file: give --out FILE", 2)
    with store_session(ctx, db) as store:
        if fmt in TABLE_FORMATS:
            kind = "fused" if fused else "quotes" if quote_rows else "events"
            records = table.iter_records(store, kind, min_confidence=threshold)
            count = table.write(records, fmt, sys.stdout if out == "-" else out, table.record_type(kind))
            click.echo(f"{count} {kind if kind != 'fused' else 'fused events'} exported ({fmt})", err=True)
            return
        module = importlib.import_module(f"dateline.export.{EXPORT_MODULES.get(fmt, fmt)}")
        extractions: Iterable[Extraction] = store.iter_extractions()
        if fmt in ("plover", "timeml"):
            extractions = (table.shown(e, threshold) for e in extractions)
        if hasattr(module, "write_files") and out != "-":
            count = module.write_files(extractions, Path(out))
        elif out == "-":
            count = module.write(extractions, sys.stdout)
        else:
            with open(out, "w", encoding="utf-8", newline="") as stream:
                count = module.write(extractions, stream)
    click.echo(f"{count} records exported ({fmt})", err=True)


@main.command()
@db_option
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.pass_context
def stats(ctx: click.Context, db: str | None, fmt: str) -> None:
    """Counts of what the store holds."""
    with store_session(ctx, db) as store:
        data = store.stats()
    if fmt == "json":
        click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))
        return
    for key, value in data.items():
        if isinstance(value, dict):
            click.echo(f"{key}:")
            for sub, count in value.items():
                click.echo(f"  {sub}: {count}")
        else:
            click.echo(f"{key}: {value}")


@main.group(name="eval", cls=LazyGroup, lazy=EVAL_COMMANDS)
def evaluate() -> None:
    """Score dateline against gold annotations (floors pinned in eval/floors/)."""


if __name__ == "__main__":  # pragma: no cover
    main()
