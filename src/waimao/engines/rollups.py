"""Keeping the rollup tables (`waimao.model.rollups`) equal to the sums of the active trade rows, in DuckDB.

The rollups are a physical copy of sums of `trade`, so they must change exactly when `trade` does,
in the same transaction: a load's rollup rows are written right after its rows
(`Warehouse.build_rollups`), deleted when its rows move to the archive and written again when a
restore brings them back. A warehouse made before the rollups, or built with another declaration
or other product groups (`definition()` differs from the digest stored in `rollup_state`), gets
them rebuilt from `trade` when it is opened for writing, inside the opening transaction, so a file
never holds half-built or stale rollups.

Each load's rollup rows are inserted ordered by region, so DuckDB's zone maps of a large table skip
the row groups of other provinces when a window reads one.

**When they are kept.** On a province's extract (tens of thousands of rows a month) the rollups sum
almost nothing, and keeping them would triple the cost of every load for no faster figure. So a
warehouse starts keeping them when its record-level rows reach `MIN_ROWS` (policy `auto`, the default),
or at once (`on`: tests, or a user who wants them), never (`off`). The load that crosses the line
builds them for every active load in its own transaction; from then on they are kept whatever the
policy, because a copy that stopped following `trade` would be wrong, and `rollup_state.kept`
says which. The policy only decides when to start; whether figures *read* them is the
warehouse's choice (`Warehouse.rollups`).

**Which loads.** Only record-level loads (`ROLLED_UP_KINDS`): their rows carry enterprises and
prefectures, and a national extract is what makes a cold figure set slow. Platform downloads and
Comtrade files are already sums by province (or reporter), HS code and partner; summing them again
saved little and cost their ingest more than twice its time (7.5M platform rows: 44 s instead of
16.5 s). A window over any load not summed reads `trade` (`held_loads`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from waimao.model.rollups import ROLLUPS, Rollup, definition, grouped_over
from waimao.model.units import KG_PER_UNIT

if TYPE_CHECKING:
    import duckdb

#: Record-level rows from which a warehouse keeps the rollups under the `auto` policy. Measured on the
#: benchmark (bench/README.md): at 10M rows a province's figure set from the rows is about as fast as
#: hand-written SQL (≈ 2 s) while the rollups nearly double the ingest; at 100M the rows take 5–14 s a
#: province and the rollups 1.1–3 s. So they start between: a national extract of a few years.
MIN_ROWS = 20_000_000
#: The load kinds whose rows are summed into the rollups (the others are read from `trade`).
ROLLED_UP_KINDS = ("canonical",)
_HELD = f"status = 'active' AND kind IN ({', '.join(repr(k) for k in ROLLED_UP_KINDS)})"
#: When to start keeping them (`WAIMAO_ROLLUPS`): by size, at once, or never.
POLICIES = ("auto", "on", "off")

_TYPES = {"load_id": "INTEGER NOT NULL", "month": "DATE NOT NULL", "flow": "VARCHAR NOT NULL", "group": "BIGINT",
          "value_cny": "DECIMAL(38, 2)", "value_usd": "DECIMAL(38, 2)", "kg": "DECIMAL(38, 3)"}
_SUMS = {"value_cny": "sum(value_cny)", "value_usd": "sum(value_usd)", "kg": "sum(kg)"}


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _kilograms() -> str:
    """The first quantity in kilograms, null for other units: `queries.kilograms` in SQL, the same factors."""
    cases = " ".join(f"WHEN unit1 = '{name}' THEN CAST(qty1 * {factor} AS DECIMAL(38, 3))"
                     for name, factor in KG_PER_UNIT.items())
    return f"CASE {cases} ELSE NULL END" if cases else "CAST(NULL AS DECIMAL(38, 3))"


def _region(rollup: Rollup) -> str:
    return "region" if rollup.region_length is None else f"substr(region, 1, {rollup.region_length})"


def create(con: duckdb.DuckDBPyConnection) -> None:
    """The rollup tables, the product groups' prefixes they are summed by, and the digest they were built for."""
    for rollup in ROLLUPS:
        columns = ", ".join(f"{_q(c)} {_TYPES.get(c, 'VARCHAR')}" for c in rollup.columns)
        con.execute(f"CREATE TABLE IF NOT EXISTS {rollup.name} ({columns})")
    con.execute('CREATE TABLE IF NOT EXISTS rollup_group_prefixes ("group" BIGINT, prefix VARCHAR, exclude BOOLEAN)')
    con.execute("CREATE TABLE IF NOT EXISTS rollup_state (definition VARCHAR NOT NULL, kept BOOLEAN NOT NULL)")


