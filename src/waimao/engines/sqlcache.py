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
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable, Hashable, Mapping
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import ibis.expr.types as ir

#: Bump when the way SQL is produced here changes (the folder name then changes too).
FORMAT = "1"

_memory: dict[tuple[str, str], str] = {}


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


def cached_sql(space: str, key: Hashable, build: Callable[[], ir.Table]) -> str:
    """The SQL of the query `key` in namespace `space`: from memory, else disk, else compiled from `build()`."""
    digest = hashlib.sha256(repr(key).encode()).hexdigest()[:32]
    found = _memory.get((space, digest))
    if found is not None:
        return found
    path = cache_dir() / space / f"{digest}.sql"
    try:
        found = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        found = None
    if not found:  # missing, unreadable or empty: compile
        found = compile_duckdb(build())
        _store(path, found)
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


def compile_duckdb(expr: ir.Table) -> str:
    """DuckDB SQL of an unbound Ibis expression, its in-memory tables written inline as VALUES.

    Ibis names a memtable (the product groups' prefixes) and registers its data with the backend
    at execution; SQL run without that backend must carry the rows itself.
    """
    import ibis
    import ibis.expr.operations as ops

    sql = ibis.to_sql(expr, dialect="duckdb")
    for table in expr.op().find(ops.InMemoryTable):
        data = table.data.to_pyarrow(table.schema)
        columns = ", ".join(_ident(c) for c in data.column_names)
        rows = ", ".join("(" + ", ".join(_literal(v) for v in row.values()) + ")" for row in data.to_pylist())
        sql = sql.replace(_ident(table.name), f"(SELECT * FROM (VALUES {rows}) AS v({columns}))")
    return str(sql)


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _literal(value: Any) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return f"CAST({value} AS BIGINT)"
    if isinstance(value, (float, Decimal)):
        return repr(value) if isinstance(value, float) else str(value)
    return "'" + str(value).replace("'", "''") + "'"


__all__ = ["cache_dir", "cached_sql", "compile_duckdb", "namespace"]
