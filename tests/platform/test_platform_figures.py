"""Figures of a province from public platform downloads only: 24 files, several cuts, two currencies.

Every expected value is computed here from the rows the generator wrote into the files (what a
user downloaded), with plain sums and ratios: the totals from the all-province download, the
partners from the partner download, the product groups from the two chapter files of the HS
download, the trade modes from the trade-mode download. Nothing is ever the sum of two cuts.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest

from platform_downloads import PROVINCE, PROVINCES, Download
from waimao.indicators import Breakdown

CUR = [date(2025, m, 1) for m in (1, 2, 3)]
BASE = [date(2024, m, 1) for m in (1, 2, 3)]
REL = {"rel": 1e-12}


def files(downloads: dict[str, Download], flow: str, year: int, field: str, currency: str = "CNY") -> list[Download]:
    return [d for d in downloads.values()
            if (d.flow, d.year, d.field, d.currency) == (flow, year, field, currency)]


def stated(downloads, flow: str, year: int, field: str, currency: str = "CNY", **keys) -> Decimal:
    """What the downloads of one query (all its chapter files) state for 宁夏, summed by hand."""
    return sum((d.total(**keys) for d in files(downloads, flow, year, field, currency)), Decimal(0))


def both(downloads, year: int, field: str, **keys) -> dict[str, Decimal]:
    values = {flow: stated(downloads, flow, year, field, **keys) for flow in ("export", "import")}
    return {**values, "total": values["export"] + values["import"]}


def growth(fs, flow: str, breakdown=None) -> float:
    """The figure set's growth as a fraction, whichever unit (% or 倍) states it."""
    pct = fs.find(flow, breakdown, "yoy_pct")
    return pct.value / 100 if pct is not None else fs.find(flow, breakdown, "yoy_times").value


def money(fs, flow: str, breakdown=None) -> float:
    return float(fs.find(flow, breakdown, "value").yuan)


def test_every_download_stands_beside_the_others(ningxia):
    """The second chapter file does not replace the first, and a 美元 file neither replaces nor adds to a 人民币 one."""
    _, _, outcomes = ningxia
    assert len(outcomes) == 24
    assert {o.outcome for o in outcomes} == {"loaded"}
    assert [o.superseded for o in outcomes if o.superseded] == []


def test_totals_are_the_all_province_download_and_nothing_is_added_twice(ningxia, ningxia_figures):
    downloads, _, _ = ningxia
    fs = ningxia_figures["CNY"]
    cur, base = both(downloads, 2025, "region"), both(downloads, 2024, "region")
    for flow in ("total", "export", "import"):
        assert money(fs, flow) == pytest.approx(float(cur[flow]), **REL)
        assert growth(fs, flow) == pytest.approx(float(cur[flow] / base[flow] - 1), **REL)
    assert float(fs.find("balance", None, "value").yuan) == pytest.approx(float(cur["export"] - cur["import"]), **REL)
    total = fs.find("total", None, "value")
    assert total.source.dims == ("month", "flow", "region") and total.source.dataset == "platform"
    # the other cuts state the same trade: had they been added, the total would be four times this
    partners = both(downloads, 2025, "partner")["total"]
    assert abs(partners - cur["total"]) <= Decimal(len(files(downloads, "export", 2025, "partner")[0].rows) * 2)


def test_partners_come_from_the_partner_download(ningxia, ningxia_figures):
    downloads, _, _ = ningxia
    fs = ningxia_figures["CNY"]
    total = both(downloads, 2025, "region")["total"]
    japan = both(downloads, 2025, "partner", partner="116")
    japan0 = both(downloads, 2024, "partner", partner="116")
    b = Breakdown("partner", "日本")
    assert money(fs, "export", b) == pytest.approx(float(japan["export"]), **REL)
    assert fs.find("total", b, "share_pct").value == pytest.approx(float(japan["total"] / total * 100), **REL)
    assert growth(fs, "total", b) == pytest.approx(float(japan["total"] / japan0["total"] - 1), **REL)
    assert fs.find("total", b, "value").source.dims == ("month", "flow", "partner")
    new = fs.find("total", None, "new_partner_count")
    assert (new.value, new.detail["partners"]) == (1, ["越南"])
    assert fs.find("total", Breakdown("partner", "越南"), "first_time") is not None


def test_product_groups_come_from_both_chapter_files(ningxia, ningxia_figures):
    downloads, _, _ = ningxia
    fs = ningxia_figures["CNY"]
    exports = stated(downloads, "export", 2025, "region")
    batteries = stated(downloads, "export", 2025, "product", product="85076000")  # chapter 85: the second file
    batteries0 = stated(downloads, "export", 2024, "product", product="85076000")
    b = Breakdown("product_group", "锂离子蓄电池")
    assert money(fs, "export", b) == pytest.approx(float(batteries), **REL)
    assert growth(fs, "export", b) == pytest.approx(float(batteries / batteries0 - 1), **REL)
    assert fs.find("export", b, "share_pct").value == pytest.approx(float(batteries / exports * 100), **REL)
    goji = Breakdown("product_group", "枸杞")  # chapter 12: the first file
    assert money(fs, "export", goji) == pytest.approx(float(stated(downloads, "export", 2025, "product",
                                                                   product="12119031")), **REL)
    assert fs.find("export", Breakdown("product_group", "多晶硅"), "first_time") is not None
    codes = {r["product"] for d in files(downloads, "export", 2025, "product") for r in d.rows}
    assert fs.find("export", None, "product_count").value == len(codes)


