"""``dateline eval quotes``: attribution extraction on PolNeAR (with textacy as a peer)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from dateline.errors import DatelineError
from dateline.eval.floors import below_floors, load_floors, report_floors


@click.command(name="quotes")
@click.option(
    "--corpus", type=click.Path(file_okay=False, path_type=Path),
    default=Path("../shared/data/polnear"), show_default=True,
    help="PolNeAR folder holding <split>/text and <split>/attributions.",
)
@click.option("--split", default="dev", show_default=True, help="train | dev | test")
@click.option("--limit", type=int, default=None, help="Score only the first N articles (sorted by name).")
@click.option("--no-peer", is_flag=True, help="Skip textacy's direct_quotations.")
@click.option("--json", "as_json", is_flag=True, help="Print the full report as JSON.")
@click.option("--check", is_flag=True, help="Exit 1 when a metric is below its pinned floor.")
@click.pass_context
def command(
    ctx: click.Context, corpus: Path, split: str, limit: int | None, no_peer: bool,
    as_json: bool, check: bool,
) -> None:
    """Score quote extraction (source, cue, content; exact, token, 0.3/0.8 overlap)."""
    from dateline.eval.quotes import evaluate_quotes, headline

    config = (ctx.obj or {}).get("config")
    try:
        report = evaluate_quotes(corpus, split, limit=limit, config=config, peer=not no_peer)
    except DatelineError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    floors = load_floors("quotes") if limit is None and split == "dev" else {}
    failures = below_floors(headline(report), floors)
    if as_json:
        click.echo(json.dumps({**report, "below_floor": failures}, indent=2))
    else:
        click.echo(
            f"PolNeAR {report['split']}: {report['documents']} articles, "
            f"{report['gold_attributions']} gold attributions"
        )
        for system in ("dateline", "textacy"):
            if system not in report:
                continue
            click.echo(f"{system}:")
            for metric, roles in report[system].items():
                cells = "  ".join(
                    f"{role} P {s['p']:.3f} R {s['r']:.3f} F1 {s['f1']:.3f}" for role, s in roles.items()
                )
                click.echo(f"  {metric:<12} {cells}")
        agreement = report.get("agreement") or {}
        if agreement.get("documents"):
            click.echo(
                f"annotator agreement (human ceiling; {agreement['documents']} articles, "
                f"{agreement['attributions']} attributions annotated twice in train and dev):"
            )
            for metric in ("exact", "token"):
                cells = "  ".join(
                    f"{role} F1 {s['f1']:.3f}" for role, s in agreement["scores"][metric].items()
                )
                click.echo(f"  {metric:<12} {cells}")
    report_floors(failures, check=check, quiet=as_json)
