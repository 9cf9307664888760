"""``dateline batch``: process a corpus on several processes or a Dask cluster."""

from __future__ import annotations

import json
import sys

import click

from dateline.errors import DatelineError
from dateline.scale.engines import ENGINES
from dateline.scale.runner import DEFAULT_PARTITION_SIZE, run_batch


@click.command(name="batch")
@click.argument("inputs", nargs=-1, required=True)
@click.option("--engine", type=click.Choice(ENGINES), default="local", show_default=True,
              help="local: processes on this machine; dask: a Dask cluster.")
@click.option("--workers", type=click.IntRange(1), default=None,
              help="Worker processes (default: one per CPU; with --scheduler: the cluster's).")
@click.option("--scheduler", default=None, metavar="ADDRESS",
              help="Address of an existing Dask scheduler (tcp://host:8786).")
@click.option("--out", "out", type=click.Path(file_okay=False), default=None,
              help="Directory for partitioned Parquet (documents/, events/, quotes/, ...).")
@click.option("--db", default=None, help="Also (or only) write to this store (path or URL).")
@click.option("--partition-size", type=click.IntRange(1), default=DEFAULT_PARTITION_SIZE,
              show_default=True, help="Documents per task.")
@click.option("--plugin", "plugins", multiple=True, metavar="MODULE",
              help="Module to import on every worker (registers extra stages).")
@click.option("--stages", default=None, help="Comma-separated stages (default: configured).")
@click.option("--retry-failed", is_flag=True, help="Retry documents recorded as failed in --out.")
@click.option("--fuse/--no-fuse", default=True, show_default=True,
              help="Fuse documents stored in --db across reports (duplicates, stories, fused "
                   "events), in input order; --no-fuse is faster, and a later run without it "
                   "fuses what was left unfused.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@click.option("--json", "as_json", is_flag=True, help="Print the run summary as JSON.")
@click.pass_context
def command(
    ctx: click.Context, inputs: tuple[str, ...], engine: str, workers: int | None,
    scheduler: str | None, out: str | None, db: str | None, partition_size: int,
    plugins: tuple[str, ...], stages: str | None, retry_failed: bool, fuse: bool, quiet: bool,
    as_json: bool,
) -> None:
    """Process INPUTS (JSONL, feeds, files, directories) in parallel, resumably.

    Documents already written to --out (by content id) or stored in --db by
    this pipeline version are skipped, so an interrupted run is finished by
    running the same command again.
    """
    config = ctx.obj["config"]
    if stages:
        config = config.with_overrides(stages=tuple(s.strip() for s in stages.split(",") if s.strip()))
    try:
        report = run_batch(
            inputs, config, engine=engine, workers=workers, scheduler=scheduler, out=out, db=db,
            partition_size=partition_size, plugins=plugins, retry_failed=retry_failed,
            progress=not quiet, fuse=fuse,
        )
    except DatelineError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    for source, message in report.input_failures:
        click.echo(f"failed: {message}" if source in message else f"failed: {source}: {message}",
                   err=True)
    for failure in report.failed:
        click.echo(f"failed: {failure.error}" if failure.source in failure.error
                   else f"failed: {failure.source}: {failure.error}", err=True)
    for source, message in report.not_fused:
        click.echo(f"not fused: {message}" if source in message else f"not fused: {source}: {message}",
                   err=True)
    summary = report.summary()
    if as_json:
        click.echo(json.dumps(summary, indent=2))
    else:
        click.echo(
            f"{report.processed} processed, {report.skipped} already done, "
            f"{len(report.failed) + len(report.input_failures)} failed "
            f"in {report.seconds:.1f}s ({report.docs_per_second:.2f} docs/s) on "
            f"{report.engine} with {report.workers} workers; "
            f"peak worker memory {summary['max_peak_rss_mib']} MiB",
            err=True,
        )
        if report.fuse:
            click.echo(
                f"fused {report.fused} documents in {report.fuse_seconds:.1f}s"
                f"{f' ({len(report.not_fused)} not fused)' if report.not_fused else ''}; "
                f"the store holds {summary['fused_events']} fused events "
                f"({summary['multi_source_events']} from 2+ sources) in {summary['stories']} stories",
                err=True,
            )
    # A document left unfused makes the record incomplete: a re-run fuses it.
    if report.failed or report.input_failures or report.not_fused:
        sys.exit(1)
