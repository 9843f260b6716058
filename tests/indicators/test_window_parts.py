"""The subject's window read once: the merged statement (`queries.window_parts`) against plain SQL.

On record-level data the members, the monthly series, the product groups' partners and the
enterprise counts share one window key, so `Sums` asks for them in one statement. These tests
count the statements a figure set runs and hold every part to sums written independently, as
plain SQL over `trade` (product groups matched in Python with `ProductGroup.covers`).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from decimal import Decimal

import pytest

from waimao.api import open_warehouse
from waimao.indicators import figureset
from waimao.indicators.planner import plan
from waimao.indicators.sums import Sums, query
from waimao.model.periods import Period
from waimao.model.products import GROUPS
from waimao.model.regions import resolve_region

SUBJECTS = [("青海省", "2025Q2"), ("西宁市", "2025H1"), ("青海省", "2024")]


class Counting:
    """The warehouse, counting the statements the figure set sends it."""

    def __init__(self, warehouse):
        self.warehouse, self.keys = warehouse, []

    def table(self, name):
        return self.warehouse.table(name)

    def query_rows(self, key, build):
        self.keys.append(key[1])
        return self.warehouse.query_rows(key, build)


def _sums(warehouse, region: str, period: str) -> Sums:
    subject, p = resolve_region(region), Period.parse(period)
    loads = query(warehouse, ("active_loads",), figureset._active_loads)
    return Sums(warehouse, plan(loads, subject, p, figureset.NEEDS), list(GROUPS.values()))


def _where(sums: Sums, months) -> str:
    load_ids, prefixes = sums.window("subject")[0], sums.plan.subject.record_prefixes
    regions = " OR ".join(f"starts_with(region, '{p}')" for p in prefixes) or "TRUE"
    dates = ", ".join(f"DATE '{m:%Y-%m-%d}'" for m in months)
    return f"load_id IN ({', '.join(map(str, load_ids))}) AND month IN ({dates}) AND ({regions})"


def _side(sums: Sums) -> str:
    period, base = sums.period, sums.period.previous_year()
    cur = ", ".join(f"DATE '{m:%Y-%m-%d}'" for m in period.months)
    old = ", ".join(f"DATE '{m:%Y-%m-%d}'" for m in base.months)
    return f"CASE WHEN month IN ({cur}) THEN 'cur' WHEN month IN ({old}) THEN 'base' END"


def test_record_level_figure_set_reads_the_subjects_window_in_one_statement(demo_db):
    with open_warehouse(demo_db, read_only=True) as warehouse:
        counting = Counting(warehouse)
        figureset.compute_figures(counting, "青海省", "2025Q2")
    counted = Counter(counting.keys)
    assert counted["window_parts"] == 1
    assert not {"members", "monthly", "group_partners", "enterprises"} & set(counted)


@pytest.mark.parametrize("region, period", SUBJECTS)
def test_each_part_equals_plain_sql(demo_db, region, period):
    with open_warehouse(demo_db, read_only=True) as warehouse:
        sums = _sums(warehouse, region, period)
        assert set(sums._windowed()) == {"members", "monthly", "group_partners", "enterprises"}
        con = warehouse._con
        compared = sums.period.months + sums.period.previous_year().months
        where, side = _where(sums, compared), _side(sums)

        # members: each partner's and trade mode's value by flow, current and base
        members = sums.members()
        for kind in ("partner", "trade_mode", "product"):
            expected = defaultdict(lambda: [Decimal(0), Decimal(0)])
            for member, flow, at, value in con.execute(
                    f"SELECT {kind}, flow, {side}, sum(value_cny) FROM trade WHERE {where} GROUP BY ALL").fetchall():
                if member is None:
                    continue
                for f in (flow, "total"):
                    expected[(member, f)][0 if at == "cur" else 1] += value
            got = {(m, f): [p.cur, p.base] for (k, m, f), p in members.items() if k == kind}
            assert got == dict(expected), kind

        # the monthly series of the subject over the 36 months of the window
        months = sums.window("subject")[3]
        expected = defaultdict(Decimal)
        for month, flow, value in con.execute(
                f"SELECT month, flow, sum(value_cny) FROM trade WHERE {_where(sums, months)} GROUP BY ALL").fetchall():
            expected[(month, flow)] += value
            expected[(month, "total")] += value
        assert {k: v for k, v in sums.monthly()["value"].items() if v or k in expected} == dict(expected)

        # each product group's partners: codes matched to groups in Python, not by the query's join
        groups = list(GROUPS.values())
        expected = Counter()
        for product, partner, flow, at, value in con.execute(
                f"SELECT product, partner, flow, {side}, sum(value_cny) FROM trade WHERE {where} "
                "GROUP BY ALL").fetchall():
            for i, group in enumerate(groups):
                if product is not None and group.covers(product):
                    expected[(i, partner, flow, at)] += value
        got = Counter()
        for r in sums.group_partners():
            got[(r["group"], r["partner"], r["flow"], r["side"])] += r["value"]
        assert +got == +expected

        # distinct enterprises by flow ('total' = either) and side
        expected = {}
        for flow_filter, flow in (("TRUE", "total"), ("flow = 'export'", "export"), ("flow = 'import'", "import")):
            for at, n in con.execute(
                    f"SELECT {side}, count(DISTINCT enterprise_id) FROM trade WHERE {where} AND {flow_filter} "
                    "AND enterprise_id IS NOT NULL GROUP BY ALL").fetchall():
                expected[(flow, at)] = n
        got = {(r["flow"], r["side"]): r["count"] for r in sums.enterprise_counts() if r["enterprise_type"] == ""}
        assert got == expected


def test_a_temporary_table_lost_with_a_rollback_is_made_again(demo_db, tmp_path):
    copy = tmp_path / "w.duckdb"
    copy.write_bytes(demo_db.read_bytes())
    with open_warehouse(copy) as warehouse:
        first = figureset.compute_figures(warehouse, "青海省", "2025Q2")
        warehouse._con.execute("BEGIN")
        for name in list(warehouse._temporary):
            warehouse._con.execute(f'DROP TABLE temp.main."{name}"')
        warehouse._con.execute("ROLLBACK")  # the tables are back: now lose them for good
        for name in list(warehouse._temporary):
            warehouse._con.execute(f'DROP TABLE temp.main."{name}"')
        again = figureset.compute_figures(warehouse, "青海省", "2025Q2")
    assert [f.to_dict() for f in again.figures] == [f.to_dict() for f in first.figures]
