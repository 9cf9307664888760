"""``dateline eval speakers``: who said it, on the Gender Gap Tracker dev set."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from dateline.errors import DatelineError
from dateline.eval.floors import below_floors, load_floors, report_floors


@click.command(name="speakers")
@click.option(
    "--file", "path", type=click.Path(dir_okay=False, path_type=Path),
    default=Path("../shared/data/ggt/ggt-dev.jsonl"), show_default=True,
    help="GGT JSONL (articleBodyText + quotations with a resolved reference).",
)
@click.option("--limit", type=int, default=None, help="Score only the first N articles.")
@click.option("--examples", type=int, default=0, help="List up to N misses (with --json).")
@click.option("--json", "as_json", is_flag=True, help="Print the full report as JSON.")
@click.option("--check", is_flag=True, help="Exit 1 when a metric is below its pinned floor.")
@click.pass_context
def command(
    ctx: click.Context, path: Path, limit: int | None, examples: int, as_json: bool, check: bool
) -> None:
    """Score quote speakers: found, resolved to the right person, and the misses."""
    from dateline.eval.speakers import evaluate_speakers, headline

    config = (ctx.obj or {}).get("config")
    try:
        report = evaluate_speakers(path, limit=limit, config=config, examples=examples)
    except DatelineError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    floors = load_floors("speakers") if limit is None and path.name == "ggt-dev.jsonl" else {}
    failures = below_floors(headline(report), floors)
    if as_json:
        click.echo(json.dumps({**report, "below_floor": failures}, indent=2))
    else:
        click.echo(
            f"GGT {path.name}: {report['articles']} articles, {report['gold_quotes']} gold quotes "
            f"({report['unlocated']} not located in the text)"
        )
        click.echo(f"  found     {report['found']:.3f}")
        click.echo(f"  resolved  {report['resolved']:.3f}  ({report['resolved_of_found']:.3f} of found)")
        misses = "  ".join(f"{kind} {n}" for kind, n in report["misses"].items())
        click.echo(f"  misses    {misses}")
    report_floors(failures, check=check, quiet=as_json)
