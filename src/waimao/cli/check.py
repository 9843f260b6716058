"""`waimao check`: read trade figures from published text and verify them against the warehouse."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from waimao import api
from waimao.cli.common import CurrencyOption, DbOption, JsonOption, currency_code, out, print_json
from waimao.errors import IngestError, Issue, Report


def check_command(
    files: Annotated[list[Path], typer.Argument(help="Plain-text articles or newspaper pages (UTF-8).",
                                                dir_okay=False)],
    year: Annotated[int | None, typer.Option("--year", help="The year 今年 means when a text names "
                                                "none. Default: the year of the warehouse's latest quarter.")] = None,
    region: Annotated[str | None, typer.Option("--region", "-r", help="The province 我省 means when a "
                                                  "text names none.")] = None,
    problems: Annotated[bool, typer.Option("--problems", help="List only contradicted and inconsistent "
                                           "claims.")] = False,
    currency: CurrencyOption = None,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """Extract every numeric trade claim of the texts and verify it.

    Each claim is checked against the other claims of its text (totals, shares, 拉动, 贡献率,
    growth gaps, parts and wholes), against the other texts (the same figure stated twice, a
    half year below its first quarter), and against the warehouse's figures.

    Example:

        waimao check bulletin.txt
        waimao check page1.txt page2.txt --json > claims.json
        waimao check release_usd.txt --currency usd      # growth and shares of a release in dollars

    Amounts stated in 亿美元/万美元 are checked against the dollar data, amounts in 元 against the
    yuan data; `--currency` says which the other figures (growth, shares, ranks) are of.
    """
    texts = []
    for path in files:
        try:
            texts.append((path.name, path.read_text(encoding="utf-8")))
        except (OSError, UnicodeDecodeError) as e:
            issue = Issue("file-not-readable", str(e), file=str(path))
            raise IngestError(f"{path}: cannot read it as UTF-8 text", report=Report(issues=[issue])) from None
    report = api.check(texts, db=db, year=year, region=region, currency=currency_code(currency))
    if json:
        print_json(report.to_dict())
    else:
        from waimao.claims import render

        render(report, out(), all_claims=not problems)
