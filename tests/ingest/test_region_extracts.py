"""A record extract of a province other than Qinghai loads by prefecture, keyed by either code system.

The extracts are written here for 河南: one keyed by customs domestic region codes (境内目的地/货源地),
one by GB/T 2260 codes (prefectures, counties, a 4-digit prefix). The customs codes do not follow
GB/T 2260 (义马 41189 and 沁阳 41249 are customs units of 三门峡 and 焦作), so the per-prefecture
figures below are summed by hand from the rows.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from waimao import api
from waimao.indicators import Breakdown, compute_figures

WAN = Decimal(10_000)

#: (region code, flow, 2025 value in 万元, 2024 value in 万元), each month January–March of both years.
BY_CUSTOMS = [
    ("41019", "export", 100, 80),  # 郑州其他
    ("41018", "export", 300, 200),  # 郑州航空港经济综合实验区 (a zone of 郑州)
    ("41016", "import", 50, 20),  # 郑州新郑、经开综合保税区
    ("41129", "export", 30, 25),  # 三门峡
    ("41189", "export", 20, 15),  # 义马, a county-level city of 三门峡 with its own customs code
    ("41089", "export", 40, 40),  # 焦作
    ("41249", "import", 10, 10),  # customs unit 4124 (沁阳) of 焦作
    ("41209", "export", 70, 50),  # 济源, directly under the province
    ("41029", "import", 25, 50),  # 开封
]
#: The same trade keyed by GB/T 2260 codes, as a statistics bureau would key it.
BY_GB = [
    ("410100", "export", 100, 80),  # 郑州市
    ("410181", "export", 300, 200),  # 巩义市, a county of 郑州 (another product: see _write_extract)
    ("410100", "import", 50, 20),
    ("411200", "export", 30, 25),  # 三门峡市
    ("411281", "export", 20, 15),  # 义马市
    ("4108", "export", 40, 40),  # 焦作 by its 4-digit prefix
    ("410882", "import", 10, 10),  # 沁阳市
    ("419001", "export", 70, 50),  # 济源市
    ("410200", "import", 25, 50),  # 开封市
]
#: Per prefecture, 2025Q1 and 2024Q1 in 万元: three months of each row.
EXPECTED = {
    "郑州市": (3 * (100 + 300 + 50), 3 * (80 + 200 + 20)),
    "三门峡市": (3 * (30 + 20), 3 * (25 + 15)),
    "焦作市": (3 * (40 + 10), 3 * (40 + 10)),
    "济源市": (3 * 70, 3 * 50),
    "开封市": (3 * 25, 3 * 50),
}
PROVINCE = (sum(cur for cur, _ in EXPECTED.values()), sum(base for _, base in EXPECTED.values()))


def _write_extract(path, rows) -> None:
    """Each row of `rows` in each month; each row its own product, since 410100 and 410181 are both stored as
    郑州 41019 and the same keys twice would be refused as duplicates."""
    lines = ["month,flow,region,partner,product,value_cny"]
    for year, column in ((2025, 2), (2024, 3)):
        for month in (1, 2, 3):
            for i, row in enumerate(rows):
                lines.append(f"{year}{month:02d},{row[1]},{row[0]},502,850760{i:02d},{row[column] * 10_000}.00")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.fixture(scope="module", params=["customs", "gb"])
def henan(request, tmp_path_factory):
    """A warehouse holding the 河南 extract keyed by one code system."""
    folder = tmp_path_factory.mktemp(f"henan_{request.param}")
    path = folder / "henan.csv"
    _write_extract(path, BY_CUSTOMS if request.param == "customs" else BY_GB)
    db = folder / "w.duckdb"
    [outcome] = api.ingest(path, db=db)
    assert outcome.rows == 2 * 3 * len(BY_CUSTOMS)
    with api.open_warehouse(db) as warehouse:
        yield request.param, warehouse


def _value(fs, flow, breakdown, metric="value"):
    figure = fs.find(flow, breakdown, metric)
    assert figure is not None, f"no figure {flow} {breakdown} {metric}"
    return figure


def test_the_province_table_has_one_row_per_prefecture(henan):
    _, warehouse = henan
    fs = compute_figures(warehouse, "河南", "2025Q1")
    assert _value(fs, "total", None).yuan == PROVINCE[0] * WAN
    for name, (cur, base) in EXPECTED.items():
        figure = _value(fs, "total", Breakdown("region", name))
        assert figure.yuan == cur * WAN, name
        growth = _value(fs, "total", Breakdown("region", name), "yoy_pct").value
        assert growth == pytest.approx((cur / base - 1) * 100), name
    regions = {x.breakdown.name for x in fs.select(kind="region", flow="total", metric="value")}
    assert regions == set(EXPECTED)
    assert _value(fs, "total", None, "region_count").value == len(EXPECTED)


@pytest.mark.parametrize("name, subject", [("郑州", "郑州市"), ("三门峡", "三门峡市"), ("焦作市", "焦作市"),
                                           ("410100", "郑州市"), ("济源", "济源市")])
def test_a_prefecture_as_subject(henan, name, subject):
    _, warehouse = henan
    fs = compute_figures(warehouse, name, "2025Q1")
    cur, base = EXPECTED[subject]
    assert {x.subject for x in fs} == {subject}
    assert _value(fs, "total", None).yuan == cur * WAN
    assert _value(fs, "total", None, "yoy_pct").value == pytest.approx((cur / base - 1) * 100)
    share = _value(fs, "total", None, "share_of_pct").value
    assert share == pytest.approx(cur / PROVINCE[0] * 100)


def test_zones_of_a_prefecture_by_customs_code(henan):
    keyed, warehouse = henan
    if keyed != "customs":
        pytest.skip("GB/T 2260 codes do not name zones")
    fs = compute_figures(warehouse, "郑州", "2025Q1")
    airport = _value(fs, "total", Breakdown("region", "郑州航空港经济综合实验区"))
    assert airport.yuan == 3 * 300 * WAN
    zone = compute_figures(warehouse, "41018", "2025Q1")
    assert _value(zone, "total", None, "share_of_city_pct").value == pytest.approx(300 / 450 * 100)