def test_trade_modes_come_from_the_trade_mode_download(ningxia, ningxia_figures):
    downloads, _, _ = ningxia
    fs = ningxia_figures["CNY"]
    ordinary = both(downloads, 2025, "trade_mode", trade_mode="10")
    b = Breakdown("trade_mode", "一般贸易")
    assert money(fs, "total", b) == pytest.approx(float(ordinary["total"]), **REL)
    assert fs.find("total", b, "value").source.dims == ("month", "flow", "trade_mode")


def test_ranks_and_national_shares_come_from_the_all_province_download(ningxia, ningxia_figures):
    downloads, _, _ = ningxia
    fs = ningxia_figures["CNY"]

    def by_province(year: int) -> dict[str, Decimal]:
        return {p: sum((d.total(province=p) for flow in ("export", "import")
                        for d in files(downloads, flow, year, "region")), Decimal(0)) for p in PROVINCES}

    cur, base = by_province(2025), by_province(2024)
    nation, nation0 = sum(cur.values()), sum(base.values())
    assert fs.find("total", None, "national_share_pct").value == pytest.approx(float(cur[PROVINCE] / nation * 100),
                                                                             **REL)
    rates = {p: cur[p] / base[p] - 1 for p in PROVINCES}
    assert fs.find("total", None, "rank").value == 1 + sum(rate > rates[PROVINCE] for rate in rates.values())
    assert fs.find("total", None, "value_rank").value == 1 + sum(v > cur[PROVINCE] for v in cur.values())
    gap = (rates[PROVINCE] - (nation / nation0 - 1)) * 100
    assert fs.find("total", None, "gap_pp").value == pytest.approx(float(gap), **REL)


def test_notes_say_what_platform_data_cannot_give_in_each_language(ningxia_figures):
    fs = ningxia_figures["CNY"]
    codes = [note.code for note in fs.notes]
    assert "reconciliation" not in codes  # the cuts agree up to the platform's rounding of each row
    left_out = " ".join(note.en for note in fs.notes if note.code == "left-out")
    assert "enterprise" in left_out and "regions one level down" in left_out
    assert "partner figures" not in left_out and "product figures" not in left_out
    for note in fs.notes:
        assert not re.search(r"[A-Za-z]{4,}", note.zh), note.zh  # no English inside a Chinese document
    assert fs.find("total", None, "count") is None and fs.select(kind="region") == []


def test_dollar_figures_come_from_the_dollar_downloads(ningxia, ningxia_figures):
    downloads, _, _ = ningxia
    fs = ningxia_figures["USD"]
    cur = {flow: stated(downloads, flow, 2025, "region", "USD") for flow in ("export", "import")}
    base = {flow: stated(downloads, flow, 2024, "region", "USD") for flow in ("export", "import")}
    total = fs.find("total", None, "value")
    assert total.unit in ("亿美元", "万美元") and total.currency == "USD"
    assert float(total.yuan) == pytest.approx(float(cur["export"] + cur["import"]), **REL)
    assert total.text.startswith("进出口总值") and total.text.endswith("美元")
    assert total.text_en.startswith("trade USD ")
    assert growth(fs, "export") == pytest.approx(float(cur["export"] / base["export"] - 1), **REL)
    assert fs.select(kind="partner") == []  # no partner download in dollars: left out, not converted
    assert any(note.code == "left-out" and "partner figures" in note.en and "USD" in note.en for note in fs.notes)
    assert ningxia_figures["CNY"].find("total", None, "value").unit == "亿元"


@pytest.mark.parametrize("currency", ["CNY", "USD"])
def test_lazy_platform_figures_are_the_eager_ones(ningxia, currency):
    """A subject of platform downloads only: figures worded when read are those worded all at once."""
    from waimao.api import open_warehouse
    from waimao.indicators import compute_figures

    _, db, _ = ningxia
    with open_warehouse(db, read_only=True) as warehouse:
        eager = compute_figures(warehouse, "宁夏", "2025Q1", currency=currency, eager=True)
        lazy = compute_figures(warehouse, "宁夏", "2025Q1", currency=currency)
    lazy.select(kind="partner", flow="export", metric="value", top=3)
    assert [f.to_dict() for f in lazy.figures] == [f.to_dict() for f in eager.figures]
    assert lazy.figures == eager.figures
