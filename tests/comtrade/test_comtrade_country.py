"""A UN Comtrade reporter as the subject: Viet Nam, Thailand and the USA, monthly, in US dollars.

The file is written here by `comtrade_files` from the numbers in its tables (millions of dollars
a month, Jan–Mar 2024 and 2025); every expected figure below is worked out by hand from those
numbers. The World × TOTAL rows are the reporter's totals; the partner and chapter rows list
part of the trade only, as a real query does.
"""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from typer.testing import CliRunner

from comtrade_files import quarter_rows, row, write_csv
from waimao import api
from waimao.cli import app
from waimao.errors import IndicatorError
from waimao.indicators import Breakdown
from waimao.model.countries import COUNTRIES, find_country
from waimao.model.regions import resolve_region

runner = CliRunner()
WIDE = {"COLUMNS": "200", "WAIMAO_DEBUG": None}
B = Decimal(1_000_000_000)


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory):
    """The three reporters' file, loaded through the CLI: (warehouse path, ingest output)."""
    folder = tmp_path_factory.mktemp("comtrade")
    path = write_csv(folder / "reporters_2025Q1.csv", quarter_rows())
    db = folder / "w.duckdb"
    result = runner.invoke(app, ["ingest", str(path), "--db", str(db)], env=WIDE)
    assert result.exit_code == 0, result.output
    return db, result.output


@pytest.fixture(scope="module")
def vietnam(warehouse):
    db, _ = warehouse
    return api.figures("越南", "2025Q1", db=db, currency="USD")


def value(fs, flow, breakdown, metric="value"):
    figure = fs.find(flow, breakdown, metric)
    assert figure is not None, (flow, breakdown, metric)
    return figure


# --- the country as a region ---------------------------------------------------------------------


@pytest.mark.parametrize("text", ["越南", "VNM", "704", "Viet Nam", "Vietnam", "VN", "越南社会主义共和国"])
def test_viet_nam_resolves_by_any_code_or_name(text):
    region = resolve_region(text)
    assert (region.code, region.level, region.name_zh, region.iso3, region.m49, region.reporter_code) == \
        ("VN", "country", "越南", "VNM", "704", "704")


@pytest.mark.parametrize("iso3, m49, reporter", [("USA", "840", "842"), ("FRA", "250", "251"), ("IND", "356", "699"),
                                                 ("NOR", "578", "579"), ("CHE", "756", "757")])
def test_comtrade_reporter_codes_that_differ_from_m49_both_resolve(iso3, m49, reporter):
    country = next(c for c in COUNTRIES.values() if c.iso3 == iso3)
    assert (country.m49, country.reporter_code) == (m49, reporter)
    assert resolve_region(m49) == resolve_region(reporter) == country


def test_chinese_regions_win_and_china_is_the_nation():
    assert resolve_region("中国").level == resolve_region("156").level == resolve_region("CHN").level == "nation"
    assert resolve_region("青海").code == "63"
    assert resolve_region("德国").name_en == "Germany" and resolve_region("S19").name_zh == "中国台湾"
    assert find_country("Atlantis") is None
    with pytest.raises(LookupError, match="unknown region"):
        resolve_region("Atlantis")


# --- ingest: the World and TOTAL rows are kept, each level its own load ------------------------------


def test_ingest_keeps_world_and_total_rows_as_the_reporters_totals_and_says_how_many(warehouse):
    db, output = warehouse
    # World rows: 3 reporters × 2 flows × 6 months of World × TOTAL (36), plus Viet Nam's World × chapter
    # rows: exports 4 chapters × 6 months (24), imports 3 × 6 (18): 78. TOTAL rows: the 36, plus the
    # partner rows: Viet Nam 6 × 6 + 4 × 6, Thailand 2 × 6 + 2 × 6: 120.
    assert "kept 78 World partner rows and 120 TOTAL commodity rows" in output
    assert "the 36 World × TOTAL rows are the reporters' own totals" in output
    assert "partner rows (all products): 84 rows" in output  # 36 + 24 + 12 + 12
    assert "product rows (World partner): 42 rows" in output  # 24 + 18
    loads = api.loads(db)
    levels = {load["meta"]["reader"]["level"]: load for load in loads}
    assert set(levels) == {"partner", "product", "totals"}
    assert levels["totals"]["dims"] == ["month", "flow", "region"]
    assert levels["totals"]["rows"] == 36 and sorted(levels["totals"]["regions"]) == ["TH", "US", "VN"]
    assert levels["product"]["regions"] == ["VN"]  # only Viet Nam's file has chapters
    reader = levels["totals"]["meta"]["reader"]
    assert (reader["world_rows"], reader["total_product_rows"]) == (78, 120)
    assert reader["levels"] == {"partner": 84, "product": 42, "totals": 36}


