"""The statistical tables as data (Qinghai 2025Q1 of the demo): 其中 nesting, merged rows, marks, totals.

Expected structure comes from the product table (model/data/product_groups.toml: 锂离子蓄电池 ⊂
机电产品, 冷水鱼 ⊂ 水产品 ⊂ 农产品) and the demo's figures read back with `FigureSet.find`, not from
the table code: in 2025Q1 every aquatic export is trout, so 水产品 and 冷水鱼 are one trade.
"""

from __future__ import annotations

import pytest

from waimao.indicators import Breakdown
from waimao.model import products
from waimao.reports.tables import MARK_NOTES, NO_BASE, NO_DATA, Cell, statistical_tables


@pytest.fixture(scope="module")
def release(demo_release):
    return demo_release("青海省", "2025Q1")


@pytest.fixture(scope="module")
def tables(release):
    return {t.name: t for t in release.tables}


def _blocks(table):
    """The product table's rows per flow: {'出口总值': [rows], '进口总值': [rows]}."""
    out, current = {}, None
    for row in table.rows:
        if row.level == 0:
            current = out.setdefault(row.zh, [])
        else:
            current.append(row)
    return out


def test_every_parent_is_known_and_contains_its_part():
    for group in products.GROUPS.values():
        if group.parent is not None:
            parent = products.GROUPS[group.parent]
            assert all(parent.covers(prefix.ljust(8, "0")) for prefix in group.include), group.name


def test_parts_are_printed_as_qizhong_under_their_parent(tables):
    exports = _blocks(tables["products"])["出口总值"]
    names = [r.name for r in exports]
    battery = exports[names.index("锂离子蓄电池")]
    machinery = exports[names.index("机电产品")]
    assert (battery.level, battery.part_of, battery.zh) == (2, "机电产品", "其中：锂离子蓄电池")
    assert names.index("机电产品") < names.index("锂离子蓄电池")
    # every part sits below its parent, one level deeper, and no row of the block is an unmarked part
    for i, row in enumerate(exports):
        ancestors = []
        parent = products.GROUPS[row.name].parent
        while parent:
            ancestors.append(parent)
            parent = products.GROUPS[parent].parent
        listed = [a for a in ancestors if a in names]
        if listed:
            assert row.part_of == listed[0] and row.level == exports[names.index(listed[0])].level + 1, row.zh
            assert names.index(listed[0]) < i
        else:
            assert row.level == 1 and row.part_of is None, row.zh
    assert machinery.level == 1


def test_top_level_shares_no_longer_add_past_the_whole(tables):
    """The review found the export block summing to 140.5 % of exports (parts beside their parents).

    Imports still pass 100 % at the top level: 消费品 and 农产品 share food without either holding the
    other, so neither can be a 其中 of the other; the notes line says the groups overlap.
    """
    rows = _blocks(tables["products"])["出口总值"]
    top = sum(r.cells["share"].value for r in rows if r.level == 1)
    every = sum(r.cells["share"].value for r in rows)
    assert top <= 100.0
    assert every > 100.0  # with the 其中 rows it would pass the whole: they are marked, not summed
    assert any("不可相加" in note for note in tables["products"].notes("zh"))


def test_a_part_with_its_parents_very_trade_is_one_row(tables, demo_db):
    from waimao import api

    fs = api.figures("青海省", "2025Q1", db=demo_db)
    exports = _blocks(tables["products"])["出口总值"]
    fish = [r for r in exports if "冷水鱼" in r.zh or r.name == "水产品"]
    assert [r.zh for r in fish] == ["其中：水产品（全部为冷水鱼（鳟鱼类））"]
    # because the two figures are the same trade (as the demo is built), not by the table's say-so
    trout, aquatic = (fs.find("export", Breakdown("product_group", n), "value") for n in ("冷水鱼（鳟鱼类）", "水产品"))
    assert trout.value == aquatic.value
    imports = _blocks(tables["products"])["进口总值"]
    assert any(r.name == "水产品" and r.zh == "水产品" for r in imports)  # imports are not all trout: no merge
    table_rows = [(r.name, tuple(c.value for c in r.cells.values())) for r in exports]
    assert len(table_rows) == len({values for _, values in table_rows})  # no two identical rows left


