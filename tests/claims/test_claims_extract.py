"""Extraction: subject, period, flow, slice, metric and value of each claim, and no non-trade numbers."""

from __future__ import annotations

from waimao.claims import extract


def _keys(text: str, year: int = 2025):
    claims, _ = extract(text, "t", year=year)
    return [(c.subject, c.period, c.flow, c.breakdown, c.metric, c.value) for c in claims]


def test_a_list_of_values_and_growths_is_distributed_to_the_partners():
    text = ("上半年，我省对青海以外……。上半年，匈牙利、马来西亚为青海省前两大贸易伙伴，"
            "对上述两国分别进出口14.3亿元和3.3亿元，分别增长25.9倍和15.7%。")
    keys = _keys(text)
    assert ("青海省", "2025H1", "total", ("partner", "匈牙利"), "value", 14.3) in keys
    assert ("青海省", "2025H1", "total", ("partner", "马来西亚"), "value", 3.3) in keys
    assert ("青海省", "2025H1", "total", ("partner", "匈牙利"), "yoy_times", 25.9) in keys
    assert ("青海省", "2025H1", "total", ("partner", "马来西亚"), "yoy_pct", 15.7) in keys
    assert ("青海省", "2025H1", "total", ("partner", "马来西亚"), "partner_rank", 2) in keys


def test_a_single_value_after_a_list_is_the_set():
    keys = _keys("一季度，欧盟、东盟、俄罗斯为青海省前三大贸易伙伴，合计进出口13.6亿元，占全省外贸总值的72.2%。")
    assert ("青海省", "2025Q1", "total", ("partner_group", "欧盟+东盟+俄罗斯"), "value", 13.6) in keys
    assert ("青海省", "2025Q1", "total", ("partner_group", "欧盟+东盟+俄罗斯"), "share_pct", 72.2) in keys


def test_my_province_periods_and_falls():
    text = ("2024年，青海省进出口60亿元。今年一季度，我省出口 16.5 亿元，增 长 2.1 倍；"
            "进 口 2.3 亿 元，下 降 50.3%；贸易顺差14.2亿元。")
    keys = _keys(text)
    assert ("青海省", "2024", "total", None, "value", 60) in keys
    assert ("青海省", "2025Q1", "export", None, "yoy_times", 2.1) in keys
    assert ("青海省", "2025Q1", "import", None, "yoy_pct", -50.3) in keys
    assert ("青海省", "2025Q1", "balance", None, "value", 14.2) in keys


def test_product_group_after_the_flow_word_and_quantity_growth():
    keys = _keys("2024年，青海省出口农产品6.2亿元，增长1.6倍。冷凉蔬菜共出口2486.6吨，增长2.7倍。")
    assert ("青海省", "2024", "export", ("product_group", "农产品"), "value", 6.2) in keys
    assert ("青海省", "2024", "export", ("product_group", "冷凉蔬菜"), "quantity_yoy_times", 2.7) in keys


def test_non_trade_numbers_are_not_claims():
    text = ("一季度，西宁市全体居民人均可支配收入10123元，同比增长5.7%，拉动全体居民收入增长3.5个百分点，"
            "贡献率达61.2%。格库铁路5200吨货物列车牵引试验顺利完成。上半年，西宁开发区新开工项目49项，"
            "总投资达23亿元。为全省121家外贸企业办理国际结算2.1亿美元。")
    assert _keys(text) == []


def test_bounds_and_registered_firms_are_not_figures():
    claims, skipped = extract("上半年，青海省经海关备案的进出口企业数达1888家，同比增加11.5%。"
                              "海东市、海南州2个市州进出口均突破2亿元。", "t", year=2025)
    assert claims == []
    assert [s.text for s in skipped] == ["经海关备案的进出口企业数达1888家"]


def test_span_points_into_the_original_text():
    text = "一季度，青海省出口 16.5 亿\n元。"
    claims, _ = extract(text, "t", year=2025)
    (claim,) = claims
    assert text[claim.span[0]:claim.span[1]] == claim.text == "出口 16.5 亿\n元"
