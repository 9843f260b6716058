"""The hand-written DuckDB reference: every sum the bulletin's figure set needs, in two scans.

This is the baseline waimao is measured against, so it is written the way an expert would
write it for DuckDB alone, with no engine-neutral layer:

1. one GROUPING SETS pass over the subject's rows of the 36 months (monthly product sums for
   streaks and product groups; partner × product, trade mode, enterprise type, child region and
   enterprise ids for the two compared quarters — keys outside those quarters are nulled, so
   they collapse into one group instead of costing hash-table room);
2. one pass over the national rows of the two compared quarters (province × product) for the
   peer ranks and national shares.

Product groups are never tested row by row: the few thousand distinct products of the two
aggregates are mapped to their groups (prefix table, SQL) and the group sums are taken on the
aggregates. Sums are DECIMAL, so they are exactly those of waimao.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import duckdb
import pyarrow as pa

from waimao.indicators.queries import KG_PER_UNIT
from waimao.indicators.sums import WINDOW_MONTHS, months_back
from waimao.model.periods import Period
from waimao.model.products import GROUPS
from waimao.model.regions import children, resolve_region


@dataclass
class Window:
    prefix: str
    child_length: int
    months: tuple[date, ...]
    cur: tuple[date, ...]
    base: tuple[date, ...]


def window(region: str, period: str) -> Window:
    subject, p = resolve_region(region), Period.parse(period)
    kids = [r for r in children(subject.code) if r.level != "nation"]
    prefix = subject.record_prefix
    return Window(prefix, len(kids[0].record_prefix) if kids else len(prefix) or 2,
                  months_back(p.last_month, WINDOW_MONTHS), p.months, p.previous_year().months)


def _dates(months) -> str:
    return ", ".join(f"DATE '{m:%Y-%m-%d}'" for m in months)


def _kg() -> str:
    cases = " ".join(f"WHEN '{name}' THEN qty1 * {factor}" for name, factor in KG_PER_UNIT.items())
    return f"(CASE unit1 {cases} END)::DECIMAL(38,3)"


def _group_prefixes() -> str:
    rows = [f"({i}, '{p}', {str(excl).lower()})" for i, g in enumerate(GROUPS.values())
            for excl, prefixes in ((False, g.include), (True, g.exclude)) for p in prefixes]
    return "VALUES " + ", ".join(rows)


_KEYS = ("month", "side", "product", "product_k", "partner", "trade_mode", "enterprise_type", "enterprise_id", "child")
SET_MONTHLY = ("month", "product")
SET_PARTNER = ("side", "partner", "product_k")
SET_ENTERPRISE = ("side", "enterprise_type", "enterprise_id")


def _g(grouped: tuple[str, ...]) -> int:
    """GROUPING() of a set: a bit per key (first key highest), set when the key is aggregated away."""
    grouped = {*grouped, "side"} - ({"side"} if "month" in grouped else set())
    return sum(1 << (len(_KEYS) - 1 - i) for i, k in enumerate(_KEYS) if k not in grouped)


def sql(w: Window, dataset: str = "records") -> list[str]:
    """The statements, in order; the last few SELECTs are the results (see `run`)."""
    side = f"CASE WHEN month IN ({_dates(w.cur)}) THEN 'cur' WHEN month IN ({_dates(w.base)}) THEN 'base' END"
    region_filter = f"AND starts_with(region, '{w.prefix}')" if w.prefix else ""
    return [
        f"""CREATE OR REPLACE TEMP TABLE subj AS
WITH rows AS (
  SELECT month, flow, product, value_cny AS v, {_kg()} AS kg, {side} AS side,
         partner, trade_mode, enterprise_type, enterprise_id, substr(region, 1, {w.child_length}) AS child
  FROM trade
  WHERE load_id IN (SELECT load_id FROM loads WHERE status = 'active' AND dataset = '{dataset}'
                    AND list_contains(provinces, '{w.prefix[:2]}'))
    AND month IN ({_dates(w.months)}) {region_filter}),
keyed AS (
  SELECT month, flow, product, v, kg, side,
         CASE WHEN side IS NOT NULL THEN product END AS product_k,
         CASE WHEN side IS NOT NULL THEN partner END AS partner,
         CASE WHEN side IS NOT NULL THEN trade_mode END AS trade_mode,
         CASE WHEN side IS NOT NULL THEN enterprise_type END AS enterprise_type,
         CASE WHEN side IS NOT NULL THEN enterprise_id END AS enterprise_id,
         CASE WHEN side IS NOT NULL THEN child END AS child
  FROM rows)
SELECT GROUPING({", ".join(_KEYS)}) AS g,
       month, side, flow, product, product_k, partner, trade_mode, enterprise_type, enterprise_id, child,
       sum(v) AS v, sum(kg) AS kg
FROM keyed
GROUP BY GROUPING SETS ((month, flow, product), (side, flow, partner, product_k), (side, flow, trade_mode),
                        (side, flow, enterprise_type), (side, flow, child), (side, flow, enterprise_type, enterprise_id))""",
        f"""CREATE OR REPLACE TEMP TABLE nat AS
SELECT substr(region, 1, 2) AS province, flow, {side} AS side, product, sum(value_cny) AS v
FROM trade
WHERE load_id IN (SELECT load_id FROM loads WHERE status = 'active' AND dataset = '{dataset}' AND len(provinces) > 1)
  AND month IN ({_dates(w.cur + w.base)})
