"""``dateline eval events``: PLOVER event coding on PLV (5-fold CV; the sentence
classifier and the whole pipeline with its typer retrained per fold) and PLOVER's GSR."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from dateline.errors import DatelineError
from dateline.eval.floors import below_floors, load_floors, report_floors


def _table(name: str, scores: dict) -> str:
    return (
        f"  {name:<22} n {int(scores['n']):>5}  accuracy {scores['accuracy']:.3f}  "
        f"macro-F1 {scores['macro_f1']:.3f}  micro-F1 {scores['micro_f1']:.3f}"
    )


@click.command(name="events")
@click.option(
    "--shared", type=click.Path(file_okay=False, path_type=Path),
    default=Path("../shared"), show_default=True,
    help="The shared folder holding data/plv and reference/plover.",
)
@click.option("--limit", type=int, default=None, help="Use a fixed stratified subset of N PLV sentences.")
@click.option("--confusion", is_flag=True, help="Print the PLV confusion matrix of the classifier.")
@click.option("--json", "as_json", is_flag=True, help="Print the full report as JSON.")
@click.option("--check", is_flag=True, help="Exit 1 when a metric is below its pinned floor.")
def command(shared: Path, limit: int | None, confusion: bool, as_json: bool, check: bool) -> None:
    """Score event types (accuracy, macro/micro-F1, confusion) and argument spans."""
    from dateline.eval.events import evaluate_events, headline

    try:
        report = evaluate_events(shared, limit=limit)
    except DatelineError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    floors = load_floors("events") if limit is None else {}
    failures = below_floors(headline(report), floors)
    if as_json:
        click.echo(json.dumps({**report, "below_floor": failures}, indent=2))
    else:
        plv, gsr = report["plv"], report["gsr"]
        click.echo("PLV (15 labels; YIELD = RETREAT or CONCEDE):")
        click.echo(_table("classifier, 5-fold CV", plv["classifier"]))
        click.echo(_table("rules only", plv["rules"]))
        if "pipeline" in plv:
            click.echo(_table("whole pipeline, 5-fold CV (most confident asserted event)", plv["pipeline"]))
            click.echo(_table("whole pipeline, lexicon types", plv["pipeline_lexicon"]))
        click.echo(
            f"  rules: actor span match {plv['rules']['actor_match']:.3f}, "
            f"recipient span match {plv['rules']['recipient_match']:.3f}"
        )
        click.echo("PLOVER GSR (older labels mapped through CAMEO2PLOVER):")
        click.echo(_table("rules only", gsr["rules"]))
        click.echo(_table("classifier (PLV-trained)", gsr["classifier"]))
        if confusion:
            matrix = plv["classifier"]["confusion"]
            labels = sorted(matrix)
            click.echo("confusion (rows gold, columns predicted):")
            click.echo(" " * 10 + " ".join(f"{label[:5]:>5}" for label in labels))
            for gold in labels:
                row = matrix[gold]
                click.echo(f"{gold[:9]:<10}" + " ".join(f"{row.get(p, 0):>5}" for p in labels))
    report_floors(failures, check=check, quiet=as_json)
