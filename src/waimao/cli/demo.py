"""`waimao demo`: the synthetic Qinghai warehouse, ready to explore."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.markup import escape

from waimao import api
from waimao.cli.common import DbOption, out


def demo_command(
    db: DbOption = None,
    force: Annotated[bool, typer.Option("--force", help="Regenerate the demo files even if they exist.")] = False,
) -> None:
    """Build the SYNTHETIC Qinghai demo warehouse (2022-01 … 2025-06), load it and print its latest bulletin.

    The records are made up, but calibrated so that every figure of the published 2024 and
    2025 Qinghai customs bulletins holds when computed from them; a peer table of the 31
    provinces makes the national ranks and shares true too. Loading twice changes nothing.

    Example:

        waimao demo
        waimao demo --db /tmp/demo.duckdb --force
    """
    with out().status("Building the demo warehouse (synthetic data)…"):
        result = api.demo(db=db, force=force)
    verb = "built" if result["built"] else "reused"
    out().print(f"Demo files {verb} in {escape(result['directory'])}")
    for o in result["outcomes"]:
        out().print(f"  {o.outcome:<10} {escape(o.path.name if hasattr(o.path, 'name') else str(o.path))}: "
                    f"{o.rows:,} rows, dataset {o.dataset}")
    out().print("[bold yellow]SYNTHETIC DATA[/]: calibrated to published figures, not real customs records.")
    period = api.latest_quarter(db=db)
    out().print(f"\nThe bulletin of the latest quarter ({period}), from `waimao report -r 青海省 -p {period}`:\n")
    from waimao.reports import to_markdown

    typer.echo(to_markdown(api.report("青海省", period, db=db)), nl=False)
