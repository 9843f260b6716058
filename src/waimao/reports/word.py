"""A release as a Word document laid out as a customs office sends it out: house style, charts, tables.

The page follows the house style (house.py, data/house_style.toml): the title, the issuing body
and release date under it, headings numbered 一、二、, 仿宋 body text, a notes block (数据来源,
初步统计, 口径, what the tables' marks mean), and a page number in every footer. python-docx's
template names no East Asian font (its styles point at theme fonts), so Word would pick whatever
the machine maps Chinese to; the styles here name 仿宋 for text, 黑体 for headings and 宋体 in
tables (w:eastAsia), with Times New Roman for Latin letters and digits, as government documents do.

Charts are 300 dpi pictures printed at their drawn size, 16 cm wide, so two fit a page with their
captions (chart_images says why pictures); the caption is the only title. The statistical tables
follow in a landscape section; a table's title, unit line, header and first rows are kept with
the next paragraph, so a title never ends a page whose table starts on the next (a long table may
break further down, its header repeated), and a note line under each table says what its marks
and 其中 rows mean.
"""

from __future__ import annotations

import io
from datetime import date

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Inches, Pt, RGBColor

from waimao.reports.chart_images import chart_png, chart_size
from waimao.reports.excel import bold_rows, header_layout, row_name
from waimao.reports.house import HouseStyle, heading, load_house_style, note_lines
from waimao.reports.tables import Cell, StatTable

LATIN = "Times New Roman"
BODY_CJK = "仿宋"
HEADING_CJK = "黑体"
TABLE_CJK = "宋体"
A4 = (Cm(21.0), Cm(29.7))
CHART_WIDTH = Cm(16)
TABLE_WIDTH = Cm(25.0)  # landscape A4 less 2 cm margins
#: A table's title, unit line, header and first HEAD_ROWS rows stay on one page, and its last TAIL_ROWS rows
#: with its notes line (never alone on the next page); between them a long table may break (rows never split,
#: the header repeats).
HEAD_ROWS, TAIL_ROWS = 4, 2
_THEME_ATTRS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")
_WORDS = {"zh": {"charts": "附图", "tables": "附表", "notes": "注：", "figure": "图{n} {title}"},
          "en": {"charts": "Charts", "tables": "Statistical tables", "notes": "Notes:",
                 "figure": "Figure {n}. {title}"}}


def _set_fonts(rpr, latin: str, east_asia: str) -> None:
    """Name the fonts outright: theme attributes would win over them, so they go."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in _THEME_ATTRS:
        fonts.attrib.pop(qn(attr), None)
    for attr in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(attr), latin)
    fonts.set(qn("w:eastAsia"), east_asia)


def _style_document(doc, lang: str) -> None:
    defaults = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _set_fonts(defaults, LATIN, BODY_CJK)
    language = defaults.find(qn("w:lang"))
    if language is not None and lang == "zh":
        language.set(qn("w:eastAsia"), "zh-CN")
    normal = doc.styles["Normal"]
    normal.font.size = Pt(12) if lang == "zh" else Pt(11)  # 小四号仿宋: a statistical release, not a 公文
    normal.paragraph_format.line_spacing = 1.2
    _set_fonts(normal.element.get_or_add_rPr(), LATIN, BODY_CJK)
    for name, size, east_asia in (("Title", 20, "宋体"), ("Heading 1", 15, HEADING_CJK),
                                  ("Heading 2", 12, HEADING_CJK), ("Caption", 10.5, BODY_CJK)):
        style = doc.styles[name]
        _set_fonts(style.element.get_or_add_rPr(), LATIN, east_asia)
        style.font.size = Pt(size)
        style.font.color.rgb = RGBColor(0, 0, 0)
        style.font.bold = name != "Caption"
        style.font.italic = False
        style.paragraph_format.keep_with_next = name != "Caption"
    title = doc.styles["Title"]
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    border = title.element.pPr.find(qn("w:pBdr"))
    if border is not None:
        title.element.pPr.remove(border)
    caption = doc.styles["Caption"].paragraph_format
    caption.alignment = WD_ALIGN_PARAGRAPH.CENTER
    caption.space_after = Pt(12)


def _page(section, landscape: bool = False) -> None:
    width, height = A4
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (height, width) if landscape else (width, height)
    section.top_margin = section.bottom_margin = Cm(2.0 if landscape else 2.54)
    section.left_margin = section.right_margin = Cm(2.0 if landscape else 2.5)


def _field(paragraph, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES) the reader's Word fills in; '1' until it does."""
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, instruction), ("separate", None), (None, "1"), ("end", None)):
        if kind is not None:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        elif text == "1":
            element = OxmlElement("w:t")
            element.text = text
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = f" {text} "
        run._r.append(element)


