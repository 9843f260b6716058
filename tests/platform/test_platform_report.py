"""`waimao report` from platform downloads only: zh, en and Word, through the command line.

The headline numbers are what the all-province downloads state for 宁夏, summed here; the notes
say, in the document's language, what platform data cannot give.
"""

from __future__ import annotations

import io
import re
from decimal import Decimal

import docx
from typer.testing import CliRunner

from waimao.cli import app

YI = Decimal(100_000_000)


def run(*args: str) -> str:
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


def totals(downloads, currency: str = "CNY") -> dict[str, Decimal]:
    out = {flow: sum((d.total() for d in downloads.values() if d.field == "region" and d.year == 2025
                      and d.flow == flow and d.currency == currency), Decimal(0)) for flow in ("export", "import")}
    return {**out, "total": out["export"] + out["import"]}


def test_the_report_states_the_platform_totals_in_zh_en_and_word(ningxia, tmp_path):
    downloads, db, _ = ningxia
    cur = totals(downloads)
    yi = {flow: (value / YI).quantize(Decimal("0.1")) for flow, value in cur.items()}
    zh = run("report", "--db", str(db), "-r", "宁夏", "-p", "2025Q1")
    assert f"宁夏回族自治区进出口总值{yi['total']}亿元" in zh
    assert f"出口{yi['export']}亿元" in zh and f"进口{yi['import']}亿元" in zh
    notes = zh.split("## 注", 1)[1]
    assert "外贸企业数量相关数据从略" in notes and not re.search(r"[A-Za-z]{4,}", notes)

    en = run("report", "--db", str(db), "-r", "宁夏", "-p", "2025Q1", "--lang", "en")
    billions = (cur["total"] / 1_000_000_000).quantize(Decimal("0.01"))
    assert f"CNY {billions} billion" in en and "## Notes" in en and "enterprise counts are left out" in en

    target = tmp_path / "ningxia.docx"
    run("report", "--db", str(db), "-r", "宁夏", "-p", "2025Q1", "--format", "docx", "-o", str(target))
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(target.read_bytes())).paragraphs)
    assert f"进出口总值{yi['total']}亿元" in text and "外贸企业数量相关数据从略" in text
    assert "left out" not in text  # no English note inside a Chinese Word file


def test_a_dollar_report_words_dollars(ningxia):
    downloads, db, _ = ningxia
    usd = (totals(downloads, "USD")["total"] / YI).quantize(Decimal("0.1"))
    zh = run("report", "--db", str(db), "-r", "宁夏", "-p", "2025Q1", "--currency", "usd")
    assert f"进出口总值{usd}亿美元" in zh and "亿元" not in zh.split("## 注")[0]
