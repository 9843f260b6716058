"""`waimao figures`: every official figure of a region and period, as a table, JSON or CSV."""

from __future__ import annotations

import enum
import io
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.markup import escape
from rich.table import Table

from waimao import api
from waimao.cli.common import CurrencyOption, DbOption, currency_code, err, out, print_json
from waimao.indicators import BREAKDOWN_KINDS, FLOWS, METRIC_ORDER


class Output(str, enum.Enum):
    table = "table"
    json = "json"
    csv = "csv"


def _shown(value: float) -> str:
    """Enough digits to see the unrounded value without drowning in them."""
    return f"{value:,.4f}".rstrip("0").rstrip(".") if value != int(value) else f"{int(value):,}"


def figures_command(
    region: Annotated[str, typer.Option("--region", "-r",
                                        help="Region: name, short name or code (青海省, 青海, 63, 海西州).")],
    period: Annotated[str, typer.Option("--period", "-p",
                                        help="2025Q1, 2025H1, 2025M01-M04, 2025Q1-Q3, 2025, 2025年上半年 …")],
    flow: Annotated[Optional[str], typer.Option("--flow", help=f"Only one flow: {', '.join(FLOWS)}.")] = None,
    by: Annotated[Optional[str], typer.Option("--by", help=f"A breakdown: {', '.join(BREAKDOWN_KINDS)}. "
                                              "Without it, the figures of the region as a whole.")] = None,
    top: Annotated[Optional[int], typer.Option("--top", min=1, help="With --by: the N largest members only.")] = None,
    metric: Annotated[Optional[str], typer.Option("--metric",
                                                  help="Only one metric (value, yoy_pct, share_pct …).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Figure records as JSON (claims_schema.md).")] = False,
    as_csv: Annotated[bool, typer.Option("--csv", help="A tidy CSV table, one row per figure.")] = False,
    as_table: Annotated[bool, typer.Option("--table", help="A table for reading (the default).")] = False,
    engine: Annotated[str, typer.Option("--engine", help="duckdb (default) or spark.")] = "duckdb",
    parquet: Annotated[Optional[Path], typer.Option("--parquet", help="Spark: read this folder written by "
                                                   "`waimao export` instead of the warehouse file.")] = None,
    spark_master: Annotated[Optional[str], typer.Option("--spark-master", envvar="WAIMAO_SPARK_MASTER",
                                                        help="Spark: cluster URL (default local[2]).")] = None,
    currency: CurrencyOption = None,
    db: DbOption = None,
) -> None:
    """Compute the official indicators of a region and period, worded as the bulletin words them.

    Every figure is computed from unrounded sums over the same months of the previous year;
    a period whose months are not all loaded is refused with the missing months named.

    Example:

        waimao figures --region 青海省 --period 2025Q1
        waimao figures -r 青海 -p 2025H1 --by partner --top 10 --flow total
        waimao figures -r 63 -p 2025Q1 --by product_group --json
        waimao figures -r 宁夏 -p 2025Q1 --currency usd     # from the 美元 downloads
    """
    if sum((as_json, as_csv, as_table)) > 1:
        raise typer.BadParameter("choose one of --json, --csv and --table")
    if flow is not None and flow not in FLOWS:
        raise typer.BadParameter(f"unknown flow {flow!r}; use one of {', '.join(FLOWS)}", param_hint="--flow")
    if by is not None and by not in BREAKDOWN_KINDS:
        raise typer.BadParameter(f"unknown breakdown {by!r}; use one of {', '.join(BREAKDOWN_KINDS)}",
                                 param_hint="--by")
    if metric is not None and metric not in METRIC_ORDER:
        raise typer.BadParameter(f"unknown metric {metric!r}; use one of {', '.join(METRIC_ORDER)}",
                                 param_hint="--metric")
    result = api.figures(region, period, db=db, engine=engine, parquet=parquet, master=spark_master,
                         currency=currency_code(currency))
    chosen = result.select(kind=by, flow=flow, metric=metric, top=top)
    for note in result.notes:
        err().print(f"[yellow]Note:[/] {escape(note.en)}")
    if as_json:
        print_json([f.to_dict() for f in chosen])
    elif as_csv:
        buffer = io.BytesIO()
        import pyarrow.csv as pacsv

        from waimao.indicators import to_table

        pacsv.write_csv(to_table(chosen), buffer)
        typer.echo(buffer.getvalue().decode("utf-8"), nl=False)
    else:
        title = f"{result.subject_name} {result.period}: {len(chosen)} figures"
        table = Table(title=title, title_justify="left", title_style="bold")
        for name in ("flow", "breakdown", "metric", "value", "unit", "text"):
            table.add_column(name, justify="right" if name == "value" else "left", overflow="fold")
        for f in chosen:
            table.add_row(f.flow, escape(f.breakdown.name if f.breakdown else ""), f.metric, _shown(f.value),
                          escape(f.unit), escape(f.text))
        out().print(table)
        out().print(f"computed in {result.seconds:.2f} s on {engine}; sources: " + escape(_sources(result)))


def _sources(result) -> str:
    """Which cut each family came from: 'subject, peers ← platform[region] loads 1,3; partner ← …'."""
    by_source: dict[str, list[str]] = {}
    for need, source in result.plan.sources.items():
        if source is not None:
            by_source.setdefault(str(source.record), []).append(need)
    return "; ".join(f"{', '.join(needs)} ← {source}" for source, needs in by_source.items())


def export_command(
    folder: Annotated[Path, typer.Argument(help="Folder for trade.parquet and loads.parquet.", file_okay=False)],
    db: DbOption = None,
) -> None:
    """Write the warehouse as Parquet files, for `waimao figures --engine spark --parquet FOLDER` or a cluster.

    Example:

        waimao export ./warehouse-parquet
    """
    files = api.export(folder, db=db)
    for name, path in files.items():
        out().print(f"{name}: {escape(path)}")
