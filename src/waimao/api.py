"""The public Python API for the warehouse: open it, ingest files, list and restore loads, describe it.

The CLI and the web app are thin shells over these functions. They raise `WaimaoError`
subclasses (never print), and return plain dicts with JSON-ready values (months as
'YYYY-MM', times as ISO strings) so that `--json` output and web responses need no
further conversion.

Every function takes `db`: a path, `None` (then `waimao.engines.duckdb.default_db_path`
decides: `$WAIMAO_DB`, else `$XDG_DATA_HOME/waimao/waimao.duckdb`), or an open `Warehouse`,
which is used as is and left open.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from waimao.engines.duckdb import MEMORY, SCHEMA_VERSION, Warehouse, WaitHook, default_db_path
from waimao.errors import (
    EngineError,
    IndicatorError,
    IngestError,
    Issue,
    Report,
    WaimaoError,
)
from waimao.model.cuts import row_currencies, row_keys, row_regions

if TYPE_CHECKING:  # imported where used: `import waimao.api` (every CLI command) stays light
    from waimao.claims import CheckReport
    from waimao.indicators import FigureSet
    from waimao.ingest.load import LoadOutcome
    from waimao.reports import Bulletin, Release

__all__ = ["ENGINES", "LoadOutcome", "Warehouse", "check", "check_year", "export", "figures", "info", "ingest",
           "ingest_each", "latest_quarter", "loads", "open_warehouse", "plan", "read_claims", "release",
           "render_report", "report", "restore", "verify_claims"]

def __getattr__(name: str):
    """`LoadOutcome`, still `waimao.api.LoadOutcome`, without importing ingest for every command."""
    if name == "LoadOutcome":
        from waimao.ingest.load import LoadOutcome

        return LoadOutcome
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


#: The compute engines `figures` can run on.
ENGINES = ("duckdb", "spark")

DbArg = str | os.PathLike | Warehouse | None

#: A load whose note contains this word holds made-up data (the demo); `info` says so.
SYNTHETIC_MARK = "SYNTHETIC"


def open_warehouse(db: str | os.PathLike | None = None, *, read_only: bool = False, wait: float | None = None,
                   on_wait: WaitHook | None = None) -> Warehouse:
    """Open (creating if needed) the warehouse file; close it, or use it in a `with` block.

    While another process holds the file, the open waits up to `wait` seconds (default: briefly to
    read, longer to write), calling `on_wait(waited, wait, holder)`; then an EngineError coded
    `warehouse-busy`.
    """
    return Warehouse(db, read_only=read_only, wait=wait, on_wait=on_wait)


@contextmanager
def _using(db: DbArg) -> Iterator[Warehouse]:
    if isinstance(db, Warehouse):
        yield db
    else:
        with Warehouse(db) as warehouse:
            yield warehouse


@contextmanager
def _looking(db: DbArg) -> Iterator[Warehouse]:
    """For reads that also answer on a warehouse not made yet (loads, info): read-only when the file
    exists, so that they share it with other readers and wait only briefly for a writer."""
    if isinstance(db, Warehouse):
        yield db
    else:
        with Warehouse(db, read_only=str(db) != MEMORY and default_db_path(db).exists()) as warehouse:
            yield warehouse


def _read(path: Path, kind: str, flow: str | None, period: str | None, progress: Callable | None,
          region: str | None, national: bool):
    from waimao.ingest.readers import KINDS, read_file

    if kind not in KINDS:
        issue = Issue("unknown-format", f"unknown kind {kind!r}; use one of {', '.join(KINDS)}", file=str(path))
        raise IngestError(f"{path}: unknown kind {kind!r}", report=Report(issues=[issue]))
    return read_file(path, kind=kind, flow=flow, period=period, progress=progress, region=region, national=national)


def ingest(
    paths: str | os.PathLike | Iterable[str | os.PathLike],
    kind: str = "auto",
    flow: str | None = None,
    period: str | None = None,
    dataset: str | None = None,
    db: DbArg = None,
    progress: Callable[[int, int], None] | None = None,
    note: str | None = None,
    region: str | None = None,
    national: bool = False,
) -> list[LoadOutcome]:
    """Read and load each file; each file is one transaction (loaded completely or not at all).

    `flow`, `period`, `region` and `national` say what a platform download does not: its
    query's flow, months and (without 注册地) whose trade it is.

    `progress(bytes_done, bytes_total)` is passed to the reader. Every file is tried; when
    some fail, the others stay loaded and an `IngestError` is raised at the end with the
    issues of all failed files, and the outcomes of the loaded ones in its `outcomes` attribute.
    The next file is read while one is loaded (`ingest_each`).
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    paths = [Path(p) for p in paths]
    outcomes: list[LoadOutcome] = []
    failures: list[tuple[Path, IngestError]] = []
    for path, outcome in ingest_each(paths, kind, flow, period, dataset, db, note=note, region=region,
                                     national=national, progress_for=(lambda _: progress) if progress else None):
        if isinstance(outcome, IngestError):
            failures.append((path, outcome))
        else:
            outcomes.append(outcome)
    if not failures:
        return outcomes
    if len(paths) == 1:
        raise failures[0][1]
    names = ", ".join(p.name for p, _ in failures)
    report = Report(issues=[issue for _, e in failures for issue in e.report.issues])
    error = IngestError(f"{len(failures)} of {len(paths)} files were not loaded ({names}); the others were", report)
    error.outcomes = outcomes
    raise error