def is_current(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the file's rollups were built for this code's declaration (False before rollups existed)."""
    present = con.execute("SELECT count(*) FROM duckdb_tables() WHERE database_name = current_database() "
                          "AND schema_name = 'main' AND table_name = 'rollup_state'").fetchone()[0]
    if not present:  # a warehouse from before the rollups (no query that fails: it would abort the transaction)
        return False
    return con.execute("SELECT max(definition) FROM rollup_state").fetchone()[0] == definition()


def kept(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the rollups hold every active load of a rolled-up kind (read them); False before they start."""
    return is_current(con) and _kept(con)


def _kept(con: duckdb.DuckDBPyConnection) -> bool:
    """`rollup_state.kept` of a current `rollup_state` table."""
    return bool(con.execute("SELECT bool_or(kept) FROM rollup_state").fetchone()[0])


def held_loads(con: duckdb.DuckDBPyConnection) -> frozenset[int]:
    """The loads whose rows kept rollups hold (the caller knows they are kept): the active loads of a rolled-up kind."""
    return frozenset(r[0] for r in con.execute(f"SELECT load_id FROM loads WHERE {_HELD}").fetchall())


def ensure(con: duckdb.DuckDBPyConnection, policy: str = "auto") -> None:
    """Make the rollups current (inside the caller's transaction): rebuilt from `trade` unless they already are.

    Stale rollups that were kept are rebuilt; the others are made empty and start by `policy`.
    """
    if is_current(con):
        _maybe_start(con, policy)
        return
    was_kept = _was_kept(con)
    for rollup in ROLLUPS:
        con.execute(f"DROP TABLE IF EXISTS {rollup.name}")
    con.execute("DROP TABLE IF EXISTS rollup_group_prefixes")
    con.execute("DROP TABLE IF EXISTS rollup_state")
    create(con)
    entries = [(i, prefix, False) for i, g in enumerate(grouped_over()) for prefix in g.include]
    entries += [(i, prefix, True) for i, g in enumerate(grouped_over()) for prefix in g.exclude]
    if entries:
        con.executemany("INSERT INTO rollup_group_prefixes VALUES (?, ?, ?)", entries)
    con.execute("INSERT INTO rollup_state VALUES (?, false)", [definition()])
    _maybe_start(con, "on" if was_kept else policy)


def _was_kept(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether an older file's rollups were kept (a file from before `kept` always kept them)."""
    columns = {r[0] for r in con.execute("SELECT column_name FROM duckdb_columns() WHERE table_name = 'rollup_state' "
                                         "AND database_name = current_database()").fetchall()}
    if not columns:
        return False
    if "kept" not in columns:
        return True
    return _kept(con)


def _maybe_start(con: duckdb.DuckDBPyConnection, policy: str) -> None:
    """Start keeping the rollups (every active load summed) when the policy says so and they are not kept yet."""
    if policy == "off" or _kept(con):
        return
    if policy == "auto" and con.execute(f"SELECT coalesce(sum(rows), 0) FROM loads WHERE {_HELD}").fetchone()[0] \
            < MIN_ROWS:
        return
    for (load_id,) in con.execute(f"SELECT load_id FROM loads WHERE {_HELD} ORDER BY load_id").fetchall():
        _build(con, load_id)
    con.execute("UPDATE rollup_state SET kept = true")


def build(con: duckdb.DuckDBPyConnection, load_id: int, policy: str = "auto") -> None:
    """Write the rollup rows of one load from its rows in `trade` (inside the caller's transaction).

    The load must be active with its `loads` row written; one of another kind is not summed. When
    the rollups are not kept yet, this load may be the one that starts them (`_maybe_start` then
    sums every active load of a rolled-up kind, this one included).
    """
    if _kept(con):
        if con.execute(f"SELECT count(*) FROM loads WHERE load_id = ? AND {_HELD}", [load_id]).fetchone()[0]:
            _build(con, load_id)
    else:
        _maybe_start(con, policy)


def _build(con: duckdb.DuckDBPyConnection, load_id: int) -> None:
    for rollup in ROLLUPS:
        _insert(con, rollup, load_id)


#: Which of the load's HS codes fall in which product group (`queries.group_members` in SQL).
_MEMBERS = """members AS (
    WITH codes AS (SELECT DISTINCT product FROM trade WHERE load_id = $load AND product IS NOT NULL),
         hits AS (SELECT c.product, p."group", p.exclude FROM codes c
                  JOIN rollup_group_prefixes p ON starts_with(c.product, p.prefix))
    SELECT DISTINCT product, "group" FROM hits WHERE NOT exclude
    EXCEPT SELECT product, "group" FROM hits WHERE exclude)"""


def _insert(con: duckdb.DuckDBPyConnection, rollup: Rollup, load_id: int) -> None:
    dims = ", ".join(_q(d) for d in rollup.dims)
    keys = f"region, month, flow{', ' + dims if dims else ''}"
    sums = ", ".join(_SUMS[m] for m in rollup.measures)
    chosen = f"{keys}{', ' + sums if sums else ''}"
    plain = [d for d in rollup.dims if d != "group"]
    columns = ", ".join([f"{_region(rollup)} AS region", "month", "flow", *(_q(d) for d in plain)])
    if rollup.distinct:  # the distinct keys of the rows, enterprise ids present
        sql = (f"SELECT DISTINCT $load, {columns} FROM trade WHERE load_id = $load AND enterprise_id IS NOT NULL "
               "ORDER BY region, month, flow")
    else:
        measures = f"value_cny, value_usd, {_kilograms()} AS kg"
        source = "trade JOIN members USING (product)" if rollup.grouped else "trade"
        member = '"group", ' if rollup.grouped else ""
        sql = (f"{'WITH ' + _MEMBERS if rollup.grouped else ''} SELECT $load, {chosen} FROM ("
               f"SELECT {columns}, {member}{measures} FROM {source} WHERE load_id = $load) "
               f"GROUP BY {keys} ORDER BY region, month, flow")
    con.execute(f"INSERT INTO {rollup.name} ({', '.join(_q(c) for c in rollup.columns)}) {sql}", {"load": load_id})


def drop_load(con: duckdb.DuckDBPyConnection, load_id: int) -> None:
    """Delete one load's rollup rows (its rows left `trade` for the archive)."""
    for rollup in ROLLUPS:
        con.execute(f"DELETE FROM {rollup.name} WHERE load_id = ?", [load_id])


__all__ = ["MIN_ROWS", "POLICIES", "ROLLED_UP_KINDS", "build", "create", "drop_load", "ensure", "held_loads",
           "is_current", "kept"]
