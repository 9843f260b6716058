"""`waimao report`: the bulletin of a region and period (zh or en; Markdown, HTML, Word or Excel)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.markup import escape

from waimao import api
from waimao.cli.common import CurrencyOption, DbOption, currency_code, err
from waimao.reports.formats import FORMATS, LANGS


def report_command(
    region: Annotated[str, typer.Option("--region", "-r", help="Region: name, short name or code.")],
    period: Annotated[str, typer.Option("--period", "-p", help="2025Q1, 2025H1, 2024, 2025年上半年 …")],
    lang: Annotated[str, typer.Option("--lang", "-l", help=f"Language: {', '.join(LANGS)}.")] = "zh",
    fmt: Annotated[str, typer.Option("--format", "-f", help=f"File format: {', '.join(FORMATS)}; "
                                     "docx and xlsx need -o.")] = "md",
    output: Annotated[Optional[Path], typer.Option("-o", "--output", help="Write the bulletin here "
                                                   "instead of printing it.", dir_okay=False)] = None,
    trace: Annotated[Optional[Path], typer.Option("--trace", help="Also write every number of the text "
                                                  "with its figure record, as JSON.", dir_okay=False)] = None,
    rules: Annotated[Optional[Path], typer.Option("--rules", help="Bulletin rules (a copy of "
                                                  "waimao/reports/data/bulletin_rules.toml).", dir_okay=False)] = None,
    currency: CurrencyOption = None,
    db: DbOption = None,
) -> None:
    """Write the bulletin (外贸进出口情况) of a region and period, in the customs release's words.

    Every number is a figure of `waimao figures`; which partners, products and regions are
    stated follows the bulletin rules (size, growth, novelty), not a fixed list. HTML, Word
    and Excel add the statistical tables and the charts.

    Example:

        waimao report --region 青海省 --period 2025Q1
        waimao report -r 青海 -p 2025H1 -o 青海_2025H1.md --trace 青海_2025H1.trace.json
        waimao report -r 青海 -p 2025Q1 --lang en --format docx -o qinghai_2025Q1.docx
    """
    if lang not in LANGS:
        raise typer.BadParameter(f"use one of {', '.join(LANGS)}", param_hint="--lang")
    if fmt not in FORMATS:
        raise typer.BadParameter(f"use one of {', '.join(FORMATS)}", param_hint="--format")
    if fmt in ("docx", "xlsx") and output is None:
        raise typer.BadParameter(f"a {fmt} file cannot be printed; name it with -o FILE", param_hint="--format")
    release = api.release(region, period, db=db, rules=rules, lang=lang, currency=currency_code(currency),
                          monthly=fmt != "md")  # Markdown is the text alone: no tables to give blocks
    from waimao.reports import render

    content = render(release, fmt)
    for note in release.bulletin.notes:
        err().print(f"[yellow]Note:[/] {escape(note)}")
    if trace is not None:
        trace.write_text(json.dumps(release.bulletin.trace(), ensure_ascii=False, indent=1), encoding="utf-8")
    if output is None:
        typer.echo(content.decode("utf-8"), nl=False)
    else:
        output.write_bytes(content)
        err().print(f"Bulletin written to {escape(str(output))}")
