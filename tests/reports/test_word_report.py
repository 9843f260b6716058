"""The .docx of the Qinghai Q1 2025 release and its chart images: Chinese text, fonts that render it, the figures.

Expected wording is the published bulletin's (shared/spec/published_figures.tsv): 进出口总值18.8亿元,
出口16.5亿元, 下降50.3%. "No missing glyphs" is what matplotlib itself reports: it warns
"Glyph … missing from font(s)" when a label's character is not in the font, so drawing each
chart with warnings turned into errors proves every character was found.
"""

from __future__ import annotations

import io
import struct
import warnings

import docx
import matplotlib
import pytest
from docx.oxml.ns import qn
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from waimao.reports.chart_images import chart_png
from waimao.reports.charts import Chart, Series
from waimao.reports.release import render
from waimao.reports.word import to_docx

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def release(demo_release):
    return demo_release("青海省", "2025Q1")


@pytest.fixture(scope="module")
def release_en(demo_release):
    return demo_release("青海省", "2025Q1", "en")


@pytest.fixture(scope="module")
def document(release):
    return docx.Document(io.BytesIO(render(release, "docx")))


def _text(document) -> str:
    return "\n".join(p.text for p in document.paragraphs)


def _png_size(png: bytes) -> tuple[int, int]:
    assert png[:8] == PNG_MAGIC
    return struct.unpack(">II", png[16:24])  # IHDR width, height


def test_docx_holds_the_published_headline(document, release):
    text = _text(document)
    assert document.paragraphs[0].text == release.bulletin.title
    assert document.paragraphs[0].style.name == "Title"
    for phrase in ("进出口总值18.8亿元", "出口16.5亿元", "增长2.1倍", "下降50.3%", "贸易顺差14.2亿元"):
        assert phrase in text
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    numerals = "一二三四五六七八九十"
    assert [f"{numerals[i]}、{s.title}" for i, s in enumerate(release.bulletin.sections)] == \
        headings[: len(release.bulletin.sections)]


def test_docx_has_every_chart_as_an_image_with_caption(document, release):
    assert len(release.charts) == 4
    assert len(document.inline_shapes) == len(release.charts)
    captions = [p.text for p in document.paragraphs if p.style.name == "Caption"]
    assert captions == [f"图{n} {c.title_zh}" for n, c in enumerate(release.charts, start=1)]


def test_docx_tables_show_the_numbers_as_the_workbook_formats_them(document, release):
    assert len(document.tables) == len(release.tables)
    monthly = document.tables[0]
    assert [c.text for c in monthly.rows[0].cells][:4] == ["项目", "进出口", "进出口", "出口"]  # merged group box
    assert [c.text for c in monthly.rows[1].cells][1:3] == ["金额", "同比"]
    total = [c.text for c in monthly.rows[2].cells]  # 统计月报: the period total above its months
    assert total[0] == "2025年1—3月累计"
    assert total[1] == f"{18.845 * 10000:,.1f}" == "188,450.0"  # 18.845亿元 in 万元
    assert total[6] == "-50.3"
    assert monthly.rows[2].cells[1].paragraphs[0].alignment == docx.enum.text.WD_ALIGN_PARAGRAPH.RIGHT
    for grid, table in zip(document.tables, release.tables, strict=True):
        depth = 2 if len(grid.rows) == len(table.rows) + 2 else 1
        assert len(grid.rows) == len(table.rows) + depth
        assert [r.cells[0].text for r in grid.rows[depth:]] == [r.zh for r in table.rows]


def test_docx_styles_name_east_asian_fonts_and_page_is_a4(document):
    for name, expected in (("Normal", "仿宋"), ("Heading 1", "黑体"), ("Title", "宋体")):
        fonts = document.styles[name].element.rPr.find(qn("w:rFonts"))
        assert fonts.get(qn("w:eastAsia")) == expected
        assert fonts.get(qn("w:eastAsiaTheme")) is None  # a theme font would override the named one
        assert fonts.get(qn("w:ascii")) == "Times New Roman"
    for section in document.sections:
        assert sorted([round(section.page_width.cm, 1), round(section.page_height.cm, 1)]) == [21.0, 29.7]


def test_charts_draw_without_missing_glyphs(release, release_en):
    family = list(matplotlib.rcParams["font.family"])
    drawn = [(c, "zh") for c in release.charts] + [(c, "en") for c in release_en.charts]
    for chart, lang in drawn:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            png = chart_png(chart, lang)
        width, height = _png_size(png)
        assert 800 <= width <= 2400 and 400 <= height <= 2400, chart.name
        assert len(png) > 10_000
    assert matplotlib.rcParams["font.family"] == family  # drawing leaves the global settings alone


