"""``dateline eval seed``: score every capability on the seed article."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from dateline.errors import DatelineError
from dateline.eval.floors import below_floors, load_floors, report_floors
from dateline.eval.seed import default_seed_dir, evaluate_seed


@click.command(name="seed")
@click.option(
    "--seed-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
    help="Folder with article.txt and gold.json (default: ../shared/eval/seed).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
@click.option("--check", is_flag=True, help="Exit 1 when a score is below its pinned floor.")
@click.pass_context
def command(ctx: click.Context, seed_dir: Path | None, as_json: bool, check: bool) -> None:
    """Score the pipeline on the seed article against its gold annotation."""
    try:
        scores = evaluate_seed(seed_dir or default_seed_dir(), ctx.obj["config"])
    except DatelineError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    failures = below_floors(scores, load_floors("seed"))
    if as_json:
        click.echo(json.dumps({"scores": scores, "below_floor": failures}, indent=2))
    else:
        for area, metrics in scores.items():
            click.echo(f"{area}:")
            for name, value in metrics.items():
                click.echo(f"  {name:<32} {value:.3f}")
    report_floors(failures, check=check, quiet=as_json)
