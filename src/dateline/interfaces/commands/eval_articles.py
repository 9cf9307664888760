"""``dateline eval articles``: the whole pipeline on hand-annotated real news."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from dateline.errors import DatelineError
from dateline.eval.floors import below_floors, load_floors, report_floors


@click.command(name="articles")
@click.argument("folder", required=False, type=click.Path(file_okay=False, path_type=Path))
@click.option("--errors", "show_errors", is_flag=True, help="List every miss, false event, wrong field and trap.")
@click.option("--json", "as_json", is_flag=True, help="Print the scores (and per-article counts) as JSON.")
@click.option("--check", is_flag=True, help="Exit 1 when a score is below its pinned floor.")
@click.pass_context
def command(ctx: click.Context, folder: Path | None, show_errors: bool, as_json: bool, check: bool) -> None:
    """Score events and quote speakers against the gold files in FOLDER
    (default ../shared/eval/ukwar-dev; a seed folder with article.txt and gold.json works too)."""
    from dateline.eval.articles import default_articles_dir, evaluate_articles

    folder = folder or default_articles_dir()
    try:
        scores, articles = evaluate_articles(folder, ctx.obj["config"], progress=not as_json)
    except DatelineError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    # Floors are pinned for the default development set only.
    floors = load_floors("articles") if folder.resolve() == default_articles_dir().resolve() else {}
    failures = below_floors(scores, floors)
    if as_json:
        per_article = {a.name: {"counts": a.counts, "errors": a.errors} for a in articles}
        click.echo(json.dumps({"scores": scores, "articles": per_article, "below_floor": failures}, indent=2))
    else:
        if show_errors:
            for article in articles:
                for line in article.errors:
                    click.echo(f"{article.name}: {line}")
        for name, value in scores.items():
            click.echo(f"  {name:<22} {value:.3f}")
    report_floors(failures, check=check, quiet=as_json)
