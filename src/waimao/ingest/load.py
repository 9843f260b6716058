"""Putting a read file into the warehouse: atomic, idempotent and versioned.

Customs data get revised: a corrected file for the same months must replace the old one, and
the old one must stay retrievable. The rules, decided here and nowhere else:

- A file with an error issue loads nothing (`IngestError` carries the reader's report).
- All writes of one load (rows, the `loads` row, superseding) are one transaction.
- The same bytes, already active in the same dataset with the same coverage: 'unchanged'.
- A load's coverage is its cut — dataset, dims (the fields the file was grouped by) and
  currencies — with the flows, months and the keys it holds of each dim its source splits
  files along (`waimao.model.cuts.SPLIT_DIMS`: regions always; HS codes, partners and trade modes for platform
  downloads, which stop at 10,000 rows). Loads of one cut whose keys are disjoint in some dim
  (chapters 01–49 and 50–98; two partner lists) stand side by side. A new load that *contains*
  an active load of its cut supersedes it (rows moved to `trade_archive`); one that shares
  cells with it without containing it is refused (`overlapping-load`): both would be summed.
  Other cuts (another dims set, another currency, another dataset) are other views of the same
  trade and coexist; the source planner (`waimao.indicators.planner`) never adds two of them.
- `restore(load_id)` undoes a replacement: the loads that now cover the restored load's months
  are superseded, and the other loads they had replaced come back with it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

import pyarrow as pa
import pyarrow.compute as pc

from waimao.errors import IngestError, Issue, Report, Severity
from waimao.model.cuts import (contains_keys, keys_overlap, row_currencies, row_keys, row_regions, shared_keys,
                               split_dims)
from waimao.model.schema import CURRENCY_COLUMNS, DIMENSIONS, FLOWS, TRADE_SCHEMA

if TYPE_CHECKING:
    from waimao.engines.duckdb import Warehouse
    from waimao.ingest.readers.base import ReadResult

#: The dataset a load goes to when the caller names none, by reader kind.
DEFAULT_DATASETS = {"canonical": "records", "gacc": "platform", "comtrade": "comtrade"}

#: Reader counts a load outcome repeats for the ingest summary (a Comtrade file's levels).
COUNTED = ("levels", "world_rows", "total_product_rows", "breakdown_rows_dropped")

#: What `load` and `restore` can report.
OUTCOMES = ("loaded", "unchanged", "replaced", "restored")


@dataclass(frozen=True)
class LoadOutcome:
    """What happened to one file (or one restore).

    `superseded` lists the loads that this one moved to the archive; `restored` the loads
    a restore brought back besides `load_id`. `warnings` are the reader's warning issues plus
    any the loader adds; they never stop a load.
    """

    outcome: str
    load_id: int
    path: str
    dataset: str
    rows: int
    months: tuple[dt.date, ...]
    superseded: tuple[int, ...] = ()
    restored: tuple[int, ...] = ()
    warnings: tuple[Issue, ...] = ()
    parts: tuple[LoadOutcome, ...] = ()  # the other cuts of the same file (`ReadResult.parts`), one load each
    level: str | None = None  # which level of a Comtrade file this load holds ('totals', 'partner' …)
    counts: dict = field(default_factory=dict)  # rows by level, World and TOTAL rows (Comtrade), for the summary

    @property
    def period(self) -> str:
        return month_span(self.months)

    def to_dict(self) -> dict:
        return {
            "outcome": self.outcome,
            "load_id": self.load_id,
            "path": self.path,
            "dataset": self.dataset,
            "rows": self.rows,
            "months": [month_label(m) for m in self.months],
            "period": self.period,
            "superseded": list(self.superseded),
            "restored": list(self.restored),
            "warnings": [w.to_dict() for w in self.warnings],
            "level": self.level,
            "counts": dict(self.counts),
            "parts": [part.to_dict() for part in self.parts],
        }


@dataclass(frozen=True)
class Coverage:
    """What a load holds: its cut (dataset, dims, currencies) and the keys of each dim it is split along.

    Two loads of one cut *meet* when some cell could be in both: their flows, months and
    currencies intersect and, in every split dim, so do their keys. A load *contains* another
    when it holds all its flows, months and currencies and, in every split dim, its keys at the
    coarse level (`coarse_key`). Keys of a dim that one load did not record (an older warehouse)
    count as every key.
    """

    dataset: str
    dims: frozenset[str]
    flows: frozenset[str]
    provinces: frozenset[str]
    months: frozenset[dt.date] = field(default_factory=frozenset)
    currencies: frozenset[str] = frozenset({"CNY"})
    keys: tuple[tuple[str, frozenset[str]], ...] = ()

    @classmethod
    def of_load(cls, row: dict) -> Coverage:
        return cls(
            dataset=row["dataset"],
            dims=frozenset(row["dims"]),
            flows=frozenset(row["flows"]),
            provinces=frozenset(row["provinces"]),
            months=frozenset(row["months"]),
            currencies=frozenset(row_currencies(row)),
            keys=tuple(sorted(row_keys(row).items())),
        )

    def may_meet(self, row: dict) -> bool:
        """`meets` judged on a `loads` row's cut, flows, months, currencies and regions (no JSON keys parsed).

        Regions too because every load records them: the 31 provinces' downloads of one query share
        everything else, and parsing each earlier load's HS codes for every file made a batch quadratic.
        """
        return (row["dataset"] == self.dataset and frozenset(row["dims"]) == self.dims
                and bool(self.flows.intersection(row["flows"])) and bool(self.months.intersection(row["months"]))
                and bool(self.currencies.intersection(row_currencies(row)))
                and ("region" not in (mine := self.key_sets()) or keys_overlap("region", mine["region"],
                                                                                  row_regions(row))))

    def near(self) -> dict[str, list]:
        """What `Warehouse.active_loads` needs to skip the loads that cannot meet this one (a superset of
        `may_meet`): flows, months, dims, and the first two characters of each region code, which two
        overlapping region codes share (`keys_overlap` compares prefixes of two or more characters)."""
        regions = self.key_sets().get("region")
        heads = sorted({code[:2] for code in regions if len(code) >= 2}) if regions is not None else None
        return {"flows": sorted(self.flows), "months": sorted(self.months), "dims": sorted(self.dims),
                "region_heads": heads}

    def key_sets(self) -> dict[str, frozenset[str]]:
        return dict(self.keys)

    def meets(self, other: Coverage) -> bool:
        """Both hold some same cell of the same cut: summing them would count it twice."""
        if not (self.dataset == other.dataset and self.dims == other.dims and self.flows & other.flows
                and self.months & other.months and self.currencies & other.currencies):
            return False
        mine, theirs = self.key_sets(), other.key_sets()
        return all(keys_overlap(dim, mine[dim], theirs[dim]) for dim in mine.keys() & theirs.keys())

    def contains(self, other: Coverage) -> bool:
        if not (self.flows >= other.flows and self.months >= other.months and self.currencies >= other.currencies
                and self.provinces >= other.provinces):
            return False
        mine, theirs = self.key_sets(), other.key_sets()
        return all(contains_keys(dim, mine[dim], theirs[dim]) for dim in mine.keys() & theirs.keys())

    def shared_keys(self, other: Coverage) -> dict[str, list[str]]:
        """The keys of each split dim that both hold (for the message refusing an overlap)."""
        mine, theirs = self.key_sets(), other.key_sets()
        return {dim: shared_keys(dim, mine[dim], theirs[dim]) for dim in sorted(mine.keys() & theirs.keys())}

    def describe(self) -> str:
        provinces = sorted(self.provinces)
        where = f"province {provinces[0]}" if len(provinces) == 1 else f"{len(provinces)} provinces"
        if provinces == ["CN"]:
            where = "national"
        split = {dim: values for dim, values in self.key_sets().items() if dim != "region"}
        held = "".join(f", {len(values)} {dim} keys" for dim, values in sorted(split.items()))
        currencies = "+".join(sorted(self.currencies))
        return f"{month_span(self.months)}, {'+'.join(sorted(self.flows))}, {where}, {currencies}{held}"


def month_label(month: dt.date) -> str:
    return f"{month.year:04d}-{month.month:02d}"


def _month_index(month: dt.date) -> int:
    return month.year * 12 + month.month - 1


def month_span(months) -> str:
    """Months as runs: '2025-01..2025-03, 2025-06'. Used in messages, `loads` and `info`."""
    ordered = sorted(set(months))
    if not ordered:
        return "no months"
    runs: list[list[dt.date]] = [[ordered[0], ordered[0]]]
    for month in ordered[1:]:
        if _month_index(month) == _month_index(runs[-1][1]) + 1:
            runs[-1][1] = month
        else:
            runs.append([month, month])
    return ", ".join(
        month_label(a) if a == b else f"{month_label(a)}..{month_label(b)}" for a, b in runs
    )


def month_gaps(months) -> list[dt.date]:
    """The months missing between the first and the last of `months`."""
    indexes = {_month_index(m) for m in months}
    if not indexes:
        return []
    return [dt.date(i // 12, i % 12 + 1, 1) for i in range(min(indexes), max(indexes) + 1) if i not in indexes]


def content_hash(path: Path) -> str:
    """sha256 of the file's bytes: the identity of a download, whatever its name."""
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _rows_hash(rows: pa.Table) -> str:
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, rows.schema) as writer:
        writer.write_table(rows)
    return hashlib.sha256(sink.getvalue().to_pybytes()).hexdigest()


