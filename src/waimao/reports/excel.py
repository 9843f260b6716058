"""A release as an Excel workbook: the bulletin text, one sheet per statistical table, native charts.

Laid out as customs offices print their tables: the title merged across the table, the unit
line, a two-level header (flow over 金额/同比/占比), member rows indented under their total and
其中 parts indented under their member, the notes line under the table, frozen header, A4
landscape fitted to the page width. The header layout is also used by the Word tables, so both
files show a table the same way.

Numbers are stored rounded to the precision they are printed with (tables.PLACES), not as the
unrounded figure under a display format: a reader who sums a column in Excel then gets the sum of
the numbers they see, and a copied cell pastes as printed (188,450.0, not 188449.999992). The
total is the rounded exact total, not the sum of the rounded parts, so parts may differ from it in
the last digit; the notes line says so. Fonts as customs publications use them: 宋体 for text,
黑体 for titles and headings, Times New Roman for numbers. The charts sheet holds the release's
charts as native Excel charts over their own data, so they can be edited and restyled.
"""

from __future__ import annotations

import io
import math
import re
from dataclasses import dataclass
from datetime import date

import xlsxwriter

from waimao.reports.excel_charts import chart_sheet
from waimao.reports.house import HouseStyle, heading, load_house_style, note_lines
from waimao.reports.tables import Cell, Column, Row, StatTable, shown

#: Excel number format per column kind; growth and share cells already hold percents (87.8, not 0.878).
NUMBER_FORMATS = {"money": "#,##0.0", "pct": "0.0", "count": "0", "quantity": "#,##0", "text": "@"}
TEXT_FONT, TITLE_FONT, NUMBER_FONT = "宋体", "黑体", "Times New Roman"
SHEET_NAMES = {
    "monthly": ("月度", "Monthly"), "products": ("产品", "Products"), "partners": ("伙伴", "Partners"),
    "regions": ("地区", "Regions"), "enterprises": ("企业", "Enterprises"), "trade_modes": ("贸易方式", "Trade modes"),
}
_FLOWS = {"total": ("进出口", "Total trade"), "export": ("出口", "Exports"), "import": ("进口", "Imports")}
_METRICS = {"value": ("金额", "Value"), "yoy": ("同比", "y/y %"), "share": ("占比", "Share %")}
_ITEM = {"zh": "项目", "en": "Item"}


@dataclass(frozen=True)
class HeaderCell:
    """One header box: top-left at (row, col) of the header block, spanning rows × cols."""

    row: int
    col: int
    rows: int
    cols: int
    text: str


def _split(column: Column) -> tuple[str, str] | None:
    flow, _, metric = column.key.rpartition("_")
    return (flow, metric) if flow in _FLOWS and metric in _METRICS else None


def column_path(column: Column) -> tuple[tuple[str, str], ...]:
    """The header boxes above a column, top first: its own `path`, else flow over metric, else its name."""
    if column.path:
        return column.path
    split = _split(column)
    if split is not None:
        return _FLOWS[split[0]], _METRICS[split[1]]
    return ((column.zh, column.en),)


def header_layout(table: StatTable, lang: str) -> tuple[int, list[HeaderCell]]:
    """The header rows of `table` (1 to 3) and their boxes; column 0 holds the row names.

    Each column's path (flow › 当月/累计 › metric) is a box per level; neighbours with the same path
    down to a level share that level's box (进出口 over its 当月 and 累计 blocks, 当月 over 金额 and
    同比). A column whose path ends above the last level spans the rows left (贸易差额, 上年同期).
    """
    i = 0 if lang == "zh" else 1
    paths = [column_path(c) for c in table.columns]
    depth = max((len(p) for p in paths), default=1)
    cells = [HeaderCell(0, 0, depth, 1, _ITEM[lang])]
    for level in range(depth):
        col = 0
        while col < len(paths):
            path = paths[col]
            if len(path) <= level:
                col += 1
                continue
            end = col + 1
            leaf = len(path) == level + 1
            while not leaf and end < len(paths) and len(paths[end]) > level + 1 \
                    and paths[end][:level + 1] == path[:level + 1]:
                end += 1
            cells.append(HeaderCell(level, col + 1, depth - level if leaf else 1, end - col, path[level][i]))
            col = end
    cells.sort(key=lambda box: (box.col, box.row))
    return depth, cells


def cell_text(cell: Cell, kind: str) -> str:
    """A cell as printed: the Excel number format's text, or its missing-value mark (tables.NO_DATA …)."""
    return cell.display(kind)


def row_name(row: Row, lang: str) -> str:
    return row.zh if lang == "zh" else row.en


def bold_rows(table: StatTable) -> set[int]:
    """Rows printed bold: the totals (level 0) above members, or a member-less table's last row (合计)."""
    if any(r.level for r in table.rows):
        return {i for i, r in enumerate(table.rows) if r.level == 0}
    return {len(table.rows) - 1} if len(table.rows) > 1 else set()


