"""compute_figures on a tiny warehouse whose every number is chosen here, so each figure is checked by hand.

All amounts below are in 万元 (1万元 = 10 000 yuan). Province 青海: 西宁市 (63019, with its zone
西宁经济技术开发区 63012), 海西州 (63089), 海东市 (63029). Partners: 122 马来西亚, 321 匈牙利,
327 波兰, 304 德国, 116 日本 (EU: 匈牙利, 波兰, 德国), 344 俄罗斯, 141 越南 (ASEAN: 马来西亚, 越南).
Products: 85076000 锂离子蓄电池, 28046190 多晶硅, 07096000 / 07093000 冷凉蔬菜, 28369100 碳酸锂.
Enterprises: E1, E2, E4 private; E3 state-owned.
"""

from __future__ import annotations

import pytest

from waimao import api
from waimao.errors import IndicatorError
from waimao.indicators import Breakdown, FigureSet, compute_figures

APPROX = {"rel": 1e-9}

# month, flow, region, partner, product, enterprise type, enterprise id, 万元, kilograms (None: no quantity)
ROWS = [
    # 2025Q1: the period
    ("2025-01", "export", "63012", "122", "85076000", "private", "E1", 4000, None),
    ("2025-02", "export", "63012", "321", "85076000", "private", "E1", 5000, None),
    ("2025-03", "export", "63012", "327", "85076000", "private", "E1", 600, None),
    ("2025-01", "export", "63019", "304", "28046190", "private", "E4", 1500, None),
    ("2025-01", "export", "63019", "116", "28046190", "private", "E4", 300, None),
    ("2025-02", "export", "63089", "344", "07096000", "state_owned", "E3", 2000, 200_000),
    ("2025-03", "export", "63029", "344", "07093000", "private", "E2", 700, 150_000),
    ("2025-03", "import", "63089", "344", "28369100", "state_owned", "E3", 3000, None),
    # 2024Q1: its base
    ("2024-01", "export", "63012", "122", "85076000", "private", "E1", 2000, None),
    ("2024-02", "export", "63012", "321", "85076000", "private", "E1", 3000, None),
    ("2024-03", "export", "63012", "327", "85076000", "private", "E1", 400, None),
    ("2024-02", "export", "63089", "344", "07096000", "state_owned", "E3", 1500, 100_000),
    ("2024-03", "export", "63029", "344", "07096000", "private", "E2", 2500, 150_000),
    ("2024-01", "import", "63089", "344", "28369100", "state_owned", "E3", 2000, None),
    ("2024-02", "import", "63019", "141", "28369100", "private", "E2", 1000, None),
    # 2023Q1: the base's base (its own base, 2022Q1, is absent)
    ("2023-01", "export", "63012", "122", "85076000", "private", "E1", 1000, None),
    ("2023-02", "export", "63089", "344", "07096000", "state_owned", "E3", 3000, 300_000),
    ("2023-03", "import", "63089", "344", "28369100", "state_owned", "E3", 2500, None),
    # Q4 battery exports, only for the streak: 2024-11 and 2024-12 grew, 2024-10 did not
    ("2023-10", "export", "63012", "122", "85076000", "private", "E1", 100, None),
    ("2023-11", "export", "63012", "122", "85076000", "private", "E1", 100, None),
    ("2023-12", "export", "63012", "122", "85076000", "private", "E1", 100, None),
    ("2024-10", "export", "63012", "122", "85076000", "private", "E1", 100, None),
    ("2024-11", "export", "63012", "122", "85076000", "private", "E1", 200, None),
    ("2024-12", "export", "63012", "122", "85076000", "private", "E1", 200, None),
]

EXPORT = 4000 + 5000 + 600 + 1500 + 300 + 2000 + 700  # 14100
EXPORT0 = 2000 + 3000 + 400 + 1500 + 2500  # 9400
EXPORT00 = 1000 + 3000  # 4000
IMPORT = 3000
IMPORT0 = 2000 + 1000  # 3000: imports did not change
IMPORT00 = 2500
TOTAL, TOTAL0, TOTAL00 = EXPORT + IMPORT, EXPORT0 + IMPORT0, EXPORT00 + IMPORT00  # 17100, 12400, 6500


