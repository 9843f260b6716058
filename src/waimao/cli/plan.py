"""`waimao plan`: the platform downloads a bulletin needs, which are loaded, and how to split the big ones."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from waimao import api
from waimao.cli.common import CurrencyOption, DbOption, JsonOption, currency_code, out, print_json
from waimao.indicators.checklist import currency_zh, describe_status

_FLOW_ZH = {"export": "出口", "import": "进口"}


def plan_command(
    region: Annotated[str, typer.Option("--region", "-r", help="A province (宁夏, 64) or the nation (全国).")],
    period: Annotated[str, typer.Option("--period", "-p", help="2025Q1, 2025H1, 2025M01-M04, 2025 …")],
    currency: CurrencyOption = None,
    as_json: JsonOption = False,
    db: DbOption = None,
) -> None:
    """List the customs-platform downloads a full bulletin of a region and period needs (the checklist).

    Each line is one query to make on the platform (海关统计数据在线查询平台): its flow, months,
    the fields to group by (分组字段, with 分月展示 ticked), the 注册地 to select, the rows it will
    hold, whether the warehouse already holds it, and the file name to save it as so that
    `waimao ingest` reads its flow, months and region from the name. A query that would pass the
    platform's 10,000 rows is split into HS chapter ranges, judged by the codes already loaded or,
    without them, by the codes each chapter has.

    Example:

        waimao plan -r 宁夏 -p 2025Q1
        waimao plan -r 宁夏 -p 2025Q1 --currency usd --json
    """
    queries = api.plan(region, period, db=db, currency=currency_code(currency))
    if as_json:
        print_json([query.to_dict() for query in queries])
        return
    table = Table(title=f"platform downloads for {escape(region)} {escape(period)}", title_justify="left",
                  title_style="bold")
    for name in ("#", "flow", "months", "分组字段", "注册地", "rows", "status", "save as"):
        table.add_column(name, justify="right" if name in ("#", "rows") else "left", overflow="fold")
    for n, query in enumerate(queries, start=1):
        where = "全国各省" if query.region is None else query.region.name_zh
        rows = f"{'≤' if query.estimated_from == 'reference' else '≈'}{query.rows:,}"
        status = describe_status(query)
        style = "green" if query.status == "loaded" else ("dim" if query.optional else "yellow")
        table.add_row(str(n), _FLOW_ZH[query.flow], str(query.period), escape(query.fields_zh), escape(where), rows,
                      f"[{style}]{escape(status)}{' (optional)' if query.optional else ''}[/]", escape(query.file_name))
    out().print(table)
    missing = [q for q in queries if q.status != "loaded" and not q.optional]
    money = currency_zh(queries[0].currency) if queries else "人民币"
    out().print(f"{len(queries) - len(missing)} of {len(queries)} downloads loaded or optional; {len(missing)} to "
                f"make. On the platform tick 分月展示 and choose {money}; load the files with `waimao ingest FILES`.")
