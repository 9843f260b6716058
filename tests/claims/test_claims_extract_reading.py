"""Reading releases from all of China (issue 15): scripts, units, currencies, subjects, periods, English.

Every text here is written for the test in the style of a customs release; the expected claims are
written out by hand from the sentence.
"""

from __future__ import annotations

from waimao.claims import extract


def _claims(text: str, year: int = 2024):
    claims, _ = extract(text, "t", year=year)
    return claims


def _keys(text: str, year: int = 2024):
    return [(c.subject, c.period, c.flow, c.breakdown, c.metric, c.value, c.unit) for c in _claims(text, year)]


def test_traditional_characters_with_pinyin_glosses_are_read_and_spans_point_at_the_original():
    text = "1至11月份,河北省外貿(mào)進出口總值已達(dá)145.6億美元,同比增長20.4%。"
    claims = _claims(text, 2005)
    assert [(c.subject, c.period, c.flow, c.metric, c.value, c.unit) for c in claims] == [
        ("河北省", "2005M01-M11", "total", "value", 145.6, "亿美元"),
        ("河北省", "2005M01-M11", "total", "yoy_pct", 20.4, "%"),
    ]
    value, growth = claims
    assert text[value.span[0]:value.span[1]] == value.text == "進出口總值已達(dá)145.6億美元"
    assert text[growth.span[0]:growth.span[1]] == "同比增長20.4%"


def test_trillions_and_a_national_subject():
    assert _keys("上半年,我国货物贸易进出口21.17万亿元,同比增长6.1%。") == [
        ("中国", "2024H1", "total", None, "value", 21.17, "万亿元"),
        ("中国", "2024H1", "total", None, "yoy_pct", 6.1, "%"),
    ]


def test_a_paragraph_priced_in_dollars_states_dollars_whatever_its_unit_says():
    text = ("海关总署公布,以美元计价,5月进出口5220.7亿元,按年增长5.1%。贸易顺差826.2亿元。\n"
            "以人民币计价,5月进出口3.71万亿元,按年增长8.6%。\n"
            "5月出口2.15万亿元。\n")
    keys = _keys(text)
    assert ("中国", "2024M05", "total", None, "value", 5220.7, "亿美元") in keys
    assert ("中国", "2024M05", "balance", None, "value", 826.2, "亿美元") in keys
    assert ("中国", "2024M05", "total", None, "value", 3.71, "万亿元") in keys
    # A currency named at the head of a paragraph does not carry into the next one.
    assert ("中国", "2024M05", "export", None, "value", 2.15, "万亿元") in keys


def test_hong_kong_wording_and_a_balance_that_widens_or_narrows():
    keys = _keys("首5个月,全国进口7.55万亿元,按年升6.4%;与欧盟贸易总值2.23万亿元,按年跌1.3%。"
                 "贸易顺差2.4万亿元,扩大5.2%,对欧盟贸易逆差收窄35.1%。")
    assert ("中国", "2024M01-M05", "import", None, "value", 7.55, "万亿元") in keys
    assert ("中国", "2024M01-M05", "import", None, "yoy_pct", 6.4, "%") in keys
    assert ("中国", "2024M01-M05", "total", ("partner_group", "欧盟"), "value", 2.23, "万亿元") in keys
    assert ("中国", "2024M01-M05", "total", ("partner_group", "欧盟"), "yoy_pct", -1.3, "%") in keys
    assert ("中国", "2024M01-M05", "balance", None, "value", 2.4, "万亿元") in keys
    assert ("中国", "2024M01-M05", "balance", None, "yoy_pct", 5.2, "%") in keys
    assert ("中国", "2024M01-M05", "balance", ("partner_group", "欧盟"), "yoy_pct", -35.1, "%") in keys


