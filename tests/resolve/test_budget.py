"""Start-up budget of the knowledge base and gazetteer (issue: <= 1 s, <= 300 MB)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.model
def test_loading_kb_and_gazetteer_fits_the_budget() -> None:
    # a fresh process: the cost is what a new worker pays, not what this test
    # session has already cached
    out = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "bench_kb.py")],
        check=True, capture_output=True, text=True, timeout=300,
    )
    cost = json.loads(out.stdout.strip().splitlines()[-1])
    assert cost["total_s"] <= 1.0, cost  # CPU seconds (see scripts/bench_kb.py)
    assert cost["rss_added_mb"] <= 300, cost
