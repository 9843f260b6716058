"""Fixtures of the claim-checker tests: the seed pages (figure sets: `demo_figures` in tests/conftest.py)."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def seed_texts(shared) -> list[tuple[str, str]]:
    """(seed id, page text) of the five seed pages in ../shared/seeds: the id is the file prefix 000…004."""
    texts = [(p.name[:3], p.read_text(encoding="utf-8")) for p in sorted(shared("seeds").glob("*.txt"))]
    assert [seed for seed, _ in texts] == ["000", "001", "002", "003", "004"], "../shared/seeds should hold 000…004"
    return texts
