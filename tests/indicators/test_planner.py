"""The source planner on its own: `loads` rows in, the chosen source of each need out (no warehouse)."""

from __future__ import annotations

import json
from datetime import date

import pytest

from waimao.errors import IndicatorError
from waimao.indicators.planner import MAINLAND, Need, complete_months, plan
from waimao.model.periods import Period
from waimao.model.regions import resolve_region

SUBJECT = Need("subject", frozenset(), "总值", "the totals", required=True)
PARTNER = Need("partner", frozenset({"partner"}), "贸易伙伴", "the partner figures")
PRODUCT = Need("product", frozenset({"product"}), "商品", "the product figures")
REGION = Need("region", frozenset({"region"}), "下辖地区", "the regions one level down", children=True)
PEERS = Need("peers", frozenset({"region"}), "全国排名", "the ranks", scope="peers")
NEEDS = (SUBJECT, PARTNER, PRODUCT, REGION, PEERS)
Q1 = Period.parse("2025Q1")
NINGXIA = resolve_region("宁夏")
_ids = iter(range(1, 10_000))


def months(*spans: str) -> list[date]:
    return [m for span in spans for m in Period.parse(span).months]


def load(dataset="platform", dims=(), *, flows=("export", "import"), span=("2024Q1", "2025Q1"), regions=("64",),
         currency="CNY", keys=None, kind="gacc", rows=10, name=None) -> dict:
    """One `loads` row as the planner reads it."""
    load_id = next(_ids)
    return {"load_id": load_id, "dataset": dataset, "kind": kind, "dims": ["month", "flow", *dims],
            "flows": list(flows), "months": months(*span), "regions": list(regions),
            "provinces": sorted({r[:2] for r in regions}), "currency": currency, "currencies": [currency],
            "keys": json.dumps(keys or {}), "rows": rows, "source_file": name or f"file{load_id}.csv"}


def ids(the_plan, need: str):
    found = the_plan.source(need)
    return None if found is None else found.load_ids


def test_record_level_data_answer_every_need_they_hold_before_platform_downloads():
    records = load("records", ("region", "partner", "product", "enterprise_id"), regions=("64019", "64012"),
                   kind="canonical")
    totals = load("platform", ("region",), regions=sorted(MAINLAND))
    partners = load("platform", ("partner",))
    chosen = plan([records, totals, partners], NINGXIA, Q1, NEEDS)
    assert ids(chosen, "subject") == ids(chosen, "partner") == ids(chosen, "product") == (records["load_id"],)
    assert ids(chosen, "region") == (records["load_id"],)  # record codes below the province
    assert ids(chosen, "peers") == (totals["load_id"],)  # the records hold one province only


def test_among_platform_cuts_the_narrowest_that_holds_the_dims():
    totals = load("platform", ("region",), regions=sorted(MAINLAND))
    partners = load("platform", ("partner",))
    partner_products = load("platform", ("partner", "product"))
    chosen = plan([partner_products, partners, totals], NINGXIA, Q1, NEEDS)
    assert ids(chosen, "subject") == (totals["load_id"],)
    assert ids(chosen, "partner") == (partners["load_id"],)
    assert ids(chosen, "product") == (partner_products["load_id"],)
    assert chosen.source("region") is None  # the platform has no region below the province
    [note] = [n for n in chosen.notes if n.code == "left-out"]
    assert "record-level" in note.en and "企业级统计数据" in note.zh


def test_a_cut_holding_the_base_year_is_preferred_to_a_narrower_one_without_it():
    this_year = load("platform", ("region",), regions=sorted(MAINLAND), span=("2025Q1",))
    both_years = load("platform", ("partner",))
    chosen = plan([this_year, both_years], NINGXIA, Q1, NEEDS)
    assert ids(chosen, "subject") == (both_years["load_id"],)
    assert chosen.has_base("subject")


