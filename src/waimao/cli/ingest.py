"""`waimao ingest`: load files, one transaction each, and say what happened to each."""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.markup import escape

from waimao import api
from waimao.cli.common import DbOption, err, files_progress, out, print_error, print_issues
from waimao.engines.duckdb import WRITE_WAIT
from waimao.errors import IngestError


class Kind(str, Enum):
    auto = "auto"
    gacc = "gacc"
    comtrade = "comtrade"
    canonical = "canonical"


class Flow(str, Enum):
    export = "export"
    import_ = "import"
    export_zh = "出口"
    import_zh = "进口"


def _describe(outcome: api.LoadOutcome) -> str:
    name = escape(Path(outcome.path).name)
    what = f"{outcome.rows:,} rows, {outcome.period}, dataset {escape(outcome.dataset)}"
    if outcome.outcome == "unchanged":
        return f"[dim]unchanged[/] {name}: already loaded as load {outcome.load_id} (same content); nothing written"
    if outcome.outcome == "replaced":
        old = ", ".join(str(i) for i in outcome.superseded)
        return f"[cyan]replaced[/]  {name} -> load {outcome.load_id} ({what}); supersedes load {old}"
    return f"[green]loaded[/]    {name} -> load {outcome.load_id} ({what})"


#: How the ingest summary names the levels of a Comtrade file.
LEVEL_NAMES = {"partner+product": "partner × product rows", "partner": "partner rows (all products)",
               "product": "product rows (World partner)", "totals": "the reporter's totals (World × TOTAL)"}


def _describe_levels(outcome: api.LoadOutcome) -> list[str]:
    """A Comtrade file's levels, one load each, and its World / TOTAL row counts (`LoadOutcome.counts`)."""
    counts = outcome.counts
    if outcome.level is None or "levels" not in counts:
        return []
    lines = []
    for part in (outcome, *outcome.parts):
        state = "unchanged" if part.outcome == "unchanged" else f"load {part.load_id}"
        lines.append(f"          {LEVEL_NAMES.get(part.level, part.level)}: {part.rows:,} rows -> {state}")
    both = counts["levels"].get("totals", 0)
    lines.append(f"          kept {counts.get('world_rows', 0):,} World partner rows and "
                 f"{counts.get('total_product_rows', 0):,} TOTAL commodity rows, each level its own cut; the "
                 f"{both:,} World × TOTAL rows are the reporters' own totals")
    dropped = counts.get("breakdown_rows_dropped", 0)
    if dropped:
        lines.append(f"          left out {dropped:,} rows split by second partner, procedure or transport")
    return lines


def _waiting() -> Callable[[float, float, str], None]:
    """What `--wait` prints on stderr: a line when the wait starts, and one every five seconds after."""
    said = -5.0

    def note(waited: float, limit: float, holder: str) -> None:
        nonlocal said
        if waited - said >= 5:
            said = waited
            err().print(f"[yellow]waiting[/] for the warehouse: {escape(holder)} ({waited:.0f} of {limit:g} s)")

    return note


def ingest_command(
    files: Annotated[list[Path], typer.Argument(help="Files to load: platform CSV, canonical CSV/Parquet, Comtrade CSV/TSV.")],
    kind: Annotated[Kind, typer.Option("--kind", help="Input format; auto guesses it from the header.")] = Kind.auto,
    flow: Annotated[Optional[Flow], typer.Option("--flow", help="Flow of a platform download that has none in it.")] = None,
    period: Annotated[
        Optional[str], typer.Option("--period", help="Period of a platform download without months, e.g. 2025M01-M03.")
    ] = None,
    dataset: Annotated[
        Optional[str],
        typer.Option("--dataset", help="Dataset to load into (default by kind: records, platform, comtrade)."),
    ] = None,
    note: Annotated[Optional[str], typer.Option("--note", help="A note kept in the load history.")] = None,
    region: Annotated[
        Optional[str],
        typer.Option("--region", "-r", help="Whose trade a platform download without 注册地 holds (a province: "
                     "宁夏, 64); without it, the province named in the file name."),
    ] = None,
    national: Annotated[
        bool, typer.Option("--national", help="A platform download without 注册地 holds national totals.")
    ] = False,
    db: DbOption = None,
    wait: Annotated[
        float,
        typer.Option("--wait", min=0, help="Seconds to wait while another process (the web server, another "
                     "ingest) has the warehouse open, saying so every few seconds; then fail with the error "
                     "warehouse-busy."),
    ] = WRITE_WAIT,
) -> None:
    """Load customs trade files into the warehouse.

    Each file is loaded completely or not at all: a file with an error loads nothing, and
    the errors are listed with their row and column. Loading the same file again changes
    nothing; a file for the same months replaces the older load, which stays retrievable
    with `waimao restore`.

    Example:

        waimao ingest qinghai_exports.csv --flow export --period 2025M01-M03
        waimao ingest 宁夏_进口_2025Q1_伙伴.csv       # flow, period and region from the name
        waimao ingest partners.csv --flow 出口 --period 2025Q1 --region 宁夏
        waimao ingest records_2025.parquet --db ./trade.duckdb
    """
    failed = 0
    with api.open_warehouse(db, wait=wait, on_wait=_waiting()) as warehouse, files_progress(files) as progress_for:
        outcomes = api.ingest_each(files, kind=kind.value, flow=flow.value if flow else None, period=period,
                                   dataset=dataset, db=warehouse, note=note, region=region, national=national,
                                   progress_for=progress_for)
        for path, outcome in outcomes:
            if isinstance(outcome, IngestError):
                failed += 1
                err().print(f"[bold red]failed[/]    {escape(path.name)}: nothing was loaded")
                if outcome.report.issues:
                    print_issues(outcome.report.errors, f"errors in {path.name}", error=True)
                    print_issues(outcome.report.warnings, f"warnings in {path.name}", error=False)
                else:
                    print_error(outcome)
                continue
            out().print(_describe(outcome))
            for line in _describe_levels(outcome):
                out().print(line)
            print_issues(outcome.warnings, f"warnings in {path.name}", error=False)
        location = warehouse.path or ":memory:"
    if len(files) > 1:
        out().print(f"{len(files) - failed} of {len(files)} files loaded or already present.")
    out().print(f"[dim]warehouse: {escape(str(location))}[/]")
    if failed:
        raise typer.Exit(1)