def ingest_each(
    paths: Iterable[str | os.PathLike],
    kind: str = "auto",
    flow: str | None = None,
    period: str | None = None,
    dataset: str | None = None,
    db: DbArg = None,
    *,
    note: str | None = None,
    region: str | None = None,
    national: bool = False,
    progress_for: Callable[[Path], Callable[[int, int], None] | None] | None = None,
) -> Iterator[tuple[Path, LoadOutcome | IngestError]]:
    """Each file's outcome, or the IngestError that kept it out, in order, as soon as it is loaded.

    The files are read one ahead (`waimao.ingest.pipeline`): file n + 1 is read and checked in
    a worker thread while file n is loaded, each still in its own transaction on this thread.
    `progress_for(path)` gives the reader's progress callback for a file (called from the
    worker thread), or None. Arguments as for `ingest`.
    """
    from waimao.ingest.load import load
    from waimao.ingest.pipeline import read_ahead

    def read(path: Path):
        if not path.is_file():
            issue = Issue("file-not-found", "there is no such file", file=str(path))
            raise IngestError(f"{path}: there is no such file", report=Report(issues=[issue]))
        progress = progress_for(path) if progress_for else None
        return _read(path, kind, flow, period, progress, region, national)

    with _using(db) as warehouse:
        for path, result in read_ahead([Path(p) for p in paths], read):
            if not isinstance(result, IngestError):
                try:
                    result = load(warehouse, result, dataset=dataset, note=note)
                except IngestError as e:
                    result = e
            yield path, result


def _jsonable_load(row: dict) -> dict:
    from waimao.ingest.load import month_label, month_span

    months = sorted(row["months"])
    note = row["note"]
    return {
        "load_id": row["load_id"],
        "status": row["status"],
        "superseded_by": row["superseded_by"],
        "dataset": row["dataset"],
        "kind": row["kind"],
        "source_file": row["source_file"],
        "content_hash": row["content_hash"],
        "rows": row["rows"],
        "period": month_span(months),
        "months": [month_label(m) for m in months],
        "first_month": month_label(months[0]) if months else None,
        "last_month": month_label(months[-1]) if months else None,
        "flows": list(row["flows"]),
        "provinces": list(row["provinces"]),
        "regions": row_regions(row),
        "dims": list(row["dims"]),
        "currency": row["currency"],
        "currencies": row_currencies(row),
        "keys": {dim: len(values) for dim, values in row_keys(row).items() if dim != "region"},
        "loaded_at": row["loaded_at"].isoformat(timespec="seconds"),
        "note": note,
        "synthetic": SYNTHETIC_MARK in (note or ""),
        "meta": json.loads(row["meta"]) if row["meta"] else {},
    }


