"""The nationwide region table: every customs domestic code, GB/T 2260 codes, names, ambiguity and hierarchy.

The expected GB/T 2260 codes and names below are written by hand from the published division list,
not read from the package's table; the customs codes come from ../shared/reference.
"""

import json
from collections import Counter

import pytest

from waimao.model.regions import (
    REGIONS,
    AmbiguousRegion,
    children,
    covers,
    find_regions,
    normalize_region_code,
    prefecture_of,
    province_of,
    record_prefixes,
    resolve_region,
)


def _districts(shared):
    return json.loads(shared("reference/customs_districts.json").read_text(encoding="utf-8"))


def test_every_customs_domestic_code_resolves_in_its_province(shared):
    districts = _districts(shared)
    assert len(districts) == 1088
    for d in districts:
        code, name = d["DISTRICT_CODE"], d["DISTRICT_NAME"]
        region = resolve_region(code)
        assert region.code == code, code
        assert region.customs_zh == name, code
        assert province_of(code) == code[:2] and REGIONS[code[:2]].level == "province"
        assert covers(code[:2], code) and covers("CN", code)
        city = prefecture_of(code)
        assert city is not None and REGIONS[city].level == "prefecture" and REGIONS[city].parent == code[:2], code
        assert covers(city, code), code
        if region.level in ("zone", "county"):
            assert region.parent == city, code


#: GB/T 2260 code → (customs stored code, full name, level), written by hand.
GB_SAMPLE = {
    "110000": ("11", "北京市", "province"),
    "440000": ("44", "广东省", "province"),
    "440100": ("44019", "广州市", "prefecture"),
    "440300": ("44039", "深圳市", "prefecture"),
    "410100": ("41019", "郑州市", "prefecture"),
    "410300": ("41039", "洛阳市", "prefecture"),
    "210200": ("21029", "大连市", "prefecture"),
    "211300": ("21139", "朝阳市", "prefecture"),
    "640500": ("64059", "中卫市", "prefecture"),
    "632800": ("63089", "海西蒙古族藏族自治州", "prefecture"),
    "222400": ("22109", "延边朝鲜族自治州", "prefecture"),
    "152500": ("15149", "锡林郭勒盟", "prefecture"),
    "653100": ("65079", "喀什地区", "prefecture"),
    "540200": ("54049", "日喀则市", "prefecture"),
    "520600": ("52049", "铜仁市", "prefecture"),  # customs 5204 is 铜仁, GB 5204 is 安顺
    "520400": ("52079", "安顺市", "prefecture"),
    "460400": ("46061", "儋州市", "prefecture"),
    "419001": ("41209", "济源市", "prefecture"),  # 省直辖县级市
    "469005": ("46071", "文昌市", "prefecture"),
    "659001": ("65129", "石河子市", "prefecture"),
    "110105": ("11059", "朝阳区", "prefecture"),  # a district of a municipality is its prefecture-level unit
    "440113": ("44239", "番禺区", "county"),  # a customs unit of its own inside 广州
    "440606": ("44229", "顺德区", "county"),
    "411281": ("41189", "义马市", "county"),
}


@pytest.mark.parametrize("gb, expected", sorted(GB_SAMPLE.items()))
def test_gb_codes_resolve(gb, expected):
    code, name, level = expected
    region = resolve_region(gb)
    assert (region.code, region.name_zh, region.level) == (code, name, level)
    assert region.gb_code == gb
    assert normalize_region_code(gb) == code
    if gb.endswith("00") and not gb.endswith("0000"):
        assert normalize_region_code(gb[:4]) == code  # the 4-digit prefecture prefix


def test_gb_county_codes_count_in_their_prefecture():
    assert normalize_region_code("410181") == "41019"  # 巩义市 → 郑州
    assert normalize_region_code("440115") == "44309"  # 南沙区 has a customs unit of its own
    assert prefecture_of(normalize_region_code("440115")) == "44019"
    assert normalize_region_code("632801") == "63089"  # 格尔木市 → 海西州
    assert normalize_region_code("371082") == "37279"  # 荣成市 (the customs table writes 荣城)


def test_a_four_digit_code_is_gb_first():
    """4 digits are read as a GB/T 2260 prefecture; only a prefix GB/T 2260 does not use is a customs one."""
    assert resolve_region("5204").name_zh == "安顺市"
    assert resolve_region("4101").name_zh == "郑州市"
    assert resolve_region("4423").name_zh == "番禺区"


