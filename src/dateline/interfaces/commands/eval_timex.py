"""``dateline eval timex``: TempEval-3 scores on TimeML corpora (HeidelTime and dateparser as peers)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from dateline.errors import DatelineError
from dateline.eval.floors import below_floors, load_floors, report_floors

DEFAULT_CORPORA = tuple(
    Path("../shared/data/timeml") / name for name in ("timebank", "aquaint", "wikiwars")
)


@click.command(name="timex")
@click.option(
    "--corpus", "corpora", multiple=True, type=click.Path(file_okay=False, path_type=Path),
    help="A folder of .tml files (repeatable); default: timebank, aquaint, wikiwars under ../shared/data/timeml.",
)
@click.option(
    "--split", type=click.Choice(["all", "dev", "test"]), default="all", show_default=True,
    help="Fixed split: every 5th file of each corpus is the held-out test split.",
)
@click.argument("more", nargs=-1, type=click.Path(file_okay=False, path_type=Path))
@click.option("--no-peer", is_flag=True, help="Skip the peers (HeidelTime, dateparser's search_dates).")
@click.option(
    "--peer", "peer_names", multiple=True, type=click.Choice(["heideltime", "dateparser"]),
    help="Run only these peers (repeatable); default: both.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the full report as JSON.")
@click.option("--check", is_flag=True, help="Exit 1 when a metric is below its pinned floor.")
@click.pass_context
def command(
    ctx: click.Context, corpora: tuple[Path, ...], more: tuple[Path, ...], split: str,
    no_peer: bool, peer_names: tuple[str, ...], as_json: bool, check: bool,
) -> None:
    """Score TIMEX3 recognition and normalisation (strict/relaxed P/R/F1, type and value F1).

    Corpus folders may also follow as arguments: ``--corpus A B C``.
    """
    corpora = corpora + more
    from dateline.eval.timex import evaluate, floor_metrics, format_report, load_corpora

    config = (ctx.obj or {}).get("config")
    splits = ("dev", "test") if split == "all" else (split,)
    try:
        report = evaluate(
            load_corpora(corpora or DEFAULT_CORPORA),
            peers=False if no_peer else (peer_names or True), config=config, splits=splits,
        )
    except DatelineError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    metrics, floors = floor_metrics(report, load_floors("timex"))
    failures = below_floors(metrics, floors)
    if as_json:
        click.echo(json.dumps({**report.to_dict(), "below_floor": failures}, indent=2))
    else:
        click.echo(format_report(report))
    report_floors(failures, check=check, quiet=as_json)
