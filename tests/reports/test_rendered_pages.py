"""The Word and Excel releases as printed: LibreOffice renders them to PDF and the pages are read back.

What the review saw on paper is checked on paper: how many pages (Q1 ran to 9 Word pages, most of
them a lone chart), whether a table's title ends a page while its table starts the next, and that
the text layer carries the published numbers (进出口总值18.8亿元; 188,450.0 万元 in the tables).
LibreOffice and a CJK font come from `make test` (Debian's libreoffice-*-nogui, fonts-wqy-zenhei),
as Chromium does for the HTML tests; without them these tests fail rather than skip.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from waimao import api
from waimao.reports.release import render


@pytest.fixture(scope="module")
def soffice():
    path = shutil.which("soffice")
    if path is None:
        pytest.fail("soffice is missing: run `make test` (it installs Debian's LibreOffice with apt)", pytrace=False)
    return path


@pytest.fixture(scope="module")
def release(demo_db):
    """The release as `waimao report` writes it: the breakdown tables with their 统计月报 blocks (当月,
    1—3月累计, 上年同期, USD: 22 columns, the widest tables printed)."""
    return api.release("青海省", "2025Q1", db=demo_db)


def _pdf_file(soffice: str, release, fmt: str, out: Path) -> Path:
    """The release rendered as `fmt`, converted to PDF by LibreOffice."""
    source = out / f"release.{fmt}"
    source.write_bytes(render(release, fmt))
    profile = (out / "profile").as_uri()  # its own profile: parallel runs do not share a lock
    subprocess.run([soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(out), str(source)], check=True, capture_output=True, timeout=180)
    return out / "release.pdf"


@pytest.fixture(scope="module")
def word_pages(soffice, release, tmp_path_factory):
    pdf = _pdf_file(soffice, release, "docx", tmp_path_factory.mktemp("docx"))
    return [page.extract_text() or "" for page in PdfReader(pdf).pages]


@pytest.fixture(scope="module")
def excel_pdf(soffice, release, tmp_path_factory):
    return PdfReader(_pdf_file(soffice, release, "xlsx", tmp_path_factory.mktemp("xlsx")))


@pytest.fixture(scope="module")
def excel_pages(excel_pdf):
    return [page.extract_text() or "" for page in excel_pdf.pages]


def _runs_off_the_page(page) -> list[str]:
    """Text runs that start left of the page or would end right of it (CJK one em wide, Latin half)."""
    width = float(page.mediabox.width)
    out = []

    def visit(text, cm, tm, font, size):
        if not text.strip():
            return
        x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
        em = size * tm[0] * cm[0]
        end = x + sum(em if ord(ch) > 0x2E7F else em * 0.5 for ch in text)
        if x < -1 or end > width + em:
            out.append(text)

    page.extract_text(visitor_text=visit)
    return out


def _flat(text: str) -> str:
    return "".join(text.split())


def test_word_release_is_a_few_pages_with_the_published_numbers(word_pages):
    assert 5 <= len(word_pages) <= 8  # text 2, charts 2 (two or three to a page), tables 3–4 landscape
    text = _flat("".join(word_pages))
    for phrase in ("进出口总值18.8亿元", "下降50.3%", "188,450.0", "数据来源：海关统计", "西宁海关"):
        assert phrase in text, phrase
    assert "— 1 —" in word_pages[0] or "—1—" in _flat(word_pages[0])  # the page number field, filled in


def test_no_chart_page_is_mostly_blank(word_pages):
    captions = [sum(_flat(page).count(f"图{n}") for n in range(1, 5)) for page in word_pages]
    chart_pages = [c for c in captions if c]
    assert sum(chart_pages) == 4 and all(c >= 1 for c in chart_pages) and len(chart_pages) <= 3
    assert max(chart_pages) >= 2  # at least two to a page, never one each


def test_no_table_title_sits_alone_at_the_foot_of_a_page(word_pages, release):
    text = _flat("".join(word_pages))
    assert "1—3月累计" in text and "上年同期" in text and "美元" in text  # the 统计月报 headers, printed
    for table in release.tables:
        title = _flat(table.title_zh)
        pages = [i for i, page in enumerate(word_pages) if title in _flat(page)]
        assert len(pages) == 1, table.title_zh
        after = _flat(word_pages[pages[0]]).split(title, 1)[1]
        first_row = _flat(table.rows[0].zh)
        assert first_row in after, table.title_zh  # the table starts on the title's page


def test_workbook_prints_every_sheet_without_clipping(excel_pdf, excel_pages, release):
    assert len(excel_pages) <= 12
    for page in excel_pdf.pages:
        assert _runs_off_the_page(page) == []
    text = _flat("".join(excel_pages))
    assert "进出口总值18.8亿元" in text and "188,450.0" in text
    assert "1—3月累计" in text and "上年同期" in text and "当月" in text
    bulletin = _flat("".join(excel_pages[:3]))
    for section in release.bulletin.sections:  # each paragraph printed whole: its last words are on paper
        for paragraph in section.paragraphs:
            assert _flat(paragraph.text)[-6:] in bulletin, paragraph.text[-12:]


def test_a_tables_notes_line_never_starts_a_page(soffice, demo_db, tmp_path):
    """2024: twelve months and long tables, where a table's notes line once ended up alone atop a page.

    A page may start with the release's notes block (注：1. 数据来源…), never with a table's notes line.
    """
    release = api.release("青海省", "2024", db=demo_db)
    pages = [_flat(p.extract_text() or "") for p in PdfReader(_pdf_file(soffice, release, "docx", tmp_path)).pages]
    table_notes = {_flat("注：" + "；".join(t.notes("zh")))[:14] for t in release.tables if t.notes("zh")}
    assert table_notes and all(any(n in page for page in pages) for n in table_notes)
    for i, page in enumerate(pages):
        assert not any(page.startswith(n) for n in table_notes), i
