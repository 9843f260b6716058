"""`waimao info`: what the warehouse holds, at a glance."""

from __future__ import annotations

from pathlib import Path

from rich.markup import escape
from rich.table import Table

from waimao import api
from waimao.cli.common import DbOption, JsonOption, out, print_json


def _table(title: str, columns: tuple[str, ...], rows) -> Table:
    table = Table(title=title, title_justify="left", title_style="bold")
    for name in columns:
        table.add_column(name, justify="right" if name in ("rows", "months", "loads") else "left", overflow="fold")
    for row in rows:
        table.add_row(*(escape(str(v)) for v in row))
    return table


def info_command(as_json: JsonOption = False, db: DbOption = None) -> None:
    """Describe the warehouse: periods covered (and gaps), regions, rows per dataset and source.

    Says clearly when the data are synthetic (demo data).

    Example:

        waimao info
        waimao info --json --db ./trade.duckdb
    """
    summary = api.info(db=db)
    if as_json:
        print_json(summary)
        return
    out().print(f"[bold]Warehouse[/] {escape(summary['db'])}")
    loads = summary["loads"]
    out().print(f"{summary['rows']:,} rows in {loads['active']} active loads ({loads['superseded']} superseded)")
    if summary["synthetic"]:
        out().print("[bold yellow]SYNTHETIC DATA[/]: some loads are made-up demo data, not customs statistics.")
    if not summary["datasets"]:
        out().print("Empty. Load files with `waimao ingest FILE...` .")
        return
    out().print(
        _table(
            "Datasets",
            ("dataset", "rows", "loads", "kinds", "synthetic"),
            (
                (d["dataset"], f"{d['rows']:,}", d["loads"], ", ".join(d["kinds"]), "yes" if d["synthetic"] else "")
                for d in summary["datasets"]
            ),
        )
    )
    out().print(
        _table(
            "Periods",
            ("dataset", "flow", "period", "months", "gaps"),
            ((p["dataset"], p["flow"], p["period"], p["months"], ", ".join(p["gaps"]) or "none") for p in summary["periods"]),
        )
    )
    out().print(
        _table(
            "Regions",
            ("dataset", "region", "rows"),
            ((r["dataset"], r["region"] or "(none)", f"{r['rows']:,}") for r in summary["regions"]),
        )
    )
    out().print(
        _table(
            "Sources",
            ("load", "dataset", "kind", "file", "period", "rows"),
            (
                (s["load_id"], s["dataset"], s["kind"], Path(s["source_file"]).name, s["period"], f"{s['rows']:,}")
                for s in summary["sources"]
            ),
        )
    )