def test_china_us_trade_and_trade_to_the_us():
    keys = _keys("今年前三季度中美双边贸易总值4026.6亿美元,同比下降14.8%。"
                 "其中,中国对美出口3120亿美元,下降10.7%。", 2019)
    assert keys == [
        ("中国", "2019Q1-Q3", "total", ("partner", "美国"), "value", 4026.6, "亿美元"),
        ("中国", "2019Q1-Q3", "total", ("partner", "美国"), "yoy_pct", -14.8, "%"),
        ("中国", "2019Q1-Q3", "export", ("partner", "美国"), "value", 3120.0, "亿美元"),
        ("中国", "2019Q1-Q3", "export", ("partner", "美国"), "yoy_pct", -10.7, "%"),
    ]


def test_the_nation_as_a_yardstick_is_not_a_subject():
    keys = _keys("一季度,河北省出口增长20%,增速领跑全国;进口下降3%。")
    assert [(k[0], k[4]) for k in keys] == [("河北省", "yoy_pct"), ("河北省", "rank"), ("河北省", "yoy_pct")]


def test_an_article_is_about_the_region_it_names_most_not_the_agency_it_quotes():
    keys = _keys("据海关总署统计,一季度河北省进出口1000亿元。河北省出口600亿元。出口增长5%。")
    assert ("河北省", "2024Q1", "export", None, "yoy_pct", 5.0, "%") in keys
    assert {k[0] for k in keys} == {"河北省"}


def test_a_customs_district_is_a_subject():
    assert _keys("上半年,上海海关关区进出口3.5万亿元,增长2%。")[:1] == [
        ("上海海关关区", "2024H1", "total", None, "value", 3.5, "万亿元")]


def test_a_month_named_for_comparison_holds_for_its_clause_only():
    keys = _keys("5月份出口增长7.6%,高于4月的1.5%;进口增长1.8%。")
    assert keys == [
        (None, "2024M05", "export", None, "yoy_pct", 7.6, "%"),
        (None, "2024M04", "export", None, "yoy_pct", 1.5, "%"),
        (None, "2024M05", "import", None, "yoy_pct", 1.8, "%"),
    ]


def test_the_month_of_a_cumulative_release():
    keys = _keys("今年前2个月,河北省进出口100亿元。其中2月份进出口60亿元,当月出口30亿元。")
    assert ("河北省", "2024M01-M02", "total", None, "value", 100.0, "亿元") in keys
    assert ("河北省", "2024M02", "export", None, "value", 30.0, "亿元") in keys


def test_targets_and_forecasts_are_not_claims():
    keys = _keys("截至11月底,河北省进出口145.6亿美元。全年外贸进出口正在向160亿美元的目标迈进,"
                 "出口增长18.9%,高于市场预期增长5.7%,全年可突破150亿美元。", 2005)
    assert [k[4:6] for k in keys] == [("value", 145.6), ("yoy_pct", 18.9)]


def test_month_on_month_growth_is_other():
    keys = _keys("二季度,河北省进出口环比增长10.1%,同比增长3%。")
    assert keys == [("河北省", "2024Q2", "total", None, "other", 10.1, "%"),
                    ("河北省", "2024Q2", "total", None, "yoy_pct", 3.0, "%")]


def test_an_english_release_reads_like_its_chinese_original():
    text = ("In the first half of the year, Fujian Province's export value was 34.63 billion yuan, up 4.9% "
            "year-on-year, 1.2 percentage points higher than national average. In June alone, imports "
            "reached 3.56 billion yuan, down 0.3% from May.\n")
    claims = _claims(text, 2017)
    assert [(c.subject, c.period, c.flow, c.metric, c.value, c.unit) for c in claims] == [
        ("福建省", "2017H1", "export", "value", 346.3, "亿元"),
        ("福建省", "2017H1", "export", "yoy_pct", 4.9, "%"),
        ("福建省", "2017H1", "export", "gap_pp", 1.2, "个百分点"),
        ("福建省", "2017M06", "import", "value", 35.6, "亿元"),
        ("福建省", "2017M06", "import", "other", -0.3, "%"),
    ]
    assert "34.63 billion yuan" in claims[0].text


