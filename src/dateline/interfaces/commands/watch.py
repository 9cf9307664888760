"""``dateline watch``: keep the store current from RSS/Atom feeds and folders."""

from __future__ import annotations

import logging
import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType
from typing import Any

import click

from dateline.interfaces.cli import _config, db_option, fail, store_session
from dateline.watch.runner import (
    DEFAULT_DOCUMENT_TIMEOUT,
    DEFAULT_MAX_BACKOFF,
    DEFAULT_TIMEOUT,
    RoundReport,
    Watcher,
    parse_duration,
)


def _duration(ctx: click.Context, param: click.Parameter, value: str) -> float:
    try:
        return parse_duration(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


@contextmanager
def _stop_on_signals(watcher: Watcher) -> Iterator[None]:
    """SIGINT (Ctrl-C) and SIGTERM stop the watcher after the document in hand; a second
    one stops at once."""

    def handle(signum: int, frame: FrameType | None) -> None:
        if watcher.stopped:
            raise KeyboardInterrupt
        click.echo(f"{signal.Signals(signum).name}: stopping after the current document "
                   "(again to stop now)", err=True)
        watcher.stop()

    previous = {sig: signal.signal(sig, handle) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


@click.command(name="watch")
@click.argument("sources", nargs=-1, required=True)
@db_option
@click.option("--every", default="15m", show_default=True, callback=_duration,
              help="Time between polls: 30s, 15m, 1h, 1h30m.")
@click.option("--once", is_flag=True, help="Poll every source once, then stop.")
@click.option("--max-rounds", type=click.IntRange(1), default=None, help="Stop after this many rounds.")
@click.option("--timeout", default=f"{DEFAULT_TIMEOUT:g}s", show_default=True, callback=_duration,
              help="Network timeout per feed request.")
@click.option("--max-backoff", default=f"{DEFAULT_MAX_BACKOFF / 3600:g}h", show_default=True,
              callback=_duration, help="Longest wait before retrying a failing source.")
@click.option("--document-timeout", default=f"{DEFAULT_DOCUMENT_TIMEOUT:g}s", show_default=True,
              callback=_duration, help="Longest extraction of one document; past it the document "
                                       "fails (E203) and its worker process is replaced.")
@click.option("--plugin", "plugins", multiple=True, metavar="MODULE",
              help="Import this module in the extraction worker (it registers extra stages).")
@click.option("--no-fuse", is_flag=True, help="Store without fusing (duplicates, stories, fused events).")
@click.option("--quiet", "-q", is_flag=True, help="Log only failures.")
@click.pass_context
def command(
    ctx: click.Context, sources: tuple[str, ...], db: str | None, every: float, once: bool,
    max_rounds: int | None, timeout: float, max_backoff: float, document_timeout: float,
    plugins: tuple[str, ...], no_fuse: bool, quiet: bool,
) -> None:
    """Poll SOURCES (RSS/Atom feed URLs, folders, files) and ingest what is new.

    Feeds are fetched with conditional GETs (ETag, Last-Modified); folders are scanned
    for new or changed files. Per-source state is kept in the store, so a restarted
    watcher ingests nothing twice. A failing source is logged and backed off; the
    others go on. Documents are extracted in a worker process, each within
    --document-timeout. Ctrl-C (or SIGTERM) stops cleanly.
    """
    if timeout <= 0 or document_timeout <= 0:
        fail("--timeout and --document-timeout must be more than 0 s", 2)
    _logging(logging.WARNING if quiet else logging.INFO)
    config = _config(ctx, db=db)
    rounds = 1 if once else max_rounds
    with store_session(ctx, db) as store, Watcher(
            sources, config, store, every=every, timeout=timeout, max_backoff=max_backoff,
            fuse=not no_fuse, document_timeout=document_timeout, plugins=plugins) as watcher:
        totals: dict[str, Any] = {"stored": 0, "failed_sources": 0}

        def on_round(report: RoundReport) -> None:
            totals["stored"] += report.stored
            totals["failed_sources"] = sum(1 for s in report.sources if s.error)

        with _stop_on_signals(watcher):
            try:
                n = watcher.run(max_rounds=rounds, on_round=on_round)
            except KeyboardInterrupt:
                click.echo("stopped", err=True)
                sys.exit(130)
    click.echo(f"{n} round(s), {totals['stored']} document(s) stored ({config.db})", err=True)
    if once and totals["failed_sources"]:
        sys.exit(1)


def _logging(level: int) -> None:
    logger = logging.getLogger("dateline.watch")
    if not logger.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s", "%Y-%m-%dT%H:%M:%S"))
        logger.addHandler(handler)
    logger.setLevel(level)
