from decimal import Decimal

import pytest

from waimao.model.wording import (
    YI_PREFERRED_FROM,
    balance_en,
    balance_zh,
    change_pp_en,
    change_pp_zh,
    chinese_numeral,
    contribution_en,
    contribution_zh,
    count_change_zh,
    count_zh,
    format_number,
    gap_en,
    gap_zh,
    growth_decimals,
    growth_en,
    growth_value,
    growth_zh,
    money_en,
    money_value,
    money_zh,
    pct_en,
    pct_value,
    pct_zh,
    pp_en,
    pp_zh,
    pull_en,
    pull_zh,
    quantity_value,
    quantity_zh,
    rank_en,
    rank_zh,
    round_half_up,
    table_number,
)

YI = 100_000_000
WAN = 10_000


# --- INDICATORS.md §5, literally ----------------------------------------------------------


def test_worked_example_q1_exports_grew_2_1_times():
    g = 16.5 * YI / (5.3226 * YI) - 1
    assert f"出口{money_zh(16.5 * YI)}，{growth_zh(g, 'export')}" == "出口16.5亿元，增长2.1倍"
    assert growth_value(g) == (2.1, "倍")
    assert growth_en(g) == "up 210%"


def test_worked_example_q1_imports_fell_50_3_percent():
    g = 2.3 * YI / (4.628 * YI) - 1
    assert f"进口{money_zh(2.3 * YI)}，{growth_zh(g, 'import')}" == "进口2.3亿元，下降50.3%"
    assert growth_value(g) == (-50.3, "%")
    assert growth_en(g) == "down 50.3%"


def test_worked_example_h1_pull_and_contribution():
    total, total0, private, private0 = 35.9, 22.765, 31.2, 16.481
    assert growth_zh(total / total0 - 1) == "增长57.7%"
    pull_pp = (private - private0) / total0 * 100
    assert pull_zh(pull_pp, "全省外贸") == "拉动全省外贸增长64.7个百分点"
    assert pull_en(pull_pp) == "pulled growth by 64.7 percentage points"
    contribution = (private - private0) / (total - total0)
    assert contribution_zh(contribution, "全省外贸") == "对全省外贸增长的贡献率达112.1%"
    assert contribution_en(contribution) == "contributed 112.1% of the growth"


def test_worked_example_first_export_has_no_growth_rate():
    text = f"单晶硅片出口{money_zh(0.6 * YI, prefer_yi_from=YI_PREFERRED_FROM)}，{growth_zh(None, 'export')}"
    assert text == "单晶硅片出口0.6亿元，去年同期无出口"
    assert growth_value(None) is None
    assert growth_en(None) == "none in the same period last year"


# --- rounding -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("x", "decimals", "text"),
    [
        (2.5, 0, "3"),  # round() would give 2
        (0.125, 2, "0.13"),  # round() would give 0.12
        (87.85, 1, "87.9"),
        (-0.05, 1, "-0.1"),  # half away from zero
        (-0.04, 1, "0"),  # no "-0"
        (60.0, 1, "60"),
        (59.96, 1, "60"),
        (1.5, 2, "1.50"),  # only an all-zero fraction is dropped
        (Decimal("4226.75"), 1, "4226.8"),
        (12, 1, "12"),
    ],
)
def test_format_number_rounds_half_up_and_drops_zero_fraction(x, decimals, text):
    assert format_number(x, decimals) == text


def test_format_number_groups_thousands_on_request():
    assert format_number(6920, thousands=True) == "6,920"
    assert format_number(6920) == "6920"


def test_round_half_up_uses_the_decimal_value_of_a_float():
    # 0.8785 is stored as 0.87849999…; the reader sees 0.8785, so 87.85 % rounds up
    assert growth_zh(0.8785) == "增长87.9%"
    assert growth_zh(0.0125) == "增长1.3%"
    assert round_half_up(1.005, 2) == Decimal("1.01")


def test_non_numbers_are_refused():
    with pytest.raises(ValueError):
        format_number(float("nan"))
    with pytest.raises(ValueError):
        money_zh(float("inf"))
    with pytest.raises(TypeError):
        format_number(True)
    with pytest.raises(TypeError):
        format_number("1.5")  # type: ignore[arg-type]


# --- money --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("yuan", "text", "value"),
    [
        (18.8 * YI, "18.8亿元", (18.8, "亿元")),
        (1_884_000_000, "18.8亿元", (18.8, "亿元")),
        (60 * YI, "60亿元", (60.0, "亿元")),
        (1 * YI, "1亿元", (1.0, "亿元")),
        (4563 * WAN, "4563万元", (4563.0, "万元")),
        (42_268_000, "4226.8万元", (4226.8, "万元")),
        (99_999_600, "1亿元", (1.0, "亿元")),  # 9999.96万 rounds to 10000.0万
        (99_999_400, "9999.9万元", (9999.9, "万元")),
        (60_000_000, "6000万元", (6000.0, "万元")),  # 亿 below 1亿 only on request
        (3_000, "0.3万元", (0.3, "万元")),
        (320, "320元", (320.0, "元")),  # would otherwise read 0万元
        (0, "0万元", (0.0, "万元")),
        (Decimal("1884999999.99"), "18.8亿元", (18.8, "亿元")),
        (Decimal("1885000000.00"), "18.9亿元", (18.9, "亿元")),
    ],
)
def test_money_zh_and_money_value(yuan, text, value):
    assert money_zh(yuan) == text
    assert money_value(yuan) == value