def _fail(path: Path, code: str, message: str, **where) -> IngestError:
    report = Report(issues=[Issue(code=code, message=message, file=str(path), **where)])
    return IngestError(f"{path}: {message}", report=report)


def _conform(result: ReadResult) -> pa.Table:
    """The reader's table in exactly TRADE_SCHEMA, or an IngestError: the last guard before SQL.

    No rows is fine: a query with no trade is an answer, and the load records its months.
    """
    table = result.table
    missing = [name for name in TRADE_SCHEMA.names if name not in table.column_names]
    if missing:
        raise _fail(result.path, "schema-mismatch", f"the reader returned no column {', '.join(missing)}")
    try:
        rows = table.select(TRADE_SCHEMA.names).cast(TRADE_SCHEMA)
    except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError) as e:
        raise _fail(result.path, "schema-mismatch", f"the rows do not fit the canonical schema: {e}") from e
    for name in ("month", "flow"):
        if rows[name].null_count:
            raise _fail(result.path, "missing-value", f"{rows[name].null_count} rows have no {name}", column=name)
    bad_flows = set(pc.unique(rows["flow"]).to_pylist()) - set(FLOWS)
    if bad_flows:
        raise _fail(result.path, "unknown-flow", "flow must be 'export' or 'import'", column="flow",
                    value=", ".join(sorted(bad_flows)))
    return rows