def _page_numbers(section) -> None:
    """— 1 — centred in the footer, as official documents number pages."""
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run("— ")
    _field(paragraph, "PAGE")
    paragraph.add_run(" —")
    for run in paragraph.runs:
        run.font.size = Pt(10.5)


def _repeat_header(row) -> None:
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(flag)


def _cant_split(row) -> None:
    flag = OxmlElement("w:cantSplit")
    flag.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(flag)


def _write(cell, text: str, *, bold: bool = False, align=WD_ALIGN_PARAGRAPH.RIGHT, indent: int = 0,
           keep: bool = True, size: float = 9) -> None:
    paragraph = cell.paragraphs[0]
    paragraph.alignment = align
    fmt = paragraph.paragraph_format
    fmt.space_after = Pt(0)
    fmt.line_spacing = 1.0
    fmt.keep_with_next = keep
    if indent:
        fmt.left_indent = Pt(10 * indent)
    run = paragraph.add_run(text)
    run.font.size = Pt(size)
    _set_fonts(run._r.get_or_add_rPr(), LATIN, TABLE_CJK)
    run.bold = bold


def _small(doc, text: str, *, size: float = 9, keep: bool = False, align=WD_ALIGN_PARAGRAPH.LEFT):
    paragraph = doc.add_paragraph()
    paragraph.alignment = align
    fmt = paragraph.paragraph_format
    fmt.space_after, fmt.line_spacing, fmt.keep_with_next = Pt(2), 1.0, keep
    run = paragraph.add_run(text)
    run.font.size = Pt(size)
    return paragraph


#: A table with more columns than this (the 统计月报 blocks: 21 numbers) prints at 6.5 pt with a narrower
#: name column and tighter cell margins, so it still fits the 25 cm of landscape A4 without wrapped numbers.
WIDE = 12


def _tight(grid) -> None:
    """Cell margins of 0.05 cm left and right (Word's default is 0.19): a wide table's numbers fit one line."""
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:w"), "28")
        edge.set(qn("w:type"), "dxa")
        margins.append(edge)
    grid._tbl.tblPr.append(margins)


def _widths(grid, table: StatTable, lang: str) -> None:
    """The name column as wide as its longest name needs (up to 6.5 cm), the rest shared evenly."""
    longest = max((len(row_name(r, lang)) * (1.0 if lang == "zh" else 0.5) + r.level for r in table.rows),
                  default=4)
    first = min(max(longest * 0.34 + 0.4, 2.5), 6.5 if len(table.columns) <= WIDE else 3.6)
    rest = (TABLE_WIDTH.cm - first) / max(len(table.columns), 1)
    grid.autofit = False
    for c, column in enumerate(grid.columns):
        width = Cm(first if c == 0 else rest)
        column.width = width
        for cell in column.cells:
            cell.width = width


