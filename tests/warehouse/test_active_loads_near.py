"""`Warehouse.active_loads(dataset, near)` may skip only loads that `Coverage.may_meet` rejects.

The SQL prefilter exists so that the HS-code keys of far-away loads are never read; the decision is
still `may_meet`'s. Asserted against the unfiltered list over loads built to sit on every edge:
prefix-related region codes, provinces standing in for regions, other dims, other flows and months.
"""

from __future__ import annotations

import datetime as dt
import itertools

from waimao.engines.duckdb import MEMORY, Warehouse
from waimao.ingest.load import Coverage

JAN, FEB, MAR = dt.date(2025, 1, 1), dt.date(2025, 2, 1), dt.date(2025, 3, 1)
REGION_SETS = [["44"], ["4401"], ["44019"], ["11", "4403"], ["63019"], ["C"], ["CN"], []]
DIMS = [["month", "flow", "region", "product"], ["month", "flow", "region", "product", "partner"]]


def _record(load_id: int, regions: list[str], flows: list[str], months: list[dt.date], dims: list[str],
            currencies: list[str] | None) -> dict:
    return {"load_id": load_id, "dataset": "platform", "kind": "gacc", "source_file": f"/x/{load_id}.csv",
            "content_hash": str(load_id), "rows": 1, "months": months, "first_month": months[0],
            "last_month": months[-1], "flows": flows, "provinces": sorted({r[:2] for r in regions}) or ["44"],
            "regions": regions or None, "dims": dims, "currency": "CNY", "currencies": currencies,
            "keys": {"product": ["8501"]}, "status": "active", "superseded_by": None,
            "loaded_at": dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc), "note": None, "meta": {}}


def _warehouse() -> Warehouse:
    warehouse = Warehouse(MEMORY)
    shapes = itertools.product(REGION_SETS, [["export"], ["import"], ["export", "import"]],
                               [[JAN], [FEB, MAR]], DIMS, [["CNY"], ["USD"], None])
    with warehouse.transaction():
        for load_id, (regions, flows, months, dims, currencies) in enumerate(shapes, start=1):
            warehouse.add_load_record(_record(load_id, regions, flows, months, dims, currencies))
    return warehouse


def test_the_prefilter_keeps_every_load_that_may_meet():
    warehouse = _warehouse()
    everything = warehouse.active_loads("platform")
    assert len(everything) == len(REGION_SETS) * 3 * 2 * len(DIMS) * 3
    checked = 0
    for regions, flows, months, dims in itertools.product(REGION_SETS[:-1] + [["44", "63"]], [["export"], ["import"]],
                                                          [[JAN], [MAR], [JAN, FEB]], DIMS):
        coverage = Coverage(dataset="platform", dims=frozenset(dims), flows=frozenset(flows),
                            provinces=frozenset({r[:2] for r in regions}), months=frozenset(months),
                            keys=(("product", frozenset({"85"})), ("region", frozenset(regions))))
        expected = [row["load_id"] for row in everything if coverage.may_meet(row)]
        near = warehouse.active_loads("platform", coverage.near())
        assert [row["load_id"] for row in near if coverage.may_meet(row)] == expected
        assert len(near) <= len(everything)
        checked += bool(expected)
    assert checked > 20  # the cases do meet loads, not only miss them


def test_loads_that_cannot_meet_are_not_read():
    warehouse = _warehouse()
    coverage = Coverage(dataset="platform", dims=frozenset(DIMS[0]), flows=frozenset({"export"}),
                        provinces=frozenset({"63"}), months=frozenset({JAN}), keys=(("region", frozenset({"63019"})),))
    near = warehouse.active_loads("platform", coverage.near())
    assert {tuple(row["regions"] or row["provinces"]) for row in near} == {("63019",)}
