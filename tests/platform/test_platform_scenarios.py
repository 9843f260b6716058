"""Incomplete platform downloads: the reconciliation and planner notes appear exactly where a cut is incomplete.

Each scenario spoils one file of the standard set the way it happens to users (a download cut at
the platform's 10,000 rows, a chapter file for fewer months, a chapter file never downloaded, a
re-download whose chapters overlap two loaded files) and checks the figures and notes that follow.
"""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal

import pytest

from platform_downloads import Download, cut, load_set, standard_set, truth
from waimao import api
from waimao.errors import IngestError
from waimao.indicators import Breakdown

LIMIT = 10_000


def notes(fs, code: str) -> list:
    return [note for note in fs.notes if note.code == code]


def test_a_download_cut_at_ten_thousand_rows_is_named_in_a_reconciliation_note(tmp_path):
    cells = truth(extra_codes=3_400)  # chapter 90 lines: the 2025 export file of chapters 50–98 runs past 10,000 rows
    downloads = standard_set(cells)
    long = next(d for d in downloads if d.name == "宁夏_出口_2025M01-M03_商品_50-98章.csv")
    assert len(long.rows) > LIMIT
    outcomes = load_set(tmp_path, downloads, **{long.name: {"limit": LIMIT}})
    warned = [o for o in outcomes if any(w.code == "truncated-download" for w in o.warnings)]
    assert [o.path for o in warned] == [str(tmp_path / long.name)]

    fs = api.figures("宁夏", "2025Q1", db=tmp_path / "w.duckdb")
    [note] = notes(fs, "reconciliation")
    lost = sum((r["value"] for r in long.rows[LIMIT:]), Decimal(0))
    assert long.name in note.en and long.name in note.zh
    assert not re.search(r"[A-Za-z]{4,}", note.zh)  # a Chinese note for a Chinese document
    assert "2025-03 exports" in note.en and "2025年3月出口" in note.zh  # the rows past 10,000 are March's
    assert lost > 0 and all(r["month"].month == 3 for r in long.rows[LIMIT:])
    # totals still come from the all-province download, in full
    totals = next(d for d in downloads if d.name == "全国_出口_2025M01-M03_注册地.csv")
    assert float(fs.find("export", None, "value").yuan) == pytest.approx(float(totals.total()), rel=1e-12)


def test_a_chapter_file_for_fewer_months_leaves_the_product_figures_out_with_a_note(tmp_path):
    cells = truth()
    downloads = [d for d in standard_set(cells) if d.name != "宁夏_出口_2025M01-M03_商品_50-98章.csv"]
    short = cut(cells, Download("export", 2025, "product", chapters=(50, 98), months=(1, 2)))
    load_set(tmp_path, [*downloads, short])

    fs = api.figures("宁夏", "2025Q1", db=tmp_path / "w.duckdb")
    assert {f.flow for f in fs.select(kind="product_group")} == {"import"}  # the import files are whole
    [note] = [n for n in notes(fs, "left-out") if "product figures" in n.en]
    assert "for exports" in note.en and note.zh.startswith("出口商品相关数据从略")
    assert "2025-03" in note.en and "宁夏_出口_2024M01-M03_商品_50-98章.csv" not in note.en
    assert "宁夏_出口_2025M01-M03_商品_01-49章.csv hold exports of 2025-03" in note.en
    assert notes(fs, "reconciliation") == []
    assert fs.select(kind="partner")  # the other cuts are whole: their figures stand

    two_months = api.figures("宁夏", "2025M01-M02", db=tmp_path / "w.duckdb")
    assert two_months.find("export", Breakdown("product_group", "锂离子蓄电池"), "value") is not None


def test_a_chapter_file_never_downloaded_shows_as_a_gap_against_the_totals(tmp_path):
    downloads = [d for d in standard_set(truth()) if not (d.flow == "export" and d.chapters == (50, 98))]
    load_set(tmp_path, downloads)

    fs = api.figures("宁夏", "2025Q1", db=tmp_path / "w.duckdb")
    [note] = notes(fs, "reconciliation")
    assert "宁夏_出口_2025M01-M03_商品_01-49章.csv" in note.en
    assert "exports" in note.en and "imports" not in note.en  # the import chapter files are both there
    assert "and 3 more" in note.en  # the six months of 2024 and 2025, three shown


def test_a_download_overlapping_two_chapter_files_is_refused_naming_both_and_the_keys(tmp_path):
    cells = truth()
    load_set(tmp_path, standard_set(cells))
    before = api.info(db=tmp_path / "w.duckdb")["state_token"]
    wider = cut(cells, Download("export", 2025, "product", chapters=(1, 80)))  # holds 01–49 and chapter 72 of 50–98
    with pytest.raises(IngestError) as refused:
        load_set(tmp_path, [wider])
    [issue] = refused.value.report.issues
    assert issue.code == "overlapping-load"
    assert "宁夏_出口_2025M01-M03_商品_50-98章.csv" in issue.message and wider.name in issue.message
    assert "product 72021100" in issue.message
    assert api.info(db=tmp_path / "w.duckdb")["state_token"] == before


def test_a_revised_download_of_the_same_query_replaces_it(tmp_path):
    cells = truth()
    downloads = standard_set(cells)
    load_set(tmp_path, downloads)
    partner = next(d for d in downloads if d.name == "宁夏_出口_2025M01-M03_贸易伙伴.csv")
    revised = replace(partner, rows=[{**r, "value": r["value"] + 1} for r in partner.rows])
    [outcome] = load_set(tmp_path, [revised], **{revised.name: {"name": "宁夏_出口_2025M01-M03_贸易伙伴_修订.csv"}})
    assert outcome.outcome == "replaced" and len(outcome.superseded) == 1