def test_missing_glyphs_are_caught_by_this_check():
    """Without the bundled font, matplotlib's default font lacks 进: the warning the test above relies on fires."""
    fig = Figure()
    FigureCanvasAgg(fig)
    fig.text(0.5, 0.5, "进出口", family="DejaVu Sans")
    with pytest.warns(UserWarning, match="missing from font"):
        fig.savefig(io.BytesIO(), format="png")


def test_chart_with_gaps_and_negative_growth_draws():
    chart = Chart("t", "测试图", "Test", ("甲地区", "乙地区"), ("A", "B"), [
        Series("进出口", "Total", "bar", (100.0, None), "万元"),
        Series("同比", "y/y", "line", (-12.5, None), "%", axis=1),
    ])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert _png_size(chart_png(chart, "zh"))[0] > 0


def test_english_docx(release_en):
    document = docx.Document(io.BytesIO(to_docx(release_en)))
    text = _text(document)
    assert "CNY 1.88 billion" in text and "down 50.3%" in text
    assert len(document.inline_shapes) == len(release_en.charts)
    assert document.tables[0].rows[2].cells[0].text == "January–March 2025, cumulative"
    assert [p.text for p in document.paragraphs if p.style.name == "Caption"][0] == "Figure 1. Monthly trade"


def test_docx_has_issuer_dateline_and_notes_block(release):
    from datetime import date

    document = docx.Document(io.BytesIO(to_docx(release, issued=date(2025, 4, 18))))
    paragraphs = [p.text for p in document.paragraphs]
    assert paragraphs[1] == "西宁海关　2025年4月18日发布"
    assert document.core_properties.author == "西宁海关"
    start = paragraphs.index("注：")
    notes = paragraphs[start + 1:start + 7]
    assert notes[0] == "1. 数据来源：海关统计。"
    assert any("初步统计" in n for n in notes) and any(n.startswith("3. 口径：") for n in notes)
    assert any("“—”表示无数据或不适用" in n for n in notes) and any("“…”表示上年同期无贸易" in n for n in notes)
    block = document.paragraphs[start:start + len(notes) + 1]
    assert all(p.paragraph_format.keep_with_next for p in block[:-1])  # the block holds together


def test_docx_numbers_its_pages(document):
    for section in document.sections:
        footer = section.footer
        instructions = [e.text.strip() for e in footer._element.iter(qn("w:instrText"))]
        assert instructions == ["PAGE"]
        assert footer.paragraphs[0].text.startswith("— ") and footer.paragraphs[0].text.endswith(" —")


def test_table_titles_keep_with_their_table(document, release):
    titles = [p for p in document.paragraphs if p.style.name == "Heading 2"]
    assert [p.text for p in titles] == [t.title_zh for t in release.tables]
    for title in titles:
        assert title.style.paragraph_format.keep_with_next  # the title goes where the table starts
        unit = title._p.getnext()
        assert unit.xpath("string(.)").startswith("单位：")
        assert unit.xpath("./w:pPr/w:keepNext") != []
    for grid, table in zip(document.tables, release.tables, strict=True):
        depth = len(grid.rows) - len(table.rows)
        first_rows = grid.rows[: depth + min(4, len(table.rows) - 1)]  # the header and the first rows
        for row in first_rows:
            assert row.cells[0].paragraphs[0].paragraph_format.keep_with_next
        for row in grid.rows:
            assert row._tr.trPr.find(qn("w:cantSplit")) is not None  # a row never breaks across pages
        note = grid._tbl.getnext()
        assert note.xpath("string(.)").startswith("注：") == bool(table.notes("zh"))


def test_docx_tables_indent_qizhong_rows(document, release):
    products = document.tables[[t.name for t in release.tables].index("products")]
    rows = {r.cells[0].text: r.cells[0].paragraphs[0].paragraph_format.left_indent for r in products.rows}
    assert rows["其中：锂离子蓄电池"] > rows["机电产品"] > (rows["出口总值"] or 0)


def test_docx_charts_fit_two_to_a_page_and_are_titled_once(document, release):
    from docx.shared import Cm

    for shape in document.inline_shapes:
        assert shape.width == Cm(16) and shape.height <= Cm(10.2)
    pictures = [p for p in document.paragraphs if p._p.xpath(".//pic:pic")]
    for picture in pictures:
        assert picture.paragraph_format.keep_with_next  # the caption follows its picture
    captions = [p.text for p in document.paragraphs if p.style.name == "Caption"]
    assert len(captions) == len(release.charts)
    assert not any(c.title_zh == p.text for c in release.charts for p in document.paragraphs
                   if p.style.name != "Caption")  # the caption is the only title
