"""queries.group_members (the SQL side of product groups) against ProductGroup.matches (the Python side)."""

from __future__ import annotations

import ibis
import pyarrow as pa

from waimao.indicators import queries as q
from waimao.model.products import GROUPS, ProductGroup

#: Two more groups with exclusions beside the real ones (纺织品, 家用电器); these overlap the real 多晶硅 (28046190).
WITH_EXCLUSIONS = [
    ProductGroup("硅（多晶硅除外）", "silicon except polysilicon", (), ("2804",), ("280461",), ""),
    ProductGroup("蓄电池（锂电除外）", "batteries except lithium", (), ("8507", "8506"), ("850760", "85065"), ""),
]


def codes_near_every_prefix(groups: list[ProductGroup]) -> list[str]:
    """For each group's include and exclude prefixes, 8-digit codes inside, and one just outside each."""
    codes = set()
    for group in groups:
        for prefix in (*group.include, *group.exclude):
            codes.add(prefix.ljust(8, "0"))
            codes.add(prefix.ljust(8, "9"))
            last = str((int(prefix[-1]) + 1) % 10)
            codes.add((prefix[:-1] + last).ljust(8, "0"))
    return sorted(codes)


def test_group_members_agree_with_matches_on_codes_around_every_prefix():
    groups = [*GROUPS.values(), *WITH_EXCLUSIONS]
    codes = codes_near_every_prefix(groups)
    con = ibis.duckdb.connect()
    products = ibis.memtable(pa.table({"product": codes}))
    got = {(r["product"], r["group"]) for r in con.to_pyarrow(q.group_members(products, groups)).to_pylist()}
    expected = {(c, i) for c in codes for i, g in enumerate(groups) if g.matches(c)}
    assert got == expected
    excluded = {(c, i) for c in codes for i, g in enumerate(groups)
                if g.exclude and c.startswith(g.include) and c.startswith(g.exclude)}
    assert excluded and not (excluded & got)
