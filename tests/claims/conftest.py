"""Fixtures of the claim-checker tests: the seed pages (figure sets: `demo_figures` in tests/conftest.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"


@pytest.fixture(scope="session")
def seed_texts() -> list[tuple[str, str]]:
    """(seed id, page text) of the five seed pages: the id is the file prefix 000…004."""
    return [(p.name[:3], p.read_text(encoding="utf-8")) for p in sorted(SEEDS.glob("*.txt"))]
