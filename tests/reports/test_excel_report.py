"""The .xlsx of the Qinghai Q1 2025 release: opened with openpyxl, the published headline is in it, as numbers.

Expected numbers are the published figures (shared/spec/published_figures.tsv): 进出口总值18.8亿元
(the demo holds 18.845亿元 = 188,450万元), 出口16.5亿元 增长2.1倍 (+210%), 进口2.3亿元 下降50.3%,
131 enterprises with trade, 刚果民主共和国 a new partner (no trade a year earlier: '…').
"""

from __future__ import annotations

import io

import openpyxl
import pytest
from openpyxl.utils import get_column_letter

from waimao.reports.excel import to_xlsx
from waimao.reports.release import render

KIND_FORMATS = {"money": "#,##0.0", "pct": "0.0", "count": "0", "quantity": "#,##0"}
PLACES = {"money": 1, "pct": 1, "count": 0, "quantity": 0}


@pytest.fixture(scope="module")
def release(demo_release):
    return demo_release("青海省", "2025Q1")


@pytest.fixture(scope="module")
def book(release):
    return openpyxl.load_workbook(io.BytesIO(render(release, "xlsx")))


@pytest.fixture(scope="module")
def book_en(demo_release):
    return openpyxl.load_workbook(io.BytesIO(to_xlsx(demo_release("青海省", "2025Q1", "en"))))


def _first_data_row(ws) -> int:
    return ws[ws.freeze_panes].row


def _columns(ws) -> dict[tuple[str, str], int]:
    """(group, sub) → column index from the header rows; a merged group box names the columns below it."""
    top, first = 3, _first_data_row(ws)
    groups: dict[int, str] = {}
    for rng in ws.merged_cells.ranges:
        if rng.min_row == top and rng.max_row == top:
            for c in range(rng.min_col, rng.max_col + 1):
                groups[c] = ws.cell(top, rng.min_col).value
    out = {}
    for c in range(2, ws.max_column + 1):
        sub = ws.cell(first - 1, c).value
        out[(groups.get(c, ws.cell(top, c).value), sub or "")] = c
    return out


def _row(ws, label: str) -> int:
    rows = [r for r in range(_first_data_row(ws), ws.max_row + 1) if ws.cell(r, 1).value == label]
    assert len(rows) == 1, label
    return rows[0]


def test_sheets_bulletin_then_one_per_table(book, release):
    assert book.sheetnames == ["公报", "月度", "产品", "伙伴", "地区", "企业", "贸易方式", "图表"]
    assert len(release.tables) == len(book.sheetnames) - 2
    assert all(len(name) <= 31 for name in book.sheetnames)


def test_bulletin_sheet_has_the_text(book, release):
    ws = book["公报"]
    texts = [ws.cell(r, 1).value or "" for r in range(1, ws.max_row + 1)]
    assert texts[0] == release.bulletin.title
    assert any("进出口总值18.8亿元" in t and "下降50.3%" in t for t in texts)
    assert texts[3] == "一、总体情况"
    assert ws.cell(5, 1).alignment.wrap_text


def test_monthly_period_total_is_the_published_headline(book):
    ws = book["月度"]
    cols = _columns(ws)
    r = _row(ws, "2025年1—3月累计")
    total = ws.cell(r, cols[("进出口", "金额")]).value
    assert total == pytest.approx(18.845 * 10000, abs=0.05)  # 亿元 → 万元
    assert round(ws.cell(r, cols[("出口", "金额")]).value / 10000, 1) == 16.5
    assert round(ws.cell(r, cols[("进口", "金额")]).value / 10000, 1) == 2.3
    assert round(ws.cell(r, cols[("出口", "同比")]).value) == 210  # 增长2.1倍 = +210%
    assert round(ws.cell(r, cols[("进口", "同比")]).value, 1) == -50.3
    assert round(ws.cell(r, cols[("进出口", "同比")]).value, 1) == 87.8
    # 贸易差额 spans both header rows; surplus = exports − imports ≈ 16.5 − 2.3 亿元
    balance = ws.cell(r, cols[("贸易差额", "")]).value
    assert balance == pytest.approx(ws.cell(r, cols[("出口", "金额")]).value - ws.cell(r, cols[("进口", "金额")]).value,
                                    abs=0.01)
    assert round(balance / 10000, 1) == 14.2


def test_months_add_up_to_the_period(book):
    ws = book["月度"]
    col = _columns(ws)[("进出口", "金额")]
    months = [ws.cell(_row(ws, f"2025年{m}月"), col).value for m in (1, 2, 3)]
    # stored rounded to 0.1 as printed: the parts tie to the total within half a unit of the last digit each
    assert sum(months) == pytest.approx(ws.cell(_row(ws, "2025年1—3月累计"), col).value, abs=0.05 * len(months))