def test_growth_against_another_base_and_pace_changes_are_other_and_do_not_move_the_period():
    keys = _keys("一季度,北京地区进出口增长8.7%,较2019年同期增长1.5%。"
                 "国有企业进出口下降1.6%,降幅较前2个月缩窄10.1个百分点,"
                 "占同期北京地区进出口总值的67.3%。")
    assert keys == [
        ("北京市", "2024Q1", "total", None, "yoy_pct", 8.7, "%"),
        ("北京市", "2024Q1", "total", None, "other", 1.5, "%"),
        ("北京市", "2024Q1", "total", ("enterprise_type", "国有企业"), "yoy_pct", -1.6, "%"),
        ("北京市", "2024Q1", "total", ("enterprise_type", "国有企业"), "other", 10.1, "个百分点"),
        ("北京市", "2024Q1", "total", ("enterprise_type", "国有企业"), "share_pct", 67.3, "%"),
    ]


def test_trade_modes_and_acronym_blocs_are_slices():
    keys = _keys("前7个月,河北省一般贸易进出口3232.7亿元,增长39.1%;保税物流进出口654.6亿元。"
                 "对RCEP贸易伙伴进出口1475.5亿元。")
    assert ("河北省", "2024M01-M07", "total", ("trade_mode", "一般贸易"), "value", 3232.7, "亿元") in keys
    assert ("河北省", "2024M01-M07", "total", ("trade_mode", "保税物流"), "value", 654.6, "亿元") in keys
    assert ("河北省", "2024M01-M07", "total", ("partner_group", "RCEP"), "value", 1475.5, "亿元") in keys


def test_a_city_named_by_its_short_name_is_the_subject_but_not_inside_a_product_name():
    keys = _keys("今年1月至8月,宁波外贸进出口总额达7635.5亿元,同比增长23.6%。哈密瓜出口增长5%。")
    assert keys[:2] == [("宁波市", "2024M01-M08", "total", None, "value", 7635.5, "亿元"),
                        ("宁波市", "2024M01-M08", "total", None, "yoy_pct", 23.6, "%")]
    assert keys[2][0] == "宁波市"  # 哈密瓜 is a melon, not 哈密市


def test_a_port_is_a_subject():
    assert _keys("今年上半年,宁波口岸进出口1.16万亿元,同比下降10.4%。") == [
        ("宁波口岸", "2024H1", "total", None, "value", 1.16, "万亿元"),
        ("宁波口岸", "2024H1", "total", None, "yoy_pct", -10.4, "%")]


def test_announced_targets_average_annual_growth_and_plan_titles():
    text = ("今年一季度,南宁市实现外贸进出口129.43亿元人民币,同比增长94.7%。据介绍,今年南宁市外经贸发展的主要目标是:"
            "外贸进出口总额增长8%,其中出口额增长6%。2016年南宁市印发《三年行动计划(2016-2018年)》。"
            "“十二五”期间全市进出口年均增长20%。")
    keys = _keys(text, 2017)
    assert keys[:2] == [("南宁市", "2017Q1", "total", None, "value", 129.43, "亿元"),
                        ("南宁市", "2017Q1", "total", None, "yoy_pct", 94.7, "%")]
    assert [k[4:6] for k in keys[2:]] == [("other", 20.0)]


def test_quantities_with_their_amount_and_the_two_growths():
    keys = _keys("一季度,山西省手机出口416万台、59.3亿元,分别增长1.2倍和1.5倍。", 2015)
    assert keys == [
        ("山西省", "2015Q1", "export", ("product_group", "手机"), "quantity", 416.0, "万台"),
        ("山西省", "2015Q1", "export", ("product_group", "手机"), "value", 59.3, "亿元"),
        ("山西省", "2015Q1", "export", ("product_group", "手机"), "quantity_yoy_times", 1.2, "倍"),
        ("山西省", "2015Q1", "export", ("product_group", "手机"), "yoy_times", 1.5, "倍"),
    ]


