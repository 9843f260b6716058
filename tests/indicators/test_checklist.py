"""The download checklist (`waimao plan`) on its own: queries, chapter splits, file names, statuses."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from waimao.errors import IndicatorError
from waimao.indicators.checklist import LIMIT, ROOM, checklist
from waimao.ingest.readers.gacc import flow_from_name, period_from_name, region_from_name
from waimao.model.periods import Period
from waimao.model.products import CODES_PER_CHAPTER
from waimao.model.regions import resolve_region

NINGXIA = resolve_region("宁夏")
Q1 = Period.parse("2025Q1")


def test_before_anything_is_loaded_every_query_is_missing_and_the_hs_query_is_split_under_the_cap():
    queries = checklist([], NINGXIA, Q1)
    assert {q.status for q in queries} == {"missing"}
    by_answer = {}
    for q in queries:
        by_answer.setdefault(q.answers, []).append(q)
    assert len(by_answer["totals and ranks among provinces"]) == 4  # 2 flows × (the quarter, a year earlier)
    assert all(q.region is None and q.rows == 31 * 3 for q in by_answer["totals and ranks among provinces"])
    assert all(q.region == NINGXIA for q in by_answer["partners"] + by_answer["trade modes"])
    products = [q for q in by_answer["product groups"] if q.flow == "export" and q.period == Q1]
    chapters = [q.chapters for q in products]
    assert chapters[0][0] == "01" and chapters[-1][1] == "99"
    assert all(int(a[1]) + 1 == int(b[0]) or (a[1], b[0]) == ("76", "78")  # 77 is reserved
               for a, b in zip(chapters, chapters[1:]))
    assert all(q.rows <= ROOM for q in products)
    assert sum(q.rows for q in products) == 3 * sum(CODES_PER_CHAPTER.values())
    assert all(q.optional for q in by_answer["partner counts of product groups"])


def test_each_file_name_says_flow_months_and_region_to_the_reader():
    for q in checklist([], NINGXIA, Period.parse("2025H1")):
        name = Path(q.file_name)
        assert flow_from_name(name) == q.flow, q.file_name
        assert period_from_name(name) == q.period, q.file_name
        found = region_from_name(name)
        assert (found.code if found else None) == ("CN" if q.region is None else q.region.code), q.file_name


def test_loaded_downloads_mark_their_lines_and_size_the_hs_query():
    def load(flow, dims, months, keys=None, regions=("64",)):
        return {"load_id": 1, "dataset": "platform", "dims": ["month", "flow", *dims], "flows": [flow],
                "months": list(Period.parse(months).months), "regions": list(regions), "provinces": ["64"],
                "currency": "CNY", "currencies": ["CNY"], "keys": json.dumps(keys or {}), "rows": 9,
                "source_file": f"/data/{flow}_{months}_{'_'.join(dims)}.csv"}

    codes = [f"8507{i:04d}" for i in range(120)]
    loads = [load("export", ("product",), p, {"product": codes}) for p in ("2024Q1", "2025Q1")]
    loads += [load("export", ("partner",), "2025M01-M02", {"partner": ["116", "344"]})]
    queries = checklist(loads, NINGXIA, Q1)
    [hs] = [q for q in queries if q.answers == "product groups" and q.flow == "export" and q.period == Q1]
    assert (hs.status, hs.chapters, hs.rows, hs.estimated_from) == ("loaded", None, 120 * 3, "loaded data")
    assert hs.files == ("export_2025Q1_product.csv",)
    [partners] = [q for q in queries if q.answers == "partners" and q.flow == "export" and q.period == Q1]
    assert (partners.status, partners.rows) == ("partly", 2 * 3)
    assert all(q.status == "missing" for q in queries if q.flow == "import")
    assert max(q.rows for q in queries if not q.optional) < LIMIT


def test_a_prefecture_is_not_on_the_platform():
    with pytest.raises(IndicatorError, match="注册地 is a province"):
        checklist([], resolve_region("西宁"), Q1)
