"""The `waimao` command: a thin shell over `waimao.api` (one module per command family).

Commands parse options, call one API function and print its result; rules live in the
library so the CLI, the web app and Python users behave the same. Each command's module is
imported when that command runs (`waimao.cli.commands`), so start-up costs what the command needs.
"""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from waimao import __version__
from waimao.cli.commands import lazy_group
from waimao.cli.common import WaimaoGroup

app = typer.Typer(
    name="waimao",
    cls=lazy_group(WaimaoGroup, pretty_exceptions_short=True),
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


# The commands (`waimao.cli.commands.COMMANDS`) are imported and built only when run or listed.


def main() -> None:
    app()