def test_slices_named_by_their_place_in_the_sentence():
    # Names no table of the package holds (a bloc, a product at the head of a clause, one after the flow).
    claims = _claims("一季度,北京地区对中东欧17国进出口112.9亿元。冻鳕鱼片进口19.7亿元,同比下降11.2%;"
                     "进口纸浆同比增长52.5%。出口高速增长。")
    got = [(c.breakdown, c.metric, c.value) for c in claims]
    assert got == [
        (("partner_group", "中东欧"), "value", 112.9),
        (("product_group", "冻鳕鱼片"), "value", 19.7),
        (("product_group", "冻鳕鱼片"), "yoy_pct", -11.2),
        (("product_group", "纸浆"), "yoy_pct", 52.5),
    ]
    # Read by position, not from a table: never checked against data.
    assert all(c.detail.get("slice_not_in_tables") for c in claims)


def test_a_qualifier_after_a_known_product_is_not_a_slice_of_its_own():
    keys = _keys("一季度,青海省多晶硅原料进口4563万元,增长18.7%。")
    assert [k[3] for k in keys] == [("product_group", "多晶硅")] * 2


def test_a_sentence_starting_with_qizhong_goes_on_about_the_previous_slice():
    keys = _keys("上半年,中国一般贸易进出口13.76万亿元,增长5.2%。其中,出口8.01万亿元,增长8.5%。")
    assert ("中国", "2024H1", "export", ("trade_mode", "一般贸易"), "value", 8.01, "万亿元") in keys


def test_the_list_named_before_is_what_shangshu_points_to():
    keys = _keys("1-8月,东盟、美国、欧盟和澳大利亚是厦门市前四大贸易伙伴,厦门市对上述国家(地区)分别进出口"
                 "1012.2亿、754.2亿、625.7亿和467.7亿元。")
    values = [(k[3], k[5]) for k in keys if k[4] == "value"]
    assert values == [(("partner_group", "东盟"), 1012.2), (("partner", "美国"), 754.2),
                      (("partner_group", "欧盟"), 625.7), (("partner", "澳大利亚"), 467.7)]


def test_an_unknown_member_joins_the_list_of_its_neighbours():
    keys = _keys("1-8月,对RCEP成员国、“一带一路”沿线国家和金砖国家进出口值分别增长24.6%、29.6%和22.2%。")
    assert [(k[3][1], k[5]) for k in keys] == [("RCEP", 24.6), ("“一带一路”沿线国家", 29.6), ("金砖国家", 22.2)]


def test_english_periods_after_the_figure_and_this_category():
    text = ("Shanghai in East China recorded imports and exports of 2.46 trillion yuan ($347.08 billion) in the first "
            "seven months, up 0.7 percent. General trade reached 1.47 trillion yuan. Exports under this category "
            "surged 3.4 percent to 562.17 billion yuan.\n")
    keys = _keys(text)
    assert keys[:2] == [("上海市", "2024M01-M07", "total", None, "value", 2.46, "万亿元"),
                        ("上海市", "2024M01-M07", "total", None, "yoy_pct", 0.7, "%")]
    assert ("上海市", "2024M01-M07", "export", ("trade_mode", "一般贸易"), "value", 5621.7, "亿元") in keys
    assert ("上海市", "2024M01-M07", "export", ("trade_mode", "一般贸易"), "yoy_pct", 3.4, "%") in keys


def test_a_list_of_flows_takes_a_run_of_amounts_and_growths():
    keys = _keys("1至8月,河北省外贸进出口、出口和进口三项指标实现全面增长,分别完成2691.8亿元、1542.5亿元、1149.3亿元,"
                 "同比分别增长5%、1.3%和10.2%。", 2020)
    assert [(k[2], k[4], k[5]) for k in keys] == [
        ("total", "value", 2691.8), ("export", "value", 1542.5), ("import", "value", 1149.3),
        ("total", "yoy_pct", 5.0), ("export", "yoy_pct", 1.3), ("import", "yoy_pct", 10.2)]


