import csv
import io
import json

import pytest

from waimao.model.units import UNITS, convert, platform_unit, to_tonnes, unit_by_code, unit_by_name

def test_every_customs_unit_code_resolves_with_the_same_name(shared):
    reference = json.loads(shared("reference/customs_units.json").read_text(encoding="utf-8"))
    assert {u["UNIT_CODE"] for u in reference} == set(UNITS)
    for entry in reference:
        unit = unit_by_code(entry["UNIT_CODE"])
        assert unit is not None and unit.name_zh == entry["UNIT_NAME"]
        assert unit_by_name(entry["UNIT_NAME"]) is unit


def test_platform_unit_codes_of_the_commodity_list(shared):
    text = shared("reference/gacc_platform/zh-hs8-2023.csv").read_text(encoding="gbk")
    pairs = set()
    for row in list(csv.reader(io.StringIO(text)))[1:]:
        if len(row) >= 7 and row[0].isdigit():
            pairs |= {(row[3], row[4]), (row[5], row[6])}
    pairs.discard(("?", "?"))
    assert ("09", "千克") in pairs
    for code, name in pairs:
        category = platform_unit(code)
        assert category is not None, code
        assert unit_by_name(name) is not None, name
        if category.unit is not None:
            assert category.unit == name, (code, name)
            assert unit_by_code(code).name_zh == name


@pytest.mark.parametrize(
    "qty, source, target, expected",
    [
        (1, "吨", "千克", 1000),
        (1, "公吨", "吨", 1),
        (2, "斤", "千克", 1),
        (1545600, "千克", "吨", 1545.6),
        (500, "克", "千克", 0.5),
        (1, "立方米", "升", 1000),
        (1, "英加仑", "升", 4.54609),
        (1, "千升", "立方米", 1),
        (3, "千个", "个", 3000),
        (1, "千米", "米", 1000),
        (1, "公斤", "kg", 1),
        (1, "035", "070", 0.001),
    ],
)
def test_convert(qty, source, target, expected):
    assert convert(qty, source, target) == pytest.approx(expected)


def test_to_tonnes():
    assert to_tonnes(3763500, "千克") == pytest.approx(3763.5)
    assert to_tonnes(2, "短吨") == pytest.approx(1.81436948)


@pytest.mark.parametrize("source, target", [("千克", "升"), ("个", "台"), ("米", "平方米"), ("千瓦", "千伏安")])
def test_incompatible_units_raise(source, target):
    with pytest.raises(ValueError):
        convert(1, source, target)


def test_unknown_units():
    assert unit_by_name("furlong") is None
    assert unit_by_code("999") is None
    assert unit_by_code("01") is None  # "number of items" covers 台, 个, 辆 …
    assert platform_unit("01").name_en == "Number of items"
    with pytest.raises(LookupError):
        convert(1, "furlong", "米")