def test_totals_come_first_with_a_share_of_100(tables):
    for name in ("partners", "regions", "enterprises", "trade_modes"):
        total = tables[name].rows[0]
        assert total.level == 0 and total.zh == "合计"
        for flow in ("total", "export", "import"):
            assert total.cells[f"{flow}_share"].display("pct") == "100.0", name
    for row in tables["products"].rows:
        if row.level == 0:
            assert row.cells["share"].display("pct") == "100.0"
    monthly = tables["monthly"].rows
    assert monthly[0].zh == "2025年1—3月累计" and [r.zh for r in monthly[1:]] == ["2025年1月", "2025年2月", "2025年3月"]


def test_missing_values_show_one_documented_mark(tables):
    for table in tables.values():
        printed = {row.cells.get(c.key, Cell(None)).display(c.kind) for row in table.rows for c in table.columns}
        assert "" not in printed and "-0.0" not in printed, table.name
        used = [m for m in MARK_NOTES if m in printed]
        assert table.marks() == used
        for mark in used:
            assert MARK_NOTES[mark][0] in table.notes("zh") and MARK_NOTES[mark][1] in table.notes("en")
    partners = {r.zh: r for r in tables["partners"].rows}
    assert partners["刚果民主共和国"].cells["total_yoy"].display("pct") == NO_BASE  # new partner: no base year
    regions = {r.zh: r for r in tables["regions"].rows}
    assert regions["海北州"].cells["import_value"].display("money") == NO_DATA  # no imports in either year


def test_quantity_columns_hold_the_figures_quantity_and_unit(tables, release, demo_db):
    from waimao import api

    fs = api.figures("青海省", "2025Q1", db=demo_db)
    table = tables["products"]
    assert [c.key for c in table.columns][-3:] == ["quantity", "quantity_unit", "quantity_yoy"]
    polysilicon = next(r for r in _blocks(table)["出口总值"] if r.name == "多晶硅")
    figure = fs.find("export", Breakdown("product_group", "多晶硅"), "quantity")
    assert polysilicon.cells["quantity"].value == figure.value
    assert polysilicon.cells["quantity_unit"].display("text") == figure.unit == "吨"
    machinery = next(r for r in _blocks(table)["出口总值"] if r.name == "机电产品")
    assert fs.find("export", Breakdown("product_group", "机电产品"), "quantity") is None  # mixed units
    assert machinery.cells["quantity"].display("quantity") == NO_DATA


def test_tables_are_rebuilt_the_same_from_the_figures(release, demo_db):
    from waimao import api

    again = statistical_tables(api.figures("青海省", "2025Q1", db=demo_db))
    assert [[r.zh for r in t.rows] for t in again] == [[r.zh for r in t.rows] for t in release.tables]


def test_the_region_table_lists_who_traded_as_the_text_counts_them(tables, release, demo_db):
    from waimao import api

    fs = api.figures("青海省", "2025Q1", db=demo_db)
    listed = [r.name for r in tables["regions"].rows if r.level == 1]
    assert len(listed) == fs.find("total", None, "region_count").value == 6  # 全省共6个市州开展外贸业务
    assert "果洛州" not in listed and "黄南州" not in listed  # no trade in 2025Q1, some a year earlier
    assert "果洛州、黄南州本期无进出口，上年同期有进出口" in tables["regions"].notes("zh")
    regions = next(c for c in release.charts if c.name == "regions")
    assert list(regions.categories_zh) == listed  # the chart draws the same regions


def test_groups_that_overlap_without_nesting_are_named_in_the_notes(tables):
    """Imports still pass 100 % at the top level; the notes line says which listed groups share trade."""
    note = next(n for n in tables["products"].notes("zh") if n.endswith("口径有交叉，不可相加"))
    pairs = [tuple(pair.split("与")) for pair in note.removesuffix("口径有交叉，不可相加").split("、")]
    assert {("机电产品", "消费品"), ("农产品", "消费品")} <= set(pairs)
    # the known pairs really share codes: beef is food and a consumer good, a passenger car a machine and one
    assert {"农产品", "消费品"} <= set(products.groups_of("02013000"))
    assert {"机电产品", "消费品"} <= set(products.groups_of("87032300"))
    listed = {r.name for r in tables["products"].rows if r.level == 1}
    for a, b in pairs:  # every pair named is two listed groups, neither inside the other, sharing some code
        assert {a, b} <= listed
        codes = [p.ljust(8, "0") for g in (a, b) for p in products.resolve_group(g).include]
        assert any({a, b} <= set(products.groups_of(code)) for code in codes), (a, b)
    imports = _blocks(tables["products"])["进口总值"]
    oil = next(r for r in imports if r.name == "食用油")
    assert (oil.level, oil.part_of) == (2, "农产品")  # contained, so a 其中 row, not an overlap
