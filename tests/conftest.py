"""Shared fixtures. Data under ../shared is read in place and never copied."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
EXAMPLES = ROOT / "examples"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip(f"evaluation data not found at {SHARED} (shared/ is not distributed with the repo)")
    return SHARED


@pytest.fixture(scope="session")
def seed_dir(shared_dir: Path) -> Path:
    path = shared_dir / "eval" / "seed"
    if not (path / "article.txt").is_file():
        pytest.skip(f"seed article not found at {path}")
    return path


@pytest.fixture(scope="session")
def seed_text(seed_dir: Path) -> str:
    return (seed_dir / "article.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def examples_dir() -> Path:
    return EXAMPLES
