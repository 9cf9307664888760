"""The ``dateline`` command line: a thin layer over :mod:`dateline.api` and the store.

Commands that belong to one capability live in ``interfaces/commands/<name>.py``
(a click object named ``command``) and are loaded only when called.
"""

from __future__ import annotations

import importlib
import importlib.util
import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click

from dateline.config import Config
from dateline.errors import DatelineError
from dateline.interfaces.output import FORMATS, render

if TYPE_CHECKING:
    from dateline.store import Store

# name -> module in dateline.interfaces.commands (loaded lazily)
EXTRA_COMMANDS: dict[str, str] = {
    "actors": "actors",
    "serve": "serve",
    "batch": "batch",
    "stories": "stories",
}
EVAL_COMMANDS: dict[str, str] = {
    "seed": "eval_seed",
    "timex": "eval_timex",
    "quotes": "eval_quotes",
    "events": "eval_events",
    "fusion": "eval_fusion",
    "speakers": "eval_speakers",
}
EXPORT_FORMATS = ("jsonl", "csv", "plover", "timeml", "citron")


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
    """Extract the record of each document in PATHS ('-' for stdin) as JSON, without storing."""
    from dateline.api import iter_outcomes

    config = _config(ctx, published_override=published, stages=_stages_option(stages))
    failures = 0
    try:
        for outcome in iter_outcomes(paths, config):
            if outcome.extraction is None:
                failures += 1
                click.echo(f"error: {outcome.error}", err=True)
                continue
            for warning in outcome.extraction.document.metadata.get("warnings", []):
                click.echo(f"warning: {outcome.source}: {warning}", err=True)
            data = outcome.extraction.to_dict(include_sentences=sentences)
            indent = 2 if fmt == "json" else None
            click.echo(json.dumps(data, ensure_ascii=False, indent=indent))
    except DatelineError as exc:
        fail(exc)
    if failures:
        sys.exit(1)


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

    from dateline.api import ingest as run_ingest

    config = _config(ctx, db=db, published_override=published)
    bar = tqdm(desc="ingest", unit="doc", disable=True if quiet else None, file=sys.stderr)
    with store_session(ctx, db) as store:
        try:
            report = run_ingest(paths, config, store, progress=lambda _: bar.update(1), force=force)
        finally:
            bar.close()
    for source, warning in report.warnings:
        click.echo(f"warning: {source}: {warning}", err=True)
    click.echo(
        f"{report.stored} stored, {report.skipped} already stored, "
        f"{len(report.failures)} failed ({config.db})",
        err=True,
    )
    for source, message in report.failures:
        click.echo(f"failed: {message}" if source in message else f"failed: {source}: {message}", err=True)
    if report.failures:
        sys.exit(1)


EVENT_COLUMNS = ("date", "event", "mode", "aux", "actor", "recipient", "location", "evidence", "document_id")


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
@click.option("--fused", is_flag=True,
              help="One row per happening across reports, with source counts and disagreements.")
@click.option("--min-sources", type=click.IntRange(1), default=1, help="--fused: at least this many sources.")
@click.option("--disagreements", is_flag=True, help="--fused: only events whose sources disagree.")
@click.pass_context
def events(ctx: click.Context, db: str | None, fmt: str, limit: int, offset: int,
           asserted_only: bool, fused: bool, min_sources: int, disagreements: bool,
           **filters: Any) -> None:
    """List stored events (PLOVER), filtered."""
    if fused:
        _fused_events(ctx, db, fmt, limit, offset, min_sources, disagreements, filters)
        return
    with store_session(ctx, db) as store:
        rows = store.events(
            limit=limit, offset=offset, asserted=True if asserted_only else None, **filters
        )
    render(rows, EVENT_COLUMNS, fmt, sys.stdout)


FUSED_COLUMNS = ("date", "event", "actors", "recipients", "num_sources", "num_mentions", "disagreement")
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
            disagreements_only=disagreements, with_sources=fmt == "json",
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
@click.pass_context
def timeline(ctx: click.Context, db: str | None, fmt: str, limit: int, offset: int,
             asserted_only: bool, **filters: Any) -> None:
    """Events in date order, with the sentence behind each."""
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
    """Full-text search over documents and quotes (FTS5 syntax unless --literal)."""
    with store_session(ctx, db) as store:
        rows = store.search(query, limit=limit, literal=literal)
    render(rows, ("kind", "document_id", "title", "snippet"), fmt, sys.stdout)


@main.command()
@click.argument("document_id")
@db_option
@click.option("--sentences", is_flag=True, help="Include sentence and paragraph offsets.")
@click.pass_context
def show(ctx: click.Context, document_id: str, db: str | None, sentences: bool) -> None:
    """Print one stored document's full record as JSON."""
    with store_session(ctx, db) as store:
        extraction = store.get(document_id)
    click.echo(json.dumps(extraction.to_dict(include_sentences=sentences), ensure_ascii=False, indent=2))


@main.command()
@db_option
@click.option("--format", "fmt", type=click.Choice(EXPORT_FORMATS), default="jsonl", show_default=True)
@click.option("--out", type=click.Path(), default="-", help="Output file, or directory for timeml.")
@click.option("--quotes", "quote_rows", is_flag=True, help="csv: one row per quote instead of per event.")
@click.pass_context
def export(ctx: click.Context, db: str | None, fmt: str, out: str, quote_rows: bool) -> None:
    """Export the stored record (jsonl, csv, plover, timeml, citron)."""
    try:
        module = importlib.import_module(f"dateline.export.{fmt}")
    except ModuleNotFoundError:
        fail(f"export format {fmt!r} is not available in this version")
    with store_session(ctx, db) as store:
        extractions = store.iter_extractions()
        if quote_rows:
            if fmt != "csv":
                fail("--quotes goes with --format csv")
            module = importlib.import_module("dateline.export.csv")
            write = module.write_quotes
        else:
            write = module.write
        if hasattr(module, "write_files") and out != "-" and not quote_rows:
            count = module.write_files(extractions, Path(out))
        elif out == "-":
            count = write(extractions, sys.stdout)
        else:
            with open(out, "w", encoding="utf-8", newline="") as stream:
                count = write(extractions, stream)
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
