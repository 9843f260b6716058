"""Deterministic national-scale canonical trade data, and the matching platform (GACC) CSV downloads.

The benchmark must be reproducible on any machine, so everything is drawn from one seeded
generator: 31 provinces and their prefectures, ~8,000 HS8 codes, ~220 partners, the platform's
trade modes and the four enterprise types, each with a Zipf-like skew (a few codes carry most
of the trade, as in real customs data), over 36 months with growth and seasonality.

Output (one folder per size, e.g. bench/data/1M/):

- records/YYYY-MM.parquet: canonical rows (TRADE_SCHEMA), one file per month, written month
  by month so generation holds one month in memory. Rows are unique on the dimension columns
  (the canonical reader refuses duplicates), so a month is deduplicated by summing repeats.
- gacc/<province>_出口.csv, gacc/<province>_进口.csv: the same trade as the platform publishes
  it (注册地 = province; no enterprise or prefecture): GBK, trailing comma, money with thousands
  separators, 分月展示 (数据年月) ticked. One file per province and flow, as a user downloads them.
- gacc_utf8/: the same files in UTF-8, for DuckDB's read_csv baseline (DuckDB 2.0 reads no GBK
  without the `encodings` extension, which needs a download).
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import time
from datetime import date
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from waimao.model.partners import PARTNERS
from waimao.model.products import GROUPS
from waimao.model.regions import REGIONS
from waimao.model.schema import TRADE_SCHEMA
from waimao.model.trade_modes import TRADE_MODES

SEED = 20250701
MONTHS = tuple(date(2023 + i // 12, i % 12 + 1, 1) for i in range(36))
N_PRODUCTS = 8000
N_PARTNERS = 220
ENTERPRISES_PER_ROW_SHARE = 0.004  # enterprise pool ≈ 0.4 % of rows, at least 20,000
#: Provinces by weight (largest traders first); the shares follow a Zipf curve over this order.
PROVINCE_ORDER = ("44", "32", "33", "31", "11", "37", "35", "12", "21", "50", "51", "42", "43", "34", "41",
                  "36", "13", "45", "61", "53", "23", "22", "14", "46", "15", "65", "52", "62", "64", "63", "54")
SIZES = {"100k": 100_000, "200k": 200_000, "1M": 1_000_000, "10M": 10_000_000, "100M": 100_000_000}
ETYPES = ("private", "foreign_invested", "state_owned", "other")
ETYPE_WEIGHTS = (0.58, 0.27, 0.12, 0.03)
MODE_WEIGHTS = {"10": 0.62, "14": 0.10, "15": 0.09, "33": 0.05, "34": 0.05, "39": 0.04, "12": 0.02}
UNITS = ("千克", "个", "台", "件", "吨", "升", "双")
UNIT_WEIGHTS = (0.72, 0.10, 0.07, 0.05, 0.03, 0.02, 0.01)


def parse_size(text: str) -> int:
    if text in SIZES:
        return SIZES[text]
    t = text.lower()
    factor = {"k": 1_000, "m": 1_000_000}.get(t[-1], 1)
    return int(float(t.rstrip("km")) * factor)


def zipf_weights(n: int, a: float) -> np.ndarray:
    w = 1.0 / np.arange(1, n + 1) ** a
    return w / w.sum()


class Dimensions:
    """The code lists and their skewed weights, fixed by the seed."""

    def __init__(self, rows: int, seed: int = SEED):
        rng = np.random.default_rng(seed)
        self.provinces = list(PROVINCE_ORDER)
        self.province_w = zipf_weights(len(self.provinces), 0.9)
        self.regions: list[str] = []
        self.region_w: list[float] = []
        for p, pw in zip(self.provinces, self.province_w, strict=True):
            kids = sorted(r.code for r in REGIONS.values() if r.parent == p and r.level == "prefecture")
            kids += sorted(r.code for r in REGIONS.values() if r.level == "zone" and r.code[:2] == p)
            if not kids:
                kids = [f"{p}{i:02d}9" for i in range(1, 6 + int(rng.integers(4, 12)))]
            kw = zipf_weights(len(kids), 1.0)
            self.regions += kids
            self.region_w += list(pw * kw)
        self.region_w = np.array(self.region_w) / np.sum(self.region_w)
        self.products, self.product_units = self._products(rng)
        self.product_w = zipf_weights(len(self.products), 1.05)[rng.permutation(len(self.products))]
        partners = sorted(c for c, p in PARTNERS.items() if p.iso3)
        chosen = sorted(rng.choice(len(partners), size=min(N_PARTNERS, len(partners)), replace=False))
        self.partners = [partners[i] for i in chosen]
        self.partner_w = zipf_weights(len(self.partners), 1.1)[rng.permutation(len(self.partners))]
        modes = sorted(TRADE_MODES)
        rest = (1 - sum(MODE_WEIGHTS.values())) / (len(modes) - len(MODE_WEIGHTS))
        self.modes = modes
        self.mode_w = np.array([MODE_WEIGHTS.get(m, rest) for m in modes])
        self.mode_w /= self.mode_w.sum()
        n_ent = max(20_000, int(rows * ENTERPRISES_PER_ROW_SHARE))
        self.n_enterprises = n_ent
        self.enterprise_w = zipf_weights(n_ent, 0.8)
        self.enterprise_type = rng.choice(len(ETYPES), size=n_ent, p=ETYPE_WEIGHTS)
        self.price = np.exp(rng.normal(3.0, 1.5, size=len(self.products)))  # yuan per unit

    @staticmethod
    def _products(rng: np.random.Generator) -> tuple[list[str], list[str]]:
        """The group lines (so every product group has trade) plus random HS8 lines to ~8,000."""
        codes: set[str] = set()
        for group in GROUPS.values():
            for prefix in group.include:
                for _ in range(1 if len(prefix) == 8 else 6):
                    tail = "".join(str(d) for d in rng.integers(0, 10, size=8 - len(prefix)))
                    codes.add(prefix + tail)
        chapters = [c for c in range(1, 98) if c != 77]
        while len(codes) < N_PRODUCTS:
            chapter = chapters[int(rng.integers(len(chapters)))]
            heading = int(rng.integers(1, 40))
            codes.add(f"{chapter:02d}{heading:02d}{int(rng.integers(0, 10000)):04d}")
        ordered = sorted(codes)
        units = [UNITS[i] for i in rng.choice(len(UNITS), size=len(ordered), p=UNIT_WEIGHTS)]
        return ordered, units


def month_rows(total: int) -> list[int]:
    """Rows per month: +8 % a year, a February dip and a December peak; sums to `total`."""
    w = np.array([1.08 ** (m.year - 2023) * (0.8 if m.month == 2 else 1.1 if m.month == 12 else 1.0)
                  for m in MONTHS])
    counts = np.floor(w / w.sum() * total).astype(int)
    counts[-1] += total - counts.sum()
    return counts.tolist()


def _dict_array(indices: np.ndarray, values: list[str]) -> pa.Array:
    return pa.DictionaryArray.from_arrays(pa.array(indices.astype(np.int32)), pa.array(values, pa.string()))


def draw_month(dims: Dimensions, month: date, n: int, rng: np.random.Generator) -> pa.Table:
    """n raw rows of one month (repeats of a dimension combination are possible)."""
    region = rng.choice(len(dims.regions), size=n, p=dims.region_w)
    product = rng.choice(len(dims.products), size=n, p=dims.product_w)
    partner = rng.choice(len(dims.partners), size=n, p=dims.partner_w)
    mode = rng.choice(len(dims.modes), size=n, p=dims.mode_w)
    enterprise = rng.choice(dims.n_enterprises, size=n, p=dims.enterprise_w)
    export = rng.random(n) < 0.58
    growth = 1.06 ** (month.year - 2023)
    cents = np.round(np.exp(rng.normal(11.0, 1.8, size=n)) * growth * 100).astype(np.int64)
    cents = np.clip(cents, 100, 10**15)
    qty_milli = np.maximum(np.round(cents / 100 / dims.price[product] * 1000), 1).astype(np.int64)
    region_codes = np.array(dims.regions)[region]
    enterprise_ids = np.char.add(np.char.add("E", np.char.array(region_codes).astype("<U2")),
                                 np.char.zfill(enterprise.astype(str), 7))
    return pa.table({
        "month": pa.array(np.full(n, (month - date(1970, 1, 1)).days, np.int32)).cast(pa.date32()),
        "flow": _dict_array(np.where(export, 0, 1), ["export", "import"]),
        "region": _dict_array(region, dims.regions),
        "partner": _dict_array(partner, dims.partners),
        "product": _dict_array(product, dims.products),
        "trade_mode": _dict_array(mode, dims.modes),
        "enterprise_type": _dict_array(dims.enterprise_type[enterprise], list(ETYPES)),
        "enterprise_id": pa.array(enterprise_ids),
        "cents": pa.array(cents),
        "qty_milli": pa.array(qty_milli),
        "unit1": _dict_array(product, dims.product_units),
    })


_DEDUPE = """
SELECT month, flow::VARCHAR AS flow, region::VARCHAR AS region, partner::VARCHAR AS partner,
       product::VARCHAR AS product, trade_mode::VARCHAR AS trade_mode,
       enterprise_type::VARCHAR AS enterprise_type, enterprise_id,
       (sum(cents) / 100)::DECIMAL(18,2) AS value_cny,
       (sum(cents) / 100 / 7.1)::DECIMAL(18,2) AS value_usd,
       (sum(qty_milli) / 1000)::DECIMAL(20,3) AS qty1, any_value(unit1::VARCHAR) AS unit1,
       NULL::DECIMAL(20,3) AS qty2, NULL::VARCHAR AS unit2