def _coverage(result: ReadResult, rows: pa.Table, dataset: str) -> Coverage:
    """What the file covers: the reader's declaration, widened by what the rows really hold.

    A currency counts only when every row has it: a dollar column filled for some rows would give
    dollar figures of part of the trade. A file without rows holds the regions it declares and no
    key of a split dim, so it never meets another part of its cut.
    """
    months = set(result.months) | set(pc.unique(rows["month"]).to_pylist())
    flows = set(result.flows) | set(pc.unique(rows["flow"]).to_pylist())
    regions = set(pc.unique(rows["region"].drop_null()).to_pylist())
    provinces = set(result.provinces) | {r[:2] if r[:2].isdigit() else r for r in regions}
    dims = set(result.dims) or {name for name in DIMENSIONS if rows[name].null_count < rows.num_rows}
    currencies = {code for code, column in CURRENCY_COLUMNS.items() if rows.num_rows and not rows[column].null_count}
    keys = {"region": frozenset(regions or provinces or {"CN"})}
    for dim in split_dims(result.kind):
        if dim in dims and dim not in keys:
            keys[dim] = frozenset(pc.unique(rows[dim].drop_null()).to_pylist())
    return Coverage(
        dataset=dataset,
        dims=frozenset(dims),
        flows=frozenset(flows),
        provinces=frozenset(provinces or {"CN"}),
        months=frozenset(months),
        currencies=frozenset(currencies or {result.currency}),
        keys=tuple(sorted(keys.items())),
    )