def test_loading_the_same_file_again_changes_nothing(warehouse, tmp_path):
    db, _ = warehouse
    path = write_csv(tmp_path / "again.csv", quarter_rows())
    before = len(api.loads(db))
    result = runner.invoke(app, ["ingest", str(path), "--db", str(db)], env=WIDE)
    assert result.exit_code == 0, result.output
    assert result.output.count("-> unchanged") == 3  # each level is found again as its own load
    assert len(api.loads(db)) == before


# --- figures ----------------------------------------------------------------------------------------


def test_totals_come_from_the_world_total_rows(vietnam):
    # exports: 33 + 25 + 42 = 100 billion (2024: 30 + 22 + 36 = 88); imports 31 + 26 + 40 = 97 (27 + 21 + 35 = 83)
    assert value(vietnam, "export", None).yuan == 100 * B
    assert value(vietnam, "import", None).yuan == 97 * B
    assert value(vietnam, "total", None).yuan == 197 * B
    assert value(vietnam, "balance", None).yuan == 3 * B
    assert value(vietnam, "export", None, "yoy_pct").value == pytest.approx(100 * (100 / 88 - 1))
    assert value(vietnam, "import", None, "yoy_pct").value == pytest.approx(100 * (97 / 83 - 1))
    assert value(vietnam, "total", None, "yoy_pct").value == pytest.approx(100 * (197 / 171 - 1))
    assert vietnam.currency == "USD"
    assert vietnam.plan.source("subject").dims == ("month", "flow", "region")


def test_partner_and_chapter_figures_are_the_detail_rows(vietnam):
    china = Breakdown("partner", "中国")
    # China: exports 5 a month both years, imports 12 (2025) and 10 (2024) a month
    assert value(vietnam, "export", china).yuan == 15 * B
    assert value(vietnam, "import", china).yuan == 36 * B
    assert value(vietnam, "total", china).yuan == 51 * B
    assert value(vietnam, "total", china, "yoy_pct").value == pytest.approx(100 * (51 / 45 - 1))
    assert value(vietnam, "total", china, "share_pct").value == pytest.approx(100 * 51 / 197)  # of the World total
    assert value(vietnam, "total", china, "partner_rank").value == 1  # 51 > USA 3 × (10 + 1.5) = 34.5
    chapter = Breakdown("product", "85")
    assert value(vietnam, "export", chapter).yuan == 36 * B  # 12 a month
    assert value(vietnam, "import", chapter, "yoy_pct").value == pytest.approx(100 * (39 / 33 - 1))
    group = Breakdown("product_group", "机电产品")  # chapters 84 and 85
    assert value(vietnam, "export", group).yuan == 51 * B  # 3 × (12 + 5)
    assert value(vietnam, "export", group, "share_pct").value == pytest.approx(51.0)


def test_partner_groups_seen_from_another_reporter(vietnam):
    # RCEP from Viet Nam: China, Korea, Japan; China is a member (for a Chinese subject it is not listed)
    rcep = Breakdown("partner_group", "RCEP")
    assert value(vietnam, "total", rcep).yuan == (51 + 3 * (2 + 5) + 3 * (2 + 2)) * B
    assert value(vietnam, "export", Breakdown("partner_group", "欧盟")).yuan == 6 * B  # Germany and the Netherlands


def test_ranks_among_the_reporters_loaded(vietnam, warehouse):
    # growth of trade: Viet Nam 197/171 − 1 = 15.2%, USA 1380/1275 − 1 = 8.2%, Thailand 147/138 − 1 = 6.5%
    assert value(vietnam, "total", None, "rank").value == 1
    assert value(vietnam, "total", None, "value_rank").value == 2  # the USA trade more
    assert vietnam.find("total", None, "gap_pp") is None  # the reporters loaded are no whole to compare with
    db, _ = warehouse
    thailand = api.figures("THA", "2025Q1", db=db, currency="USD")
    assert value(thailand, "total", None, "rank").value == 3
    # only Viet Nam has chapters: no product-group rank for it among one reporter
    assert vietnam.find("export", Breakdown("product_group", "机电产品"), "rank") is None