def write_canonical(path, rows) -> None:
    """A canonical CSV as a customs office would hand it over; quantities only where the row has kilograms."""
    lines = ["month,flow,region,partner,product,enterprise_type,enterprise_id,value_cny,qty1,unit1"]
    for month, flow, region, partner, product, etype, eid, wan, kg in rows:
        qty = "" if kg is None else f"{kg}"
        unit = "" if kg is None else "千克"
        lines.append(f"{month},{flow},{region},{partner},{product},{etype},{eid},{wan * 10_000}.00,{qty},{unit}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory):
    """The hand-made rows ingested through the real canonical reader into a DuckDB file."""
    folder = tmp_path_factory.mktemp("figure_set")
    csv = folder / "records.csv"
    write_canonical(csv, ROWS)
    db = folder / "w.duckdb"
    [outcome] = api.ingest(csv, db=db)
    assert outcome.rows == len(ROWS)
    with api.open_warehouse(db) as wh:
        yield wh


@pytest.fixture(scope="module")
def q1(warehouse) -> FigureSet:
    """The province in 2025Q1, computed once: most tests read this one set."""
    return compute_figures(warehouse, "青海", "2025Q1")


def get(fs: FigureSet, flow: str, breakdown: Breakdown | None, metric: str, period: str | None = None):
    """The figure with this key; its absence fails the test with the key named."""
    figure = fs.find(flow, breakdown, metric, period)
    assert figure is not None, f"no figure {flow} {breakdown} {metric}"
    return figure


def pct(x: float) -> float:
    return x * 100


# --- value, growth and its wording ----------------------------------------------------------


def test_subject_values_choose_yi_or_wan(q1):
    total = get(q1, "total", None, "value")
    assert (total.value, total.unit, total.text) == (pytest.approx(TOTAL / 10_000, **APPROX), "亿元", "进出口总值1.7亿元")
    export = get(q1, "export", None, "value")
    assert (export.value, export.unit, export.text) == (pytest.approx(1.41, **APPROX), "亿元", "出口1.4亿元")
    imports = get(q1, "import", None, "value")
    assert (imports.value, imports.unit, imports.text) == (pytest.approx(3000.0, **APPROX), "万元", "进口3000万元")
    assert q1.subject.code == "63" and str(q1.period) == "2025Q1"
    assert {x.subject for x in q1} == {"青海省"}


def test_growth_in_percent_and_flat(q1):
    export = get(q1, "export", None, "yoy_pct")
    assert export.value == pytest.approx(pct(EXPORT / EXPORT0 - 1), **APPROX)
    assert export.text == "增长50%"
    flat = get(q1, "import", None, "yoy_pct")
    assert flat.value == pytest.approx(pct(IMPORT / IMPORT0 - 1), abs=1e-12) and flat.text == "持平"


def test_exactly_doubled_is_yoy_times_one(q1):
    malaysia = Breakdown("partner", "马来西亚")
    times = get(q1, "export", malaysia, "yoy_times")
    assert (times.value, times.unit, times.text) == (pytest.approx(4000 / 2000 - 1, **APPROX), "倍", "增长1倍")
    assert q1.find("export", malaysia, "yoy_pct") is None


def test_eu_growth_above_100_percent_is_in_times(q1):
    eu = Breakdown("partner_group", "欧盟")
    times = get(q1, "total", eu, "yoy_times")
    assert times.value == pytest.approx((5000 + 600 + 1500) / (3000 + 400) - 1, **APPROX)
    assert times.text == "增长1.1倍"


def test_decline_is_worded_xiajiang(q1):
    russia = get(q1, "export", Breakdown("partner", "俄罗斯"), "yoy_pct")
    assert russia.value == pytest.approx(pct((2000 + 700) / (1500 + 2500) - 1), **APPROX)
    assert russia.text == "下降32.5%"


def test_a_vanished_slice_fell_100_percent(q1):
    vietnam = Breakdown("partner", "越南")
    value = get(q1, "import", vietnam, "value")
    assert (value.value, value.unit) == (0.0, "万元")
    fall = get(q1, "import", vietnam, "yoy_pct")
    assert fall.value == pytest.approx(pct(0 / 1000 - 1), **APPROX) and fall.text == "下降100%"
    assert q1.find("export", vietnam, "value") is None


def test_first_time_has_no_growth_figure(q1):
    polysilicon = Breakdown("product_group", "多晶硅")
    value = get(q1, "export", polysilicon, "value")
    assert (value.value, value.unit, value.text) == (pytest.approx(1500 + 300, **APPROX), "万元", "多晶硅出口1800万元")
    first = get(q1, "export", polysilicon, "first_time")
    assert first.text == "去年同期无出口"
    assert get(q1, "total", polysilicon, "first_time").text == "去年同期无进出口"
    for metric in ("yoy_pct", "yoy_times", "growth_gap_pp"):
        assert q1.find("export", polysilicon, metric) is None
    assert get(q1, "export", Breakdown("partner", "德国"), "first_time").text == "去年同期无出口"


# --- a part of the whole --------------------------------------------------------------------


def test_private_exports_share_pull_contribution_and_gap(q1):
    private = Breakdown("enterprise_type", "民营企业")
    x = 4000 + 5000 + 600 + 1500 + 300 + 700  # 12100
    x0 = 2000 + 3000 + 400 + 2500  # 7900
    value = get(q1, "export", private, "value")
    assert value.value == pytest.approx(x / 10_000, **APPROX) and value.text == "民营企业出口1.2亿元"
    share = get(q1, "export", private, "share_pct")
    assert share.value == pytest.approx(pct(x / EXPORT), **APPROX)
    assert share.text == "占全省出口总值的85.8%"
    change = get(q1, "export", private, "share_change_pp")
    assert change.value == pytest.approx(pct(x / EXPORT - x0 / EXPORT0), **APPROX)
    assert change.text == "占比较去年同期提升1.8个百分点"
    pull = get(q1, "export", private, "pull_pp")
    assert pull.value == pytest.approx(pct((x - x0) / EXPORT0), **APPROX)
    assert pull.text == "拉动全省出口增长44.7个百分点"
    contribution = get(q1, "export", private, "contribution_pct")
    assert contribution.value == pytest.approx(pct((x - x0) / (EXPORT - EXPORT0)), **APPROX)
    assert contribution.text == "对全省出口增长的贡献率达89.4%"
    gap = get(q1, "export", private, "growth_gap_pp")
    assert gap.value == pytest.approx(pct((x / x0 - 1) - (EXPORT / EXPORT0 - 1)), **APPROX)
    assert gap.text == "增速高出整体3.2个百分点"


def test_no_contribution_when_the_whole_did_not_change(q1):
    assert IMPORT == IMPORT0
    state = Breakdown("enterprise_type", "国有企业")
    assert get(q1, "import", state, "share_pct").value == pytest.approx(pct(3000 / IMPORT), **APPROX)
    assert get(q1, "import", state, "share_change_pp").value == pytest.approx(pct(3000 / IMPORT - 2000 / IMPORT0),
                                                                              **APPROX)
    assert get(q1, "import", state, "pull_pp").value == pytest.approx(pct((3000 - 2000) / IMPORT0), **APPROX)
    assert get(q1, "import", state, "growth_gap_pp").value == pytest.approx(pct(3000 / 2000 - 1 - 0), **APPROX)
    assert q1.find("import", state, "contribution_pct") is None
    assert q1.find("import", Breakdown("enterprise_type", "民营企业"), "contribution_pct") is None
    assert q1.find("export", state, "contribution_pct") is not None


def test_balance_is_a_surplus(q1):
    balance = get(q1, "balance", None, "value")
    assert balance.value == pytest.approx((EXPORT - IMPORT) / 10_000, **APPROX)
    assert (balance.unit, balance.text) == ("亿元", "贸易顺差1.1亿元")


def test_change_of_growth_needs_the_year_before(q1):
    for flow, (x, x0, x00) in {"total": (TOTAL, TOTAL0, TOTAL00), "export": (EXPORT, EXPORT0, EXPORT00),
                               "import": (IMPORT, IMPORT0, IMPORT00)}.items():
        figure = get(q1, flow, None, "yoy_change_pp")
        assert figure.value == pytest.approx(pct((x / x0 - 1) - (x0 / x00 - 1)), **APPROX), flow
    assert get(q1, "export", None, "yoy_change_pp").text == "增幅较去年下降85个百分点"


# --- partners -------------------------------------------------------------------------------


def test_partner_counts_and_the_new_partners(q1):
    count = get(q1, "total", None, "partner_count")
    assert count.value == 6 and count.text == "与6个国家（地区）有贸易往来"  # 越南 traded only last year
    new = get(q1, "total", None, "new_partner_count")
    assert new.value == 2 and new.text == "新增2个贸易伙伴"
    assert new.detail["partners"] == ["德国", "日本"]
    assert new.detail["codes"] == ["304", "116"]
    assert get(q1, "import", None, "partner_count").value == 1
    assert get(q1, "import", None, "new_partner_count").value == 0
    value = get(q1, "total", Breakdown("partner_group", "新增贸易伙伴"), "value")
    assert (value.value, value.unit, value.text) == (pytest.approx(1500 + 300, **APPROX), "万元",
                                                     "对新增贸易伙伴进出口1800万元")


def test_partner_ranks_in_country_and_bloc_schemes(q1):
    # countries: 俄罗斯 2000+700+3000, 匈牙利 5000, 马来西亚 4000, 德国 1500, 波兰 600, 日本 300
    expected = {"俄罗斯": 1, "匈牙利": 2, "马来西亚": 3, "德国": 4, "波兰": 5, "日本": 6}
    for name, rank in expected.items():
        assert get(q1, "total", Breakdown("partner", name), "partner_rank").value == rank, name
    assert get(q1, "total", Breakdown("partner", "匈牙利"), "partner_rank").text == "为全省第二大贸易伙伴"
    assert q1.find("total", Breakdown("partner", "越南"), "partner_rank") is None
    # blocs: 欧盟 5000+1500+600 = 7100 > 俄罗斯 5700 > 东盟 4000 > 日本 300
    eu = get(q1, "total", Breakdown("partner_group", "欧盟"), "partner_rank")
    assert (eu.value, eu.text) == (1, "为全省第一大贸易伙伴")
    assert get(q1, "total", Breakdown("partner_group", "东盟"), "partner_rank").value == 3
    assert get(q1, "total", Breakdown("partner_group", "欧盟"), "value").value == pytest.approx(5000 + 1500 + 600,
                                                                                                **APPROX)
    assert get(q1, "total", Breakdown("partner_group", "欧盟"), "partner_count").value == 3


def test_a_plus_joined_partner_set_is_computed_on_demand(q1):
    pair = Breakdown("partner_group", "马来西亚+匈牙利")
    value = get(q1, "total", pair, "value")
    assert (value.value, value.unit, value.text) == (pytest.approx(4000 + 5000, **APPROX), "万元",
                                                     "对马来西亚+匈牙利进出口9000万元")
    assert get(q1, "total", pair, "yoy_pct").value == pytest.approx(pct((4000 + 5000) / (2000 + 3000) - 1), **APPROX)
    assert get(q1, "total", pair, "share_pct").value == pytest.approx(pct((4000 + 5000) / TOTAL), **APPROX)
    bloc_set = get(q1, "total", Breakdown("partner_group", "欧盟+俄罗斯"), "value")
    assert (bloc_set.value, bloc_set.unit) == (pytest.approx((7100 + 5700) / 10_000, **APPROX), "亿元")


# --- products, quantities, streaks ----------------------------------------------------------


def test_vegetables_product_counts_and_quantity(q1):
    vegetables = Breakdown("product_group", "冷凉蔬菜")
    count = get(q1, "export", vegetables, "product_count")
    assert count.value == 2 and count.text == "出口冷凉蔬菜种类达2种"
    new = get(q1, "export", vegetables, "new_product_count")
    assert new.value == 1 and new.detail["products"] == ["07093000"]
    quantity = get(q1, "export", vegetables, "quantity")
    assert (quantity.value, quantity.unit) == (pytest.approx((200_000 + 150_000) / 1000, **APPROX), "吨")
    assert quantity.text == "冷凉蔬菜出口350吨"
    qty_growth = get(q1, "export", vegetables, "quantity_yoy_pct")
    assert qty_growth.value == pytest.approx(pct((200_000 + 150_000) / (100_000 + 150_000) - 1), **APPROX)
    assert qty_growth.text == "增长40%"
    assert get(q1, "export", vegetables, "yoy_pct").value == pytest.approx(pct((2000 + 700) / (1500 + 2500) - 1),
                                                                           **APPROX)


def test_battery_streak_ends_at_the_month_that_did_not_grow(q1):
    # 2025-03 600>400, 2025-02 5000>3000, 2025-01 4000>2000, 2024-12 200>100, 2024-11 200>100, 2024-10 100=100
    streak = get(q1, "export", Breakdown("product_group", "锂离子蓄电池"), "streak_months")
    assert (streak.value, streak.period, streak.text) == (5, "2025M03", "连续5个月保持增长")
    assert get(q1, "export", Breakdown("product_group", "锂离子蓄电池"), "streak_months", period="2025M03") is streak
    assert q1.find("export", Breakdown("product_group", "锂离子蓄电池"), "streak_months", period="2025Q1") is None


# --- enterprises and regions ----------------------------------------------------------------


def test_enterprise_counts(q1):
    # 2025Q1: E1 E2 E3 E4; 2024Q1: E1 E2 E3
    count = get(q1, "total", None, "count")
    assert (count.value, count.unit, count.text) == (4, "家", "有进出口实绩的外贸企业4家")
    change = get(q1, "total", None, "count_change")
    assert (change.value, change.text) == (4 - 3, "较去年同期增加1家")
    assert get(q1, "total", None, "count_yoy_pct").value == pytest.approx(pct(4 / 3 - 1), **APPROX)
    private = Breakdown("enterprise_type", "民营企业")
    assert get(q1, "total", private, "count").value == 3  # E1 E2 E4
    assert get(q1, "total", private, "count_yoy_pct").value == pytest.approx(pct(3 / 2 - 1), **APPROX)
    share = get(q1, "total", private, "count_share_pct")
    assert (share.value, share.text) == (pytest.approx(pct(3 / 4), **APPROX), "占外贸企业总数的75%")
    assert get(q1, "import", None, "count").value == 1  # E3
    assert get(q1, "import", None, "count_change").value == 1 - 2  # E3, E2 a year earlier


def test_region_counts_and_xining(q1):
    # 西宁市 4000+5000+600+1500+300 vs 2000+3000+400+1000; 海西州 2000+3000 vs 1500+2000; 海东市 700 vs 2500
    assert get(q1, "total", None, "region_count").value == 3
    growing = get(q1, "total", None, "growing_region_count")
    assert (growing.value, growing.text) == (2, "2个市州呈增长态势")
    assert growing.detail["regions"] == ["海西州", "西宁市"]
    xining = get(q1, "total", Breakdown("region", "西宁市"), "value")
    assert (xining.value, xining.unit, xining.text) == (pytest.approx(11400 / 10_000, **APPROX), "亿元",
                                                        "西宁市进出口1.1亿元")
    assert get(q1, "total", Breakdown("region", "西宁市"), "yoy_pct").value == pytest.approx(pct(11400 / 6400 - 1),
                                                                                          **APPROX)
    assert get(q1, "total", Breakdown("region", "海东市"), "yoy_pct").text == "下降72%"


def test_prefecture_share_of_and_gap_to_the_province(warehouse):
    haixi = compute_figures(warehouse, "海西州", "2025Q1")
    assert {x.subject for x in haixi} == {"海西州"}
    assert get(haixi, "total", None, "value").value == pytest.approx(2000 + 3000, **APPROX)
    share = get(haixi, "total", None, "share_of_pct")
    assert share.value == pytest.approx(pct(5000 / TOTAL), **APPROX)
    assert share.text == "占青海省进出口总值的29.2%"
    gap = get(haixi, "total", None, "growth_gap_pp")
    assert gap.value == pytest.approx(pct((5000 / 3500 - 1) - (TOTAL / TOTAL0 - 1)), **APPROX)
    export_gap = get(haixi, "export", None, "growth_gap_pp")
    assert export_gap.value == pytest.approx(pct((2000 / 1500 - 1) - (EXPORT / EXPORT0 - 1)), **APPROX)
    assert get(haixi, "export", None, "share_of_pct").value == pytest.approx(pct(2000 / EXPORT), **APPROX)
    # growth among the prefectures: 西宁市 +78.1%, 海西州 +42.9%, 海东市 −72%
    assert get(haixi, "total", None, "rank").value == 2


def test_zone_share_of_its_city(warehouse):
    zone = compute_figures(warehouse, "63012", "2025Q1")
    assert get(zone, "total", None, "value").value == pytest.approx(4000 + 5000 + 600, **APPROX)
    city = get(zone, "total", None, "share_of_city_pct")
    assert city.value == pytest.approx(pct(9600 / 11400), **APPROX)
    assert city.text == "占西宁市进出口总值的84.2%"
    assert get(zone, "total", None, "share_of_pct").value == pytest.approx(pct(9600 / TOTAL), **APPROX)
    assert zone.find("import", None, "share_of_city_pct") is None  # neither the zone nor 西宁市 imported


# --- what the data do not allow -------------------------------------------------------------


def test_a_missing_month_is_named(warehouse):
    with pytest.raises(IndicatorError, match="2025-04") as caught:
        compute_figures(warehouse, "青海", "2025M01-M04")
    assert "2025-01" not in str(caught.value).split("lack")[-1]


def test_a_period_needing_an_unloaded_quarter_names_all_its_months(warehouse):
    with pytest.raises(IndicatorError) as caught:
        compute_figures(warehouse, "青海", "2024H1")
    lacking = str(caught.value).split("lack")[-1]
    assert all(m in lacking for m in ("2024-04", "2024-05", "2024-06"))
    assert "2024-03" not in lacking


@pytest.mark.parametrize("region", ["火星", "99999"])
def test_an_unknown_region_is_an_indicator_error(warehouse, region):
    with pytest.raises(IndicatorError):
        compute_figures(warehouse, region, "2025Q1")


def test_a_region_without_data_is_an_indicator_error(warehouse):
    with pytest.raises(IndicatorError, match="北京"):
        compute_figures(warehouse, "北京", "2025Q1")


def test_without_a_base_year_values_stand_and_growth_is_left_out(warehouse):
    early = compute_figures(warehouse, "青海", "2023Q1")
    total = get(early, "total", None, "value")
    assert (total.value, total.unit, total.text) == (pytest.approx(TOTAL00, **APPROX), "万元", "进出口总值6500万元")
    assert get(early, "export", None, "value").value == pytest.approx(EXPORT00, **APPROX)
    assert get(early, "total", Breakdown("partner", "俄罗斯"), "share_pct").value == pytest.approx(
        pct((3000 + 2500) / TOTAL00), **APPROX)
    assert any("2022Q1" in note.en and "growth" in note.en and "2022年一季度" in note.zh for note in early.notes)
    growth_metrics = {"yoy_pct", "yoy_times", "first_time", "share_change_pp", "pull_pp", "contribution_pct",
                      "growth_gap_pp", "yoy_change_pp", "count_change", "new_partner_count", "growing_region_count"}
    assert not [x for x in early if x.metric in growth_metrics]
    assert early.find("total", Breakdown("partner_group", "新增贸易伙伴"), "value") is None
    assert not any("growth" in note.en for note in compute_figures(warehouse, "青海", "2025Q1").notes)


# --- months of a longer period, unique keys, statistical trade modes ------------------------


def test_each_month_of_the_period_has_its_value_and_growth(q1):
    months = [(f.period, f.value, f.unit) for f in q1.monthly("export")]
    jan, feb, mar = 4000 + 1500 + 300, 5000 + 2000, 600 + 700  # 5800, 7000, 1300 万元
    assert months == [("2025M01", pytest.approx(jan, **APPROX), "万元"),  # below 1亿元: in 万元
                      ("2025M02", pytest.approx(feb, **APPROX), "万元"),
                      ("2025M03", pytest.approx(mar, **APPROX), "万元")]
    jan0, feb0, mar0 = 2000, 3000 + 1500, 400 + 2500
    assert get(q1, "export", None, "yoy_times", "2025M01").value == pytest.approx((jan - jan0) / jan0, **APPROX)
    assert get(q1, "export", None, "yoy_pct", "2025M02").value == pytest.approx(pct((feb - feb0) / feb0), **APPROX)
    assert get(q1, "export", None, "yoy_pct", "2025M03").value == pytest.approx(pct((mar - mar0) / mar0), **APPROX)
    assert get(q1, "import", None, "first_time", "2025M03").text == "去年同期无进口"
    assert get(q1, "balance", None, "value", "2025M01").value == pytest.approx(jan - 0, **APPROX)  # no imports
    # without a period, find() keeps answering for the whole quarter
    assert get(q1, "export", None, "value").value == pytest.approx(EXPORT / 10_000, **APPROX)


def test_every_figure_key_is_unique(q1):
    keys = [f.key for f in q1.figures]
    assert len(keys) == len(set(keys))


def test_declaration_codes_add_up_under_their_statistical_trade_mode(tmp_path):
    """0110 and 9610 are both 一般贸易 (statistical code 10): one figure, their sum."""
    csv = tmp_path / "modes.csv"
    csv.write_text("month,flow,region,partner,product,trade_mode,value_cny\n"
                   "2025-01,export,63012,122,85076000,0110,3000000.00\n"
                   "2025-01,export,63012,122,85076000,9610,2000000.00\n"
                   "2025-01,export,63012,122,85076000,0615,1000000.00\n", encoding="utf-8")
    db = tmp_path / "w.duckdb"
    api.ingest(csv, db=db)
    with api.open_warehouse(db) as wh:
        fs = compute_figures(wh, "青海", "2025M01")
    modes = {f.breakdown.name: f.value for f in fs.select(kind="trade_mode", flow="export", metric="value")}
    assert modes == {"一般贸易": pytest.approx(300 + 200, **APPROX), "进料加工贸易": pytest.approx(100, **APPROX)}


def test_product_figures_are_written_when_first_asked_for(warehouse):
    """Single HS codes' figures are deferred; asking for one gives the same figures, in the same order."""
    lazy = compute_figures(warehouse, "青海", "2025Q1")
    battery = get(lazy, "export", Breakdown("product", "85076000"), "value")
    assert battery.unit == "万元" and battery.value == pytest.approx(4000 + 5000 + 600, **APPROX)
    growth = get(lazy, "export", Breakdown("product", "85076000"), "yoy_pct")
    assert growth.value == pytest.approx(pct((4000 + 5000 + 600) / (2000 + 3000 + 400) - 1), **APPROX)
    assert {f.breakdown.name for f in lazy.select(kind="product", metric="value")} == {
        "85076000", "28046190", "07096000", "07093000", "28369100"}
    eager = compute_figures(warehouse, "青海", "2025Q1")
    assert [f.to_dict() for f in lazy.figures] == [f.to_dict() for f in eager.figures]
    assert len(lazy) == len(eager.figures)
