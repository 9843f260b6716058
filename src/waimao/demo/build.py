"""`waimao demo`: build the synthetic Qinghai records and peer tables, write them, load them.

The files are written in the canonical format (Parquet) and loaded through the ordinary
ingest path, so the demo exercises the same reader, checks and atomic loader as real data.
A second build with the same generator writes byte-identical files, which the loader then
recognises as already loaded.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from waimao.demo import design as D
from waimao.demo.calibrate import calibrate
from waimao.demo.peers import QINGHAI, build_peers, peer_rows
from waimao.demo.support import build_support
from waimao.demo.targets import targets
from waimao.ingest.load import load
from waimao.ingest.readers import read_file
from waimao.model.products import resolve_group
from waimao.model.schema import MONEY, QUANTITY, TRADE_SCHEMA

NOTE = "SYNTHETIC demo data (calibrated to the published Qinghai bulletins; not real trade)"
GENERATOR_VERSION = "3"
USD_RATE = {2022: 6.73, 2023: 7.05, 2024: 7.12, 2025: 7.18}
TRADE_MODES = {"export": ("0110", "0615", "1233", "9610"), "import": ("0110", "0615", "1233", "0654")}


@dataclass
class DemoFiles:
    records: Path
    peers_totals: Path
    peers_products: Path


def _records(support, cells, values, rng: np.random.Generator) -> pa.Table:
    """Cells -> canonical rows: one relationship a month split over 1–4 trade modes, in whole fen.

    Cells of repeated relationships are merged first (a row is unique by its dimensions), and
    the split keeps each merged total exact to the fen.
    """
    lines = support.lines
    names = {c: (n, u) for rows in D.product_codes().values() for c, n, u in rows}
    merged: dict = {}
    for i in range(len(cells.seed)):
        ln = lines[cells.line[i]]
        key = (int(cells.month[i]), ln.flow, ln.region, ln.partner, ln.product, ln.etype, ln.enterprise)
        v, kg = merged.get(key, (0.0, 0.0))
        merged[key] = (v + values[i], kg + values[i] * cells.kg_per_yuan[i])
    cols = {k: [] for k in TRADE_SCHEMA.names}
    for key in sorted(merged):
        m, flow, region, partner, product, etype, enterprise = key
        value, kg_total = merged[key]
        month = D.MONTHS[m]
        total_fen = int(round(value * 100))
        k = int(rng.integers(1, 5))
        modes = TRADE_MODES[flow][:k]
        shares = rng.dirichlet(np.ones(k) * 2) if k > 1 else np.array([1.0])
        fen = np.floor(shares * total_fen).astype(np.int64)
        fen[0] += total_fen - fen.sum()
        unit = names[product][1]
        for mode, f in zip(modes, fen):
            if f <= 0:
                continue
            kg = kg_total * f / total_fen
            cols["month"].append(month)
            cols["flow"].append(flow)
            cols["region"].append(region)
            cols["partner"].append(partner)
            cols["product"].append(product)
            cols["trade_mode"].append(mode)
            cols["enterprise_type"].append(etype)
            cols["enterprise_id"].append(enterprise)
            cols["value_cny"].append(int(f))
            cols["value_usd"].append(int(round(f / USD_RATE[month.year])))
            cols["qty1"].append(round(kg if unit == "千克" else kg / 40.0, 3))
            cols["unit1"].append(unit)
            cols["qty2"].append(round(kg, 3) if unit != "千克" else None)
            cols["unit2"].append("千克" if unit != "千克" else None)
    return _table(cols)


def _table(cols: dict) -> pa.Table:
    from decimal import Decimal

    arrays = []
    for field in TRADE_SCHEMA:
        data = cols[field.name]
        if field.type == MONEY:
            data = [None if v is None else Decimal(int(v)).scaleb(-2) for v in data]
        elif field.type == QUANTITY:
            data = [None if v is None else Decimal(repr(float(v))).quantize(Decimal("0.001")) for v in data]
        arrays.append(pa.array(data, type=field.type))
    return pa.Table.from_arrays(arrays, schema=TRADE_SCHEMA)


def _qinghai_aggregates(table: pa.Table) -> dict:
    """(flow, peer line or None, month) -> (yuan, kg) of the records, for the peer tables."""
    groups = {"LIB": "锂离子蓄电池", "POLY": "多晶硅", "ROD": "单晶硅棒", "TROUT": "冷水鱼（鳟鱼类）", "VEG": "冷凉蔬菜",
              "AGRI": "农产品"}
    members = {k: resolve_group(g) for k, g in groups.items()}
    out: dict = {}
    d = table.select(["month", "flow", "product", "value_cny", "qty1", "unit1"]).to_pydict()
    for month, flow, product, v, q, u in zip(*d.values()):
        v = float(v)
        kg = float(q) if (q is not None and u == "千克") else 0.0
        keys = [None] + [k for k, g in members.items() if flow == "export" and g.matches(product)]
        for key in keys:
            a = out.get((flow, key, month), (0.0, 0.0))
            out[(flow, key, month)] = (a[0] + v, a[1] + kg)
    return out


def _peer_tables(table: pa.Table, rng) -> tuple[pa.Table, pa.Table]:
    qh = _qinghai_aggregates(table)
    peers = build_peers(qh, rng)
    totals = {k: [] for k in TRADE_SCHEMA.names}
    products = {k: [] for k in TRADE_SCHEMA.names}

    def add(cols, month, flow, prov, product, yuan, kg):
        for k in TRADE_SCHEMA.names:
            cols[k].append(None)
        cols["month"][-1], cols["flow"][-1], cols["region"][-1] = month, flow, prov
        cols["product"][-1] = product
        cols["value_cny"][-1] = int(round(yuan * 100))
        if kg is not None:
            cols["qty1"][-1], cols["unit1"][-1] = round(kg, 3), "千克"

    for month, flow, prov, product, yuan, kg in peer_rows(peers):
        add(products if product else totals, month, flow, prov, product, yuan, kg)
    for (flow, key, month), (yuan, kg) in sorted(qh.items(), key=lambda kv: (kv[0][2], kv[0][0], str(kv[0][1]))):
        if key is None and month.year >= 2023:
            add(totals, month, flow, QINGHAI, None, yuan, None)
    # Qinghai's product rows keep their real tariff lines
    peer_codes = {code for code in np.unique(table.column("product").to_numpy(zero_copy_only=False))
                  if any(resolve_group(g).matches(code) for g in ("锂离子蓄电池", "多晶硅", "单晶硅棒", "农产品"))}
    d = table.select(["month", "flow", "product", "value_cny", "qty1", "unit1"]).to_pydict()
    agg: dict = {}
    for month, flow, product, v, q, u in zip(*d.values()):
        if flow == "export" and product in peer_codes and month.year >= 2023:
            a = agg.get((month, product), (0.0, 0.0))
            agg[(month, product)] = (a[0] + float(v), a[1] + (float(q) if q is not None and u == "千克" else 0.0))
    for (month, product), (yuan, kg) in sorted(agg.items()):
        add(products, month, "export", QINGHAI, product, yuan, kg or None)
    # a platform download has only the columns it was grouped by
    return (_table(totals).select(["month", "flow", "region", "value_cny"]),
            _table(products).select(["month", "flow", "region", "product", "value_cny", "qty1", "unit1"]))


def build_files(directory: Path, seed: int = D.SEED) -> DemoFiles:
    """Generate the demo tables (deterministically) and write them as canonical Parquet files."""
    directory.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    support = build_support(seed)
    cells, values = calibrate(support, targets(), rng)
    records = _records(support, cells, values, rng)
    totals, products = _peer_tables(records, rng)
    files = DemoFiles(directory / "qinghai_records_2022-2025H1.parquet",
                      directory / "peers_provinces_2023-2025H1.parquet",
                      directory / "peers_products_2023-2025H1.parquet")
    meta = {b"waimao": f"SYNTHETIC demo, generator {GENERATOR_VERSION}, seed {seed}".encode()}
    for table, path in ((records, files.records), (totals, files.peers_totals), (products, files.peers_products)):
        pq.write_table(table.replace_schema_metadata(meta), path, compression="zstd")
    return files


def demo_directory(db_path: Path) -> Path:
    return db_path.parent / "demo"


def build_demo(warehouse, directory: Path | None = None, force: bool = False) -> dict:
    """Build the demo files if missing and load them into `warehouse`; returns what happened."""
    directory = directory or demo_directory(Path(warehouse.path))
    files = DemoFiles(directory / "qinghai_records_2022-2025H1.parquet",
                      directory / "peers_provinces_2023-2025H1.parquet",
                      directory / "peers_products_2023-2025H1.parquet")
    built = False
    stamp = directory / "GENERATOR"
    if force or not all(p.exists() for p in vars(files).values()) or \
            not stamp.exists() or stamp.read_text() != GENERATOR_VERSION:
        files = build_files(directory)
        stamp.write_text(GENERATOR_VERSION)
        built = True
    outcomes = []
    for path, dataset in ((files.records, "records"), (files.peers_totals, "platform"),
                          (files.peers_products, "platform")):
        result = read_file(path, kind="canonical")
        outcomes.append(load(warehouse, result, dataset=dataset, note=NOTE))
    return {"built": built, "directory": str(directory), "outcomes": outcomes}



__all__ = ["build_demo", "build_files", "NOTE"]