def loads(db: DbArg = None, include_superseded: bool = True) -> list[dict]:
    """The load history, oldest first, one dict per load (see docs/warehouse.md for the keys)."""
    with _looking(db) as warehouse:
        table = warehouse.loads()
        if not include_superseded:
            table = table.filter(table.status == "active")
        rows = table.order_by("load_id").to_pyarrow().to_pylist()
    return [_jsonable_load(row) for row in rows]


def restore(load_id: int, db: DbArg = None) -> LoadOutcome:
    """Make a superseded load active again (and supersede what replaced it), in one transaction."""
    from waimao.ingest.load import restore as _restore

    with _using(db) as warehouse:
        return _restore(warehouse, load_id)


def _periods(active: list[dict]) -> list[dict]:
    """Months covered per dataset and flow, with the gaps between the first and the last."""
    from waimao.ingest.load import month_gaps, month_label, month_span

    covered: dict[tuple[str, str], set] = {}
    for row in active:
        for flow in row["flows"] if row["months"] else ():
            covered.setdefault((row["dataset"], flow), set()).update(row["months"])
    return [
        {
            "dataset": dataset,
            "flow": flow,
            "first_month": month_label(min(months)),
            "last_month": month_label(max(months)),
            "months": len(months),
            "period": month_span(months),
            "gaps": [month_label(m) for m in month_gaps(months)],
        }
        for (dataset, flow), months in sorted(covered.items())
    ]


def info(db: DbArg = None) -> dict:
    """What the warehouse holds: periods (with gaps), regions, rows by dataset/kind/source, synthetic or not."""
    from waimao.ingest.load import month_span

    with _looking(db) as warehouse:
        loads_table = warehouse.loads()
        all_loads = loads_table.order_by("load_id").to_pyarrow().to_pylist()
        trade = warehouse.trade()
        joined = trade.join(loads_table, "load_id")
        regions = (
            joined.group_by([joined.dataset, joined.region])
            .aggregate(rows=joined.count())
            .order_by(["dataset", "region"])
            .to_pyarrow()
            .to_pylist()
        )
        path = str(warehouse.path) if warehouse.path else ":memory:"
        token = warehouse.state_token()

    active = [row for row in all_loads if row["status"] == "active"]
    datasets: dict[str, dict] = {}
    for row in active:
        entry = datasets.setdefault(
            row["dataset"], {"dataset": row["dataset"], "rows": 0, "loads": 0, "kinds": {}, "synthetic": False}
        )
        entry["rows"] += row["rows"]
        entry["loads"] += 1
        entry["kinds"][row["kind"]] = entry["kinds"].get(row["kind"], 0) + row["rows"]
        entry["synthetic"] = entry["synthetic"] or SYNTHETIC_MARK in (row["note"] or "")
    return {
        "db": path,
        "schema_version": SCHEMA_VERSION,
        "state_token": token,
        "rows": sum(row["rows"] for row in active),
        "loads": {"active": len(active), "superseded": len(all_loads) - len(active)},
        "synthetic": any(d["synthetic"] for d in datasets.values()),
        "currencies": sorted({c for row in active for c in row_currencies(row)}),
        "datasets": [datasets[name] for name in sorted(datasets)],
        "periods": _periods(active),
        "regions": regions,
        "sources": [
            {
                "load_id": row["load_id"],
                "dataset": row["dataset"],
                "kind": row["kind"],
                "source_file": row["source_file"],
                "rows": row["rows"],
                "period": month_span(row["months"]),
                "synthetic": SYNTHETIC_MARK in (row["note"] or ""),
            }
            for row in active
        ],
    }


