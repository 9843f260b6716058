"""One implementation, timed `reps` times in this process; prints one JSON line (seconds, key figures).

The harness (`bench/run`) starts this as a child process per implementation, so that each
one's peak memory is its own (the harness samples the child's process tree, JVM included).
"""

from __future__ import annotations

import argparse
import glob
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import reference  # noqa: E402


def _jsonable(figures: dict) -> dict:
    return {k: (None if v is None else str(v)) for k, v in figures.items()}


#: The national dashboard's clicks: each a province and standard period the process has not been asked for.
DASHBOARD = (("广东省", "2025Q4"), ("江苏省", "2025H1"), ("青海省", "2025Q4"), ("浙江省", "2025Q3"),
             ("广东省", "2025H1"), ("山东省", "2025"), ("四川省", "2025Q2"), ("上海市", "2025-11"))


def dashboard(data: Path, region: str, period: str, reps: int) -> dict:
    """Cold figure sets as the dashboard serves them: one process with the warehouse open and the query
    machinery imported (one warm-up set of another subject), then `reps` provinces and periods never asked
    before — each misses the cache of compiled SQL, since its SQL names its region and months. Each is then
    asked again (its SQL cached: `warm_seconds`). `WAIMAO_ROLLUPS=off` (impl dashboard-rows) reads the rows."""
    import resource

    from waimao.api import open_warehouse
    from waimao.indicators import compute_figures

    def cpu() -> float:
        usage = resource.getrusage(resource.RUSAGE_SELF)
        return usage.ru_utime + usage.ru_stime

    cases = [(region, period)] + [c for c in DASHBOARD if c != (region, period)]
    out: dict = {"seconds": [], "cpu_seconds": [], "warm_seconds": [], "warm_cpu_seconds": [], "cases": []}
    with open_warehouse(str(data / "warehouse.duckdb"), read_only=True) as warehouse:
        compute_figures(warehouse, "北京市", "2024-07")
        for subject, when in cases[:reps]:
            for name in ("seconds", "warm_seconds"):
                started, used = time.perf_counter(), cpu()
                fs = compute_figures(warehouse, subject, when)
                out[name].append(time.perf_counter() - started)
                out[name.replace("seconds", "cpu_seconds")].append(cpu() - used)
            out["cases"].append(f"{subject} {when}")
            if (subject, when) == (region, period):
                out["figures"] = _jsonable(waimao_key_figures(fs))
        out["rollups"] = list(warehouse.rollups)
    return out


def run(impl: str, data: Path, region: str, period: str, reps: int) -> dict:
    seconds, figures, extra = [], {}, {}
    if impl in ("dashboard", "dashboard-rows"):
        return {"impl": impl, **dashboard(data, region, period, reps)}
    for _ in range(reps):
        started = time.perf_counter()
        if impl in ("waimao", "waimao-spark"):
            from waimao import api

            if impl == "waimao":
                fs = api.figures(region, period, db=str(data / "warehouse.duckdb"))
            else:
                fs = api.figures(region, period, engine="spark", parquet=str(data / "export"))
            seconds.append(time.perf_counter() - started)
            figures = waimao_key_figures(fs)
            extra = {"figure_count": len(fs)}
        elif impl == "reference":
            import duckdb

            con = duckdb.connect(str(data / "warehouse.duckdb"), read_only=True)
            results = reference.run(con, region, period)
            con.close()
            seconds.append(time.perf_counter() - started)
            figures = reference.key_figures(results, period)
        elif impl == "pandas":
            import pyarrow as pa

            import pandas_impl

            frames = pandas_impl.run(data / "records", region, period)
            seconds.append(time.perf_counter() - started)
            figures = reference.key_figures({k: pa.Table.from_pandas(v, preserve_index=False)
                                             for k, v in frames.items()}, period)
        elif impl in LOADS:
            pattern, load = LOADS[impl]
            files = sorted(glob.glob(str(data / pattern)))
            rows, took = _timed_load(load, files, data)
            seconds.append(took)
            extra = {"rows": rows, "files": len(files)}
        else:
            raise SystemExit(f"unknown implementation {impl!r}")
    return {"impl": impl, "seconds": seconds, "figures": _jsonable(figures), **extra}


