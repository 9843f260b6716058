"""The same sums in plain pandas, the way an analyst writes them today.

Reads the month files of the canonical Parquet (money as float64: pandas has no fast decimal),
filters the province, and runs one groupby per breakdown; product groups are
`str.startswith` masks, one per group. The national rows of the two compared quarters are
read again for the province ranks.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from waimao.indicators.queries import KG_PER_UNIT
from waimao.model.products import GROUPS

from reference import window

COLUMNS = ["month", "flow", "region", "partner", "product", "trade_mode", "enterprise_type", "enterprise_id",
           "value_cny", "qty1", "unit1"]


def _read(folder: Path, months) -> pd.DataFrame:
    frames = []
    for m in months:
        table = pq.read_table(folder / f"{m:%Y-%m}.parquet", columns=COLUMNS)
        table = table.set_column(table.schema.get_field_index("value_cny"), "value_cny",
                                 table["value_cny"].cast(pa.float64()))
        table = table.set_column(table.schema.get_field_index("qty1"), "qty1", table["qty1"].cast(pa.float64()))
        frames.append(table.to_pandas())
    return pd.concat(frames, ignore_index=True)


def _in_group(products: pd.Series, group) -> pd.Series:
    mask = products.str.startswith(tuple(group.include))
    if group.exclude:
        mask &= ~products.str.startswith(tuple(group.exclude))
    return mask


def run(folder: Path, region: str, period: str) -> dict[str, pd.DataFrame]:
    w = window(region, period)
    side_of = {**{pd.Timestamp(m).date(): "cur" for m in w.cur}, **{pd.Timestamp(m).date(): "base" for m in w.base}}
    df = _read(folder, w.months)
    df = df[df["region"].str.startswith(w.prefix)]
    df["side"] = df["month"].map(side_of)
    df["kg"] = df["qty1"] * df["unit1"].map(KG_PER_UNIT)
    df["child"] = df["region"].str[: w.child_length]
    compared = df[df["side"].notna()]
    members = []
    for kind, column in (("partner", "partner"), ("product", "product"), ("trade_mode", "trade_mode"),
                         ("enterprise_type", "enterprise_type"), ("region", "child")):
        sums = compared.groupby([column, "flow", "side"], as_index=False)[["value_cny", "kg"]].sum()
        members.append(sums.rename(columns={column: "member"}).assign(kind=kind))
    totals = compared.groupby(["flow", "side"], as_index=False)[["value_cny", "kg"]].sum()
    members.append(totals.assign(kind="total", member=""))
    monthly, partners = [], []
    for gid, group in enumerate(GROUPS.values()):
        rows = df[_in_group(df["product"], group)]
        monthly.append(rows.groupby(["month", "flow"], as_index=False)[["value_cny", "kg"]].sum().assign(gid=gid))
        rows = rows[rows["side"].notna()]
        partners.append(rows.groupby(["side", "flow", "partner"], as_index=False)["value_cny"].sum().assign(gid=gid))
    monthly.append(df.groupby(["month", "flow"], as_index=False)[["value_cny", "kg"]].sum().assign(gid=-1))
    counted = compared[compared["enterprise_id"].notna()]
    counts = [
        counted.groupby(["side", "flow", "enterprise_type"], as_index=False)["enterprise_id"].nunique(),
        counted.groupby(["side", "enterprise_type"], as_index=False)["enterprise_id"].nunique().assign(flow="total"),
        counted.groupby(["side", "flow"], as_index=False)["enterprise_id"].nunique().assign(enterprise_type=""),
        counted.groupby(["side"], as_index=False)["enterprise_id"].nunique().assign(flow="total", enterprise_type=""),
    ]
    nation = _read(folder, w.cur + w.base)
    nation["side"] = nation["month"].map(side_of)
    nation["province"] = nation["region"].str[:2]
    provinces = [nation.groupby(["province", "flow", "side"], as_index=False)["value_cny"].sum().assign(gid=-1)]
    for gid, group in enumerate(GROUPS.values()):
        rows = nation[_in_group(nation["product"], group)]
        provinces.append(rows.groupby(["province", "flow", "side"], as_index=False)["value_cny"].sum().assign(gid=gid))
    return {
        "members": pd.concat(members, ignore_index=True).rename(columns={"value_cny": "v"}),
        "monthly_groups": pd.concat(monthly, ignore_index=True).rename(columns={"value_cny": "v"}),
        "group_partners": pd.concat(partners, ignore_index=True).rename(columns={"value_cny": "v"}),
        "enterprise_counts": pd.concat(counts, ignore_index=True).rename(columns={"enterprise_id": "count"}),
        "province_sums": pd.concat(provinces, ignore_index=True).rename(columns={"value_cny": "v"}),
    }
