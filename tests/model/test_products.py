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


# ---------------------------------------------------------------- the groups of national and provincial releases

#: For each group: codes inside (the first code under each prefix, and others), and codes just outside its edges
#: (the neighbouring heading or subheading, an excluded prefix, a look-alike elsewhere). Chosen by hand from the tariff.
MEMBERSHIP = [
    ("集成电路", ["85423100", "85423900", "85429000"], ["85419000", "85430000", "84733000"]),
    ("自动数据处理设备及其零部件", ["84710000", "84713090", "84718000", "84733000"],
     ["84729000", "84732900", "84734000", "84720000"]),
    ("笔记本电脑", ["84713090"], ["84713010", "84713100", "84714100"]),
    ("平板电脑", ["84713010"], ["84713090", "84713011"]),
    ("手机", ["85171300", "85171410"], ["85171420", "85171490", "85171200", "85171800"]),
    ("汽车", ["87020000", "87032100", "87038000", "87041000", "87059000", "87060010"],
     ["87012100", "87019110", "87071000", "87081000", "87111000"]),
    ("新能源汽车", ["87034000", "87034011", "87036011", "87038000"], ["87033300", "87039000", "87021000", "87033900"]),
    ("汽车零配件", ["87070000", "87071000", "87089990"], ["87060010", "87091100"]),
    ("新三样", ["87038000", "85076000", "85414200", "85414300"], ["87032100", "85075000", "85414100"]),
    ("船舶", ["89010000", "89011010", "89069030"], ["89070000", "89080000", "88079000"]),
    ("家用电器", ["84145100", "84146010", "84151010", "84151021", "84158110", "84182110", "84501110", "84221100",
              "85081100", "85094010", "85101000", "85165000"],
     ["84145930", "84146090", "84152000", "84183010", "84502011", "84221900", "85087010", "85099000", "85168000",
      "85169090", "85287211"]),
    ("液晶显示板", ["85241100", "85249100", "85249190"], ["85241200", "85249210", "85249990", "90138090"]),
    ("集装箱", ["86090000", "86090090"], ["86080000", "87161000"]),
    ("高新技术产品", ["84713090", "85176236", "85423100", "88024020", "88062110", "30024100", "90221200", "85241100"],
     ["84729000", "30049090", "90049000", "88010000", "87038000"]),
    ("服装及衣着附件", ["61000000", "61091000", "62034200", "42031000", "43031010"],
     ["60019100", "63026000", "64039900", "42021210", "65050000"]),
    ("纺织品", ["50040000", "52081100", "54071000", "60019100", "63026000"],
     ["50010000", "50030000", "51011100", "52010000", "53021000", "63090000", "63101000", "61091000", "49011000"]),
    ("纺织服装", ["61091000", "52081100"], ["52010000", "64039900"]),
    ("箱包", ["42020000", "42021210", "42029900"], ["42031000", "42010000"]),
    ("鞋靴", ["64010000", "64011010", "64059090"], ["64061000", "63090000"]),
    ("玩具", ["95030000", "95030021", "95030090"], ["95045000", "95051000", "95040000"]),
    ("家具", ["94010000", "94013000", "94021000", "94036000"], ["94042100", "94051000", "94000000"]),
    ("塑料制品", ["39160000", "39232100", "39269090"], ["39151000", "39140000", "39270000", "40169990"]),
    ("劳动密集型产品", ["61091000", "52081100", "42021210", "64039900", "95030021", "94036000", "39232100"],
     ["52010000", "63090000", "64061000", "95045000", "94051000", "39151000"]),
    ("原油", ["27090000"], ["27101210", "27080000", "27100000"]),
    ("成品油", ["27101210", "27101923", "27102000"], ["27090000", "27109100", "27111200", "27101100"]),
    ("天然气", ["27111100", "27112100"], ["27111200", "27112900", "27111000"]),
    ("液化天然气", ["27111100"], ["27112100", "27111200"]),
    ("煤及褐煤", ["27010000", "27011210", "27021000"], ["27030000", "27040010", "27000000"]),
    ("铁矿砂", ["26010000", "26011110", "26012000"], ["26020000", "72011000"]),
    ("铜矿砂", ["26030000"], ["26040000", "26020000", "74020000"]),
    ("未锻轧铜", ["74020000", "74031111", "74032900"], ["74010000", "74040000", "74050000", "26030000"]),
    ("未锻轧铝及铝材", ["76010000", "76011010", "76061100", "76090000"], ["76020000", "76101000"]),
    ("钢材", ["72080000", "72171000", "72191100", "72230000", "72251100", "72299000", "73011000", "73021000",
            "73041100", "73069000"],
     ["72071100", "72181000", "72241000", "73030010", "73081000", "72180000", "72240000", "73100000"]),
    ("铁合金", ["72020000", "72021100", "72029999"], ["72011000", "72031000"]),
    ("电解锰", ["81110010"], ["81110090", "81110000", "81129200"]),
    ("稀土", ["28053000", "28053011", "28053029", "28460000", "28461010", "28469099"],
     ["28054000", "28052000", "72029991", "28450000", "28470000"]),
    ("肥料", ["31000000", "31023000", "31042000"], ["30069200", "32011000"]),
    ("粮食", ["10011000", "11010000", "11042300", "12010000", "12019019"],
     ["11051000", "11071000", "12023000", "07019000", "07131010", "09000000"]),
    ("谷物及谷物粉", ["10063000", "11029000", "11040000"], ["12019019", "11051000", "09100000"]),
    ("大豆", ["12010000", "12011000", "12019090"], ["12023000", "12081000", "15071000", "12000000"]),
    ("医药品", ["30000000", "30024100", "30049090"], ["29419000", "12119031", "31010000"]),
    ("太阳能电池", ["85414200", "85414300"], ["85414100", "85414900", "85414000"]),
    ("太阳能电池片", ["85414200"], ["85414300"]),
]