def test_partial_detail_is_noted_and_counts_of_members_left_out(vietnam):
    partial = [n for n in vietnam.notes if n.code == "partial-detail"]
    assert len(partial) == 2  # the partner rows and the chapter rows
    # January 2025 exports: partners 10 + 5 + 2 + 2 + 1 + 1 = 21 of the World's 33 billion
    assert any("the partner rows of reporters_2025Q1.csv add up to USD 21 billion (63.6%) of the USD 33 billion "
               "the reporter states for World × TOTAL (2025-01 exports)" in n.en for n in partial)
    assert any("为申报方总值（伙伴World、商品TOTAL）330亿美元的63.6%" in n.zh for n in partial)
    assert vietnam.find("total", None, "partner_count") is None
    assert vietnam.find("total", None, "product_count") is None
    left_out = " ".join(n.en for n in vietnam.notes if n.code == "left-out")
    for what in ("trade mode", "enterprise type", "regions"):
        assert what in left_out
    assert "UN Comtrade does not break a country's trade down by trade mode" in left_out


def test_complete_detail_reconciles_and_keeps_the_counts(tmp_path):
    totals = {"VNM": {"X": {2024: (8,) * 3, 2025: (10,) * 3}, "M": {2024: (5,) * 3, 2025: (6,) * 3}}}
    partners = {"VNM": {"X": {2024: {"USA": 5, "CHN": 3}, 2025: {"USA": 6, "CHN": 4}},
                        "M": {2024: {"CHN": 5}, 2025: {"CHN": 6}}}}
    path = write_csv(tmp_path / "whole.csv", quarter_rows(("VNM",), totals, partners, {}))
    api.ingest(path, db=tmp_path / "w.duckdb")
    fs = api.figures("VNM", "2025Q1", db=tmp_path / "w.duckdb", currency="USD")
    assert not [n for n in fs.notes if n.code in ("partial-detail", "reconciliation")]
    assert value(fs, "total", None, "partner_count").value == 2
    assert value(fs, "export", Breakdown("partner", "美国")).yuan == 18_000_000


def test_detail_above_the_total_is_a_reconciliation_error(tmp_path):
    totals = {"VNM": {"X": {2024: (8,) * 3, 2025: (10,) * 3}, "M": {2024: (5,) * 3, 2025: (6,) * 3}}}
    partners = {"VNM": {"X": {2024: {"USA": 5}, 2025: {"USA": 12}}, "M": {2024: {"CHN": 5}, 2025: {"CHN": 6}}}}
    path = write_csv(tmp_path / "over.csv", quarter_rows(("VNM",), totals, partners, {}))
    api.ingest(path, db=tmp_path / "w.duckdb")
    fs = api.figures("VNM", "2025Q1", db=tmp_path / "w.duckdb", currency="USD")
    [note] = [n for n in fs.notes if n.code == "reconciliation"]
    assert "USD 12 million in over.csv (comtrade, by region × partner) against USD 10 million" in note.en


def test_a_reporter_without_chapters_leaves_products_out(warehouse):
    db, _ = warehouse
    thailand = api.figures("泰国", "2025Q1", db=db, currency="USD")
    assert value(thailand, "export", None).yuan == 75 * B
    assert not thailand.select(kind="product_group")
    assert any("query UN Comtrade for reporter Thailand by HS code" in n.en for n in thailand.notes)


def test_listed_partners_are_never_passed_off_as_the_total(tmp_path):
    path = write_csv(tmp_path / "partners.csv", [row("VNM", 2025, m, flow, "CHN", "TOTAL", 5e9)
                                                 for m in (1, 2, 3) for flow in ("X", "M")])
    result = api.ingest(path, db=tmp_path / "w.duckdb")[0]
    assert (result.level, result.rows, result.parts) == ("partner", 6, ())
    with pytest.raises(IndicatorError, match="list partners or products only: their sum is not Vietnam's total"):
        api.figures("VNM", "2025Q1", db=tmp_path / "w.duckdb", currency="USD")


# --- bulletins ---------------------------------------------------------------------------------------


