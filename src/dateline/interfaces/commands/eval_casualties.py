"""``dateline eval casualties``: death and injury tolls on events, against hand-annotated news-ukwar tolls."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from dateline.errors import DatelineError
from dateline.eval.floors import below_floors, load_floors, report_floors


@click.command(name="casualties")
@click.option("--shared", type=click.Path(file_okay=False, path_type=Path), default=Path("../shared"),
              show_default=True, help="The development data folder.")
@click.option("--set", "which", type=click.Choice(["gold", "dev"]), default="gold", show_default=True,
              help="gold: the measure (floors apply); dev: the development set the rules are tuned on.")
@click.option("--json", "as_json", is_flag=True, help="Print the scores (and every miss) as JSON.")
@click.option("--check", is_flag=True, help="Exit 1 when a score is below its pinned floor.")
@click.pass_context
def command(ctx: click.Context, shared: Path, which: str, as_json: bool, check: bool) -> None:
    """Score the events' fatalities and injured on the annotated news-ukwar tolls."""
    from dateline.api import extract_many
    from dateline.eval.casualties import articles, load_gold, score

    gold = load_gold(which)
    try:
        extractions = list(extract_many(articles(shared, gold), config=ctx.obj["config"], errors="skip"))
    except DatelineError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    metrics = score(extractions, gold)
    failures = below_floors({"ukwar": metrics}, load_floors("casualties")) if which == "gold" else []
    if as_json:
        click.echo(json.dumps({"scores": metrics, "below_floor": failures}, indent=2))
    else:
        for name in ("precision", "recall", "f1", "articles_complete", "gold_tolls", "system_tolls", "correct"):
            click.echo(f"{name:<20} {metrics[name]}")
    report_floors(failures, check=check, quiet=as_json)