def demo(db: DbArg = None, force: bool = False) -> dict:
    """Build (if missing) the synthetic calibrated Qinghai demo and load it; see docs/demo-calibration.md."""
    from waimao.demo import build_demo

    with _using(db) as warehouse:
        return build_demo(warehouse, force=force)


def figures(
    region: str,
    period: str,
    *,
    db: DbArg = None,
    engine: str = "duckdb",
    parquet: str | os.PathLike | None = None,
    master: str | None = None,
    dataset: str | None = None,
    currency: str | None = None,
) -> FigureSet:
    """Every figure of `region` (a name, short name or code) in `period` ('2025Q1', '2025年上半年' …).

    Each family of figures comes from the one loaded cut that answers it (records, platform
    downloads, Comtrade: `waimao.indicators.planner`); `dataset` restricts the subject's own
    figures to one dataset, `currency` ('CNY' or 'USD') chooses the money (default: CNY where
    the data hold it). `engine='spark'` runs the same indicator code on PySpark: on the Parquet
    folder `parquet` (written by `export`) when given, else on a temporary Parquet copy of the
    warehouse; `master` (or $WAIMAO_SPARK_MASTER) points it at a cluster instead of local mode.
    Raises IndicatorError for an unknown region or period or for months the data lack.
    """
    from waimao.indicators import compute_figures

    if engine not in ENGINES:
        raise EngineError(f"unknown engine {engine!r}; use one of {', '.join(ENGINES)}")
    if engine == "duckdb":
        if parquet is not None:
            raise EngineError("--parquet is for the Spark engine; the DuckDB engine reads the warehouse file.")
        with _reading(db) as warehouse:
            return compute_figures(warehouse, region, period, dataset=dataset, currency=currency)
    from waimao.engines.spark import SparkEngine

    if parquet is not None:
        with SparkEngine(parquet, master=master) as spark:
            return compute_figures(spark, region, period, dataset=dataset, currency=currency)
    with _reading(db) as warehouse, SparkEngine.from_warehouse(warehouse, master=master) as spark:
        return compute_figures(spark, region, period, dataset=dataset, currency=currency)


def report(region: str, period: str, *, db: DbArg = None, rules: str | os.PathLike | None = None,
           lang: str = "zh", currency: str | None = None) -> Bulletin:
    """The bulletin text of `region` in `period` ('zh' or 'en'), composed from its figure set by the bulletin rules.

    `rules` is a TOML file like `waimao/reports/data/bulletin_rules.toml` (the default);
    `currency` 'CNY' or 'USD' (default: CNY where the data hold it).
    """
    return release(region, period, db=db, rules=rules, lang=lang, currency=currency, monthly=False).bulletin


def table_sets(fs: FigureSet, figures_of: Callable[[str, str | None], FigureSet]):
    """The further figure sets of a release's 统计月报 tables (`waimao.reports.TableSets`), computed with
    `figures_of(period, currency)`: the run from January (for a single later month), its last month
    alone (当月), the run a year earlier (上年同期) and the run in US dollars. A set the data cannot give
    (no USD amounts, no data a year earlier) is left out with a note saying so, never made up."""
    from waimao.model.periods import Period
    from waimao.reports import TableSets, cumulative_period

    run_period = cumulative_period(fs.period)
    sets = TableSets()
    if run_period != fs.period:
        try:
            sets.cumulative = figures_of(str(run_period), fs.currency)
        except WaimaoError:  # the months before this one are not loaded: the tables show the month alone
            return TableSets(notes=[(f"数据不含{run_period.label_zh()}全部月份，未列累计栏",
                                     f"The data lack some months of {run_period.label_en()}: no cumulative block")])
    run = sets.cumulative or fs
    if run_period.month_count > 1:
        last = run_period.last_month
        try:
            sets.month = fs if fs.period.month_count == 1 else \
                figures_of(str(Period.month(last.year, last.month)), fs.currency)
        except WaimaoError:  # data by quarter only (a platform download of the quarter): no month alone
            sets.notes.append(("数据无单月数，未列当月栏", "The data hold no single months: no month block"))
    try:
        sets.base = figures_of(str(run_period.previous_year()), fs.currency)
    except WaimaoError:
        sets.notes.append(("上年同期无数据，未列上年同期栏", "No data a year earlier: no year-earlier column"))
    if run.currency != "USD":
        try:
            sets.usd = figures_of(str(run_period), "USD")
        except WaimaoError:
            sets.notes.append(("数据无美元金额，未列美元栏", "The data hold no US-dollar amounts: no USD columns"))
    return sets