def test_every_table_is_laid_out_as_a_customs_table(book, release):
    for ws, table in zip(book.worksheets[1:-1], release.tables, strict=True):
        last = get_column_letter(len(table.columns) + 1)
        assert f"A1:{last}1" in {str(r) for r in ws.merged_cells.ranges}, ws.title
        assert ws["A1"].value == table.title_zh
        assert ws["A2"].value == f"单位：{table.money_unit}、%"
        first = _first_data_row(ws)
        assert ws.freeze_panes == f"B{first}"
        assert ws.max_row - first + 1 == len(table.rows) + bool(table.notes("zh"))  # the notes line under it
        assert [ws.cell(first + i, 1).value for i in range(len(table.rows))] == [r.zh for r in table.rows]
        assert ws.page_setup.orientation == "landscape"
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert (ws.page_setup.fitToWidth or 1, ws.page_setup.fitToHeight, ws.page_setup.paperSize) == (1, 0, 9)


def test_cells_are_numbers_with_the_kind_format(book, release):
    seen = set()
    for ws, table in zip(book.worksheets[1:-1], release.tables, strict=True):
        first = _first_data_row(ws)
        for i, row in enumerate(table.rows):
            label = ws.cell(first + i, 1)
            assert label.alignment.indent == row.level, (ws.title, row.zh)
            for c, column in enumerate(table.columns, start=2):
                cell = ws.cell(first + i, c)
                source = row.cells.get(column.key)
                if column.kind == "text" or source is None or source.value is None:
                    assert cell.data_type == "s" and cell.value, (ws.title, row.zh, column.key)  # a mark, a unit
                    continue
                assert cell.data_type == "n", (ws.title, row.zh, column.key)
                assert cell.number_format == KIND_FORMATS[column.kind]
                # stored as printed: the unrounded figure rounded to the format's places, nothing more
                assert cell.value == round(source.value, PLACES[column.kind]), (ws.title, row.zh, column.key)
                seen.add(column.kind)
    assert seen == {"money", "pct", "count", "quantity"}


def test_enterprise_count_and_new_partner_dash(book):
    ws = book["企业"]
    count = ws.cell(_row(ws, "合计"), _columns(ws)[("有进出口实绩企业数", "")])
    assert (count.value, count.number_format) == (131, "0")
    assert ws.cell(_row(ws, "民营企业"), _columns(ws)[("有进出口实绩企业数", "")]).value == 122
    ws = book["伙伴"]
    assert ws.cell(_row(ws, "刚果民主共和国"), _columns(ws)[("进出口", "同比")]).value == "…"  # no base year


def test_english_workbook_uses_english_names(book_en):
    assert book_en.sheetnames == ["Bulletin", "Monthly", "Products", "Partners", "Regions", "Enterprises",
                                  "Trade modes", "Charts"]
    ws = book_en["Monthly"]
    assert ws["A2"].value == "Unit: 10,000 yuan; %"
    cols = _columns(ws)
    r = _row(ws, "January–March 2025, cumulative")
    assert ws.cell(r, cols[("Total trade", "Value")]).value == pytest.approx(18.845 * 10000, abs=0.05)
    assert round(ws.cell(r, cols[("Imports", "y/y %")]).value, 1) == -50.3
    ws = book_en["Products"]
    units = {ws.cell(r, 6).value for r in range(_first_data_row(ws), ws.max_row)}
    assert ws.cell(_first_data_row(ws) - 1, 6).value == "Unit" and units == {"tonnes", "—"}  # never 吨


def _shown(ws, r, c):
    """A number cell as Excel prints it under its format (0.0 / #,##0.0)."""
    value = ws.cell(r, c).value
    return float(f"{value:.1f}")


@pytest.mark.parametrize("sheet", ["地区", "企业", "贸易方式"])
def test_a_tables_displayed_values_sum_to_its_total(book, sheet):
    """Parts that partition the total tie to it: the stored values are the printed ones, so the sum a reader
    takes in Excel differs from the total only by the rounding of each part (≤ 0.05 each), which the
    notes line under the table states."""
    ws = book[sheet]
    first, cols = _first_data_row(ws), _columns(ws)
    rows = [r for r in range(first + 1, ws.max_row + 1) if ws.cell(r, 1).alignment.indent == 1]
    for flow in ("进出口", "出口", "进口"):
        c = cols[(flow, "金额")]
        parts = [ws.cell(r, c).value for r in rows if isinstance(ws.cell(r, c).value, float | int)]
        assert all(ws.cell(r, c).value == _shown(ws, r, c) for r in rows if isinstance(ws.cell(r, c).value, float))
        assert sum(parts) == pytest.approx(ws.cell(first, c).value, abs=0.05 * len(parts) + 1e-9), (sheet, flow)
        shares = [ws.cell(r, cols[(flow, "占比")]).value for r in rows]
        assert sum(s for s in shares if isinstance(s, float | int)) == pytest.approx(100.0, abs=0.05 * len(shares))
        assert ws.cell(first, cols[(flow, "占比")]).value == 100.0
    notes = ws.cell(ws.max_row, 1).value
    assert notes.startswith("注：") and "四舍五入" in notes


