"""统计月报 blocks of the breakdown tables: 当月 beside 1—N月累计, 上年同期, US dollars beside RMB.

The workbook is read cell by cell with openpyxl and every checked number is compared with a plain
SQL sum over the demo warehouse's trade table, written here by hand (load 1 holds Qinghai's
records): the 当月 column with the last month's sum, the 累计 column with the run's, 上年同期 with
the run a year earlier and the USD column with the sum of `value_usd` — never a conversion.
"""

from __future__ import annotations

import io
from decimal import ROUND_HALF_UP, Decimal

import docx
import duckdb
import openpyxl
import pytest

from waimao import api
from waimao.errors import IndicatorError
from waimao.reports import TableSets, compose, load_rules, render

Q1, MARCH, Q1_2024 = ("2025-01-01", "2025-03-01"), ("2025-03-01", "2025-03-01"), ("2024-01-01", "2024-03-01")


@pytest.fixture(scope="module")
def sums(demo_db):
    """`sums(months, column, where)` → the 万 figure (1 decimal, half up) of Qinghai's records, exports and
    imports together unless `where` names a flow."""
    con = duckdb.connect(str(demo_db), read_only=True)

    def total(months: tuple[str, str], column: str = "value_cny", where: str = "TRUE") -> float:
        (value,) = con.execute(f"SELECT coalesce(sum({column}), 0) FROM trade WHERE load_id = 1 "
                               f"AND month BETWEEN '{months[0]}' AND '{months[1]}' AND ({where})").fetchone()
        return float((Decimal(value) / 10000).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))

    yield total
    con.close()


@pytest.fixture(scope="module")
def workbooks(demo_db):
    """The xlsx of the Qinghai releases of 2025Q1 and 2025M03, with the 统计月报 blocks (api.release's default)."""
    return {period: openpyxl.load_workbook(io.BytesIO(render(api.release("青海", period, db=demo_db), "xlsx")))
            for period in ("2025Q1", "2025M03")}


def header_map(ws) -> dict[tuple[str, str, str | None], int]:
    """(flow, block, metric) → column number, from the three header rows (3–5) with their merged boxes;
    a block without metrics (上年同期, the USD column) maps with metric None."""
    out, flow, block = {}, None, None
    for col in range(2, ws.max_column + 1):
        top, mid, low = (ws.cell(r, col).value for r in (3, 4, 5))
        if top is not None:
            flow, block = top, None
        if mid is not None:
            block = mid
        out[(flow, block, low)] = col
    return out


def row_of(ws, name: str) -> int:
    return next(r for r in range(4, ws.max_row + 1) if ws.cell(r, 1).value == name)


def merged(ws) -> set[str]:
    return {str(r) for r in ws.merged_cells.ranges}


def test_headers_carry_month_and_cumulative_blocks(workbooks):
    ws = workbooks["2025Q1"]["伙伴"]
    assert ws["A2"].value == "单位：万元、万美元、%"
    assert [ws.cell(3, c).value for c in (2, 9, 16)] == ["进出口", "出口", "进口"]
    assert [ws.cell(4, c).value for c in range(2, 9)] == ["当月", None, "1—3月累计", None, None, "上年同期", "美元"]
    assert [ws.cell(5, c).value for c in range(2, 9)] == ["金额", "同比", "金额", "同比", "占比", None, "1—3月累计"]
    # each flow's box spans its seven columns, each block its metrics, 上年同期 down to the last row
    assert {"B3:H3", "I3:O3", "P3:V3", "B4:C4", "D4:F4", "G4:G5", "A3:A5"} <= merged(ws)
    assert ws.freeze_panes == "B6"
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.paperSize == 9
    # one page wide (fitToWidth 1 is the default xlsxwriter leaves out), as many pages long as it needs
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth in (None, 1)
    assert ws.page_setup.fitToHeight == 0


@pytest.mark.parametrize(("sheet", "row", "where"), [
    ("伙伴", "合计", "TRUE"),
    ("伙伴", "俄罗斯", "partner = '344'"),
    ("企业", "民营企业", "enterprise_type = 'private'"),
    ("企业", "国有企业", "enterprise_type = 'state_owned'"),
])
def test_values_equal_sql_sums(workbooks, sums, sheet, row, where):
    ws = workbooks["2025Q1"][sheet]
    cols, r = header_map(ws), row_of(ws, row)
    for flow, flows in (("进出口", "TRUE"), ("出口", "flow = 'export'"), ("进口", "flow = 'import'")):
        cut = f"({where}) AND {flows}"
        assert ws.cell(r, cols[(flow, "当月", "金额")]).value == sums(MARCH, where=cut), (row, flow, "当月")
        assert ws.cell(r, cols[(flow, "1—3月累计", "金额")]).value == sums(Q1, where=cut), (row, flow, "累计")
        assert ws.cell(r, cols[(flow, "上年同期", None)]).value == sums(Q1_2024, where=cut), (row, flow, "上年同期")
        assert ws.cell(r, cols[(flow, "美元", "1—3月累计")]).value == sums(Q1, "value_usd", cut), (row, flow, "USD")


def test_growth_columns_are_the_sums_growth(workbooks, sums):
    """同比 of each block from the same SQL sums (当月: March 2025 over March 2024)."""
    ws = workbooks["2025Q1"]["伙伴"]
    cols, r = header_map(ws), row_of(ws, "俄罗斯")
    con_march = sums(MARCH, where="partner = '344'"), sums(("2024-03-01", "2024-03-01"), where="partner = '344'")
    con_run = sums(Q1, where="partner = '344'"), sums(Q1_2024, where="partner = '344'")
    for (current, base), block in ((con_march, "当月"), (con_run, "1—3月累计")):
        growth = ws.cell(r, cols[("进出口", block, "同比")]).value
        assert growth == pytest.approx((current / base - 1) * 100, abs=0.06)  # sums rounded to 0.1万 first