def release(region: str, period: str, *, db: DbArg = None, rules: str | os.PathLike | None = None,
            lang: str = "zh", currency: str | None = None, monthly: bool = True) -> Release:
    """The bulletin with its statistical tables and charts (see `render_report` for files).

    `monthly` gives the breakdown tables their 统计月报 blocks (当月, 上年同期, USD; `table_sets`),
    at the cost of three or four more figure sets; without it they show the period alone.
    """
    from waimao.reports import compose, load_rules

    chosen = load_rules(rules)
    with _reading(db) as warehouse:
        fs = figures(region, period, db=warehouse, currency=currency)
        sets = table_sets(fs, lambda p, c: figures(region, p, db=warehouse, currency=c)) if monthly else None
    return compose(fs, chosen, lang, sets)


def render_report(region: str, period: str, *, lang: str = "zh", fmt: str = "md", db: DbArg = None,
                  rules: str | os.PathLike | None = None, currency: str | None = None) -> tuple[bytes, str, str]:
    """The release as a file: (content, media type, file name), in 'md', 'html', 'docx' or 'xlsx'."""
    from waimao.reports import FORMATS, render

    if fmt not in FORMATS:
        raise WaimaoError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    made = release(region, period, db=db, rules=rules, lang=lang, currency=currency, monthly=fmt != "md")
    media_type, suffix = FORMATS[fmt]
    return render(made, fmt), media_type, made.stem + suffix


def check(texts: Sequence[tuple[str, str]], *, db: DbArg = None, year: int | None = None,
          region: str | None = None, currency: str | None = None) -> CheckReport:
    """Extract and verify the trade claims of texts ((name, content) pairs) against the warehouse.

    `year` is what 今年 means in a text that names no year (default: `check_year`); `region` what
    我省 means in a text that names no province; `currency` what the figures not stated in money
    (growth, shares) are of (amounts in 美元 are always checked in USD, in 元 in CNY). Each region
    and period is computed once, and a period the data lack is asked once.

    The two halves are `read_claims`, which reads the texts with no warehouse open (the long part),
    and `verify_claims`, which opens it read-only only to look the claims up; the web app runs the
    first in a worker process and the second under its own lock and caches.
    """
    if year is None:
        year = check_year(db)
    return verify_claims(read_claims(texts, year=year, region=region), db=db, currency=currency)


def check_year(db: DbArg = None) -> int | None:
    """What 今年 means in a text that names no year: the year of the warehouse's latest quarter, or None
    when it holds none (the texts must then name their years)."""
    with _reading(db) as warehouse:
        try:
            return int(latest_quarter(db=warehouse)[:4])
        except WaimaoError:
            return None


def read_claims(texts: Sequence[tuple[str, str]], *, year: int | None = None,
                region: str | None = None) -> CheckReport:
    """The claims of the texts and the checks among them (inconsistent claims), without a warehouse.

    Takes time linear in the length of the texts and touches no file, so that it can run anywhere,
    for as long as it takes; `verify_claims` then gives the other claims their verdicts.
    """
    from waimao.claims import check_texts

    return check_texts(texts, year=year, region=region)


