"""`waimao loads` (the load history) and `waimao restore` (bring back a replaced load)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from waimao import api
from waimao.cli.common import DbOption, JsonOption, out, print_issues, print_json


def _provinces(codes: list[str]) -> str:
    return ", ".join(codes) if len(codes) <= 3 else f"{len(codes)} provinces"


def loads_command(
    all_: Annotated[bool, typer.Option("--all", help="Include superseded loads.")] = False,
    as_json: JsonOption = False,
    db: DbOption = None,
) -> None:
    """List the loads in the warehouse: file, months, rows and status.

    Without --all only the active loads are listed; with it, also the superseded ones and
    the load that replaced each.

    Example:

        waimao loads
        waimao loads --all --json
    """
    rows = api.loads(db=db, include_superseded=all_)
    if as_json:
        print_json(rows)
        return
    if not rows:
        out().print("No loads yet. Load files with `waimao ingest FILE...`.")
        return
    columns = ["id", "status", "dataset", "kind", "period", "flows", "region", "rows", "loaded", "file"]
    if any(row["note"] for row in rows):
        columns.append("note")
    table = Table()
    for name in columns:
        table.add_column(
            name,
            justify="right" if name in ("id", "rows") else "left",
            no_wrap=name in ("id", "status", "period", "rows", "loaded"),
            overflow="fold",
        )
    for row in rows:
        status = row["status"] if row["superseded_by"] is None else f"superseded by {row['superseded_by']}"
        cells = [
            str(row["load_id"]),
            status if row["status"] == "active" else f"[dim]{status}[/]",
            escape(row["dataset"]),
            row["kind"],
            row["period"],
            "+".join(row["flows"]),
            _provinces(row["provinces"]),
            f"{row['rows']:,}",
            row["loaded_at"][:16].replace("T", " "),
            escape(Path(row["source_file"]).name),
            escape(row["note"] or ""),
        ]
        table.add_row(*cells[: len(columns)])
    out().print(table)


def restore_command(
    load_id: Annotated[int, typer.Argument(help="The id of a superseded load (see `waimao loads --all`).")],
    db: DbOption = None,
) -> None:
    """Make a superseded load active again.

    The loads that replaced it are superseded in turn (and can be restored the same way);
    the other loads they had replaced come back too. One transaction: all or nothing.

    Example:

        waimao loads --all
        waimao restore 3
    """
    outcome = api.restore(load_id, db=db)
    if outcome.outcome == "unchanged":
        out().print(f"Load {load_id} is already active; nothing changed.")
        return
    message = f"[green]restored[/] load {load_id} ({escape(Path(outcome.path).name)}, {outcome.period})"
    if outcome.restored:
        message += f" with load {', '.join(map(str, outcome.restored))}"
    if outcome.superseded:
        message += f"; superseded load {', '.join(map(str, outcome.superseded))}"
    out().print(message)
    print_issues(outcome.warnings, "warnings", error=False)