def _width(text: str) -> float:
    """Display width in Excel character units: a CJK character is two."""
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


def sheet_name(table: StatTable, lang: str, taken: set[str]) -> str:
    names = SHEET_NAMES.get(table.name)
    base = names[0 if lang == "zh" else 1] if names else re.sub(r"[\[\]:*?/\\]", " ", table.name)[:31]
    name, n = base, 2
    while name.lower() in taken:
        name = f"{base[:28]} {n}"
        n += 1
    taken.add(name.lower())
    return name


def _lines(text: str, width: float) -> int:
    return max(1, math.ceil(_width(text) / width))


#: Points of an A4 portrait page between the margins (842 less 2 × 0.8 in), less a little for the rounding
#: of row heights: the bulletin sheet's page breaks are planned against it.
PAGE_POINTS = 700.0


def _breaks(heights: dict[int, float], heads: list[int], end: int) -> list[int]:
    """Rows to break before, so that a heading never ends a page whose paragraphs start the next.

    Rows are not split across pages, so the pages are laid out here as a printer would (each row
    on the page where it fits whole) and a heading whose first paragraph would not fit after it
    moves to the next page with it.
    """
    breaks, used = [], 0.0
    for r in range(end):
        height = heights.get(r, 15.0)
        need = height + (heights.get(r + 1, 15.0) if r in heads else 0.0)
        if used + need > PAGE_POINTS and used > 0:
            breaks.append(r)
            used = 0.0
        used += height
    return breaks


def _text_sheet(book: xlsxwriter.Workbook, release, name: str, house: HouseStyle, issued: date) -> None:
    """The bulletin on A4 portrait: one wrapped column as wide as the printable page, rows tall enough
    for their lines (Excel does not grow a row for wrapped text it did not lay out itself)."""
    lang = release.lang
    ws = book.add_worksheet(name)
    # characters: narrower than A4 portrait's printable width (about 90 at Calibri's digit width), because
    # LibreOffice prints a single column wider than the page clipped, whatever fit-to-width says
    width = 72
    ws.set_column(0, 0, width)
    title = book.add_format({"bold": True, "font_size": 16, "font_name": TITLE_FONT, "align": "center",
                             "valign": "vcenter", "text_wrap": True})
    centre = book.add_format({"font_size": 11, "font_name": TEXT_FONT, "align": "center"})
    head = book.add_format({"bold": True, "font_size": 12, "font_name": TITLE_FONT, "valign": "vcenter"})
    body = book.add_format({"text_wrap": True, "valign": "top", "font_size": 11, "font_name": TEXT_FONT})
    small = book.add_format({"text_wrap": True, "valign": "top", "font_size": 9, "font_name": TEXT_FONT})
    bulletin = release.bulletin
    heights: dict[int, float] = {}

    def row(r: int, height: float | None, text: str, style) -> None:
        if height is not None:
            ws.set_row(r, height)
        heights[r] = height or 15.0
        ws.write_string(r, 0, text, style)

    row(0, 24 * _lines(bulletin.title, width / 1.5), bulletin.title, title)
    row(1, None, house.dateline(bulletin.subject, lang, issued), centre)
    r = 3
    heads = []
    for number, section in enumerate(bulletin.sections, start=1):
        heads.append(r)
        row(r, 20, heading(number, section.title, lang), head)
        r += 1
        for paragraph in section.paragraphs:
            text = ("\u3000\u3000" if lang == "zh" else "") + paragraph.text
            row(r, 15.5 * _lines(text, width - 3) + 3, text, body)
            r += 1
        r += 1
    notes = [*bulletin.notes, *house.document_notes(lang, release.tables)]
    if notes:
        heads.append(r)
        row(r, None, "注：" if lang == "zh" else "Notes:", small)
        r += 1
    for line in note_lines(notes):
        row(r, 12.5 * _lines(line, width * 11 / 9 - 3) + 2, line, small)
        r += 1
    ws.set_h_pagebreaks(_breaks(heights, heads, r))
    ws.set_paper(9)
    ws.set_portrait()
    ws.set_margins(left=0.7, right=0.7, top=0.8, bottom=0.8)
    ws.fit_to_pages(1, 0)
    ws.center_horizontally()
    ws.set_footer("&C— &P —")