def test_qizhong_rows_are_indented_under_their_parent(book):
    ws = book["产品"]
    first = _first_data_row(ws)
    labels = [(ws.cell(r, 1).value, ws.cell(r, 1).alignment.indent) for r in range(first, ws.max_row)]
    assert ("出口总值", 0) in labels and ("机电产品", 1) in labels and ("其中：锂离子蓄电池", 2) in labels
    assert labels.index(("机电产品", 1)) + 1 == labels.index(("其中：锂离子蓄电池", 2))
    assert ("其中：水产品（全部为冷水鱼（鳟鱼类））", 2) in labels
    assert not any(label.startswith("冷水鱼") for label, _ in labels)  # merged, not repeated
    cols = _columns(ws)
    assert {("数量", "数量"), ("计量单位", "计量单位"), ("数量同比", "数量同比")} <= set(cols)  # one header row
    r = next(r for r in range(first, ws.max_row) if ws.cell(r, 1).value == "多晶硅")  # exports come first
    assert ws.cell(r, cols[("计量单位", "计量单位")]).value == "吨"
    assert ws.cell(r, cols[("数量", "数量")]).number_format == "#,##0"
    assert "“其中”项已含在上一级商品类别内" in ws.cell(ws.max_row, 1).value


def test_fonts_are_song_hei_and_times(book):
    ws = book["地区"]
    first = _first_data_row(ws)
    assert ws["A1"].font.name == "黑体" and ws["A1"].font.b
    assert ws.cell(first - 1, 2).font.name == "黑体"  # header
    assert ws.cell(first + 1, 1).font.name == "宋体"  # a name
    assert ws.cell(first + 1, 2).font.name == "Times New Roman"  # a number
    text = book["公报"]
    assert text["A1"].font.name == "黑体" and text["A5"].font.name == "宋体"
    fonts = {ws.cell(r, c).font.name for ws in book.worksheets[:-1] for r in range(1, ws.max_row + 1)
             for c in range(1, ws.max_column + 1) if ws.cell(r, c).value is not None}
    assert "Calibri" not in fonts


def test_the_bulletin_sheet_prints_on_a4_with_issuer_and_notes(book):
    ws = book["公报"]
    assert (ws.page_setup.paperSize, ws.page_setup.orientation) == (9, "portrait")
    assert ws.sheet_properties.pageSetUpPr.fitToPage and (ws.page_setup.fitToWidth or 1) == 1
    assert ws.page_setup.fitToHeight == 0
    assert ws.column_dimensions["A"].width <= 80  # narrower than the printable width: nothing clipped
    texts = [ws.cell(r, 1).value or "" for r in range(1, ws.max_row + 1)]
    assert texts[1].startswith("西宁海关") and texts[1].endswith("发布")
    assert "注：" in texts and "1. 数据来源：海关统计。" in texts
    assert any(t.startswith("“—”表示无数据或不适用", 3) for t in texts)
    for r in range(4, ws.max_row + 1):  # every wrapped paragraph has a row tall enough for its lines
        value = ws.cell(r, 1).value
        if value and ws.cell(r, 1).alignment.wrap_text and len(value) > 80:
            assert ws.row_dimensions[r].height >= 15 * 2, value[:20]
    assert "&P" in ws.oddFooter.center.text  # page numbers


def test_the_charts_are_native_excel_charts(release):
    import re
    import zipfile

    data = zipfile.ZipFile(io.BytesIO(to_xlsx(release)))
    charts = sorted(n for n in data.namelist() if re.fullmatch(r"xl/charts/chart\d+\.xml", n))
    assert len(charts) == len(release.charts) == 4
    for name, chart in zip(charts, release.charts, strict=True):
        xml = data.read(name).decode()
        lines = re.findall(r"<c:lineChart>.*?</c:lineChart>", xml, re.S)
        if chart.name in ("products", "regions"):  # growth across categories: markers, no connecting line
            assert len(lines) == 1 and "<c:spPr><a:ln><a:noFill/></a:ln></c:spPr><c:marker>" in lines[0], chart.name
        if chart.name == "regions":  # the regions that fell have the fall colour (none in 2025Q1)
            assert lines[0].count('<a:srgbClr val="2E7D32"/>') == 2 * sum(
                1 for v in chart.series[1].values if v is not None and v < 0)
        if chart.name == "trend":  # months: a line
            assert len(lines) == 1 and '<a:srgbClr val="5B5B5B"/>' in lines[0].split("<c:marker>")[0]
        assert "<c:barChart>" in xml and "黑体" in xml


def test_the_bulletin_sheet_never_ends_a_page_with_a_heading(book):
    """The sheet's page breaks are planned so that no page's last row is a heading (or the notes label):
    rendered with LibreOffice, 五、主要进口商品 stood at the foot of page 1 with its text on page 2."""
    import re

    ws = book["公报"]
    breaks = [b.id for b in ws.row_breaks.brk]
    assert breaks
    for after in breaks:  # the break follows row `after` (1-based): the last row of a page
        last = next(r for r in range(after, 0, -1) if ws.cell(r, 1).value)  # blank spacer rows aside
        assert not re.match(r"^([一二三四五六七八九十]+、|注：$)", ws.cell(last, 1).value), after