@pytest.mark.parametrize("name, inside, outside", MEMBERSHIP, ids=[m[0] for m in MEMBERSHIP])
def test_nationwide_group_membership(name, inside, outside):
    group = GROUPS[name]
    assert [c for c in inside if not group.matches(c)] == []
    assert [c for c in outside if group.matches(c)] == []


def test_every_group_with_prefixes_is_in_the_hand_table_or_the_qinghai_tests():
    """No group of the table goes without a membership test (the Qinghai groups are tested further up)."""
    qinghai = {"多晶硅", "单晶硅棒", "单晶硅片", "光伏组件", "光伏产品", "锂离子蓄电池", "锂电池材料",
               "锂离子蓄电池及电池材料", "清洁能源产品", "新能源产品", "农产品", "冷水鱼（鳟鱼类）", "枸杞", "冷凉蔬菜",
               "马铃薯", "肉类", "水产品", "食用油", "碳酸钠", "氢氧化钠", "镁系产品", "聚氯乙烯", "氯化钾", "碳酸锂",
               "盐湖化工产品", "初级形状的塑料", "机电产品", "农业机械设备", "消费品"}
    assert set(GROUPS) == qinghai | {m[0] for m in MEMBERSHIP}


def test_mechanical_and_electrical_products_hold_chapters_84_and_85(tariff_lines, lines_of):
    chapters = {c for c in tariff_lines if c[:2] in ("84", "85")}
    assert len(chapters) > 1000
    assert chapters <= lines_of("机电产品")
    assert lines_of("集成电路") == {c for c in tariff_lines if c.startswith("8542")}


def test_named_nationwide_groups_take_the_lines_of_that_name(tariff_lines, lines_of, lines_named):
    assert lines_of("集装箱") == lines_named("集装箱", under=("86",))
    assert lines_of("平板电脑") == lines_named("平板电脑")
    assert lines_of("天然气") == lines_named("天然气", under=("2711",))
    assert lines_of("液晶显示板") == lines_named("液晶平板显示模组")
    assert lines_of("大豆") == lines_named("大豆", under=("1201",))
    assert lines_of("太阳能电池") == lines_named("光电池", under=("8541",))
    assert lines_of("新能源汽车") == lines_named("驱动电动机", under=("8703",))
    assert lines_of("铁矿砂") == lines_named("铁矿", under=("26",)) | {"26012000"}  # 焙烧黄铁矿, roasted pyrites
    assert {c for c in lines_named("稀土", under=("28",))} <= lines_of("稀土")
    assert lines_of("电解锰") == {"81110010"} and "未锻轧锰" in tariff_lines["81110010"]


def test_every_nested_group_lies_inside_its_parent_on_the_real_tariff(lines_of):
    nested = [g for g in GROUPS.values() if g.parent is not None]
    assert len(nested) >= 40
    for group in nested:
        mine = lines_of(group.name)
        assert mine, group.name
        assert mine <= lines_of(group.parent), (group.name, sorted(mine - lines_of(group.parent))[:5])


def test_labour_intensive_products_are_their_seven_classes_and_no_farm_product(lines_of):
    classes = ["服装及衣着附件", "纺织品", "箱包", "鞋靴", "玩具", "家具", "塑料制品"]
    assert lines_of("劳动密集型产品") == set().union(*(lines_of(c) for c in classes))
    assert not lines_of("劳动密集型产品") & lines_of("农产品")
    assert lines_of("新三样") == lines_of("新能源汽车") | lines_of("锂离子蓄电池") | lines_of("太阳能电池")