def _table_sheet(book: xlsxwriter.Workbook, table: StatTable, lang: str, name: str, fmt: dict) -> None:
    ws = book.add_worksheet(name)
    last = len(table.columns)
    ws.merge_range(0, 0, 0, last, table.title_zh if lang == "zh" else table.title_en, fmt["title"])
    ws.set_row(0, 24)
    ws.merge_range(1, 0, 1, last, table.unit_zh if lang == "zh" else table.unit_en, fmt["unit"])
    depth, header = header_layout(table, lang)
    top = 2
    for box in header:
        if box.rows == 1 and box.cols == 1:
            ws.write_string(top + box.row, box.col, box.text, fmt["header"])
        else:
            ws.merge_range(top + box.row, box.col, top + box.row + box.rows - 1, box.col + box.cols - 1, box.text,
                           fmt["header"])
    first = top + depth
    bold = bold_rows(table)
    widths = [_width(_ITEM[lang])] + [0.0] * last
    for box in header:
        if box.cols == 1:
            widths[box.col] = max(widths[box.col], _width(box.text))
    for i, row in enumerate(table.rows):
        r = first + i
        weight = "bold" if i in bold else "plain"
        label = row_name(row, lang)
        ws.write_string(r, 0, label, fmt[f"label_{weight}_{min(row.level, 3)}"])
        widths[0] = max(widths[0], _width(label) + 2 * row.level)
        for c, column in enumerate(table.columns, start=1):
            cell = row.cells.get(column.key, Cell(None))
            if column.kind == "text" or cell.value is None or math.isnan(cell.value):
                ws.write_string(r, c, cell.display(column.kind, lang), fmt[f"note_{weight}"])
            else:
                ws.write_number(r, c, shown(cell.value, column.kind), fmt[f"{column.kind}_{weight}"])
            widths[c] = max(widths[c], _width(cell.display(column.kind, lang)))
    for c, w in enumerate(widths):
        ws.set_column(c, c, min(max(w + 2, 8 if c else 12), 60))
    notes = table.notes(lang)
    if notes:
        r = first + len(table.rows)
        sep, end = ("；", "。") if lang == "zh" else ("; ", ".")
        text = ("注：" if lang == "zh" else "Notes: ") + sep.join(notes) + end
        room = sum(min(max(w + 2, 8 if c else 12), 60) for c, w in enumerate(widths))
        ws.merge_range(r, 0, r, last, text, fmt["notes"])
        ws.set_row(r, 13 * _lines(text, room * 10 / 9 - 2) + 3)
    ws.freeze_panes(first, 1)
    ws.repeat_rows(top, first - 1)
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    ws.center_horizontally()
    ws.set_footer("&C— &P —")


def _formats(book: xlsxwriter.Workbook) -> dict:
    text = {"font_size": 10, "border": 1, "valign": "vcenter", "font_name": TEXT_FONT}
    number = text | {"font_name": NUMBER_FONT}
    fmt = {
        "title": book.add_format({"bold": True, "font_size": 14, "font_name": TITLE_FONT, "align": "center",
                                  "valign": "vcenter"}),
        "unit": book.add_format({"font_size": 10, "font_name": TEXT_FONT, "align": "right"}),
        "header": book.add_format({**text, "bold": True, "font_name": TITLE_FONT, "align": "center",
                                   "text_wrap": True, "bg_color": "#D9E1F2"}),
        "notes": book.add_format({"font_size": 9, "font_name": TEXT_FONT, "text_wrap": True, "valign": "top",
                                  "align": "left"}),
    }
    for weight in ("plain", "bold"):
        extra = {"bold": True} if weight == "bold" else {}
        for kind, number_format in NUMBER_FORMATS.items():
            fmt[f"{kind}_{weight}"] = book.add_format({**number, **extra, "num_format": number_format,
                                                       "align": "right"})
        fmt[f"note_{weight}"] = book.add_format({**text, **extra, "align": "center"})
        for level in range(4):
            fmt[f"label_{weight}_{level}"] = book.add_format({**text, **extra, "align": "left", "indent": level})
    return fmt


def to_xlsx(release, house: HouseStyle | None = None, issued: date | None = None) -> bytes:
    """The release (`waimao.reports.release.Release`) as .xlsx bytes; `house` and `issued` as for Word."""
    out = io.BytesIO()
    lang = release.lang
    house = house or load_house_style()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    book.set_properties({"title": release.bulletin.title, "subject": release.bulletin.subject,
                         "author": house.issuer(release.bulletin.subject, lang)})
    text_sheet = "公报" if lang == "zh" else "Bulletin"
    taken = {text_sheet.lower()}
    _text_sheet(book, release, text_sheet, house, issued or date.today())
    fmt = _formats(book)
    for table in release.tables:
        _table_sheet(book, table, lang, sheet_name(table, lang, taken), fmt)
    if release.charts:
        chart_sheet(book, release.charts, lang, "图表" if lang == "zh" else "Charts")
    book.close()
    return out.getvalue()


__all__ = ["NUMBER_FORMATS", "HeaderCell", "bold_rows", "cell_text", "column_path", "header_layout", "row_name", "sheet_name",
           "to_xlsx"]