def test_the_parts_of_a_split_download_must_all_hold_the_months():
    low = load(dims=("product",), keys={"product": ["12119031", "02013000"]}, span=("2024Q1", "2025Q1"))
    high = load(dims=("product",), keys={"product": ["85076000"]}, span=("2024Q1", "2025M01-M02"))
    assert complete_months([low, high]) == frozenset(months("2024Q1", "2025M01-M02"))
    totals = load(dims=("region",), regions=sorted(MAINLAND))
    chosen = plan([low, high, totals], NINGXIA, Q1, NEEDS)
    assert chosen.source("product") is None
    [note] = [n for n in chosen.notes if "product figures" in n.en]
    assert low["source_file"] in note.en and "2025-03" in note.en
    assert ids(plan([low, high, totals], NINGXIA, Period.parse("2025M01-M02"), NEEDS), "product") == \
        (low["load_id"], high["load_id"])


def test_parts_are_judged_per_flow_and_by_chapter():
    """Export and import chapter files hold other codes; a year's chapter file other codes of the same chapters."""
    exports = [load(dims=("product",), flows=("export",), keys={"product": ["12119031"]}, span=(year,))
               for year in ("2024Q1", "2025Q1")]
    exports[1]["keys"] = json.dumps({"product": ["12119099"]})  # another code of chapter 12 in 2025
    imports = [load(dims=("product",), flows=("import",), keys={"product": ["02013000"]})]
    assert complete_months([*exports, *imports]) == frozenset(months("2024Q1", "2025Q1"))
    assert complete_months(exports) == frozenset()  # no imports: no month is whole


def test_currency_is_part_of_the_cut():
    cny = load("platform", ("region",), regions=sorted(MAINLAND))
    usd = load("platform", ("partner",), currency="USD")
    assert ids(plan([cny, usd], NINGXIA, Q1, NEEDS), "partner") is None
    in_dollars = plan([cny, usd], NINGXIA, Q1, NEEDS, currency="USD")
    assert ids(in_dollars, "subject") == ids(in_dollars, "partner") == (usd["load_id"],)
    assert plan([usd], NINGXIA, Q1, NEEDS).currency == "USD"  # the default where only dollars are loaded


def test_the_nation_needs_every_province_or_national_rows():
    nation = resolve_region("全国")
    some = load("platform", ("region",), regions=("64", "63"))
    with pytest.raises(IndicatorError, match="no data for 中国"):
        plan([some], nation, Q1, NEEDS)
    every = load("platform", ("region",), regions=sorted(MAINLAND))
    chosen = plan([some, every], nation, Q1, NEEDS)
    assert ids(chosen, "subject") == ids(chosen, "region") == (every["load_id"],)  # provinces are its regions
    national = load("platform", (), regions=("CN",))
    assert ids(plan([national], nation, Q1, NEEDS), "subject") == (national["load_id"],)


def test_a_prefecture_needs_record_codes_inside_it():
    xining = resolve_region("西宁")
    platform = load("platform", ("region",), regions=sorted(MAINLAND))
    with pytest.raises(IndicatorError):
        plan([platform], xining, Q1, NEEDS)
    records = load("records", ("region",), regions=("63019", "63012", "63029"), kind="canonical")
    assert ids(plan([platform, records], xining, Q1, NEEDS), "subject") == (records["load_id"],)


def test_missing_months_of_the_totals_are_named():
    short = load("platform", ("region",), regions=sorted(MAINLAND), span=("2025M01-M02",))
    with pytest.raises(IndicatorError, match="lack 2025-03"):
        plan([short], NINGXIA, Q1, NEEDS)


def test_a_missing_base_year_is_one_note_in_both_languages():
    chosen = plan([load("platform", ("region",), regions=sorted(MAINLAND), span=("2025Q1",))], NINGXIA, Q1, NEEDS)
    [note] = [n for n in chosen.notes if n.code == "no-base"]
    assert "2024Q1" in note.en and "2024年一季度" in note.zh