def test_money_in_yi_from_half_a_yi_on_request():
    assert money_zh(0.6 * YI, prefer_yi_from=YI_PREFERRED_FROM) == "0.6亿元"
    assert money_value(0.55 * YI, prefer_yi_from=YI_PREFERRED_FROM) == (0.6, "亿元")
    assert money_zh(0.5 * YI, prefer_yi_from=YI_PREFERRED_FROM) == "0.5亿元"
    assert money_zh(0.4 * YI, prefer_yi_from=YI_PREFERRED_FROM) == "4000万元"


@pytest.mark.parametrize(
    ("yuan", "text"),
    [
        (18.8 * YI, "CNY 1.88 billion"),
        (4563 * WAN, "CNY 45.63 million"),
        (60 * YI, "CNY 6 billion"),
        (999_996_000, "CNY 1 billion"),
        (215 * YI, "CNY 21.50 billion"),
        (3_200, "CNY 3,200"),
    ],
)
def test_money_en(yuan, text):
    assert money_en(yuan) == text


def test_balance():
    assert balance_zh(14.2 * YI) == "贸易顺差14.2亿元"
    assert balance_zh(-3.1 * YI) == "贸易逆差3.1亿元"
    assert balance_zh(0) == "贸易平衡"
    assert balance_en(14.2 * YI) == "a trade surplus of CNY 1.42 billion"
    assert balance_en(-4563 * WAN) == "a trade deficit of CNY 45.63 million"
    assert balance_en(0.2) == "balanced trade"


# --- growth -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("g", "zh", "value", "en"),
    [
        (0.878, "增长87.8%", (87.8, "%"), "up 87.8%"),
        (2.10, "增长2.1倍", (2.1, "倍"), "up 210%"),
        (1.0, "增长1倍", (1.0, "倍"), "up 100%"),  # exactly +100 %
        (0.9996, "增长1倍", (1.0, "倍"), "up 100%"),  # displays as 100.0 % → 倍
        (0.9995, "增长1倍", (1.0, "倍"), "up 100%"),
        (0.9994, "增长99.9%", (99.9, "%"), "up 99.9%"),
        (1.04, "增长1倍", (1.0, "倍"), "up 104%"),  # English from the unrounded g, not 1倍 × 100
        (1.053, "增长1.1倍", (1.1, "倍"), "up 105.3%"),  # not "up 110%"
        (68.2, "增长68.2倍", (68.2, "倍"), "up 6,820%"),
        (25.0, "增长25倍", (25.0, "倍"), "up 2,500%"),
        (-0.503, "下降50.3%", (-50.3, "%"), "down 50.3%"),
        (-1.0, "下降100%", (-100.0, "%"), "down 100%"),  # never 倍 when falling; 100 % only when trade stopped
        (-0.9995, "下降99.95%", (-99.95, "%"), "down 99.95%"),  # rounds to 100.0 at one decimal: one more
        (-0.99949, "下降99.9%", (-99.9, "%"), "down 99.9%"),
        (-0.99996, "下降99.996%", (-99.996, "%"), "down 99.996%"),
        (-0.9999996, "下降99.999%", (-99.999, "%"), "down 99.999%"),  # past three decimals: cut, never 100
        (0.0, "持平", (0.0, "%"), "flat"),
        (0.0004, "持平", (0.0, "%"), "flat"),
        (-0.0004, "持平", (0.0, "%"), "flat"),
        (0.0005, "增长0.1%", (0.1, "%"), "up 0.1%"),
        (-0.0005, "下降0.1%", (-0.1, "%"), "down 0.1%"),
    ],
)
def test_growth(g, zh, value, en):
    assert growth_zh(g) == zh
    assert growth_value(g) == value
    assert growth_en(g) == en


@pytest.mark.parametrize(("g", "decimals"), [(0.878, 1), (2.1, 1), (-0.503, 1), (-0.9995, 2), (-0.99996, 3), (-1, 1)])
def test_growth_decimals_say_how_a_table_prints_the_growth(g, decimals):
    assert growth_decimals(g) == decimals


@pytest.mark.parametrize(("x", "decimals", "text"), [(-0.04, 1, "0.0"), (-0.05, 1, "-0.1"), (12.3, 2, "12.30"),
                                                     (-0.004, 2, "0.00"), (1234.56, 1, "1234.6")])