def verify_claims(report: CheckReport, *, db: DbArg = None,
                  figures_for: Callable[[str, str, str | None], FigureSet] | None = None,
                  currency: str | None = None) -> CheckReport:
    """Verdicts from the warehouse for the claims of `report` (from `read_claims`) that no other claim contradicts.

    `figures_for(region, period, currency)` looks a figure set up (raising WaimaoError when the data
    lack it; currency 'USD' for amounts stated in 美元, None for the data's own); by default each is
    computed once on `db`, opened read-only for the time of the look-ups, in `currency` where the
    claim states none.
    """
    from waimao.claims.verify import verify

    if figures_for is not None:
        verify(report.claims, figures_for)
        return report
    with _reading(db) as warehouse:
        cache: dict[tuple[str, str, str | None], FigureSet | WaimaoError] = {}

        def computed(subject: str, period: str, stated_in: str | None) -> FigureSet:
            key = (subject, period, stated_in or currency)
            if key not in cache:
                try:
                    cache[key] = figures(subject, period, db=warehouse, currency=stated_in or currency)
                except WaimaoError as e:
                    cache[key] = e
            found = cache[key]
            if isinstance(found, WaimaoError):
                raise found
            return found

        verify(report.claims, computed)
    return report


def plan(region: str, period: str, *, db: DbArg = None, currency: str | None = None) -> list:
    """The platform downloads a full bulletin of `region` in `period` needs, each with its status in the warehouse.

    A list of `waimao.indicators.checklist.Query` (in dicts: `to_dict`): flow, months, fields to
    group by, the 注册地 to select, the estimated rows (queries over 10,000 rows come split into
    HS chapter ranges), whether it is loaded, and the file name to save it as.
    """
    from waimao.indicators import queries as q
    from waimao.indicators.checklist import checklist
    from waimao.model.periods import Period
    from waimao.model.regions import resolve_region

    try:
        subject, when = resolve_region(region), Period.parse(str(period))
    except (LookupError, ValueError) as e:
        raise IndicatorError(str(e.args[0]) if e.args else str(e)) from None
    path = default_db_path(db) if not isinstance(db, Warehouse) else None
    if path is not None and not path.exists():  # nothing loaded yet: every download is to make
        return checklist([], subject, when, currency or "CNY")
    with _reading(db) as warehouse:
        loads = q.active_loads(warehouse.table("loads")).to_pyarrow().to_pylist()
    return checklist(loads, subject, when, currency or "CNY")


def latest_quarter(db: DbArg = None, dataset: str | None = None) -> str:
    """The last calendar quarter whose three months the loaded data (of `dataset`, or of any) hold:
    the quarter a bulletin would cover."""
    with _reading(db) as warehouse:
        loads = warehouse.loads()
        active = loads.filter(loads.status == "active")
        if dataset is not None:
            active = active.filter(active.dataset == dataset)
        rows = active.months.to_pyarrow().to_pylist()
    months = {m for listed in rows for m in listed}
    for last in sorted(months, reverse=True):
        if last.month % 3 == 0:
            quarter = [last.replace(month=last.month - k) for k in range(3)]
            if all(m in months for m in quarter):
                return f"{last.year}Q{last.month // 3}"
    raise IndicatorError(f"The {dataset + ' ' if dataset else ''}data hold no complete quarter.")


def export(folder: str | os.PathLike, db: DbArg = None) -> dict[str, str]:
    """Write the warehouse's active trade rows and load history as Parquet (for Spark); returns the paths."""
    with _reading(db) as warehouse:
        return {name: str(path) for name, path in warehouse.export_parquet(folder).items()}


@contextmanager
def _reading(db: DbArg) -> Iterator[Warehouse]:
    if isinstance(db, Warehouse):
        yield db
    else:
        with Warehouse(db, read_only=True) as warehouse:
            yield warehouse
