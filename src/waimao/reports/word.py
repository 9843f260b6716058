"""A release as a Word document: the bulletin text, its charts as images, then the statistical tables.

python-docx's template names no East Asian font (its styles point at theme fonts), so Word
would pick whatever the machine maps Chinese to; the styles here name 宋体 for text and 黑体
for headings (w:eastAsia) and Times New Roman for Latin, as government documents do. The
chart images carry their own font (chart_images), so they look the same everywhere. A4 page;
the wide tables get a landscape section.
"""

from __future__ import annotations

import io

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from waimao.reports.chart_images import chart_png
from waimao.reports.excel import bold_rows, cell_text, header_layout, row_name
from waimao.reports.tables import Cell, StatTable

LATIN = "Times New Roman"
BODY_CJK = "宋体"
HEADING_CJK = "黑体"
A4 = (Cm(21.0), Cm(29.7))
_THEME_ATTRS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")


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
    body_size = Pt(12) if lang == "zh" else Pt(11)
    normal = doc.styles["Normal"]
    normal.font.size = body_size
    _set_fonts(normal.element.get_or_add_rPr(), LATIN, BODY_CJK)
    for name, size in (("Title", 18), ("Heading 1", 14), ("Heading 2", 12), ("Caption", 10)):
        style = doc.styles[name]
        _set_fonts(style.element.get_or_add_rPr(), LATIN, BODY_CJK if name == "Caption" else HEADING_CJK)
        style.font.size = Pt(size)
        style.font.color.rgb = RGBColor(0, 0, 0)
        style.font.bold = name != "Caption"
    title = doc.styles["Title"]
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    border = title.element.pPr.find(qn("w:pBdr"))
    if border is not None:
        title.element.pPr.remove(border)
    doc.styles["Caption"].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER


def _page(section, landscape: bool = False) -> None:
    width, height = A4
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (height, width) if landscape else (width, height)
    section.top_margin = section.bottom_margin = Cm(2.54)
    section.left_margin = section.right_margin = Cm(2.0 if landscape else 2.8)


def _repeat_header(row) -> None:
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(flag)


def _write(cell, text: str, *, bold: bool = False, align=WD_ALIGN_PARAGRAPH.RIGHT, indent: int = 0) -> None:
    paragraph = cell.paragraphs[0]
    paragraph.alignment = align
    paragraph.paragraph_format.space_after = Pt(0)
    paragraph.paragraph_format.line_spacing = 1.0
    if indent:
        paragraph.paragraph_format.left_indent = Pt(9 * indent)
    run = paragraph.add_run(text)
    run.font.size = Pt(9)
    run.bold = bold


def _table(doc, table: StatTable, lang: str) -> None:
    doc.add_paragraph(table.title_zh if lang == "zh" else table.title_en, style="Heading 2").alignment = \
        WD_ALIGN_PARAGRAPH.CENTER
    unit = doc.add_paragraph(table.unit_zh if lang == "zh" else table.unit_en)
    unit.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    unit.paragraph_format.space_after = Pt(2)
    depth, header = header_layout(table, lang)
    grid = doc.add_table(rows=depth + len(table.rows), cols=len(table.columns) + 1)
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    for box in header:
        cell = grid.cell(box.row, box.col)
        if box.rows > 1 or box.cols > 1:
            cell = cell.merge(grid.cell(box.row + box.rows - 1, box.col + box.cols - 1))
        _write(cell, box.text, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    for r in range(depth):
        _repeat_header(grid.rows[r])
    bold = bold_rows(table)
    for i, row in enumerate(table.rows):
        cells = grid.rows[depth + i].cells
        _write(cells[0], row_name(row, lang), bold=i in bold, align=WD_ALIGN_PARAGRAPH.LEFT, indent=row.level)
        for c, column in enumerate(table.columns, start=1):
            cell = row.cells.get(column.key, Cell(None))
            text = cell_text(cell, column.kind)
            align = WD_ALIGN_PARAGRAPH.CENTER if cell.value is None else WD_ALIGN_PARAGRAPH.RIGHT
            _write(cells[c], text, bold=i in bold, align=align)
    doc.add_paragraph()


def to_docx(release) -> bytes:
    """The release (`waimao.reports.release.Release`) as .docx bytes."""
    lang = release.lang
    bulletin = release.bulletin
    doc = Document()
    doc.core_properties.title = bulletin.title
    doc.core_properties.subject = bulletin.subject
    doc.core_properties.language = "zh-CN" if lang == "zh" else "en"
    _style_document(doc, lang)
    _page(doc.sections[0])
    doc.add_heading(bulletin.title, level=0)
    indent = Pt(24) if lang == "zh" else Pt(0)
    for section in bulletin.sections:
        doc.add_heading(section.title, level=1)
        for paragraph in section.paragraphs:
            p = doc.add_paragraph(paragraph.text)
            p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
            p.paragraph_format.first_line_indent = indent
    for note in bulletin.notes:
        doc.add_paragraph(note).runs[0].font.size = Pt(9)
    for n, chart in enumerate(release.charts, start=1):
        picture = doc.add_paragraph()
        picture.alignment = WD_ALIGN_PARAGRAPH.CENTER
        picture.paragraph_format.keep_with_next = True
        picture.add_run().add_picture(io.BytesIO(chart_png(chart, lang)), width=Cm(15))
        label = f"图{n} {chart.title(lang)}" if lang == "zh" else f"Figure {n}. {chart.title(lang)}"
        doc.add_paragraph(label, style="Caption")
    if release.tables:
        _page(doc.add_section(WD_SECTION.NEW_PAGE), landscape=True)
        doc.add_heading("附表" if lang == "zh" else "Statistical tables", level=1)
        for table in release.tables:
            _table(doc, table, lang)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


__all__ = ["to_docx"]