def test_a_surplus_that_narrows_and_a_share_of_our_country():
    keys = _keys("一季度,广东省进口增速快于出口14.8个百分点,贸易顺差收窄22.3%。"
                 "1~2月份广东省进出口总值636.3亿美元,占同期我国进出口总值的28.1%。")
    assert ("广东省", "2024Q1", "balance", None, "yoy_pct", -22.3, "%") in keys
    assert ("广东省", "2024M01-M02", "total", None, "national_share_pct", 28.1, "%") in keys


def test_pulls_and_gaps_worded_either_way():
    keys = _keys("二季度,宁波口岸异地企业进出口下降26.9%,拖累同期宁波口岸进出口下滑18.4个百分点。"
                 "前8个月,江苏省出口增长5.1%,增幅较全国高1.6个百分点。")
    assert keys[:2] == [("宁波口岸", "2024Q2", "total", ("enterprise_type", "异地企业"), "yoy_pct", -26.9, "%"),
                        ("宁波口岸", "2024Q2", "total", ("enterprise_type", "异地企业"), "pull_pp", -18.4, "个百分点")]
    assert ("江苏省", "2024M01-M08", "export", None, "gap_pp", 1.6, "个百分点") in keys


def test_a_run_after_fenbie_goes_to_the_list_named_before_its_group():
    keys = _keys("前11个月,深圳市锂离子蓄电池、电动载人汽车、太阳能电池等“新三样”产品出口高速增长,"
                 "分别出口602.4亿、190.8亿、30.9亿元,增幅分别为19.4%、273.9%和32.1%。")
    values = [(k[3][1], k[4], k[5]) for k in keys]
    assert values[0] == ("锂离子蓄电池", "value", 602.4)
    assert values[2] == ("太阳能电池", "value", 30.9)
    assert values[3] == ("锂离子蓄电池", "yoy_pct", 19.4)


def test_chinese_numeral_months_and_streaks_of_positive_growth():
    keys = _keys("黑龙江对俄进出口一月份同比增长37%。自去年5月以来,宁波单月进出口值已连续16个月实现正增长。", 2017)
    assert ("黑龙江省", "2017M01", "total", ("partner", "俄罗斯"), "yoy_pct", 37.0, "%") in keys
    assert [k[4:6] for k in keys if k[4] == "streak_months"] == [("streak_months", 16.0)]


def test_press_names_of_partners():
    keys = _keys("前7个月,青岛对南韩进出口增长34.1%。", 2021)
    assert ("青岛市", "2021M01-M07", "total", ("partner", "韩国"), "yoy_pct", 34.1, "%") in keys


def test_the_nations_share_of_its_own_total_and_last_years_months_as_a_yardstick():
    keys = _keys("今年前三季度中美双边外贸总值2.75万亿元,占同期中国外贸总值的12%。", 2019)
    assert ("中国", "2019Q1-Q3", "total", ("partner", "美国"), "share_pct", 12.0, "%") in keys
    keys = _keys("上半年,海南省边境小额贸易进口9288万美元,增长65.7%,超过去年前三季度总额。出口增长5%。", 2011)
    assert [k[1] for k in keys] == ["2011H1"] * 3


def test_a_run_of_quantities_and_the_change_of_a_share():
    keys = _keys("一季度,广东进口总值占广东外贸进出口总值的35.9%,较去年同期提升1.7个百分点。"
                 "进口大宗商品4147.8万吨,增加25.2%;其中,能源产品2457.7万吨,增加52.9%;粮食252.6万吨,增加28.8%。")
    assert keys[:2] == [("广东省", "2024Q1", "import", None, "share_pct", 35.9, "%"),
                        ("广东省", "2024Q1", "import", None, "share_change_pp", 1.7, "个百分点")]
    items = [(k[3][1], k[4], k[5]) for k in keys[2:]]
    assert items == [("大宗商品", "quantity", 4147.8), ("大宗商品", "quantity_yoy_pct", 25.2),
                     ("能源产品", "quantity", 2457.7), ("能源产品", "quantity_yoy_pct", 52.9),
                     ("粮食", "quantity", 252.6), ("粮食", "quantity_yoy_pct", 28.8)]


