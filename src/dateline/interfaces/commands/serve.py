"""``dateline serve``: the REST API and web UI over the store (needs the ``web`` extra)."""

from __future__ import annotations

import sys

import click

from dateline.errors import DatelineError


@click.command(name="serve")
@click.option("--db", default=None, help="Store path or URL (default: $DATELINE_DB or ./dateline.db).")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
@click.option("--read-only", is_flag=True, help="Open the store read-only and refuse every write.")
@click.option("--ingest", "ingest_paths", multiple=True, type=click.Path(exists=True),
              help="Ingest these files or folders first (already stored ones are skipped).")
@click.option("--max-body", type=click.IntRange(1024), default=None,
              help="Largest request body in bytes (default 2 MiB).")
@click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Worker processes that extract posted documents (killed and replaced "
                   "when one passes --document-timeout).")
@click.option("--document-timeout", type=click.FloatRange(min=1), default=60.0, show_default=True,
              help="Seconds one posted document may take to extract.")
@click.pass_context
def command(ctx: click.Context, db: str | None, host: str, port: int, read_only: bool,
            ingest_paths: tuple[str, ...], max_body: int | None, workers: int,
            document_timeout: float) -> None:
    """Serve the REST API (/api; OpenAPI spec at /api/openapi.json, reference page at /#/api) and the web UI (/)."""
    try:
        import uvicorn

        from dateline.interfaces.web.app import create_app
        from dateline.interfaces.web.state import DEFAULT_MAX_BODY_BYTES
    except ModuleNotFoundError as exc:
        click.echo(f"error: the web extra is not installed ({exc.name}): pip install 'dateline[web]'",
                   err=True)
        sys.exit(2)
    from dateline.store import open_store

    config = ctx.obj["config"].with_overrides(db=db)
    if read_only and ingest_paths:
        click.echo("error: --ingest writes to the store; it cannot be combined with --read-only", err=True)
        sys.exit(2)
    try:
        store = open_store(config.db, read_only=read_only)
    except DatelineError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    if ingest_paths:
        from dateline.api import ingest

        report = ingest(ingest_paths, config, store)
        click.echo(f"{report.stored} stored, {report.skipped} already stored, "
                   f"{len(report.failures)} failed", err=True)
        for source, message in report.failures:
            click.echo(f"failed: {source}: {message}", err=True)
    app = create_app(config, store, read_only=read_only,
                     max_body_bytes=max_body or DEFAULT_MAX_BODY_BYTES,
                     extract_workers=workers, document_timeout=document_timeout)
    writes = "disabled (read-only)" if read_only else (
        "need the bearer token" if config.api_token else "disabled (no DATELINE_TOKEN)")
    click.echo(f"dateline: serving {config.db} on http://{host}:{port}/ (writes {writes})", err=True)
    try:
        uvicorn.run(app, host=host, port=port, log_level="warning")
    finally:
        store.close()
