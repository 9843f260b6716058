import csv
import io
import json

import pytest

from waimao.model.regions import (
    REGIONS,
    children,
    covers,
    normalize_region_code,
    prefecture_of,
    province_of,
    record_prefixes,
    resolve_region,
)

QINGHAI_PREFECTURES = {  # customs code: (GB/T 2260, full name, common short, shortest)
    "63019": ("630100", "西宁市", "西宁市", "西宁"),
    "63029": ("630200", "海东市", "海东市", "海东"),
    "63039": ("632200", "海北藏族自治州", "海北州", "海北"),
    "63049": ("632300", "黄南藏族自治州", "黄南州", "黄南"),
    "63059": ("632500", "海南藏族自治州", "海南州", "海南"),
    "63069": ("632600", "果洛藏族自治州", "果洛州", "果洛"),
    "63079": ("632700", "玉树藏族自治州", "玉树州", "玉树"),
    "63089": ("632800", "海西蒙古族藏族自治州", "海西州", "海西"),
}


def _platform_provinces(shared):
    text = shared("reference/gacc_platform/china_customs_provinces.csv").read_text(encoding="gbk")
    return [(row[0], row[1]) for row in list(csv.reader(io.StringIO(text)))[1:] if row]


def _qinghai_districts(shared):
    districts = json.loads(shared("reference/customs_districts.json").read_text(encoding="utf-8"))
    return {d["DISTRICT_CODE"]: d["DISTRICT_NAME"] for d in districts if d["DISTRICT_CODE"].startswith("63")}


def test_every_platform_province_resolves_by_code_and_name(shared):
    provinces = _platform_provinces(shared)
    assert len(provinces) == 31
    for code, name in provinces:
        by_code, by_name = resolve_region(code), resolve_region(name)
        assert by_code is by_name
        assert (by_code.code, by_code.level, by_code.name_zh) == (code, "province", name)
        assert by_code.gb_code == code + "0000"
        assert resolve_region(code + "0000") is by_code


def test_every_qinghai_customs_code_lands_in_the_right_prefecture(shared):
    districts = _qinghai_districts(shared)
    assert {"63012", "63082", "63019", "63089"} <= set(districts)
    for code, name in districts.items():
        stored = normalize_region_code(code)
        assert stored == code
        region = REGIONS[code]
        assert name in region.names
        assert province_of(code) == "63"
        assert covers("63", code) and covers("青海省", code) and covers("CN", code)
        prefecture = code[:4] + "9"
        if prefecture in districts:
            assert prefecture_of(code) == prefecture
            assert covers(prefecture, code)
            if code != prefecture:
                assert region.level == "zone" and region.parent == prefecture


def test_prefectures_carry_gb_codes_and_three_names():
    for code, (gb, full, common, shortest) in QINGHAI_PREFECTURES.items():
        region = REGIONS[code]
        assert (region.level, region.parent, region.gb_code) == ("prefecture", "63", gb)
        assert (region.name_zh, region.common_zh, region.short_zh) == (full, common, shortest)
        for text in (gb, gb[:4], full, common):
            assert resolve_region(text).code == code


def test_zones_nest_in_their_prefecture():
    assert resolve_region("西宁经济技术开发区").code == "63012"
    assert REGIONS["63012"].parent == "63019"
    assert REGIONS["63082"].parent == "63089"
    assert prefecture_of("63082") == "63089"
    assert prefecture_of("6302W") == "63029"
    assert [r.code for r in children("西宁市")] == ["63012", "63013", "63016"]
    assert len(children("CN")) == 31


@pytest.mark.parametrize(
    "text, code",
    [
        ("西宁", "63019"), ("西宁市", "63019"), ("Xining", "63019"), ("xining", "63019"),
        ("海西", "63089"), ("海西州", "63089"), ("海西蒙古族藏族自治州", "63089"),
        ("６３０１９", "63019"), ("６３", "63"), ("Qinghai", "63"), ("青海", "63"), ("青海省", "63"),
        ("内蒙古", "15"), ("内蒙古自治区", "15"), ("Inner Mongolia", "15"),
        ("中国", "CN"), ("全国", "CN"), ("China", "CN"), ("cn", "CN"),
        ("西宁开发区", "63012"), ("6302w", "6302W"),
        # 海南 is both a province and the short name of 海南藏族自治州: the province wins.
        ("海南", "46"), ("海南州", "63059"),
    ],
)
def test_names_and_codes_resolve(text, code):
    assert resolve_region(text).code == code


def test_unknown_region_suggests_close_names():
    with pytest.raises(LookupError, match="海西州"):
        resolve_region("海西蒙古")
    with pytest.raises(LookupError, match="no row of its own"):
        resolve_region("11011")  # a well-formed code inside 东城区 that the customs table does not list


def test_normalize_region_code():
    assert normalize_region_code("630000") == "63"
    assert normalize_region_code("632800") == "63089"
    assert normalize_region_code("6328") == "63089"
    assert normalize_region_code("63011") == "63011"  # unlisted code inside 西宁 is kept
    assert normalize_region_code("11019") == "11019"  # 东城区, a district of 北京
    assert normalize_region_code("63109") is None  # no Qinghai prefecture has prefix 6310
    assert normalize_region_code("630102") == "63019"  # 城东区, a county code of 西宁
    assert normalize_region_code("西宁") is None


def test_record_prefixes_and_covers():
    assert record_prefixes("青海省") == ("63",)
    assert record_prefixes("西宁市") == ("6301",)
    assert record_prefixes("630100") == ("6301",)
    assert record_prefixes("63012") == ("63012",)
    assert record_prefixes("CN") == ("",)
    assert covers("西宁", "63011") and covers("西宁", "63012")
    assert not covers("西宁", "63082")
    assert not covers("63012", "63019")
    assert not covers("63019", "63")
    assert covers("CN", "44019")
    assert not covers("63", "not-a-code")
    with pytest.raises(LookupError):
        province_of("CN")
