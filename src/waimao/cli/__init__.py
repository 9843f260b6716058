"""The `waimao` command: a thin shell over `waimao.api` (one module per command family).

Commands parse options, call one API function and print its result; rules live in the
library so the CLI, the web app and Python users behave the same.
"""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from waimao import __version__
from waimao.cli.check import check_command
from waimao.cli.common import WaimaoGroup
from waimao.cli.demo import demo_command
from waimao.cli.evaluate import evaluate_command
from waimao.cli.figures import export_command, figures_command
from waimao.cli.info import info_command
from waimao.cli.ingest import ingest_command
from waimao.cli.loads import loads_command, restore_command
from waimao.cli.plan import plan_command
from waimao.cli.report import report_command
from waimao.cli.serve import serve_command

app = typer.Typer(
    name="waimao",
    cls=WaimaoGroup,
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode="markdown",
)


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"waimao {__version__}")
        raise typer.Exit()


@app.callback()
def waimao(
    version: Annotated[
        Optional[bool],
        typer.Option("--version", callback=_show_version, is_eager=True, help="Show the version and exit."),
    ] = None,
) -> None:
    """waimao (外贸): customs trade statistics in a local warehouse.

    Every command takes --db (or $WAIMAO_DB) to choose the warehouse file.

    Example:

        waimao ingest qinghai_exports.csv --flow export --period 2025M01-M03
        waimao info
        waimao figures --region 青海省 --period 2025Q1
        waimao report --region 青海省 --period 2025Q1 --format docx -o 青海_2025Q1.docx
        waimao plan --region 宁夏 --period 2025Q1       # the platform downloads a bulletin needs
        waimao check article.txt
        waimao evaluate ../shared/corpus           # precision, recall and alarms of the checker
    """


app.command("ingest")(ingest_command)
app.command("loads")(loads_command)
app.command("restore")(restore_command)
app.command("info")(info_command)
app.command("figures")(figures_command)
app.command("export")(export_command)
app.command("report")(report_command)
app.command("plan")(plan_command)
app.command("check")(check_command)
app.command("evaluate")(evaluate_command)
app.command("serve")(serve_command)

app.command("demo")(demo_command)


def main() -> None:
    app()