@pytest.mark.parametrize("text, code", [
    ("郑州", "41019"), ("郑州市", "41019"), ("Zhengzhou", "41019"), ("大连", "21029"), ("大连市", "21029"),
    ("中卫", "64059"), ("中卫市", "64059"), ("广州", "44019"), ("广州市", "44019"), ("Guangzhou", "44019"),
    ("海西州", "63089"), ("延边州", "22109"), ("延边", "22109"), ("恩施州", "42149"), ("锡林郭勒", "15149"),
    ("Urumqi", "65019"), ("Kashgar Prefecture", "65079"), ("番禺", "44239"), ("顺德区", "44229"),
    ("济源", "41209"), ("神农架", "42189"), ("朝阳市", "21139"), ("朝阳区", "11059"), ("襄樊", "42069"),
    ("哲里木盟", "15089"), ("西宁经开区", "63012"), ("广州南沙综保区", "44306"),
])
def test_names_resolve(text, code):
    assert resolve_region(text).code == code


def test_shared_short_names_do_not_resolve_silently():
    with pytest.raises(AmbiguousRegion) as caught:
        resolve_region("朝阳")
    assert {r.code for r in caught.value.candidates} == {"21139", "11059"}
    assert "朝阳市" in str(caught.value) and "朝阳区" in str(caught.value)
    assert isinstance(caught.value, LookupError)
    assert {r.code for r in find_regions("朝阳")} == {"21139", "11059"}
    assert resolve_region("朝阳", within="辽宁").code == "21139"
    assert resolve_region("朝阳", within="北京").code == "11059"
    with pytest.raises(AmbiguousRegion):
        resolve_region("Taizhou")  # 泰州 (江苏) and 台州 (浙江)
    assert resolve_region("Taizhou", within="33").name_zh == "台州市"


@pytest.mark.parametrize("text, province", [("吉林", "22"), ("海南", "46"), ("河北", "13"), ("Jilin", "22")])
def test_a_province_wins_over_a_unit_sharing_its_short_name(text, province):
    assert resolve_region(text).code == province
    assert resolve_region(text, within=province).code == province  # the rule comes before `within`
    assert len(find_regions(text)) == 2


def test_hierarchy_zone_prefecture_province_nation():
    allowed = {"province": {"nation"}, "prefecture": {"province"}, "county": {"prefecture"}, "zone": {"prefecture"}}
    for region in REGIONS.values():
        if region.level == "nation":
            assert region.parent is None
            continue
        parent = REGIONS[region.parent]
        assert parent.level in allowed[region.level], region.code
        assert region.code[:2] == (parent.code[:2] if parent.level != "nation" else region.code[:2])
        assert covers(parent.code, region.code), region.code
        chain, r = [], region
        while r.parent:
            r = REGIONS[r.parent]
            chain.append(r.level)
        assert chain[-1] == "nation"


def test_prefectures_own_every_prefix_of_their_customs_units():
    assert record_prefixes("广州") == ("4401", "4423", "4430")
    for code in ("44019", "44016", "44239", "44235", "44236", "44306", "44309"):
        assert covers("广州", code) and prefecture_of(code) == "44019"
    assert covers("佛山", "44229") and covers("佛山", "44289") and not covers("广州", "44229")
    assert covers("深圳", "44536") and covers("东莞", "4469W")
    assert covers("三门峡", "41189") and not covers("郑州", "41189")
    assert [r.code for r in children("44019", "county")] == ["44239", "44309"]
    guangdong = {r.code for r in children("44")}
    assert "44019" in guangdong and "44239" not in guangdong
    assert {"44016", "44236", "44306"} <= {r.code for r in children("广州")}


def test_counts_and_kinds():
    levels = Counter(r.level for r in REGIONS.values())
    assert levels["province"] == 31 and levels["nation"] == 1
    gb_prefectures = [r for r in REGIONS.values() if r.level == "prefecture" and r.gb_code and r.gb_code.endswith("00")]
    assert len(gb_prefectures) == 333  # 293 地级市, 7 地区, 30 自治州, 3 盟 (2023)
    assert Counter(r.kind for r in gb_prefectures) == {"市": 293, "自治州": 30, "地区": 7, "盟": 3}
    assert len({r.gb_code for r in REGIONS.values() if r.gb_code}) == sum(1 for r in REGIONS.values() if r.gb_code)
    haixi = REGIONS["63089"]
    assert (haixi.short_zh, haixi.common_zh, haixi.name_en) == (
        "海西", "海西州", "Haixi Mongol and Tibetan Autonomous Prefecture")
    assert (REGIONS["44019"].short_zh, REGIONS["44019"].name_en) == ("广州", "Guangzhou")
    assert REGIONS["44016"].kind == "综合保税区" and REGIONS["41012"].kind == "经济技术开发区"


def test_municipalities_split_into_their_districts():
    beijing = {r.code: r for r in children("北京")}
    assert beijing["11059"].name_zh == "朝阳区" and beijing["11059"].kind == "区"
    assert "11039" not in beijing  # 崇文区 merged into 东城区 in 2010: a former unit inside it
    assert REGIONS["11039"].parent == "11019" and covers("东城区", "11039")
    assert covers("浦东新区", "31169") and REGIONS["31169"].name_zh == "南汇区"
    assert resolve_region("500154").customs_zh == "开县"  # 开州区, renamed from 开县 in 2016