def test_table_number_never_prints_minus_zero(x, decimals, text):
    assert table_number(x, decimals) == text


def test_growth_en_year_on_year():
    assert growth_en(0.878, year_on_year=True) == "up 87.8% year on year"


@pytest.mark.parametrize(
    ("flow", "text"),
    [("export", "去年同期无出口"), ("import", "去年同期无进口"), ("total", "去年同期无进出口"), (None, "去年同期为零")],
)
def test_growth_without_base(flow, text):
    assert growth_zh(None, flow) == text


def test_growth_unknown_flow():
    with pytest.raises(ValueError, match="flow"):
        growth_zh(0.1, "balance")


# --- percentages and points ---------------------------------------------------------------


def test_percentages():
    assert pct_zh(0.38) == "38%"
    assert pct_zh(0.862) == "86.2%"
    assert pct_zh(0.69349) == "69.3%"
    assert pct_value(0.862) == 86.2
    assert pct_en(0.38) == "38%"


def test_percentage_points():
    assert pp_zh(64.5) == "64.5个百分点"
    assert pp_zh(9.70) == "9.7个百分点"
    assert pp_en(64.5) == "64.5 percentage points"
    assert pp_en(1.0) == "1 percentage point"


def test_pull_negative_is_written_as_a_drag():
    assert pull_zh(-3.24, "全省外贸") == "拉低全省外贸增速3.2个百分点"
    assert pull_en(-3.24) == "dragged growth down by 3.2 percentage points"
    assert pull_zh(0.04, "全省外贸") == "对全省外贸增长无拉动"


def test_contribution():
    assert contribution_zh(1.12) == "贡献率达112%"
    assert contribution_zh(-0.05, "全省外贸") == "对全省外贸增长的贡献率为-5%"
    with pytest.raises(ValueError, match="undefined"):
        contribution_zh(None)  # type: ignore[arg-type]


def test_change_of_share_or_rate():
    assert change_pp_zh(9.7) == "提升9.7个百分点"
    assert change_pp_zh(-2.84) == "下降2.8个百分点"
    assert change_pp_zh(0.02) == "持平"
    assert change_pp_en(9.7) == "up 9.7 percentage points"
    assert change_pp_en(-2.84) == "down 2.8 percentage points"
    assert change_pp_en(0) == "unchanged"


def test_growth_gap():
    assert gap_zh(86.5, "全国平均增速") == "高出全国平均增速86.5个百分点"
    assert gap_zh(-3.25) == "低于3.3个百分点"
    assert gap_zh(0.01, "全国") == "与全国持平"
    assert gap_en(86.5, "the national average") == "86.5 percentage points above the national average"
    assert gap_en(-3.25) == "3.3 percentage points below the average"


# --- ranks, counts, quantities ------------------------------------------------------------


@pytest.mark.parametrize(
    ("n", "text"),
    [(2, "第二位"), (3, "第三位"), (10, "第十位"), (11, "第十一位"), (20, "第二十位"),
     (21, "第二十一位"), (31, "第三十一位"), (100, "第一百位"), (103, "第一百零三位"),
     (110, "第一百一十位"), (113, "第一百一十三位")],
)
def test_rank_zh(n, text):
    assert rank_zh(n) == text


def test_rank_one_is_first_place_or_as_asked():
    assert rank_zh(1) == "首位"
    assert rank_zh(1, first="第一") == "第一"
    with pytest.raises(ValueError):
        rank_zh(0)


@pytest.mark.parametrize("n, text", [(1001, "一千零一"), (1010, "一千零一十"), (2300, "二千三百"), (0, "零")])
def test_chinese_numeral(n, text):
    assert chinese_numeral(n) == text


@pytest.mark.parametrize(
    ("n", "text"),
    [(1, "first"), (2, "second"), (3, "third"), (10, "tenth"), (11, "11th"), (12, "12th"),
     (13, "13th"), (21, "21st"), (22, "22nd"), (23, "23rd"), (31, "31st"), (111, "111th"), (112, "112th")],
)
def test_rank_en(n, text):
    assert rank_en(n) == text


def test_counts():
    assert count_zh(131) == "131家"
    assert count_zh(113, "个") == "113个"
    assert count_change_zh(21) == "增加21家"
    assert count_change_zh(-3, "种") == "减少3种"
    assert count_change_zh(0) == "持平"


def test_quantities_in_tonnes():
    assert quantity_zh(1_545_600) == "1545.6吨"
    assert quantity_zh(5_200_000, "千克") == "5200吨"
    assert quantity_zh(1545.64, "吨") == "1545.6吨"
    assert quantity_zh(3_763_450) == "3763.5吨"  # half up
    assert quantity_value(1_545_600) == (1545.6, "吨")
    assert quantity_zh(1200, "台") == "1200台"