def test_english_bulletin_reads_like_a_wire_release(warehouse):
    db, _ = warehouse
    result = runner.invoke(app, ["report", "-r", "越南", "-p", "2025Q1", "--lang", "en", "--db", str(db)], env=WIDE)
    assert result.exit_code == 0, result.output
    text = " ".join(result.stdout.split())
    assert "# Vietnam's foreign trade in the first quarter of 2025" in result.stdout
    assert ("Vietnam's exports rose 13.6% year on year to USD 100 billion in the first quarter of 2025, while "
            "imports rose 16.9% to USD 97 billion, leaving a trade surplus of USD 3 billion, according to the "
            "country's data reported to UN Comtrade.") in text
    assert ("Total trade rose 15.2% to USD 197 billion, the fastest growth among the reporters loaded; by value it "
            "ranked second.") in text
    assert ("Trade with China came to USD 51 billion, up 13.3%, or 25.9% of the total; China was its largest "
            "partner.") in text
    assert "Trade with RCEP members reached USD 84 billion" in text
    assert "Exports of mechanical and electrical products reached USD 51 billion, up 21.4% (51% of Vietnam's " \
           "exports)" in text
    for province_word in ("customs statistics", "province", "the region", "national", "CNY"):
        assert province_word not in text.split("## Notes")[0]


def test_chinese_bulletin_names_the_country_not_a_province(warehouse):
    db, _ = warehouse
    result = runner.invoke(app, ["report", "-r", "VNM", "-p", "2025Q1", "--lang", "zh", "--db", str(db)], env=WIDE)
    assert result.exit_code == 0, result.output
    text = result.stdout.replace("\n", "")
    assert ("据联合国商品贸易统计数据库（UN Comtrade）数据，2025年一季度，越南进出口总值1970亿美元，比去年同期（下同）"
            "增长15.2%，增速居已载入的申报方中首位。") in text
    assert "越南对中国进出口510亿美元，增长13.3%，占越南进出口总值的25.9%，中国为越南第一大贸易伙伴。" in text
    assert "同期，越南对RCEP其他成员国进出口840亿美元" in text
    body = text.split("## 注")[0]
    for province_word in ("我省", "全省", "全区", "全国", "据海关统计", "亿元"):
        assert province_word not in body


# --- the dashboard's API -------------------------------------------------------------------------------


def test_the_dashboard_lists_the_reporters_and_answers_for_a_country(warehouse):
    from fastapi.testclient import TestClient

    from waimao.web.app import create_app

    db, _ = warehouse
    with TestClient(create_app(db)) as client:
        listed = client.get("/regions").json()
        assert [(r["code"], r["level"], r["name_zh"]) for r in listed] == \
            [("TH", "country", "泰国"), ("US", "country", "美国"), ("VN", "country", "越南")]
        records = client.get("/figures", params={"region": "越南", "period": "2025Q1", "currency": "USD",
                                                 "flow": "export", "metric": "value"}).json()
        assert [(r["subject"], r["value"], r["unit"]) for r in records] == [("越南", 1000.0, "亿美元")]


def test_a_news_text_about_vietnam_is_checked_against_its_comtrade_figures(warehouse, tmp_path):
    """The claim checker takes 越南 as the subject (issue 14) and verifies it in dollars: the fixture's
    2025Q1 Viet Nam rows are exports USD 100 billion (+13.6 %), imports 97 billion (+16.9 %)."""
    db, _ = warehouse
    text = tmp_path / "vn.txt"
    text.write_text("据越南海关统计,今年一季度,越南货物进出口总额1970亿美元,同比增长15.2%,其中出口1000亿美元,"
                    "增长13.6%;进口970亿美元,增长16.9%。\n", encoding="utf-8")
    result = runner.invoke(app, ["check", str(text), "--year", "2025", "--currency", "usd", "--json", "--db", str(db)],
                           env=WIDE)
    assert result.exit_code == 0, result.output
    claims = json.loads(result.output)["claims"]
    assert [(c["subject"], c["flow"], c["metric"], c["value"], c["verdict"]) for c in claims] == [
        ("越南", "total", "value", 1970.0, "confirmed"), ("越南", "total", "yoy_pct", 15.2, "confirmed"),
        ("越南", "export", "value", 1000.0, "confirmed"), ("越南", "export", "yoy_pct", 13.6, "confirmed"),
        ("越南", "import", "value", 970.0, "confirmed"), ("越南", "import", "yoy_pct", 16.9, "confirmed"),
    ]