FROM raw GROUP BY ALL
"""

_GACC = """
SELECT flow, province, ym, product, partner, trade_mode, province AS region_code, qty, unit,
       format('{:,}', yuan) AS yuan
FROM (SELECT flow, substr(region, 1, 2) AS province, strftime(month, '%Y%m') AS ym, product, partner, trade_mode,
             round(sum(qty1))::BIGINT AS qty, any_value(unit1) AS unit, round(sum(value_cny))::BIGINT AS yuan
      FROM month_rows GROUP BY ALL)
"""

GACC_HEADER = "数据年月,商品编码,贸易伙伴编码,贸易方式编码,注册地编码,第一数量,第一计量单位,人民币,"
FLOW_ZH = {"export": "出口", "import": "进口"}


def generate(size: str, out: Path, *, gacc: bool = True, seed: int = SEED, log=print) -> dict:
    """Write records/ (and gacc/, gacc_utf8/) under `out`; returns the manifest (also written as manifest.json)."""
    target = parse_size(size)
    manifest_path = out / "manifest.json"
    if manifest_path.exists():
        manifest = json.loads(manifest_path.read_text())
        if manifest.get("seed") == seed and manifest.get("target") == target and (manifest.get("gacc") or not gacc):
            return manifest
    shutil.rmtree(out, ignore_errors=True)
    records = out / "records"
    records.mkdir(parents=True)
    started = time.perf_counter()
    dims = Dimensions(target, seed)
    rng = np.random.default_rng(seed + 1)
    con = duckdb.connect()
    con.execute("SET threads = 2")
    tmp = out / "_gacc_parts"
    total = gacc_rows = 0
    for month, n in zip(MONTHS, month_rows(target), strict=True):
        parts, have = [], 0
        while have < n:  # repeats are summed away, so draw again until the month has n distinct rows
            raw = draw_month(dims, month, int((n - have) * 1.03) + 10, rng)
            con.register("raw", raw)
            if parts:
                con.register("prev", pa.concat_tables(parts))
                got = con.sql(f"SELECT * FROM ({_DEDUPE}) r ANTI JOIN prev USING (month, flow, region, partner, "
                              "product, trade_mode, enterprise_type, enterprise_id)").to_arrow_table()
            else:
                got = con.sql(_DEDUPE).to_arrow_table()
            parts.append(got)
            have += got.num_rows
        table = pa.concat_tables(parts).slice(0, n).cast(TRADE_SCHEMA)
        pq.write_table(table, records / f"{month:%Y-%m}.parquet", row_group_size=256_000)
        total += table.num_rows
        if gacc:
            con.register("month_rows", table)
            con.execute(f"COPY ({_GACC}) TO '{tmp}' (FORMAT csv, HEADER false, PARTITION_BY (flow, province), "
                        f"FILENAME_PATTERN '{month:%Y%m}_{{i}}', OVERWRITE_OR_IGNORE true)")
        log(f"  {month:%Y-%m}: {table.num_rows:,} rows ({time.perf_counter() - started:.0f} s)")
    if gacc:
        gacc_rows = _write_gacc(tmp, out)
        shutil.rmtree(tmp)
    manifest = {"size": size, "target": target, "seed": seed, "rows": total, "gacc": gacc, "gacc_rows": gacc_rows,
                "months": [f"{m:%Y-%m}" for m in MONTHS], "products": len(dims.products),
                "partners": len(dims.partners), "regions": len(dims.regions), "provinces": len(dims.provinces),
                "enterprises": dims.n_enterprises, "seconds": round(time.perf_counter() - started, 1)}
    manifest_path.write_text(json.dumps(manifest, indent=1))
    return manifest


def _write_gacc(parts: Path, out: Path) -> int:
    """Join each partition's monthly parts into one platform file per province and flow, GBK and UTF-8."""
    gbk_dir, utf8_dir = out / "gacc", out / "gacc_utf8"
    gbk_dir.mkdir()
    utf8_dir.mkdir()
    rows = 0
    for folder in sorted(parts.glob("flow=*/province=*")):
        flow = folder.parent.name.split("=")[1]
        province = folder.name.split("=")[1]
        name = f"{province}_{FLOW_ZH[flow]}.csv"
        with open(utf8_dir / name, "w", encoding="utf-8", newline="") as u, \
                open(gbk_dir / name, "w", encoding="gbk", newline="") as g:
            for stream in (u, g):
                stream.write(GACC_HEADER + "\n")
            for part in sorted(folder.glob("*.csv")):
                with open(part, encoding="utf-8", newline="") as src:
                    while block := src.read(1 << 24):
                        block = block.replace("\n", ",\n")  # the platform's trailing comma
                        rows += block.count("\n")
                        u.write(block)
                        g.write(block)
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", default="1M", help="100k, 1M, 10M, 100M or a number (e.g. 300k)")
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "data")
    parser.add_argument("--no-gacc", action="store_true", help="skip the platform CSV files")
    args = parser.parse_args(argv)
    manifest = generate(args.size, args.out / args.size, gacc=not args.no_gacc)
    print(json.dumps(manifest))
    return 0


if __name__ == "__main__":
    sys.exit(main())