def _overlap_issue(path: Path, new: Coverage, old_row: dict) -> Issue:
    old = Coverage.of_load(old_row)
    shared = month_span(new.months & old.months)
    keys = {dim: held for dim, held in new.shared_keys(old).items() if dim != "region" and held}
    examples = "; ".join(f"{dim} {', '.join(held[:5])}{' …' if len(held) > 5 else ''}"
                         for dim, held in keys.items())
    both = f" and the keys {examples}" if examples else ""
    return Issue(
        code="overlapping-load",
        message=(
            f"load {old_row['load_id']} ({Path(old_row['source_file']).name}) already holds {old.describe()}; "
            f"this file ({path.name}) holds {new.describe()}. They share {shared}{both}, but this file does not "
            f"hold all of load {old_row['load_id']}, so loading it would count the shared cells twice. Load a "
            f"file that holds all of load {old_row['load_id']} to replace it, or one whose months or keys "
            "do not overlap it (a split download: other chapters or other partners)."
        ),
        file=str(path),
        value=shared,
    )


def load(warehouse: Warehouse, result: ReadResult, dataset: str | None = None, note: str | None = None) -> LoadOutcome:
    """Write one read file into the warehouse, replacing the loads it contains; all or nothing.

    A file of several cuts (`ReadResult.parts`: a Comtrade file's totals, partners and chapters)
    becomes one load per cut, all in one transaction; the outcome of the first carries the others.
    """
    path = Path(result.path)
    if not result.report.valid:
        n = len(result.report.errors)
        raise IngestError(f"{path}: {n} error{'s' if n > 1 else ''}; nothing was loaded", report=result.report)
    dataset = dataset or DEFAULT_DATASETS.get(result.kind, result.kind)
    digest = content_hash(path) if path.is_file() else None
    with warehouse.transaction():
        first = _load_cut(warehouse, result, dataset, note, digest)
        parts = tuple(_load_cut(warehouse, part, dataset, note, digest) for part in result.parts)
    return replace(first, parts=parts) if parts else first


def _load_cut(warehouse: Warehouse, result: ReadResult, dataset: str, note: str | None,
              file_digest: str | None) -> LoadOutcome:
    """One cut of a file, inside the caller's transaction."""
    path = Path(result.path)
    rows = _conform(result)
    coverage = _coverage(result, rows, dataset)
    hashed_file = file_digest is not None
    digest = file_digest or _rows_hash(rows)
    level = result.meta.get("level")
    counts = {key: result.meta[key] for key in COUNTED if key in result.meta}
    # the keys of a load are read and parsed only when its cut, flows, months, currencies and regions
    # could meet this one's: the SQL keeps a superset of those loads, `may_meet` decides
    nearby = {row["load_id"]: (row, Coverage.of_load(row)) for row in warehouse.active_loads(dataset, coverage.near())
              if coverage.may_meet(row)}
    for row, theirs in nearby.values():
        if row["content_hash"] == digest and theirs == coverage:
            return LoadOutcome("unchanged", row["load_id"], str(path), dataset, row["rows"],
                               tuple(sorted(row["months"])), level=level, counts=counts)
    met = [row for row, theirs in nearby.values() if coverage.meets(theirs)]
    conflicts = [row for row in met if not coverage.contains(nearby[row["load_id"]][1])]
    if conflicts:
        report = Report(issues=[_overlap_issue(path, coverage, row) for row in conflicts])
        ids = ", ".join(str(row["load_id"]) for row in conflicts)
        raise IngestError(f"{path}: overlaps load(s) {ids}; nothing was loaded", report=report)

    load_id = warehouse.next_load_id()
    for row in met:
        warehouse.archive_load(row["load_id"], superseded_by=load_id)
    warehouse.append_trade(rows, load_id)
    months = sorted(coverage.months)
    warnings = result.report.warnings
    warehouse.add_load_record(
        {
            "load_id": load_id,
            "dataset": dataset,
            "kind": result.kind,
            "source_file": str(path.absolute()),
            "content_hash": digest,
            "rows": rows.num_rows,
            "months": months,
            "first_month": months[0] if months else None,
            "last_month": months[-1] if months else None,
            "flows": sorted(coverage.flows),
            "provinces": sorted(coverage.provinces),
            "regions": sorted(coverage.key_sets()["region"]),
            "dims": [d for d in DIMENSIONS if d in coverage.dims] + sorted(coverage.dims - set(DIMENSIONS)),
            "currency": result.currency,
            "currencies": sorted(coverage.currencies),
            "keys": {dim: sorted(held) for dim, held in coverage.keys if dim != "region"},
            "status": "active",
            "superseded_by": None,
            "loaded_at": dt.datetime.now(dt.timezone.utc),
            "note": note,
            "meta": {
                "reader": result.meta,
                "stats": result.report.stats,
                "warnings": dict(Counter(w.code for w in warnings)),
                "hash_of": "file" if hashed_file else "rows",
            },
        }
    )
    warehouse.build_rollups(load_id)  # after the record: its kind says whether its rows are summed
    superseded = tuple(row["load_id"] for row in met)
    return LoadOutcome(
        "replaced" if superseded else "loaded",
        load_id,
        str(path),
        dataset,
        rows.num_rows,
        tuple(months),
        superseded=superseded,
        warnings=tuple(warnings),
        level=level,
        counts=counts,
    )


