"""主要进出口商品表: product groups as a hierarchy, parts printed as 其中 rows under their parents.

Product groups nest (`parent` in model/data/product_groups.toml: 锂离子蓄电池 in 机电产品, 冷水鱼 in
水产品 in 农产品) and overlap (消费品 and 农产品 share food). A table that lists a part beside the
group containing it invites a reader to add them (the review found an export block summing to
140.5 %), so a part is printed under its parent, one level deeper; a part with exactly its parent's
trade is merged into the parent's row; and groups that overlap without nesting are named in the
notes line, since no row layout can show that.
"""

from __future__ import annotations

from waimao.indicators import Breakdown, FigureSet
from waimao.indicators.labels import english_name
from waimao.model import products
from waimao.reports.table_blocks import Blocks, TableSets
from waimao.reports.table_cells import Builder, Column, Row, StatTable, growth_cell, members


def _ancestors(name: str) -> list[str]:
    """The parents of a product group, nearest first (冷水鱼 → 水产品 → 农产品)."""
    out, parent = [], products.resolve_group(name).parent
    while parent is not None and parent not in out:
        out.append(parent)
        parent = products.GROUPS[parent].parent
    return out


def _same_trade(fs: FigureSet, flow: str, a: str, b: str) -> bool:
    """Whether a group and its part stand for the very same trade in `flow` (水产品 exports all trout)."""
    va, vb = (fs.find(flow, Breakdown("product_group", n), "value") for n in (a, b))
    return va is not None and vb is not None and va.yuan == vb.yuan


def _product_tree(fs: FigureSet, flow: str, top: int) -> list[tuple[str, int, str | None, str | None]]:
    """The groups of one flow in print order: (name, depth, parent, merged part).

    The largest `top` groups (unions left out: they restate their parts), each with the parents it
    lies in, so a part is printed as 其中 under its parent and never beside it. A part with exactly
    its parent's trade is merged into the parent's row (水产品（全部为冷水鱼）) instead of repeating it.
    """
    chosen = [m.name for m in members(fs, "product_group", flow, None)
              if not products.resolve_group(m.name).union][:top]
    present = {m.name for m in members(fs, "product_group", flow, None)}
    names = list(dict.fromkeys(a for n in chosen for a in [n, *_ancestors(n)] if a in present))
    parent_of = {n: next((a for a in _ancestors(n) if a in names), None) for n in names}
    merged = {}
    for n in names:
        p = parent_of[n]
        if p is not None and p not in merged and _same_trade(fs, flow, p, n) \
                and sum(parent_of[m] == p for m in names) == 1:
            merged[p] = n
    by_value = sorted(names, key=lambda n: (-fs.find(flow, Breakdown("product_group", n), "value").yuan, n))
    out: list[tuple[str, int, str | None, str | None]] = []

    def walk(parent: str | None, depth: int) -> None:
        for n in by_value:
            if parent_of[n] == parent and n not in merged.values():
                out.append((n, depth, parent, merged.get(n)))
                walk(n, depth + 1)
                if n in merged:
                    walk(merged[n], depth + 1)

    walk(None, 1)
    return out


def _overlaps(names: list[str]) -> list[tuple[str, str]]:
    """Pairs of listed groups, neither inside the other, that share some HS codes (消费品 and 农产品 share
    food): the notes line names them, since no 其中 row can show it. Two include prefixes meet in the
    codes under the longer one, and those are in both groups unless an exclusion of either covers it
    (劳动密集型产品 takes chapter 50 but not raw silk 5001–5003, which 农产品 holds: no overlap there)."""
    out: list[tuple[str, str]] = []
    listed = list(dict.fromkeys(names))
    for i, a in enumerate(listed):
        for b in listed[i + 1:]:
            ga, gb = products.resolve_group(a), products.resolve_group(b)
            meets = (max(x, y, key=len) for x in ga.include for y in gb.include if x.startswith(y) or y.startswith(x))
            if any(not m.startswith(ga.exclude + gb.exclude) for m in meets):
                out.append((a, b))
    return out


def product_table(fs: FigureSet, top: int = 15, sets: TableSets | None = None) -> StatTable:
    """主要商品表: the largest product groups in exports, then in imports, parts as 其中 under their parents;
    quantity, unit and quantity growth where the figures have them (groups of one unit); with `sets`,
    the 当月, 上年同期 and USD blocks (table_blocks.py) beside the 累计 columns."""
    b = Builder(fs)
    blocks = Blocks(b, sets) if sets is not None and sets.any() else None
    columns = blocks.columns(None) if blocks else [
        Column("value", "金额", "Value", "money"), Column("yoy", "同比", "y/y %", "pct"),
        Column("share", "占比", "Share %", "pct")]
    table = StatTable("products", f"{fs.period.label_zh(with_year=True)}{fs.subject.name_zh}主要进出口商品表",
                      f"Main export and import products, {fs.period.label_en()}", b.unit, columns,
                      parts_add_up=False, usd_unit=blocks.usd_unit if blocks else "")
    if sets is not None:
        table.extra_notes += sets.notes
    table.extra_notes.append(("“其中”项已含在上一级商品类别内，不可与之相加",
                              "“of which” rows are parts of the group above and already counted in it"))
    quantities = False
    for flow, zh, en in (("export", "出口", "Exports"), ("import", "进口", "Imports")):
        table.rows.append(Row(f"{zh}总值", f"{en}, total", {"value": b.money(fs.find(flow, None, "value")),
                                                            "yoy": growth_cell(fs, flow, None),
                                                            "share": b.share(flow, None),
                                                            **(blocks.cells(flow, None, "") if blocks else {})}))
        first_part: set[str | None] = set()
        for name, depth, parent, part in _product_tree(fs, flow, top):
            member = Breakdown("product_group", name)
            cells = {"value": b.money(fs.find(flow, member, "value")), "yoy": growth_cell(fs, flow, member),
                     "share": b.share(flow, member), **b.quantity(flow, member),
                     **(blocks.cells(flow, member, "") if blocks else {})}
            quantities = quantities or cells["quantity"].value is not None
            zh_name, en_name = name, english_name(member)
            if part is not None:
                zh_name += f"（全部为{part}）"
                en_name += f" (all {english_name(Breakdown('product_group', part))})"
            if parent is not None and parent not in first_part:
                first_part.add(parent)
                zh_name, en_name = f"其中：{zh_name}", f"of which: {en_name}"
            table.rows.append(Row(zh_name, en_name, cells, level=depth, name=name, part_of=parent,
                                  name_en=english_name(member)))
    overlaps = _overlaps([r.name for r in table.rows if r.level == 1])
    if overlaps:
        table.extra_notes.append(("、".join(f"{a}与{b}" for a, b in overlaps) + "口径有交叉，不可相加",
                                  "; ".join(f"{english_name(Breakdown('product_group', a))} and "
                                            f"{english_name(Breakdown('product_group', b))}" for a, b in overlaps)
                                  + " overlap and do not add up"))
    if quantities:
        table.columns += [Column("quantity", "数量", "Quantity", "quantity"),
                          Column("quantity_unit", "计量单位", "Unit", "text"),
                          Column("quantity_yoy", "数量同比", "Quantity y/y %", "pct")]
    return table



__all__ = ["product_table"]