def _table(doc, table: StatTable, lang: str) -> None:
    doc.add_paragraph(table.title_zh if lang == "zh" else table.title_en, style="Heading 2").alignment = \
        WD_ALIGN_PARAGRAPH.CENTER
    _small(doc, table.unit_zh if lang == "zh" else table.unit_en, keep=True, align=WD_ALIGN_PARAGRAPH.RIGHT)
    depth, header = header_layout(table, lang)
    grid = doc.add_table(rows=depth + len(table.rows), cols=len(table.columns) + 1)
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    size = 9 if len(table.columns) <= WIDE else 6.5
    if len(table.columns) > WIDE:
        _tight(grid)
    for box in header:
        cell = grid.cell(box.row, box.col)
        if box.rows > 1 or box.cols > 1:
            cell = cell.merge(grid.cell(box.row + box.rows - 1, box.col + box.cols - 1))
        _write(cell, box.text, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, size=size)
    for r in range(depth):
        _cant_split(grid.rows[r])
        _repeat_header(grid.rows[r])
    _widths(grid, table, lang)
    bold = bold_rows(table)
    notes = table.notes(lang)
    last = len(table.rows) if notes else len(table.rows) - 1  # the last row keeps with the notes line
    for i, row in enumerate(table.rows):
        keep = i < HEAD_ROWS or len(table.rows) - TAIL_ROWS <= i < last
        _cant_split(grid.rows[depth + i])
        cells = grid.rows[depth + i].cells
        _write(cells[0], row_name(row, lang), bold=i in bold, align=WD_ALIGN_PARAGRAPH.LEFT, indent=row.level,
               keep=keep, size=size)
        for c, column in enumerate(table.columns, start=1):
            cell = row.cells.get(column.key, Cell(None))
            number = column.kind != "text" and cell.value is not None
            _write(cells[c], cell.display(column.kind, lang), bold=i in bold, keep=keep, size=size,
                   align=WD_ALIGN_PARAGRAPH.RIGHT if number else WD_ALIGN_PARAGRAPH.CENTER)
    if notes:
        sep, end = ("；", "。") if lang == "zh" else ("; ", ".")
        _small(doc, _WORDS[lang]["notes"] + sep.join(notes) + end, size=8.5).paragraph_format.space_after = Pt(8)


def _charts(doc, release, lang: str) -> None:
    doc.add_heading(_WORDS[lang]["charts"], level=1)
    for n, chart in enumerate(release.charts, start=1):
        picture = doc.add_paragraph()
        picture.alignment = WD_ALIGN_PARAGRAPH.CENTER
        picture.paragraph_format.keep_with_next = True
        picture.paragraph_format.space_after = Pt(0)
        width, height = chart_size(chart, lang)
        picture.add_run().add_picture(io.BytesIO(chart_png(chart, lang)), width=CHART_WIDTH,
                                      height=Inches(height * CHART_WIDTH.inches / width))
        doc.add_paragraph(_WORDS[lang]["figure"].format(n=n, title=chart.title(lang)), style="Caption")


def to_docx(release, house: HouseStyle | None = None, issued: date | None = None) -> bytes:
    """The release (`waimao.reports.release.Release`) as .docx bytes; `house` the house style
    (data/house_style.toml), `issued` the release date printed under the title (today)."""
    lang = release.lang
    bulletin = release.bulletin
    house = house or load_house_style()
    doc = Document()
    doc.core_properties.title = bulletin.title
    doc.core_properties.subject = bulletin.subject
    doc.core_properties.author = house.issuer(bulletin.subject, lang)
    doc.core_properties.language = "zh-CN" if lang == "zh" else "en"
    _style_document(doc, lang)
    _page(doc.sections[0])
    _page_numbers(doc.sections[0])
    doc.add_heading(bulletin.title, level=0)
    dateline = doc.add_paragraph(house.dateline(bulletin.subject, lang, issued or date.today()))
    dateline.alignment = WD_ALIGN_PARAGRAPH.CENTER
    dateline.paragraph_format.space_after = Pt(12)
    indent = Pt(28) if lang == "zh" else Pt(0)
    for number, section in enumerate(bulletin.sections, start=1):
        doc.add_heading(heading(number, section.title, lang), level=1)
        for paragraph in section.paragraphs:
            p = doc.add_paragraph(paragraph.text)
            p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
            p.paragraph_format.first_line_indent = indent
    notes = [*bulletin.notes, *house.document_notes(lang, release.tables)]
    if notes:
        _small(doc, _WORDS[lang]["notes"], size=10.5, keep=True).paragraph_format.space_before = Pt(12)
        lines = note_lines(notes)
        for n, line in enumerate(lines, start=1):
            _small(doc, line, size=10.5, keep=n < len(lines))  # the block holds together
    if release.charts:
        _charts(doc, release, lang)
    if release.tables:
        _page(doc.add_section(WD_SECTION.NEW_PAGE), landscape=True)
        doc.add_heading(_WORDS[lang]["tables"], level=1)
        for table in release.tables:
            _table(doc, table, lang)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


__all__ = ["to_docx"]