def test_single_month_release_has_the_run_from_january(workbooks, sums):
    """A March release's tables: 当月 is March, 1—3月累计 the run from January (a figure set of its own)."""
    ws = workbooks["2025M03"]["伙伴"]
    cols, r = header_map(ws), row_of(ws, "合计")
    assert ws.cell(r, cols[("进出口", "当月", "金额")]).value == sums(MARCH)
    assert ws.cell(r, cols[("进出口", "1—3月累计", "金额")]).value == sums(Q1)
    assert ws.cell(r, cols[("进出口", "1—3月累计", "占比")]).value == 100.0


def test_product_table_blocks(workbooks, sums):
    """The product table's flows are row blocks, so its header is block over metric (two rows)."""
    ws = workbooks["2025Q1"]["产品"]
    assert [ws.cell(3, c).value for c in range(2, 9)] == ["当月", None, "1—3月累计", None, None, "上年同期", "美元"]
    assert [ws.cell(4, c).value for c in range(2, 9)] == ["金额", "同比", "金额", "同比", "占比", None, "1—3月累计"]
    cols = {ws.cell(3, c).value: c for c in range(2, 9) if ws.cell(3, c).value}
    for name, flow in (("出口总值", "flow = 'export'"), ("进口总值", "flow = 'import'")):
        r = row_of(ws, name)
        assert ws.cell(r, cols["当月"]).value == sums(MARCH, where=flow)
        assert ws.cell(r, cols["1—3月累计"]).value == sums(Q1, where=flow)
        assert ws.cell(r, cols["上年同期"]).value == sums(Q1_2024, where=flow)
        assert ws.cell(r, cols["美元"]).value == sums(Q1, "value_usd", flow)


def test_word_and_html_print_the_blocks(demo_db):
    made = api.release("青海", "2025Q1", db=demo_db)
    document = docx.Document(io.BytesIO(render(made, "docx")))
    partners = next(t for t in document.tables if "欧盟" in [c.text for c in t.columns[0].cells])
    assert [partners.cell(1, c).text for c in (1, 3, 6, 7)] == ["当月", "1—3月累计", "上年同期", "美元"]
    assert [partners.cell(2, c).text for c in (1, 4, 7)] == ["金额", "同比", "1—3月累计"]
    html = render(made, "html").decode()
    assert '<th scope="col" colspan="7">进出口</th>' in html
    assert '<th scope="col" colspan="2">当月</th><th scope="col" colspan="3">1—3月累计</th>' in html


def test_no_usd_columns_without_usd_data(demo_figures):
    """Where the data hold no dollar amounts, the USD set cannot be computed: no column, and a note says why."""
    fs = demo_figures("青海省", "2025Q1")

    def figures_of(period: str, currency: str | None):
        if currency == "USD":
            raise IndicatorError("no USD amounts")
        return demo_figures("青海省", period, currency)

    sets = api.table_sets(fs, figures_of)
    assert sets.usd is None and sets.month is not None and sets.base is not None
    table = next(t for t in compose(fs, load_rules(), "zh", sets).tables if t.name == "partners")
    assert not [c for c in table.columns if "usd" in c.key] and table.unit_zh == "单位：万元、%"
    assert "数据无美元金额，未列美元栏" in table.notes("zh")
    assert [c.key for c in table.columns[:7]] == ["total_month_value", "total_month_yoy", "total_value", "total_yoy",
                                                  "total_share", "total_base_value", "export_month_value"]


def test_without_sets_the_tables_are_unchanged(demo_figures):
    fs = demo_figures("青海省", "2025Q1")
    plain = compose(fs, load_rules(), "zh").tables
    empty = compose(fs, load_rules(), "zh", TableSets()).tables
    assert [[c.key for c in t.columns] for t in plain] == [[c.key for c in t.columns] for t in empty]
    assert [c.key for c in plain[2].columns][:3] == ["total_value", "total_yoy", "total_share"]


def test_blocks_the_data_cannot_give_are_left_out_with_a_note(demo_figures):
    """Data by quarter only (a platform download) give no month alone; data without the earlier months of a
    single-month release give no run from January: the block is absent and the note says why."""
    q1 = demo_figures("青海省", "2025Q1")

    def no_months(period: str, currency: str | None):
        if "M" in period:
            raise IndicatorError("months missing")
        return demo_figures("青海省", period, currency)

    sets = api.table_sets(q1, no_months)
    assert sets.month is None and sets.base is not None and sets.usd is not None
    table = next(t for t in compose(q1, load_rules(), "zh", sets).tables if t.name == "trade_modes")
    assert not [c for c in table.columns if "month" in c.key] and "数据无单月数，未列当月栏" in table.notes("zh")

    march = demo_figures("青海省", "2025M03")

    def no_run(period: str, currency: str | None):
        if period == "2025Q1":
            raise IndicatorError("January and February are not loaded")
        return demo_figures("青海省", period, currency)

    sets = api.table_sets(march, no_run)
    assert not sets.any() and sets.cumulative is None
    table = next(t for t in compose(march, load_rules(), "zh", sets).tables if t.name == "regions")
    assert [c.key for c in table.columns[:3]] == ["total_value", "total_yoy", "total_share"]
    assert any("未列累计栏" in note for note in table.notes("zh"))
