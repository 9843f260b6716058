"""The English bulletin on the demo: the published figures restated in English, the same figures as the Chinese.

Expected statements convert the published Chinese numbers by hand (18.8亿元 = CNY 1.88
billion; 6628万元 = CNY 66.28 million). A growth the Chinese states in 倍 is not converted (2.1倍
is any rise from 205 % to 215 %): the English states the unrounded percentage, which
test_bulletin_text.py computes from the warehouse's records. Golden files pin the whole text; the
tests only compare: after a deliberate change, rewrite them with `make golden`
(tests/reports/golden_files.py) and read the diff.
"""

from __future__ import annotations

import re

import pytest
from typer.testing import CliRunner

from golden_files import PERIODS, assert_matches_golden

from waimao.cli import app
from waimao.reports import to_markdown

STATEMENTS = {
    "2025Q1": [
        "totalled CNY 1.88 billion in the first quarter of 2025, up 87.8% year on year",
        "the fastest growth of any province, 86.5 percentage points above the national average",
        "Exports reached CNY 1.65 billion, up ",  # 16.5亿元; the growth: test_bulletin_text.py
        "down 50.3%", "a trade surplus of CNY 1.42 billion",
        "131 enterprises", "122 of them private (21 more than a year earlier)",
        "Private enterprises traded CNY 1.63 billion, up ",  # 16.3亿元
        "86.3% of the province's total", "up 27.6 percentage points", "added 103.3 percentage points",
        "113 countries and territories", "11 new partners", "CNY 66.28 million",
        "The European Union, ASEAN and Russia were its three largest partners, with combined trade of CNY 1.36 billion",
        "72.2% of the total",
        "57 Belt and Road", "CNY 1.58 billion, up ", "26.1 percentage points above", "84% of the total",
        "Exports of lithium-ion batteries", "38% of the province's exports",
        "Exports of polysilicon", "69.3% of China's exports",
        "Polysilicon followed with CNY 45.63 million, up 18.7%",  # 4563万元
        "Six prefecture-level regions",
        "Xining, CNY 1.50 billion, up 80.4%", "Haibei, CNY 4.44 million, up ",  # 444.1万元
        "Yushu, CNY 3.51 million, up 24.5%",
    ],
    "2025H1": [
        "CNY 3.59 billion", "up 57.7% year on year", "Exports reached CNY 3.18 billion, up ",
        "down 47%", "166 of them private (28 more than a year earlier)", "added 64.5 percentage points",
        "had the second fastest growth among provinces", "Five grew",  # 5个市州呈增长态势
    ],
    "2024": [
        "totalled CNY 6 billion in 2024", "up 23.2% year on year", "the second fastest growth among provinces",
        "18.2 percentage points above the national average", "with none a year earlier",
    ],
}


@pytest.fixture(scope="module")
def bulletins(demo_release):
    return {period: (demo_release("青海省", period, "en").bulletin, demo_release("青海省", period, "zh").bulletin)
            for period in STATEMENTS}


@pytest.mark.parametrize("period", list(STATEMENTS))
def test_the_published_figures_are_stated_in_english(bulletins, period):
    text = to_markdown(bulletins[period][0])
    missing = [s for s in STATEMENTS[period] if s not in text]
    assert not missing, f"{period} English bulletin lacks {missing}\n{text}"


@pytest.mark.parametrize("period", list(STATEMENTS))
def test_english_and_chinese_state_the_same_figures(bulletins, period):
    en, zh = bulletins[period]

    def keys(bulletin):
        return sorted((t["figure"]["flow"], str(t["figure"]["breakdown"]), t["figure"]["metric"], t["figure"]["value"])
                      for t in bulletin.trace())

    assert keys(en) == keys(zh)


@pytest.mark.parametrize("period", list(STATEMENTS))
def test_every_number_of_the_english_text_comes_with_its_figure(bulletins, period):
    """Digits outside cited parts may only be years (the first quarter of 2025) or a commodity's code (HS 26169000)."""
    for section in bulletins[period][0].sections:
        for paragraph in section.paragraphs:
            for part in paragraph.parts:
                if part.figure is None:
                    assert not re.search(r"\d", re.sub(r"\b20\d\d\b|HS \d{8}", "", part.text)), part.text


@pytest.mark.parametrize("period", PERIODS)
def test_the_english_text_matches_its_golden_file(bulletins, period):
    assert_matches_golden(to_markdown(bulletins[period][0]), period, "en")


def test_report_command_takes_language_and_refuses_binary_on_stdout(demo_db):
    runner = CliRunner()
    result = runner.invoke(app, ["report", "-r", "青海", "-p", "2025Q1", "--lang", "en", "--db", str(demo_db)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("# Qinghai's foreign trade in the first quarter of 2025")
    for args in (["--lang", "fr"], ["--format", "pdf"], ["--format", "docx"]):
        refused = runner.invoke(app, ["report", "-r", "青海", "-p", "2025Q1", "--db", str(demo_db), *args])
        assert refused.exit_code == 2 and "Traceback" not in refused.output