def _timed_load(load, files: list[str], data: Path) -> tuple[int, float]:
    """(rows, seconds) of one load of `files` into a new warehouse in a folder under `data`, removed after."""
    folder = Path(tempfile.mkdtemp(prefix="waimao-bench-", dir=data))
    try:
        started = time.perf_counter()
        rows = load(files, folder / "bench.duckdb")
        return rows, time.perf_counter() - started
    finally:
        shutil.rmtree(folder)


def waimao_key_figures(fs) -> dict:
    """The compared figures (see reference.key_figures), read from a waimao FigureSet."""
    from waimao.model.partners import PARTNERS

    out: dict = {}
    for flow in ("total", "export", "import"):
        out[f"value.{flow}"] = fs.find(flow, None, "value").yuan
        growth = fs.find(flow, None, "yoy_pct") or fs.find(flow, None, "yoy_times")
        out[f"growth.{flow}"] = None if growth is None else growth.value / (100 if growth.metric == "yoy_pct" else 1)
    ranked = [x for x in fs.figures if x.metric == "partner_rank" and x.flow == "total" and x.value == 1
              and x.breakdown.kind == "partner"]
    name = ranked[0].breakdown.name
    code = next(c for c, p in PARTNERS.items() if p.name_zh == name)
    out[f"partner.{code}"] = fs.find("total", ("partner", name), "value").yuan
    out["group.机电产品"] = fs.find("total", ("product_group", "机电产品"), "value").yuan
    count = fs.find("total", None, "count")
    out["enterprises.total"] = None if count is None else int(count.value)
    return out


def ingest_waimao(files: list[str], db: Path) -> int:
    from waimao import api

    outcomes = api.ingest(files, kind="gacc", dataset="platform", db=str(db))
    return sum(o.rows for o in outcomes)


def ingest_duckdb(files: list[str], db: Path) -> int:
    import duckdb

    con = duckdb.connect(str(db))
    listed = ", ".join(f"'{f}'" for f in files)
    con.execute(f"""CREATE TABLE t AS SELECT * FROM read_csv([{listed}], header = true, thousands = ',',
        columns = {{'数据年月': 'VARCHAR', '商品编码': 'VARCHAR', '贸易伙伴编码': 'VARCHAR', '贸易方式编码': 'VARCHAR',
                   '注册地编码': 'VARCHAR', '第一数量': 'DECIMAL(20,3)', '第一计量单位': 'VARCHAR',
                   '人民币': 'DECIMAL(18,2)', 'trailing': 'VARCHAR'}})""")
    rows = con.execute("SELECT count(*) FROM t").fetchall()[0][0]
    con.close()
    return rows


def records_waimao(files: list[str], db: Path) -> int:
    """`waimao ingest` of the record-level month files: read, check every cell, one transaction per file."""
    from waimao import api

    outcomes = api.ingest(files, kind="canonical", dataset="records", db=str(db), note="SYNTHETIC benchmark data")
    return sum(o.rows for o in outcomes)


def records_duckdb(files: list[str], db: Path) -> int:
    """DuckDB's own plain load of the same files: the warehouse's `trade` table, one INSERT … SELECT per file.

    No checks, no load record; each file in its own transaction like waimao's, into the same
    table (same column types, so DuckDB casts and stores what waimao stores).
    """
    import duckdb

    from waimao.engines.duckdb import _trade_ddl
    from waimao.model.schema import COLUMNS

    con = duckdb.connect(str(db))
    con.execute(_trade_ddl("trade"))
    columns = ", ".join(COLUMNS)
    for i, f in enumerate(files, start=1):
        con.execute("BEGIN")
        con.execute(f"INSERT INTO trade SELECT {columns}, {i} FROM read_parquet(?)", [f])
        con.execute("COMMIT")
    rows = con.execute("SELECT count(*) FROM trade").fetchall()[0][0]
    con.close()
    return rows


#: The load benchmarks: implementation → (files under the data folder, the function that loads them).
LOADS = {
    "records-waimao": ("records/*.parquet", records_waimao),
    "records-duckdb": ("records/*.parquet", records_duckdb),
    "ingest-waimao": ("gacc/*.csv", ingest_waimao),
    "ingest-duckdb": ("gacc_utf8/*.csv", ingest_duckdb),
}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("impl")
    parser.add_argument("data", type=Path)
    parser.add_argument("--region", default="广东省")
    parser.add_argument("--period", default="2025Q4")
    parser.add_argument("--reps", type=int, default=3)
    args = parser.parse_args()
    print(json.dumps(run(args.impl, args.data, args.region, args.period, args.reps), ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
