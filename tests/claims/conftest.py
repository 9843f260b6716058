"""Fixtures of the claim-checker tests: the seed pages and the demo warehouse's figure sets, computed once."""

from __future__ import annotations

from pathlib import Path

import pytest

from waimao.api import figures, open_warehouse

SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"


@pytest.fixture(scope="session")
def seed_texts() -> list[tuple[str, str]]:
    """(seed id, page text) of the five seed pages: the id is the file prefix 000…004."""
    return [(p.name[:3], p.read_text(encoding="utf-8")) for p in sorted(SEEDS.glob("*.txt"))]


@pytest.fixture(scope="session")
def figures_for(demo_db):
    """`figures_for(region, period)` on the demo warehouse, each figure set computed once per run."""
    cache: dict = {}
    with open_warehouse(demo_db, read_only=True) as warehouse:
        def get(region: str, period: str):
            if (region, period) not in cache:
                try:
                    cache[(region, period)] = figures(region, period, db=warehouse)
                except Exception as e:  # noqa: BLE001 - replayed to the checker, which reports it
                    cache[(region, period)] = e
            found = cache[(region, period)]
            if isinstance(found, Exception):
                raise found
            return found

        yield get