def test_counted_classes_adverbs_and_a_listed_product_name_after_the_flow():
    claims = _claims("一季度,广东省10类大宗商品进口合计590.7亿元。进口纸浆、纸及其制品同比增长38.5%。"
                     "金属矿及矿砂进口额大幅增长,进口额达339.3亿元。", 2018)
    assert [(c.breakdown, c.metric, c.value) for c in claims] == [
        (("product_group", "大宗商品"), "value", 590.7),
        (("product_group", "纸浆纸及其制品"), "yoy_pct", 38.5),
        (("product_group", "金属矿及矿砂"), "value", 339.3)]


def test_an_english_amount_moved_after_its_growth_is_an_amount_traded():
    keys = _keys("In the first seven months, processing trade declined 2.9 percent to 327.38 billion yuan.\n")
    assert keys == [(None, "2024M01-M07", "total", ("trade_mode", "加工贸易"), "value", 3273.8, "亿元"),
                    (None, "2024M01-M07", "total", ("trade_mode", "加工贸易"), "yoy_pct", -2.9, "%")]


def test_firm_counts_near_a_bound_and_a_narrated_period():
    keys = _keys("一季度,该省有进出口实绩外贸企业近8000家,较去年同期增加751家。"
                 "特别是自6月以来,河北外贸出口扭转了前5个月下降的局面。1至8月,河北省有进出口实绩企业12586家。", 2023)
    assert [k[4:6] for k in keys] == [("count_change", 751.0), ("count", 12586.0)]
    assert keys[1][1] == "2023M01-M08"


def test_a_list_of_flows_before_fenbie_yi_and_changes_on_the_month_and_between_flows():
    keys = _keys("截至11月底,河北省出口、进口分别为98.7亿美元和46.8亿美元,增速分别达18.9%和23.6%。", 2005)
    assert [(k[2], k[4], k[5]) for k in keys] == [("export", "value", 98.7), ("import", "value", 46.8),
                                                  ("export", "yoy_pct", 18.9), ("import", "yoy_pct", 23.6)]
    keys = _keys("2月份我国实现贸易顺差24.5亿美元,比上月大幅减少71.1亿美元。一季度广东省进口增速快于出口14.8个百分点。"
                 "外企进出口有2.8%的下降。", 2006)
    assert ("中国", "2006M02", "balance", None, "other", -71.1, "亿美元") in keys
    assert ("广东省", "2006Q1", "import", None, "other", 14.8, "个百分点") in keys
    assert ("中国", "2006Q1", "total", ("enterprise_type", "外商投资企业"), "yoy_pct", -2.8, "%") in keys


def test_a_country_is_the_subject_of_a_release_about_it():
    text = "据越南海关统计,今年一季度,越南货物进出口总额1970亿美元,同比增长15.2%,其中出口1000亿美元,增长13.6%。"
    assert _keys(text, 2025) == [
        ("越南", "2025Q1", "total", None, "value", 1970.0, "亿美元"),
        ("越南", "2025Q1", "total", None, "yoy_pct", 15.2, "%"),
        ("越南", "2025Q1", "export", None, "value", 1000.0, "亿美元"),
        ("越南", "2025Q1", "export", None, "yoy_pct", 13.6, "%"),
    ]


def test_a_country_stays_a_partner_in_a_release_about_a_chinese_region():
    text = "一季度,广西进出口1000亿元,增长5%。越南进出口300亿元,增长8%。其中,泰国进出口50亿元。"
    keys = _keys(text, 2025)
    assert {k[0] for k in keys} == {"广西壮族自治区"}
    assert [(k[3], k[4], k[5]) for k in keys[2:]] == [
        (("partner", "越南"), "value", 300.0), (("partner", "越南"), "yoy_pct", 8.0), (("partner", "泰国"), "value", 50.0)]
