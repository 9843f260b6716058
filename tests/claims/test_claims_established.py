"""Consistency checks run only on figures whose subject, period, flow, slice and base are established.

Each case below is a relation the text states; a check either runs (and then catches a wrong
figure) or does not run and says why in `not_run` — never an alarm on a guess. The texts are
written for these tests; the corpus cases are the false alarms issue 15 lists.
"""

from __future__ import annotations

import pytest

from waimao.claims import check_texts


def _check(text: str):
    report = check_texts([("t", text)], year=2025)
    alarms = [c for c in report.claims if c.verdict == "inconsistent"]
    return report, alarms


def test_a_share_of_a_named_whole_is_checked():
    # 10 / 50 = 20 %, not 30 %
    _, alarms = _check("一季度，青海省出口总值50亿元，增长10%。其中，农产品出口10亿元，占全省出口总值的30%。")
    assert [(c.metric, c.value) for c in alarms] == [("share_pct", 30)]
    assert alarms[0].expected["interval"][0] <= 20 <= alarms[0].expected["interval"][1]


def test_a_share_of_a_slice_the_reader_does_not_know_is_not_run():
    report, alarms = _check("一季度，青海省出口总值50亿元。其中，以一般贸易方式出口10亿元，占全省出口总值的30%。")
    assert alarms == []
    [share] = [n for n in report.not_run if n.check == "share"]
    assert share.claim.value == 30


def test_exports_and_imports_add_up_in_dollars_too():
    # 6.2 + 3.1 = 9.3, and 10 stands for 9.5–10.5
    _, alarms = _check("一季度，青海省进出口总值10亿美元，其中出口6.2亿美元，进口3.1亿美元。")
    assert [(c.flow, c.value, c.unit) for c in alarms] == [("total", 10, "亿美元")]


def test_a_total_stated_twice_with_two_values_is_not_established():
    report, alarms = _check("一季度，青海省进出口总值100亿元。一季度，青海省进出口总值120亿元。"
                            "其中，出口60亿元，进口40亿元。")
    assert alarms == []
    reasons = {n.reason for n in report.not_run if n.check == "exports and imports"}
    assert reasons and all("100亿元" in r and "120亿元" in r for r in reasons)


def test_a_figure_after_another_region_is_not_the_first_regions():
    # 出口6亿元，进口5亿元 follow 海东市: they are no parts of 青海省's 100亿元
    report, alarms = _check("一季度，青海省进出口总值100亿元。海东市进出口总值8亿元。出口6亿元，进口5亿元。")
    assert alarms == []


def test_a_slice_named_before_an_unsliced_figure_makes_it_not_the_whole():
    # the only total stated is 跨境电商's: read as 青海省's, it would not be 60 + 40
    report, alarms = _check("一季度，青海省出口60亿元，进口40亿元。一季度，青海省跨境电商进出口5亿元。")
    assert alarms == []
    [slice_total] = [c for c in report.claims if c.value == 5]
    # a reader that knows 跨境电商 gives it as the slice; one that does not reads the total, and the check says why
    assert slice_total.breakdown is not None or any("跨境电商" in n.reason for n in report.not_run)


@pytest.mark.parametrize("text, why", [
    ("一季度，青海省进出口总值100亿元，增长20%，高于全省12个百分点。", "itself"),
    ("一季度，青海省备案企业新增100家，其中进出口企业96家，进出口总值100亿元，占新增总数的96%。", "新增"),
])
def test_a_gap_to_itself_or_a_base_that_is_no_trade_figure_is_not_run(text, why):
    report, alarms = _check(text)
    assert alarms == []
    assert any(why in n.reason for n in report.not_run), [n.reason for n in report.not_run]


def test_checks_not_run_are_in_the_json():
    report, _ = _check("一季度，青海省出口总值50亿元。其中，以一般贸易方式出口10亿元，占全省出口总值的30%。")
    data = report.to_dict()
    assert data["checks_not_run"] and {"claim", "text", "check", "reason"} <= set(data["checks_not_run"][0])


# -- the false alarms issue 15 lists, on the corpus ------------------------------------------------------


@pytest.mark.parametrize("article, year, text", [
    ("113", 2024, "占同期上海市进出口总值的59.8%"),
    ("114", 2024, "占广东进出口总值的58.9%"),
    ("118", 2015, "占全省进出口的67.5%"),
    ("106", 2021, "进出口1475.5亿元"),
    ("106", 2021, "占21.8%"),
    ("125", 2024, "进出口14.3亿元"),
    ("125", 2024, "占新增总数的96%"),
    ("117", 2017, "高于中国平均水平14.5个百分点"),
    ("130", 2017, "高于广西70.7个百分点"),
])
def test_the_issues_false_alarms_are_not_raised(shared, article, year, text):
    page = (shared("corpus") / "articles" / f"{article}.txt").read_text(encoding="utf-8")
    report = check_texts([(article, page)], year=year)
    assert [c.text for c in report.claims if c.verdict == "inconsistent"] == []
    found = [c for c in report.claims if text in "".join(c.text.split())]
    not_run = {n.claim.id for n in report.not_run}
    # read without the slice it is about, its check is reported as not run (a reader that reads the slice
    # checks it, and finds it consistent)
    assert all(c.id in not_run for c in found if c.metric not in ("value", "yoy_pct") and c.breakdown is None)


def test_a_share_of_two_disjoint_groups_is_checked_against_their_sum():
    # (10.1 + 5.2) / 50.2 = 30.5 %: 40.3 % cannot hold, 30.3 % can (rounding: 30.25–30.71 %)
    text = ("一季度，青海省出口总值50.2亿元。其中，农产品出口10.1亿元，锂离子蓄电池出口5.2亿元。"
            "农产品和锂离子蓄电池出口占全省出口总值的{}%。")
    _, alarms = _check(text.format("40.3"))
    assert [(c.breakdown, c.value) for c in alarms] == [(("product_group", "农产品+锂离子蓄电池"), 40.3)]
    assert _check(text.format("30.3"))[1] == []


def test_a_share_of_overlapping_groups_is_not_run():
    # 锂离子蓄电池 lies inside 机电产品: their values do not add up to the pair's
    report, alarms = _check("一季度，青海省出口总值50.2亿元。其中，机电产品出口10.1亿元，锂离子蓄电池出口5.2亿元。"
                            "机电产品和锂离子蓄电池出口占全省出口总值的40.3%。")
    assert alarms == []
    assert any("disjoint" in n.reason for n in report.not_run)
