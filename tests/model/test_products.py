import csv
import io

import pytest

from waimao.model import products
from waimao.model.products import GROUPS, groups_of, resolve_group

@pytest.fixture(scope="module")
def tariff_lines(shared) -> dict[str, str]:
    """The real 2023 China tariff lines: 8-digit code -> Chinese description."""
    text = shared("reference/gacc_platform/zh-hs8-2023.csv").read_text(encoding="gbk")
    return {row[0]: row[1] for row in list(csv.reader(io.StringIO(text)))[1:] if row and row[0].isdigit()}


@pytest.fixture(scope="module")
def lines_of(tariff_lines):
    """lines_of(group) -> the tariff lines the group takes."""
    return lambda group: {c for c in tariff_lines if GROUPS[group].matches(c)}


@pytest.fixture(scope="module")
def lines_named(tariff_lines):
    """lines_named(word, under=prefixes) -> the tariff lines whose description holds the word."""
    return lambda word, *, under=("",): {c for c, name in tariff_lines.items() if word in name and c.startswith(under)}


def test_published_product_groups_resolve_under_their_exact_name(published_rows):
    names = {r["breakdown"] for r in published_rows if r["breakdown_kind"] == "product_group"}
    assert len(names) >= 20
    for name in names:
        assert resolve_group(name).name == name


def test_every_prefix_is_the_start_of_a_real_tariff_line(tariff_lines):
    codes = tuple(tariff_lines)
    for group in GROUPS.values():
        for prefix in group.include + group.exclude:
            assert any(c.startswith(prefix) for c in codes), (group.name, prefix)


def test_named_groups_take_exactly_the_lines_of_that_name(tariff_lines, lines_of, lines_named):
    assert lines_of("冷水鱼（鳟鱼类）") == lines_named("鳟", under=("0302", "0303", "0304"))
    assert lines_of("冷水鱼（鳟鱼类）") == {"03021100", "03031400", "03044200", "03048200"}
    assert lines_of("枸杞") == lines_named("枸杞")
    assert lines_of("锂离子蓄电池") == lines_named("锂离子蓄电池")
    assert lines_of("单晶硅棒") == lines_named("单晶硅棒")
    assert lines_of("单晶硅片") == lines_named("单晶硅切片")
    assert lines_of("多晶硅") == {"28046190"}
    assert lines_of("马铃薯") == lines_named("马铃薯", under=("0701",))
    assert lines_of("碳酸钠") == lines_named("碳酸钠")
    assert "28429040" in lines_of("锂电池材料") and tariff_lines["28429040"] == "磷酸铁锂"


@pytest.mark.parametrize(
    "union, parts",
    [
        ("清洁能源产品", ["多晶硅", "单晶硅棒", "单晶硅片", "太阳能电池片", "光伏组件", "锂离子蓄电池"]),
        ("新能源产品", ["多晶硅", "单晶硅棒", "单晶硅片", "太阳能电池片", "光伏组件", "锂离子蓄电池", "锂电池材料"]),
        ("盐湖化工产品", ["碳酸钠", "氢氧化钠", "镁系产品", "聚氯乙烯", "氯化钾", "碳酸锂"]),
    ],
)
def test_unions_hold_exactly_their_parts(lines_of, union, parts):
    assert lines_of(union) == set().union(*(lines_of(p) for p in parts))


def test_agriculture_covers_chapters_01_to_24_and_the_wto_extras(tariff_lines, lines_of):
    chapters = {c for c in tariff_lines if "01" <= c[:2] <= "24"}
    assert chapters <= lines_of("农产品")
    for line in ("29054400", "33012400", "35051000", "41015011", "51011100", "52010000", "53011000"):
        assert line in lines_of("农产品")
    assert "39041090" not in lines_of("农产品")


def test_vegetables_exclude_potatoes(lines_of):
    vegetables = lines_of("冷凉蔬菜")
    assert vegetables and all("0702" <= c[:4] <= "0709" for c in vegetables)
    assert not any(c.startswith("0701") for c in vegetables)


@pytest.mark.parametrize(
    "code, inside, outside",
    [
        ("03031400", ["冷水鱼（鳟鱼类）", "农产品", "水产品"], ["肉类"]),
        ("07019000", ["马铃薯", "农产品"], ["冷凉蔬菜"]),
        ("07031010", ["冷凉蔬菜", "农产品"], ["马铃薯"]),
        ("85076000", ["锂离子蓄电池", "清洁能源产品", "新能源产品", "锂离子蓄电池及电池材料", "机电产品"], ["锂电池材料"]),
        ("28369100", ["盐湖化工产品", "锂离子蓄电池及电池材料", "碳酸锂"], ["清洁能源产品"]),
        ("28046117", ["单晶硅棒", "清洁能源产品", "新能源产品"], ["多晶硅"]),
        ("85414300", ["光伏组件", "太阳能电池", "清洁能源产品"], ["太阳能电池片"]),
        ("25199099", ["镁系产品", "盐湖化工产品"], []),
        ("39042200", ["聚氯乙烯", "初级形状的塑料", "盐湖化工产品"], []),
        ("39043000", ["初级形状的塑料"], ["聚氯乙烯"]),
        ("87019310", ["农业机械设备", "机电产品"], []),
        ("87019390", ["机电产品"], ["农业机械设备"]),
        ("87032100", ["消费品", "机电产品"], ["农业机械设备"]),
    ],
)
def test_membership(code, inside, outside):
    found = groups_of(code)
    assert set(inside) <= set(found)
    assert not set(outside) & set(found)


def test_codes_are_normalised_before_matching():
    assert GROUPS["锂离子蓄电池"].matches("8507.60.00")
    assert GROUPS["锂离子蓄电池"].matches("８５０７６０００")
    assert not GROUPS["锂离子蓄电池"].matches("8507")


@pytest.mark.parametrize(
    "text, name",
    [("纯碱", "碳酸钠"), ("烧碱", "氢氧化钠"), ("土豆", "马铃薯"), ("冻鳟鱼", "冷水鱼（鳟鱼类）"), ("鳟鱼", "冷水鱼（鳟鱼类）"),
     ("冷水鱼(鳟鱼类)", "冷水鱼（鳟鱼类）"), ("蔬菜", "冷凉蔬菜"), ("高原冷凉蔬菜", "冷凉蔬菜"), ("盐湖化工中间品", "盐湖化工产品"),
     ("PVC", "聚氯乙烯"), ("锂电产品", "锂离子蓄电池及电池材料")],
)
def test_aliases_resolve(text, name):
    assert resolve_group(text).name == name


def test_unknown_group_suggests():
    with pytest.raises(LookupError, match="冷水鱼"):
        resolve_group("冷水")


def test_union_whose_exclusion_cuts_another_part_is_refused():
    entries = {
        "a": {"name": "a", "name_en": "a", "note": "", "basis": "own", "include": ["2804"], "exclude": ["280461"]},
        "b": {"name": "b", "name_en": "b", "note": "", "basis": "own", "include": ["28046117"]},
        "ab": {"name": "ab", "name_en": "ab", "note": "", "union": ["a", "b"]},
    }
    with pytest.raises(ValueError, match="overlaps"):
        products._flatten("ab", entries, {}, ())


def test_codes_per_chapter_are_those_of_the_platform_commodity_list(tariff_lines):
    """The fact table `waimao plan` sizes HS downloads with, against the platform's own 2023 export."""
    counted: dict[str, int] = {}
    for code in tariff_lines:
        counted[code[:2]] = counted.get(code[:2], 0) + 1
    assert products.CODES_PER_CHAPTER == counted
