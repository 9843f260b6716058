"""The warehouse: one DuckDB file holding the trade rows, the archive of replaced loads and the load history.

This module is the only place that imports duckdb. Reads go through Ibis (`Warehouse.ibis()`,
`Warehouse.table()`, `Warehouse.trade()`) so that the indicator code runs unchanged on another
engine; writes are a handful of SQL statements that `waimao.ingest.load` strings together
inside one `Warehouse.transaction()`, so that a load either happens completely or not at all.

Tables:

- `trade`: the canonical columns (`waimao.model.schema.TRADE_SCHEMA`) + `load_id`; active rows only.
- `trade_archive`: the same columns; the rows of loads that a newer load superseded.
- `loads`: one row per load (what file, what it covers, status 'active' | 'superseded').
- `rollup_*`: the active rows summed by a few dims at province grain (`waimao.model.rollups`), kept by
  `waimao.engines.rollups` in the transaction of every write to `trade`.
- `schema_version`: one row, the layout version of this file.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import time
import warnings
from collections.abc import Callable, Hashable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb

from waimao.engines import rollups as rollup_tables
from waimao.errors import EngineError, Issue, Report
from waimao.model import schema
from waimao.model.rollups import ROLLUPS
from waimao.model.schema import COLUMNS

if TYPE_CHECKING:
    import ibis.expr.types as ir
    import pyarrow as pa
    from ibis.backends.duckdb import Backend as IbisDuckDB

#: Version 2 added the cut's keys to `loads`: `regions`, `currencies` and `keys`; version 3 the rollup
#: tables (an older waimao would load rows without summing them into the rollups, so it must refuse).
SCHEMA_VERSION = 3
#: `WAIMAO_ROLLUPS`: `auto` (the default) keeps the rollups once the warehouse is large enough, `on` at
#: once, `off` never starts them and reads every figure from the rows (the benchmark's reference).
ROLLUPS_ENV = "WAIMAO_ROLLUPS"


def rollup_policy() -> str:
    """The rollup policy `WAIMAO_ROLLUPS` asks for (`engines.rollups.POLICIES`; unknown words mean auto)."""
    word = os.environ.get(ROLLUPS_ENV, "").strip().lower()
    if word in ("0", "off", "no", "false"):
        return "off"
    return "on" if word in ("1", "on", "yes", "true") else "auto"
MEMORY = ":memory:"

#: Seconds an open waits for another process's lock unless told otherwise. DuckDB lets one process
#: write a file or several read it; a reader waits briefly for a load to finish, a writer longer for
#: readers to close (the web server opens the file per request, so there is always a gap).
READ_WAIT = 10.0
WRITE_WAIT = 30.0
#: The code of the error when the wait runs out (in the error's report, so the CLI and the web show it).
BUSY = "warehouse-busy"

#: Called while an open waits: (seconds waited, seconds it may wait, who holds the lock).
WaitHook = Callable[[float, float, str], None]

#: The `loads` columns in insert order; `waimao.ingest.load` fills one dict with these keys.
LOADS_COLUMNS = (
    "load_id",
    "dataset",
    "kind",
    "source_file",
    "content_hash",
    "rows",
    "months",
    "first_month",
    "last_month",
    "flows",
    "provinces",
    "regions",
    "dims",
    "currency",
    "currencies",
    "keys",
    "status",
    "superseded_by",
    "loaded_at",
    "note",
    "meta",
)

_LOADS_DDL = """
CREATE TABLE IF NOT EXISTS loads (
    load_id       INTEGER PRIMARY KEY,
    dataset       VARCHAR NOT NULL,
    kind          VARCHAR NOT NULL,
    source_file   VARCHAR NOT NULL,
    content_hash  VARCHAR NOT NULL,
    "rows"        BIGINT NOT NULL,
    months        DATE[] NOT NULL,
    first_month   DATE,
    last_month    DATE,
    flows         VARCHAR[] NOT NULL,
    provinces     VARCHAR[] NOT NULL,
    regions       VARCHAR[],
    dims          VARCHAR[] NOT NULL,
    currency      VARCHAR,
    currencies    VARCHAR[],
    keys          JSON,
    status        VARCHAR NOT NULL CHECK (status IN ('active', 'superseded')),
    superseded_by INTEGER,
    loaded_at     TIMESTAMPTZ NOT NULL,
    note          VARCHAR,
    meta          JSON
)
"""


def default_db_path(db: str | os.PathLike | None = None) -> Path:
    """Where the warehouse lives: `db` if given, else `$WAIMAO_DB`, else the user data folder.

    The user data folder follows the XDG convention: `$XDG_DATA_HOME/waimao/waimao.duckdb`,
    which is `~/.local/share/waimao/waimao.duckdb` when XDG_DATA_HOME is unset. One function
    decides this so the CLI, the API and the web app always agree on which file they open.
    """
    if db is not None and str(db) != "":
        return Path(db).expanduser()
    env = os.environ.get("WAIMAO_DB")
    if env:
        return Path(env).expanduser()
    xdg = os.environ.get("XDG_DATA_HOME")
    base = Path(xdg).expanduser() if xdg and Path(xdg).expanduser().is_absolute() else Path.home() / ".local" / "share"
    return base / "waimao" / "waimao.duckdb"


def _sql_type(arrow_type: pa.DataType) -> str:
    import pyarrow as pa

    if pa.types.is_date32(arrow_type):
        return "DATE"
    if pa.types.is_string(arrow_type) or pa.types.is_large_string(arrow_type):
        return "VARCHAR"
    if pa.types.is_decimal(arrow_type):
        return f"DECIMAL({arrow_type.precision}, {arrow_type.scale})"
    if pa.types.is_integer(arrow_type):
        return "BIGINT"
    if pa.types.is_floating(arrow_type):
        return "DOUBLE"
    raise EngineError(f"No DuckDB column type for Arrow type {arrow_type}")


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _trade_ddl(table: str) -> str:
    columns = [
        f"{_quote(f.name)} {_sql_type(f.type)}{'' if f.nullable else ' NOT NULL'}" for f in schema.TRADE_SCHEMA
    ]
    columns.append("load_id INTEGER NOT NULL")
    return f"CREATE TABLE IF NOT EXISTS {table} (\n    " + ",\n    ".join(columns) + "\n)"


_TRADE_COLUMNS = ", ".join(_quote(name) for name in (*COLUMNS, "load_id"))


class _IbisConnection:
    """The DuckDB connection as Ibis 12 expects it.

    duckdb 2.0 removed `fetch_arrow_table`/`fetch_record_batch` from connections and deprecated
    them on relations, which Ibis 12 still calls (listing tables, reading schemas, batches).
    This proxy maps those calls to `to_arrow_table`/`to_arrow_reader` and passes everything
    else through, so Ibis and our writes share one connection (and so one transaction).
    """

    def __init__(self, con: duckdb.DuckDBPyConnection):
        self._con = con

    def execute(self, *args: Any, **kwargs: Any) -> _IbisConnection:
        self._con.execute(*args, **kwargs)
        return self

    def sql(self, *args: Any, **kwargs: Any) -> _IbisRelation:
        return _IbisRelation(self._con.sql(*args, **kwargs))

    def fetch_arrow_table(self) -> pa.Table:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "extra copy" notice: these are small metadata queries
            if hasattr(self._con, "to_arrow_table"):
                return self._con.to_arrow_table()
            return self._con.fetch_arrow_table()

    def fetch_record_batch(self, rows_per_batch: int = 1_000_000) -> pa.RecordBatchReader:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            if hasattr(self._con, "to_arrow_reader"):
                return self._con.to_arrow_reader(rows_per_batch)
            return self._con.fetch_record_batch(rows_per_batch)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._con, name)


class _IbisRelation:
    def __init__(self, relation: duckdb.DuckDBPyRelation):
        self._relation = relation

    def fetch_arrow_table(self) -> pa.Table:
        return self._relation.to_arrow_table()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._relation, name)


class Warehouse:
    """One DuckDB warehouse file (or `":memory:"`), opened read-write unless `read_only`.

    Use it as a context manager or call `close()`: DuckDB lets only one process write a file.
    """

    def __init__(self, path: str | os.PathLike | None = None, *, read_only: bool = False, wait: float | None = None,
                 on_wait: WaitHook | None = None, rollups: bool | None = None):
        self.path: Path | None = None if str(path) == MEMORY else default_db_path(path)
        self.read_only = read_only
        self.wait = (READ_WAIT if read_only else WRITE_WAIT) if wait is None else max(wait, 0.0)
        self._on_wait = on_wait
        self._ibis: IbisDuckDB | None = None
        self._space: str | None = None
        self._in_transaction = False
        #: When to start keeping the rollups (`engines.rollups.POLICIES`); True is 'on', False 'off'.
        self.rollup_policy = {True: "on", False: "off", None: rollup_policy()}[rollups]
        self._con = self._connect()
        try:
            if read_only:
                if self._check_version() < SCHEMA_VERSION or not rollup_tables.is_current(self._con):
                    self._upgrade_then_reopen()
            else:
                self._create_tables()
            #: The rollup tables the figure set may read (`waimao.indicators.rollups`): none when switched off
            #: or while the warehouse does not keep them (too small, `engines.rollups.MIN_ROWS`).
            self.rollups: tuple[str, ...] = (tuple(r.name for r in ROLLUPS) if self.rollup_policy != "off"
                                              and rollup_tables.kept(self._con) else ())
        except BaseException:
            self._con.close()
            raise

    def __repr__(self) -> str:
        return f"Warehouse({str(self.path or MEMORY)!r})"

    def __enter__(self) -> Warehouse:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._con.close()

    # -- opening -------------------------------------------------------------------------

    def _connect(self) -> duckdb.DuckDBPyConnection:
        """A connection to the file, waiting up to `self.wait` seconds while another process holds its lock.

        This is the one place that waits on the lock: every command, the API and the web server open
        the warehouse through it. Past the wait the error carries the code `warehouse-busy`.
        """
        self._temporary: set[str] = set()  # a new connection has none of the temporary tables
        if self.path is None:
            return duckdb.connect(MEMORY)
        if self.read_only and not self.path.exists():
            raise EngineError(f"No warehouse at {self.path}; load data first with `waimao ingest`.")
        if not self.read_only:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as e:
                raise EngineError(f"Cannot create the folder of the warehouse {self.path}: {e}") from e
        started = time.monotonic()
        pause = 0.05
        while True:
            try:
                return duckdb.connect(str(self.path), read_only=self.read_only)
            except duckdb.IOException as e:
                if "lock" not in str(e).lower():
                    raise EngineError(f"Cannot open the warehouse {self.path}: {e}") from e
                holder = self._holder(e)
                waited = time.monotonic() - started
                if waited >= self.wait:
                    message = (f"The warehouse {self.path} is in use: {holder} (DuckDB lets one process write "
                               f"a file, or several read it). Waited {waited:.0f} s; try again when it is done.")
                    issue = Issue(BUSY, f"in use: {holder}; waited {waited:.0f} s", file=str(self.path))
                    raise EngineError(message, Report([issue])) from e
                if self._on_wait is not None:
                    self._on_wait(waited, self.wait, holder)
                time.sleep(min(pause, self.wait - waited))
                pause = min(pause * 2, 0.5)
            except duckdb.Error as e:
                raise EngineError(f"Cannot open the warehouse {self.path}: {e}") from e

    def _holder(self, error: duckdb.IOException) -> str:
        """Who holds the lock, from DuckDB's message: a writer when we only read, a reader when DuckDB says so."""
        pid = re.search(r"\(PID (\d+)\)", str(error))
        who = f"process {pid[1]}" if pid else "another process"
        if self.read_only:
            return f"{who} is writing it"
        return f"{who} is reading it" if "read-only mode" in str(error) else f"{who} has it open"

    def _create_tables(self) -> None:
        with self.transaction():
            self._con.execute(_trade_ddl("trade"))
            self._con.execute(_trade_ddl("trade_archive"))
            self._con.execute(_LOADS_DDL)
            self._con.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
            if self._con.execute("SELECT count(*) FROM schema_version").fetchone()[0] == 0:
                self._con.execute("INSERT INTO schema_version VALUES (?)", [SCHEMA_VERSION])
            if self._check_version() < SCHEMA_VERSION:
                self._migrate()
            self._add_missing_trade_columns()
            rollup_tables.ensure(self._con, self.rollup_policy)  # built from `trade` for a file made before them or for other groups

    def _check_version(self) -> int:
        """The file's layout version; an error for a file that is not a warehouse or is too new."""
        try:
            row = self._con.execute("SELECT max(version) FROM schema_version").fetchone()
        except duckdb.CatalogException as e:
            raise EngineError(f"{self.path} is not a waimao warehouse (no schema_version table).") from e
        if row[0] is not None and row[0] > SCHEMA_VERSION:
            raise EngineError(
                f"The warehouse {self.path} has layout version {row[0]}, newer than this waimao "
                f"understands ({SCHEMA_VERSION}); upgrade waimao."
            )
        return SCHEMA_VERSION if row[0] is None else row[0]

    def _migrate(self) -> None:
        """Version 1 → 2: the cut's keys in `loads`, read back from each load's rows (active or archived).

        Regions are the distinct region codes (a load without rows keeps its provinces); the
        split keys of platform downloads are their distinct HS codes, partners and trade modes.
        Every step only fills what is missing, so a version 2 file passes through unchanged; version
        3's rollups are built by `rollup_tables.ensure` right after.
        """
        for column, sql_type in (("regions", "VARCHAR[]"), ("currencies", "VARCHAR[]"), ("keys", "JSON")):
            self._con.execute(f"ALTER TABLE loads ADD COLUMN IF NOT EXISTS {column} {sql_type}")
        rows = "(SELECT * FROM trade UNION ALL SELECT * FROM trade_archive)"
        self._con.execute(f"""
            UPDATE loads SET regions = coalesce(
                (SELECT list(DISTINCT r.region ORDER BY r.region) FROM {rows} r
                 WHERE r.load_id = loads.load_id AND r.region IS NOT NULL), provinces)
            WHERE regions IS NULL""")
        self._con.execute("UPDATE loads SET currencies = [coalesce(currency, 'CNY')] WHERE currencies IS NULL")
        platform = self._con.execute("SELECT load_id, dims FROM loads WHERE kind = 'gacc' AND keys IS NULL").fetchall()
        for load_id, dims in platform:
            keys = {}
            for dim in ("product", "partner", "trade_mode"):
                if dim in dims:
                    found = self._con.execute(f"SELECT DISTINCT {dim} FROM {rows} WHERE load_id = ? "
                                              f"AND {dim} IS NOT NULL ORDER BY 1", [load_id]).fetchall()
                    keys[dim] = [value for (value,) in found]
            self._con.execute("UPDATE loads SET keys = ? WHERE load_id = ?", [json.dumps(keys), load_id])
        self._con.execute("UPDATE schema_version SET version = ?", [SCHEMA_VERSION])

    def _upgrade_then_reopen(self) -> None:
        """A reader of an older file: upgrade it once in a short writing session, then read it."""
        self._con.close()
        self.read_only = False
        try:
            self._con = self._connect()
            self._create_tables()
        finally:
            self._con.close()
            self.read_only = True
        self._con = self._connect()

    def _add_missing_trade_columns(self) -> None:
        """A column added to TRADE_SCHEMA after a warehouse was made becomes a null column there."""
        for table in ("trade", "trade_archive"):
            present = {r[0] for r in self._con.execute(f"DESCRIBE {table}").fetchall()}
            for f in schema.TRADE_SCHEMA:
                if f.name not in present:
                    self._con.execute(f"ALTER TABLE {table} ADD COLUMN {_quote(f.name)} {_sql_type(f.type)}")

    # -- reads (Ibis) --------------------------------------------------------------------

    def ibis(self) -> IbisDuckDB:
        """The Ibis DuckDB backend bound to this warehouse's connection (same transaction)."""
        if self._ibis is None:
            import ibis

            self._ibis = ibis.duckdb.from_connection(_IbisConnection(self._con))
        return self._ibis

    def backend(self) -> IbisDuckDB:
        return self.ibis()

    def table(self, name: str) -> ir.Table:
        return self.ibis().table(name)

    def query_rows(self, key: Hashable, build: Callable[[Callable[[str], ir.Table]], ir.Table]) -> list[dict]:
        """The rows of a read that `key` names completely, as dicts; `build(table)` makes its Ibis expression.

        The fast path of the figure set (`waimao.indicators.sums`): the SQL comes from the cache of
        compiled queries (`waimao.engines.sqlcache`), so a query asked before on a warehouse of the
        same schema runs without importing or compiling Ibis; only a miss builds the expression,
        over unbound tables of this file's columns, and compiles it.
        """
        from waimao.engines.sqlcache import cached_sql, namespace

        if self._space is None:
            self._space = namespace(self._columns(), "")
        compiled = cached_sql(self._space, key, lambda: build(self._unbound_table))
        self._create_temporary(compiled.tables)
        try:
            cursor = self._con.execute(compiled.sql)
        except duckdb.CatalogException:  # a rolled-back transaction took a temporary table with it
            self._temporary.clear()
            self._create_temporary(compiled.tables)
            cursor = self._con.execute(compiled.sql)
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row)) for row in cursor.fetchall()]

    def _create_temporary(self, tables) -> None:
        """The small tables a cached query reads (`sqlcache.Compiled.tables`), made once per connection."""
        for name, select in tables:
            if name not in self._temporary:
                self._con.execute(f"CREATE TEMP TABLE IF NOT EXISTS {_quote(name)} AS {select}")
                self._temporary.add(name)

    def _columns(self) -> dict[str, dict[str, str]]:
        """table → column → 'TYPE' or 'TYPE NOT NULL', of this file's main schema."""
        out: dict[str, dict[str, str]] = {}
        for table, column, kind, nullable in self._con.execute(
                "SELECT table_name, column_name, data_type, is_nullable FROM duckdb_columns() "
                "WHERE database_name = current_database() AND schema_name = 'main' "
                "ORDER BY table_name, column_index").fetchall():
            out.setdefault(table, {})[column] = kind if nullable else f"{kind} NOT NULL"
        return out

    def _unbound_table(self, name: str) -> ir.Table:
        """An Ibis table of this file's columns bound to no connection: only compiled, never executed."""
        import ibis
        from ibis.backends.sql.datatypes import DuckDBType

        columns = self._columns()[name]
        types = {c: DuckDBType.from_string(t.removesuffix(" NOT NULL"), nullable=not t.endswith(" NOT NULL"))
                 for c, t in columns.items()}
        return ibis.table(ibis.schema(types), name=name)

    def trade(self, dataset: str | None = None) -> ir.Table:
        """The active trade rows, optionally of one dataset only.

        Datasets ('records', 'platform', 'comtrade', ...) come from different sources and
        must not be added together, so a query normally names one.
        """
        rows = self.table("trade")
        if dataset is None:
            return rows
        loads = self.table("loads")
        return rows.filter(rows.load_id.isin(loads.filter(loads.dataset == dataset).load_id))

    def loads(self) -> ir.Table:
        return self.table("loads")

    def state_token(self) -> str:
        """A short string that changes whenever the active data change (load or restore).

        It is built from the last load id, the number of loads and the set of active loads,
        so a cache keyed on it is never stale and two states with the same active loads
        (a restore undone) share their cached results.
        """
        loads = self.table("loads")
        summary = loads.aggregate(last=loads.load_id.max(), count=loads.count()).to_pyarrow().to_pylist()[0]
        active = loads.filter(loads.status == "active").order_by("load_id").load_id.to_pyarrow().to_pylist()
        digest = hashlib.sha1(",".join(map(str, active)).encode()).hexdigest()[:10]
        return f"{summary['last'] or 0}-{summary['count']}-{digest}"

    def next_load_id(self) -> int:
        [(last,)] = self._con.execute("SELECT max(load_id) FROM loads").fetchall()
        return (last or 0) + 1

    def active_loads(self, dataset: str, near: Mapping[str, Sequence] | None = None) -> list[dict]:
        """The active loads of a dataset in load order, `meta` left out: what every load checks against.

        `near` (flows, months, dims, region_heads or None) keeps only the loads that could share a cell with a
        new load: some same flow and month, the same dims, and a region code with a same first two
        characters (two region codes overlap only when one is a prefix, of two or more characters, of
        the other). It is a superset of what `Coverage.may_meet` accepts, which the caller still
        applies; the point is that the other loads' `keys` (every HS code of a platform download)
        are never read, which made a batch of files quadratic. The filter runs on the load ids alone
        and the rows it keeps are read after: a scan of `SELECT *` with the filter still read every
        row's `keys` (10 ms a query by the end of 62 platform files, against about 1 ms).

        Plain SQL rather than Ibis: it runs once per file loaded, where compiling costs more than the query.
        """
        where, params = "status = 'active' AND dataset = $dataset", {"dataset": dataset}
        if near is not None:
            where += (" AND list_has_any(flows, $flows) AND list_has_any(months, $months)"
                      " AND list_has_all(dims, $dims) AND list_has_all($dims, dims)")
            params.update({name: list(near[name]) for name in ("flows", "months", "dims")})
            if near.get("region_heads") is not None:  # a load's regions: its provinces if it recorded none
                where += (" AND list_has_any(list_transform(CASE WHEN len(coalesce(regions, [])) > 0 THEN regions"
                          " ELSE provinces END, lambda r: left(r, 2)), $region_heads)")
                params["region_heads"] = list(near["region_heads"])
        if near is not None:  # the narrow columns decide; the wide ones are read for the loads kept only
            ids = [load_id for (load_id,) in self._con.execute(f"SELECT load_id FROM loads WHERE {where}",
                                                                 params).fetchall()]
            if not ids:
                return []
            where, params = "list_contains($ids, load_id)", {"ids": ids}
        rel = self._con.sql(f"SELECT * EXCLUDE (meta) FROM loads WHERE {where} ORDER BY load_id", params=params)
        return rel.to_arrow_table().to_pylist()

    # -- writes (DuckDB, always inside `transaction()`) ----------------------------------

    @contextmanager
    def transaction(self) -> Iterator[Warehouse]:
        """Everything written inside the block is committed together or not at all."""
        if self._in_transaction:
            raise RuntimeError("Warehouse transactions do not nest")
        self._con.begin()
        self._in_transaction = True
        try:
            yield self
        except BaseException:
            self._con.rollback()
            raise
        else:
            self._con.commit()
        finally:
            self._in_transaction = False

    def _require_transaction(self) -> None:
        if not self._in_transaction:
            raise RuntimeError("Warehouse writes must run inside Warehouse.transaction()")

    def append_trade(self, rows: pa.Table, load_id: int) -> None:
        """Insert canonical rows tagged with `load_id`, scanning the Arrow table (no row loop)."""
        self._require_transaction()
        view = f"_waimao_incoming_{load_id}"
        self._con.register(view, rows.select(list(COLUMNS)))
        try:
            names = ", ".join(_quote(n) for n in COLUMNS)
            self._con.execute(f"INSERT INTO trade ({_TRADE_COLUMNS}) SELECT {names}, ? FROM {view}", [load_id])
        finally:
            self._con.unregister(view)

    def rolled_up_loads(self) -> frozenset[int]:
        """The loads whose rows the rollup tables hold (none while they are not kept or not read).

        `rollups` is set only when the rollups were kept at open, and kept rollups stay kept."""
        return rollup_tables.held_loads(self._con) if self.rollups else frozenset()

    def build_rollups(self, load_id: int) -> None:
        """Sum a load's rows, once they and its `loads` row are in, into the rollup tables (in its transaction)."""
        self._require_transaction()
        rollup_tables.build(self._con, load_id, self.rollup_policy)

    def add_load_record(self, record: dict) -> None:
        """Insert one `loads` row; `record` has the keys of LOADS_COLUMNS (meta as a dict)."""
        self._require_transaction()
        values = [record.get(column) for column in LOADS_COLUMNS]
        for column in ("meta", "keys"):
            values[LOADS_COLUMNS.index(column)] = json.dumps(record.get(column) or {}, ensure_ascii=False,
                                                             default=str)
        columns = ", ".join(_quote(c) for c in LOADS_COLUMNS)
        marks = ", ".join("?" for _ in LOADS_COLUMNS)
        self._con.execute(f"INSERT INTO loads ({columns}) VALUES ({marks})", values)

    def archive_load(self, load_id: int, superseded_by: int) -> None:
        """Move a load's rows to `trade_archive` and mark it superseded."""
        self._require_transaction()
        self._move_rows(load_id, source="trade", target="trade_archive")
        rollup_tables.drop_load(self._con, load_id)
        self._con.execute(
            "UPDATE loads SET status = 'superseded', superseded_by = ? WHERE load_id = ?", [superseded_by, load_id]
        )

    def unarchive_load(self, load_id: int) -> None:
        """Bring a superseded load's rows back into `trade` and mark it active."""
        self._require_transaction()
        self._move_rows(load_id, source="trade_archive", target="trade")
        self._con.execute("UPDATE loads SET status = 'active', superseded_by = NULL WHERE load_id = ?", [load_id])
        rollup_tables.build(self._con, load_id, self.rollup_policy)  # active again: summed like any active load

    def _move_rows(self, load_id: int, source: str, target: str) -> None:
        self._con.execute(
            f"INSERT INTO {target} ({_TRADE_COLUMNS}) SELECT {_TRADE_COLUMNS} FROM {source} WHERE load_id = ?",
            [load_id],
        )
        self._con.execute(f"DELETE FROM {source} WHERE load_id = ?", [load_id])

    # -- export ------------------------------------------------------------------------

    def export_parquet(self, folder: str | os.PathLike) -> dict[str, Path]:
        """Write the active trade rows and the load history as Parquet files, for Spark and other engines.

        `trade.parquet` keeps the warehouse's column types (exact decimals); `loads.parquet`
        stores `meta` as text because Parquet readers disagree on the JSON type.
        """
        target = Path(folder).expanduser()
        target.mkdir(parents=True, exist_ok=True)
        files = {"trade": target / "trade.parquet", "loads": target / "loads.parquet"}
        queries = {
            "trade": f"SELECT {_TRADE_COLUMNS} FROM trade",
            "loads": "SELECT * REPLACE (CAST(meta AS VARCHAR) AS meta, CAST(keys AS VARCHAR) AS keys) FROM loads",
        }
        for name, sql in queries.items():
            path = str(files[name]).replace("'", "''")
            self._con.execute(f"COPY ({sql}) TO '{path}' (FORMAT parquet)")
        return files