def restore(warehouse: Warehouse, load_id: int) -> LoadOutcome:
    """Make a superseded load active again, in one transaction.

    The active loads that share cells with it are superseded (by it). The other loads those
    had replaced come back too, so restoring one month of a replaced set restores the set as
    it was. Cells the restored loads do not cover any more are reported as a warning.
    """
    with warehouse.transaction():
        loads = warehouse.loads()
        found = loads.filter(loads.load_id == load_id).to_pyarrow().to_pylist()
        if not found:
            raise IngestError(
                f"There is no load {load_id}",
                report=Report(issues=[Issue("unknown-load", f"there is no load {load_id}; see `waimao loads --all`",
                                            value=str(load_id))]),
            )
        target = found[0]
        coverage = Coverage.of_load(target)
        if target["status"] == "active":
            return LoadOutcome("unchanged", load_id, target["source_file"], target["dataset"], target["rows"],
                               tuple(sorted(target["months"])))

        active = warehouse.active_loads(target["dataset"])
        blockers = [row for row in active if coverage.meets(Coverage.of_load(row))]
        blocker_ids = {row["load_id"] for row in blockers}
        siblings = [
            row
            for row in loads.filter(loads.status == "superseded").order_by("load_id").to_pyarrow().to_pylist()
            if row["superseded_by"] in blocker_ids
            and row["load_id"] != load_id
            and not coverage.meets(Coverage.of_load(row))
        ]
        for row in blockers:
            warehouse.archive_load(row["load_id"], superseded_by=load_id)
        for row in [target, *siblings]:
            warehouse.unarchive_load(row["load_id"])
        warnings = _uncovered(blockers, [target, *siblings])

    return LoadOutcome(
        "restored",
        load_id,
        target["source_file"],
        target["dataset"],
        target["rows"],
        tuple(sorted(target["months"])),
        superseded=tuple(sorted(blocker_ids)),
        restored=tuple(row["load_id"] for row in siblings),
        warnings=tuple(warnings),
    )


def _cells(coverage: Coverage) -> set[tuple[str, str, dt.date]]:
    return {(f, p, m) for f in coverage.flows for p in coverage.provinces for m in coverage.months}


def _uncovered(removed: list[dict], restored: list[dict]) -> list[Issue]:
    """Warn about cells that the superseded loads held and no restored load holds."""
    kept = set().union(*(_cells(Coverage.of_load(row)) for row in restored))
    issues = []
    for row in removed:
        lost = _cells(Coverage.of_load(row)) - kept
        if lost:
            issues.append(
                Issue(
                    code="restore-gap",
                    message=(
                        f"load {row['load_id']} was superseded but the restored loads do not cover "
                        f"{month_span({m for _, _, m in lost})} ({'+'.join(sorted({f for f, _, _ in lost}))}); "
                        f"those months are no longer in the active data (`waimao restore {row['load_id']}` undoes this)"
                    ),
                    severity=Severity.WARNING,
                    value=str(row["load_id"]),
                )
            )
    return issues
