"""The formulas of INDICATORS.md §3 on the worked examples of §5, and their undefined cases."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from waimao.indicators import formulas as f
from waimao.model import wording as w

YI = D(100_000_000)


def test_q1_exports_grow_2_1_times():
    """16.5亿 vs 5.3226亿: g = 2.100, written 增长2.1倍, which means +210 %."""
    g = f.growth(D("16.5") * YI, D("5.3226") * YI)
    assert float(g) == pytest.approx(16.5 / 5.3226 - 1)
    assert w.growth_zh(g, "export") == "增长2.1倍"
    assert w.growth_en(g) == "up 210%"


def test_q1_imports_fall_50_3_percent_never_in_times():
    g = f.growth(D("2.3") * YI, D("4.628") * YI)
    assert float(g) == pytest.approx(2.3 / 4.628 - 1)
    assert w.growth_zh(g, "import") == "下降50.3%"


def test_h1_private_enterprises_pull_and_contribution():
    """H1: total 35.9 vs 22.765, private 31.2 vs 16.481 (亿元)."""
    total, total0, private, private0 = D("35.9"), D("22.765"), D("31.2"), D("16.481")
    pull = f.pull_pp(private, private0, total0)
    assert float(pull) == pytest.approx((31.2 - 16.481) / 22.765 * 100)
    assert w.pull_zh(pull, "全省外贸") == "拉动全省外贸增长64.7个百分点"
    c = f.contribution(private, private0, total, total0)
    assert float(c) == pytest.approx(14.719 / 13.135)
    assert w.contribution_zh(c, "全省外贸") == "对全省外贸增长的贡献率达112.1%"
    assert float(f.growth(total, total0)) == pytest.approx(35.9 / 22.765 - 1)


def test_first_time_has_no_growth():
    """A product with X = 0.6亿 and X0 = 0: 去年同期无出口, no growth rate."""
    assert f.growth(D("0.6") * YI, D(0)) is None
    assert w.growth_zh(None, "export") == "去年同期无出口"


def test_exactly_doubling_is_1_times():
    g = f.growth(D(200), D(100))
    assert g == 1
    assert w.growth_zh(g) == "增长1倍"


def test_a_vanished_slice_falls_100_percent():
    g = f.growth(D(0), D(350))
    assert g == -1
    assert w.growth_zh(g) == "下降100%"


def test_zero_change_of_the_whole_leaves_contribution_undefined():
    assert f.contribution(D(120), D(100), D(500), D(500)) is None
    assert f.pull_pp(D(120), D(100), D(500)) == D(4)


def test_negative_pull_and_share_change():
    assert f.pull_pp(D(80), D(100), D(400)) == D(-5)
    assert w.pull_zh(f.pull_pp(D(80), D(100), D(400)), "全省外贸") == "拉低全省外贸增速5个百分点"
    # 80/500 − 100/400 = 0.16 − 0.25 = −9 pp
    assert f.share_change_pp(D(80), D(500), D(100), D(400)) == D(-9)


def test_shares_and_gaps():
    assert f.share(D(38), D(100)) == D("0.38")
    assert f.share(D(1), D(0)) is None
    assert f.gap_pp(D("1.101"), D("0.841")) == D("26.0")
    assert f.gap_pp(None, D(1)) is None
    assert f.share_change_pp(D(1), D(0), D(1), D(2)) is None


def test_streak_counts_back_from_the_last_month_until_a_month_did_not_grow():
    latest_first = [(D(5), D(4)), (D(3), D(1)), (D(2), D(0)), (D(2), D(2)), (D(9), D(1))]
    assert f.streak(latest_first) == 3
    assert f.streak([]) == 0
    assert f.streak([(D(1), D(2))]) == 0


def test_ranks_are_competition_ranks_largest_first():
    assert f.ranks({"a": D(5), "b": D(9), "c": D(5), "d": D(1)}) == {"b": 1, "a": 2, "c": 2, "d": 4}
    assert f.ranks({}) == {}


def test_growth_is_exact_decimal_so_engines_agree():
    """1/3 growth is the same Decimal however the sums were produced."""
    assert f.growth(D("4.00"), D("3")) == f.growth(D(4), D("3.000"))
