"""Compiled SQL of the figure-set queries, kept per warehouse schema so a repeated report skips Ibis.

A `waimao report` on a province's data spends most of its time not scanning but preparing:
importing Ibis (and, through its DuckDB backend, pandas), building a handful of expressions and
compiling each to SQL. The SQL of a query is a pure function of three things: what the query
asks (its key: which loads, months, region prefix, product groups …), the code that turns that
request into an expression, and the columns of the tables it reads. So the SQL is stored under a
hash of the key, in a folder named by a hash of the other two, and a warehouse whose schema or
query code changed simply misses.

Entries live in memory for the process (the web app asks the same queries again) and on disk
under `$WAIMAO_SQL_CACHE`, else `$XDG_CACHE_HOME/waimao/sql` (~/.cache/waimao/sql). The disk is
only an accelerator: an unwritable folder or a damaged entry means compiling again, never an
error. Files are written to a temporary name and renamed, so a concurrent reader sees a whole
entry or none.

A query's small in-memory tables (the product groups' HS prefixes, ≈ 700 rows) are not written
into its SQL, where DuckDB would parse and plan them again at every use and in every statement:
each becomes a temporary table named by a hash of its rows, which the warehouse creates once per
connection (`Compiled.tables`) and every statement then reads by name.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable, Hashable, Mapping
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    import ibis.expr.types as ir

#: Bump when the way SQL is produced here changes (the folder name then changes too).
FORMAT = "2"
#: How an entry on disk names a temporary table before its query: `-- table <name>: <SELECT of its rows>`.
_TABLE_LINE = "-- table "


class Compiled(NamedTuple):
    """A query's SQL and the temporary tables it reads: (name, SELECT that makes its rows), to create first."""

    sql: str
    tables: tuple[tuple[str, str], ...] = ()

    def text(self) -> str:
        return "".join(f"{_TABLE_LINE}{name}: {select}\n" for name, select in self.tables) + self.sql

    @classmethod
    def parse(cls, text: str) -> Compiled:
        tables = []
        while text.startswith(_TABLE_LINE):
            line, _, text = text.partition("\n")
            name, _, select = line[len(_TABLE_LINE):].partition(": ")
            tables.append((name, select))
        return cls(text, tuple(tables))


_memory: dict[tuple[str, str], Compiled] = {}


def cache_dir() -> Path:
    explicit = os.environ.get("WAIMAO_SQL_CACHE")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "waimao" / "sql"


def namespace(schema: Mapping[str, Mapping[str, str]], code: str) -> str:
    """The folder of one (table columns and types, query code) pair: any change gives another folder."""
    text = repr((FORMAT, code, sorted((t, sorted(cols.items())) for t, cols in schema.items())))
    return hashlib.sha256(text.encode()).hexdigest()[:20]


def cached_sql(space: str, key: Hashable, build: Callable[[], ir.Table]) -> Compiled:
    """The SQL of the query `key` in namespace `space`: from memory, else disk, else compiled from `build()`."""
    digest = hashlib.sha256(repr(key).encode()).hexdigest()[:32]
    found = _memory.get((space, digest))
    if found is not None:
        return found
    path = cache_dir() / space / f"{digest}.sql"
    try:
        found = Compiled.parse(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError):
        found = None
    if not found or not found.sql.strip():  # missing, unreadable or empty: compile
        found = compile_duckdb(build())
        _store(path, found.text())
    _memory[(space, digest)] = found
    return found


def _store(path: Path, sql: str) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(sql)
        os.replace(tmp, path)
    except OSError:
        pass  # a read-only home: the memory copy still serves this process


def compile_duckdb(expr: ir.Table) -> Compiled:
    """DuckDB SQL of an unbound Ibis expression; its in-memory tables become temporary tables named by their rows.

    Ibis names a memtable (the product groups' prefixes) at random and registers its data with
    the backend at execution; SQL run without that backend needs the rows from elsewhere. They
    are given as a `SELECT … FROM (VALUES …)` per table, under a name that is a hash of it, so
    the same rows make one temporary table for every statement of a connection.
    """
    import ibis
    import ibis.expr.operations as ops

    sql = str(ibis.to_sql(expr, dialect="duckdb"))
    tables = {}
    for table in expr.op().find(ops.InMemoryTable):
        select = _rows_select(table.data.to_pyarrow(table.schema))
        name = "waimao_rows_" + hashlib.sha256(select.encode()).hexdigest()[:16]
        sql = sql.replace(_ident(table.name), _ident(name))
        tables[name] = select
    return Compiled(sql, tuple(sorted(tables.items())))


#: DuckDB's name of the Arrow types an in-memory table of the figure set has.
_DUCKDB_TYPES = {"int64": "BIGINT", "int32": "INTEGER", "int16": "SMALLINT", "int8": "TINYINT", "double": "DOUBLE",
                 "string": "VARCHAR", "large_string": "VARCHAR", "bool": "BOOLEAN", "date32[day]": "DATE"}


def _rows_select(data) -> str:
    """A SELECT that makes the rows of an Arrow table: one typed list per column, unnested side by side.

    Lists, not `VALUES` rows: DuckDB binds a 500-row VALUES of literals in ≈ 20–40 ms and the
    same data as four list literals in ≈ 8 ms, which a report on a small warehouse notices.
    """
    columns = []
    for name, column in zip(data.column_names, data.columns, strict=True):
        kind = _DUCKDB_TYPES.get(str(column.type))
        items = "[" + ", ".join(_literal(v) for v in column.to_pylist()) + "]"
        columns.append(f"unnest({items}{f'::{kind}[]' if kind else ''}) AS {_ident(name)}")
    return "SELECT " + ", ".join(columns)


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _literal(value: Any) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, (float, Decimal)):
        return repr(value) if isinstance(value, float) else str(value)
    return "'" + str(value).replace("'", "''") + "'"


__all__ = ["Compiled", "cache_dir", "cached_sql", "compile_duckdb", "namespace"]
