"""``dateline stories``: story clusters of the stored documents (with their sources)."""

from __future__ import annotations

import sys

import click

from dateline.errors import DatelineError
from dateline.interfaces.cli import _open_store, db_option, fail, format_option, paging_options
from dateline.interfaces.output import render

COLUMNS = ("id", "first_date", "last_date", "n_documents", "n_sources", "label", "actors", "places")


@click.command(name="stories")
@db_option
@click.option("--from", "date_from", default=None, help="Stories active on or after this ISO date.")
@click.option("--to", "date_to", default=None, help="Stories that started on or before this ISO date.")
@click.option("--min-documents", type=click.IntRange(1), default=1, show_default=True)
@click.option("--documents", "show_documents", is_flag=True, help="List each story's documents.")
@click.option("--rebuild", is_flag=True, help="Re-fuse every stored document first (duplicates, stories, fused events).")
@format_option
@paging_options
@click.pass_context
def command(
    ctx: click.Context, db: str | None, date_from: str | None, date_to: str | None,
    min_documents: int, show_documents: bool, rebuild: bool, fmt: str, limit: int, offset: int,
) -> None:
    """Story clusters: documents about the same story, most recently active first."""
    from dateline.fusion.engine import refuse_all, stories

    store = _open_store(ctx, db)
    assert store is not None
    try:
        with store:
            if rebuild:
                n = refuse_all(store)
                click.echo(f"re-fused {n} documents", err=True)
            rows = stories(
                store, date_from=date_from, date_to=date_to, min_documents=min_documents,
                limit=limit, offset=offset,
            )
    except DatelineError as exc:
        fail(exc)
        return
    if fmt in ("json", "jsonl"):
        render(rows, COLUMNS, fmt, sys.stdout)
        return
    flat = [
        {**r, "actors": ", ".join(r["actors"][:4]), "places": ", ".join(r["places"][:4])} for r in rows
    ]
    if not show_documents:
        render(flat, COLUMNS, fmt, sys.stdout)
        return
    for story in rows:
        click.echo(
            f"story {story['id']} ({story['first_date']} .. {story['last_date']}): {story['label']} "
            f"-- {story['n_documents']} documents, {story['n_sources']} sources"
        )
        for d in story["documents"]:
            copy = f" [copy of {d['duplicate_of']}]" if d["duplicate_of"] else ""
            click.echo(f"  {d['published'] or '-':<20} {d['publisher'] or '-':<24} {d['title'] or d['id']}{copy}")