@pytest.mark.parametrize(
    "text, name",
    [("劳密产品", "劳动密集型产品"), ("锂电池", "锂离子蓄电池"), ("电动载人汽车", "新能源汽车"), ("芯片", "集成电路"),
     ("纺织纱线、织物及其制品", "纺织品"), ("煤", "煤及褐煤"), ("铁矿石", "铁矿砂"), ("LNG", "液化天然气"),
     ("家电", "家用电器"), ("汽车（整车）", "汽车"), ("汽车零部件", "汽车零配件"), ("化肥", "肥料"),
     ("外贸新三样", "新三样"), ("笔记本", "笔记本电脑"), ("电脑及其零部件", "自动数据处理设备及其零部件"),
     ("箱包及类似容器", "箱包"),
     ("服装", "服装及衣着附件"), ("药品", "医药品"), ("谷物", "谷物及谷物粉"), ("High-tech products", "高新技术产品")],
)
def test_nationwide_aliases_resolve(text, name):
    assert resolve_group(text).name == name


def test_groups_know_their_parent_and_children():
    assert GROUPS["集成电路"].parent == "机电产品"
    assert GROUPS["机电产品"].parent is None and GROUPS["农产品"].parent is None
    children = {g.name for g in GROUPS["机电产品"].children}
    assert {"集成电路", "手机", "汽车零配件", "自动数据处理设备及其零部件"} <= children
    assert [g.name for g in products.children_of("水产品")] == ["冷水鱼（鳟鱼类）"]
    assert [g.name for g in products.children_of("劳密产品")] == ["箱包", "鞋靴", "玩具", "家具", "塑料制品",
                                                                 "纺织服装"]
    assert products.ancestors_of("冻鳟鱼") == ["水产品", "农产品"]
    assert products.ancestors_of("笔记本电脑") == ["自动数据处理设备及其零部件", "机电产品"]
    assert products.children_of("原油") == []


def test_every_group_states_its_basis_and_a_note():
    assert {g.basis for g in GROUPS.values()} == set(products.BASES)
    assert all(g.note for g in GROUPS.values())
    assert GROUPS["机电产品"].basis == "approximation" and GROUPS["高新技术产品"].basis == "approximation"
    assert "approximation" in GROUPS["高新技术产品"].note and "8-digit" in GROUPS["高新技术产品"].note


# ---------------------------------------------------------------- a table that says something impossible is refused

def table(*groups: str) -> str:
    return "\n".join(f'[[group]]\nname_en = "x"\nnote = "n"\nbasis = "own"\n{g}\n' for g in groups)


@pytest.mark.parametrize(
    "parent, child, stray",
    [
        ('include = ["85"]', 'include = ["8517", "9013"]', "9013"),  # a prefix under no prefix of the parent
        ('include = ["85"]\nexclude = ["8517"]', 'include = ["851713"]', "851713"),  # under a parent's exclusion
        ('include = ["85"]\nexclude = ["851713"]', 'include = ["8517"]', "851713"),  # a parent's exclusion cuts it
        ('include = ["030211", "030219"]', 'include = ["0302"]', "0302"),  # covered only by narrower prefixes
    ],
)
def test_a_child_outside_its_parent_is_refused(parent, child, stray):
    text = table(f'name = "P"\n{parent}', f'name = "C"\nparent = "P"\n{child}')
    with pytest.raises(products.ProductTableError, match=f"C: codes {stray}") as caught:
        products.read_table(text)
    assert caught.value.code == "group-outside-parent"


def test_a_child_that_leaves_out_its_parents_exclusion_is_accepted():
    groups = products.read_table(table('name = "P"\ninclude = ["85"]\nexclude = ["851713"]',
                                       'name = "C"\nparent = "P"\ninclude = ["8517"]\nexclude = ["85171"]'))
    assert groups["C"].parent == "P" and groups["P"].parent is None


@pytest.mark.parametrize(
    "text, code",
    [
        (table('name = "C"\nparent = "P"\ninclude = ["85"]'), "group-unknown-parent"),
        (table('name = "A"\nparent = "B"\ninclude = ["85"]', 'name = "B"\nparent = "A"\ninclude = ["85"]'),
         "group-parent-cycle"),
        (table('name = "A"\nparent = "A"\ninclude = ["85"]'), "group-parent-cycle"),
        ('[[group]]\nname = "A"\nname_en = "a"\nnote = "n"\nbasis = "guess"\ninclude = ["85"]\n', "group-bad-basis"),
        ('[[group]]\nname = "A"\nname_en = "a"\nnote = "n"\ninclude = ["85"]\n', "group-bad-basis"),
    ],
)
def test_bad_nesting_and_bases_are_refused_with_their_code(text, code):
    with pytest.raises(products.ProductTableError) as caught:
        products.read_table(text)
    assert caught.value.code == code and f"[{code}]" in str(caught.value)