GROUP BY ALL""",
        f"""CREATE OR REPLACE TEMP TABLE pm AS
WITH prefixes(gid, prefix, excl) AS ({_group_prefixes()}),
products AS (SELECT DISTINCT product FROM subj WHERE product IS NOT NULL
             UNION SELECT DISTINCT product FROM nat)
SELECT DISTINCT p.product, i.gid FROM products p JOIN prefixes i ON NOT i.excl AND starts_with(p.product, i.prefix)
WHERE NOT EXISTS (SELECT 1 FROM prefixes e WHERE e.excl AND e.gid = i.gid AND starts_with(p.product, e.prefix))""",
        # results
        f"""SELECT 'total' AS kind, '' AS member, flow, {side} AS side, sum(v) AS v, sum(kg) AS kg
FROM subj WHERE g = {_g(SET_MONTHLY)} AND {side} IS NOT NULL GROUP BY ALL
UNION ALL SELECT 'product', product, flow, {side}, sum(v), sum(kg) FROM subj
  WHERE g = {_g(SET_MONTHLY)} AND {side} IS NOT NULL GROUP BY ALL
UNION ALL SELECT 'partner', partner, flow, side, sum(v), sum(kg) FROM subj
  WHERE g = {_g(SET_PARTNER)} AND side IS NOT NULL GROUP BY ALL
UNION ALL SELECT 'trade_mode', trade_mode, flow, side, v, kg FROM subj WHERE g = {_g(("trade_mode",))} AND side IS NOT NULL
UNION ALL SELECT 'enterprise_type', enterprise_type, flow, side, v, kg FROM subj
  WHERE g = {_g(("enterprise_type",))} AND side IS NOT NULL
UNION ALL SELECT 'region', child, flow, side, v, kg FROM subj WHERE g = {_g(("child",))} AND side IS NOT NULL""",
        f"""SELECT s.month, s.flow, m.gid, sum(s.v) AS v, sum(s.kg) AS kg
FROM subj s JOIN pm m USING (product) WHERE s.g = {_g(SET_MONTHLY)} GROUP BY ALL
UNION ALL SELECT month, flow, -1, sum(v), sum(kg) FROM subj WHERE g = {_g(SET_MONTHLY)} GROUP BY ALL""",
        f"""SELECT s.side, s.flow, s.partner, m.gid, sum(s.v) AS v
FROM subj s JOIN pm m ON m.product = s.product_k WHERE s.g = {_g(SET_PARTNER)} AND s.side IS NOT NULL GROUP BY ALL""",
        f"""SELECT side, coalesce(flow, 'total') AS flow, coalesce(enterprise_type, '') AS enterprise_type,
       count(DISTINCT enterprise_id) AS count
FROM subj WHERE g = {_g(SET_ENTERPRISE)} AND side IS NOT NULL
GROUP BY GROUPING SETS ((side, flow, enterprise_type), (side, enterprise_type), (side, flow), (side))""",
        """SELECT province, flow, side, -1 AS gid, sum(v) AS v FROM nat WHERE side IS NOT NULL GROUP BY ALL
UNION ALL SELECT n.province, n.flow, n.side, m.gid, sum(n.v) FROM nat n JOIN pm m USING (product)
WHERE n.side IS NOT NULL GROUP BY ALL""",
    ]


RESULTS = ("members", "monthly_groups", "group_partners", "enterprise_counts", "province_sums")


def run(con: duckdb.DuckDBPyConnection, region: str, period: str) -> dict[str, pa.Table]:
    """Every sum of the figure set, as Arrow tables named by RESULTS."""
    statements = sql(window(region, period))
    setup, selects = statements[:3], statements[3:]
    for statement in setup:
        con.execute(statement)
    return {name: con.sql(s).to_arrow_table() for name, s in zip(RESULTS, selects, strict=True)}


def key_figures(results: dict[str, pa.Table], period: str, partner: str | None = None,
                group: str = "机电产品") -> dict:
    """The figures the implementations are compared on: yuan values, growth as a ratio, a count."""
    pair: dict[tuple, Decimal] = {}
    for r in results["members"].to_pylist():
        for flow in (r["flow"], "total"):
            key = (r["kind"], r["member"], flow, r["side"])
            pair[key] = pair.get(key, Decimal(0)) + Decimal(r["v"] or 0)
    out: dict = {}
    for flow in ("total", "export", "import"):
        cur, base = pair.get(("total", "", flow, "cur"), Decimal(0)), pair.get(("total", "", flow, "base"), Decimal(0))
        out[f"value.{flow}"] = cur
        out[f"growth.{flow}"] = cur / base - 1 if base else None
    partners = {k[1]: v for k, v in pair.items() if k[0] == "partner" and k[2] == "total" and k[3] == "cur"}
    partner = partner or max(partners, key=lambda c: (partners[c], c))
    out[f"partner.{partner}"] = partners.get(partner, Decimal(0))
    gid, cur_months = list(GROUPS).index(group), set(Period.parse(period).months)
    out[f"group.{group}"] = sum((Decimal(r["v"] or 0) for r in results["monthly_groups"].to_pylist()
                                 if r["gid"] == gid and r["month"] in cur_months), Decimal(0))
    counts = {(r["side"], r["flow"], r["enterprise_type"]): r["count"]
              for r in results["enterprise_counts"].to_pylist()}
    out["enterprises.total"] = counts.get(("cur", "total", ""))
    return out
