"""``dateline eval fusion``: ECB+ cross-document event coreference (with the lemma
baseline side by side) and near-duplicate linking on news-ukwar."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from dateline.errors import DatelineError
from dateline.eval.floors import below_floors, load_floors, report_floors


def _table(scores: dict[str, Any]) -> None:
    for system in ("dateline", "lemma_baseline"):
        s = scores[system]
        cells = "  ".join(
            f"{m} P {s[m]['p']:.3f} R {s[m]['r']:.3f} F1 {s[m]['f1']:.3f}" for m in ("muc", "b3", "ceaf_e")
        )
        click.echo(f"  {system:<15} CoNLL F1 {s['conll']['f1']:.4f}  {cells}")
    click.echo(f"  margin over the lemma baseline: {scores['margin'] * 100:+.2f} points")


@click.command(name="fusion")
@click.option(
    "--corpus", type=click.Path(file_okay=False, path_type=Path),
    default=Path("../shared/data/ecbplus"), show_default=True, help="The ECB+ folder.",
)
@click.option("--split", default="dev", show_default=True, help="dev | train (topics as in the data README)")
@click.option(
    "--news", type=click.Path(dir_okay=False, path_type=Path), default=None,
    help="news-ukwar JSONL for the duplicate check [default: <corpus>/../news-ukwar/articles-2022-2023.jsonl]",
)
@click.option(
    "--detected", is_flag=True,
    help="Also score dateline's own detected event mentions (runs the pipeline on ECB+; slower).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the full report as JSON.")
@click.option("--check", is_flag=True, help="Exit 1 when a metric is below its pinned floor.")
@click.pass_context
def command(
    ctx: click.Context, corpus: Path, split: str, news: Path | None, detected: bool,
    as_json: bool, check: bool,
) -> None:
    """Score cross-document event coreference (MUC, B3, CEAF-e, CoNLL F1) and duplicate linking."""
    from dateline.eval.fusion import evaluate_fusion, headline

    config = (ctx.obj or {}).get("config")
    try:
        report = evaluate_fusion(corpus, split, news=news, config=config, detected=detected)
    except DatelineError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    floors = load_floors("fusion") if split == "dev" else {}
    if "duplicates" not in report:
        floors = {k: v for k, v in floors.items() if not k.startswith("duplicates.")}
    failures = below_floors(headline(report), floors)
    if as_json:
        click.echo(json.dumps({**report, "below_floor": failures}, indent=2))
    else:
        ecb = report["ecbplus"]
        click.echo(
            f"ECB+ {ecb['split']} topics {','.join(map(str, ecb['topics']))}: {ecb['documents']} documents, "
            f"{ecb['mentions']} gold action mentions, {ecb['gold_clusters']} gold clusters"
        )
        _table(ecb)
        if "detected" in ecb:
            det = ecb["detected"]
            click.echo(
                f"with detected mentions: {det['detected_mentions']} detected, {det['matching_gold']} "
                f"matching gold (P {det['mention_precision']:.3f} R {det['mention_recall']:.3f})"
            )
            _table(det)
        if "duplicates" in report:
            d = report["duplicates"]
            click.echo(
                f"news-ukwar duplicates: {d['true_pairs']}/{d['gold_pairs']} labelled pairs linked, "
                f"{d['wrong_pairs']} wrong pairs (P {d['precision']:.3f} R {d['recall']:.3f})"
            )
    report_floors(failures, check=check, quiet=as_json)
