"""The HTTP API with the TestClient: uploads, figures, cache invalidation, validation, downloads, security.

Numbers on the small warehouse are worked out by hand from the CSV rows written here; numbers on
the demo come from the published 2025Q1 Qinghai bulletin it is calibrated to (进出口总值18.8亿元).
"""

from __future__ import annotations

import json
from importlib import resources
from urllib.parse import quote

import pytest
import typer
import uvicorn
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from waimao.cli import app as cli_app
from waimao.cli.serve import serve_command
from waimao.indicators.records import MONEY_UNITS
from waimao.web.app import DEFAULT_MAX_UPLOAD_BYTES, app_from_environment, create_app

TOKEN = "test-token-1234"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
Q1 = {"region": "青海省", "period": "2025Q1"}

HEADER = "month,flow,region,partner,value_cny\n"
#: 2024Q1: exports 100M + 100M (西宁, 俄罗斯 344), imports 100M (海东, 日本 116);
#: 2025Q1: exports 150M (西宁, 俄罗斯) + 150M (海东, 日本), imports 50M (西宁, 俄罗斯).
ROWS = [
    ("2024-01", "export", "63019", "344", 100_000_000),
    ("2024-02", "export", "63019", "344", 100_000_000),
    ("2024-03", "import", "63029", "116", 100_000_000),
    ("2025-01", "export", "63019", "344", 150_000_000),
    ("2025-02", "export", "63029", "116", 150_000_000),
    ("2025-03", "import", "63019", "344", 50_000_000),
]


def csv_text(rows) -> str:
    return HEADER + "".join(",".join(map(str, row)) + "\n" for row in rows)


def upload(client: TestClient, name: str, text: str, headers=AUTH, **form):
    return client.post("/ingest", files={"file": (name, text.encode("utf-8"), "text/csv")}, data=form,
                       headers=headers)


def yuan(record: dict) -> float:
    return record["value"] * float(MONEY_UNITS[record["unit"]])


def subject(records, flow: str, metric: str) -> dict:
    [found] = [r for r in records if r["breakdown"] is None and r["flow"] == flow and r["metric"] == metric]
    return found


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    """An app with a token over a warehouse that holds only ROWS, loaded through /ingest."""
    db = tmp_path_factory.mktemp("small") / "small.duckdb"
    with TestClient(create_app(db, token=TOKEN)) as client:
        response = upload(client, "records_q1.csv", csv_text(ROWS), note="hand-made rows")
        assert response.status_code == 200, response.text
        yield client


# -- uploads --------------------------------------------------------------------------------------------


def test_upload_reports_the_load_like_the_cli(tmp_path):
    with TestClient(create_app(tmp_path / "w.duckdb", token=TOKEN)) as client:
        first = upload(client, "records_q1.csv", csv_text(ROWS))
        again = upload(client, "records_q1.csv", csv_text(ROWS))
    assert first.status_code == 200, first.text
    body = first.json()
    assert (body["outcome"], body["rows"], body["dataset"], body["file"]) == ("loaded", len(ROWS), "records",
                                                                              "records_q1.csv")
    assert body["months"] == ["2024-01", "2024-02", "2024-03", "2025-01", "2025-02", "2025-03"]
    assert again.json()["outcome"] == "unchanged"
    assert again.json()["load_id"] == body["load_id"]


def test_uploads_are_off_without_a_configured_token(tmp_path):
    with TestClient(create_app(tmp_path / "w.duckdb")) as client:
        response = upload(client, "a.csv", csv_text(ROWS))
    assert response.status_code == 403
    assert "--token" in response.json()["detail"]
    assert not (tmp_path / "w.duckdb").exists()


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer wrong"}, {"Authorization": f"Basic {TOKEN}"},
                                     {"Authorization": f"Bearer {TOKEN}x"}])
def test_uploads_need_the_exact_bearer_token(tmp_path, headers):
    with TestClient(create_app(tmp_path / "w.duckdb", token=TOKEN)) as client:
        response = upload(client, "a.csv", csv_text(ROWS), headers=headers)
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"
    assert not (tmp_path / "w.duckdb").exists()


def test_a_refused_file_returns_the_cli_issue_codes_with_the_uploaded_name(tmp_path):
    text = HEADER + "2025-01,export,63019,344,1x3\n"
    with TestClient(create_app(tmp_path / "w.duckdb", token=TOKEN)) as client:
        response = upload(client, "bad.csv", text)
        loads = client.get("/loads").json()
    assert response.status_code == 422
    issues = response.json()["issues"]
    assert [(i["code"], i["row"], i["column"], i["value"], i["file"]) for i in issues if i["severity"] == "error"] \
        == [("bad-number", 2, "value_cny", "1x3", "bad.csv")]
    assert "waimao-upload" not in response.text
    assert loads == []


def test_an_upload_over_the_limit_is_refused_before_loading(tmp_path):
    text = csv_text(ROWS)
    limit = len(text) // 2
    with TestClient(create_app(tmp_path / "w.duckdb", token=TOKEN, max_upload_bytes=limit)) as client:
        response = upload(client, "big.csv", text)
        chunked = client.post("/ingest", headers={**AUTH, "Content-Type": "multipart/form-data; boundary=x"},
                              content=iter([b"--x\r\n", b"a" * (limit + 10)]))
    assert response.status_code == 413
    assert f"{limit:,} bytes" in response.json()["detail"]
    assert chunked.status_code == 413
    assert not (tmp_path / "w.duckdb").exists()


def test_unknown_kind_and_flow_are_422(tmp_path):
    with TestClient(create_app(tmp_path / "w.duckdb", token=TOKEN)) as client:
        kind = upload(client, "a.csv", csv_text(ROWS), kind="excel")
        flow = upload(client, "a.csv", csv_text(ROWS), flow="both")
    assert kind.status_code == 422 and kind.json()["detail"][0]["loc"][-1] == "kind"
    assert flow.status_code == 422 and flow.json()["detail"][0]["loc"][-1] == "flow"


# -- figures on the small warehouse ---------------------------------------------------------------------


def test_subject_figures_are_the_sums_of_the_rows(small):
    response = small.get("/figures", params={"region": "63", "period": "2025Q1"})
    assert response.status_code == 200
    records = response.json()
    assert yuan(subject(records, "total", "value")) == pytest.approx(150e6 + 150e6 + 50e6)
    assert yuan(subject(records, "export", "value")) == pytest.approx(150e6 + 150e6)
    assert yuan(subject(records, "import", "value")) == pytest.approx(50e6)
    assert yuan(subject(records, "balance", "value")) == pytest.approx(300e6 - 50e6)
    assert subject(records, "total", "yoy_pct")["value"] == pytest.approx((350 - 300) / 300 * 100)
    assert subject(records, "export", "yoy_pct")["value"] == pytest.approx((300 - 200) / 200 * 100)
    assert subject(records, "import", "yoy_pct")["value"] == pytest.approx((50 - 100) / 100 * 100)


def test_breakdown_with_top_and_metric(small):
    params = {"region": "青海", "period": "2025Q1", "by": "partner", "flow": "total", "metric": "value"}
    both = small.get("/figures", params=params).json()
    top1 = small.get("/figures", params={**params, "top": 1}).json()
    by_name = {r["breakdown"]["name"]: yuan(r) for r in both}
    assert by_name == pytest.approx({"俄罗斯": 150e6 + 50e6, "日本": 150e6})
    assert [r["breakdown"]["name"] for r in top1] == ["俄罗斯"]
    growth = small.get("/figures", params={**params, "metric": "yoy_pct"}).json()
    assert {r["breakdown"]["name"]: r["value"] for r in growth} == pytest.approx(
        {"俄罗斯": (200 - 200) / 200 * 100, "日本": (150 - 100) / 100 * 100})


def test_prefecture_figures(small):
    records = small.get("/figures", params={"region": "海东市", "period": "2025Q1"}).json()
    assert yuan(subject(records, "total", "value")) == pytest.approx(150e6)
    assert subject(records, "total", "yoy_pct")["value"] == pytest.approx((150 - 100) / 100 * 100)


def test_csv_is_the_tidy_table(small):
    response = small.get("/figures", params={"region": "63", "period": "2025Q1", "flow": "export",
                                             "metric": "value", "format": "csv"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert "filename*=UTF-8''" + quote("青海省_2025Q1_export.csv") in response.headers["content-disposition"]
    lines = response.text.strip().splitlines()
    assert lines[0] == ('"subject","period","flow","breakdown_kind","breakdown","metric","value","unit","text",'
                        '"text_en","source"')
    assert len(lines) == 2 and lines[1].startswith('"青海省","2025Q1","export",,,"value",')
    assert lines[1].endswith(' CNY loads 1"') and ',"records[' in lines[1]  # the cut the figure came from


def test_regions_and_periods_list_what_the_rows_cover(small):
    regions = small.get("/regions").json()
    assert [(r["code"], r["name_zh"], r["rows"]) for r in regions] == [("63", "青海省", 6), ("63019", "西宁市", 4),
                                                                       ("63029", "海东市", 2)]
    periods = small.get("/periods").json()
    assert periods["latest"] == "2025Q1"
    assert [p["period"] for p in periods["periods"]] == ["2025Q1", "2024Q1"]
    assert periods["periods"][0]["label_zh"] == "2025年一季度"
    assert periods["months"] == ["2024-01", "2024-02", "2024-03", "2025-01", "2025-02", "2025-03"]


def test_release_tables_and_charts_carry_the_same_numbers(small):
    release = small.get("/release", params={"region": "63", "period": "2025Q1"}).json()
    monthly = next(t for t in release["tables"] if t["name"] == "monthly")
    assert monthly["money_unit"] == "万元"
    # the period's total is the level-0 row, printed first as 统计月报 do (the months follow it)
    total_row = next(r for r in monthly["rows"] if r["level"] == 0)["cells"]
    assert total_row["export_value"] == pytest.approx(300e6 / 1e4)
    assert total_row["import_value"] == pytest.approx(50e6 / 1e4)
    trend = next(c for c in release["charts"] if c["name"] == "trend")
    assert trend["categories"] == ["2025年1月", "2025年2月", "2025年3月"]
    exports = next(s for s in trend["series"] if s["name"] == "出口")
    assert exports["values"][:2] == pytest.approx([150e6 / 1e4, 150e6 / 1e4])
    assert release["formats"][0] == "md"


def test_missing_months_are_404_naming_them(small):
    response = small.get("/figures", params={"region": "63", "period": "2025Q2"})
    assert response.status_code == 404
    assert "2025-04, 2025-05, 2025-06" in response.json()["detail"]


# -- the cache follows the warehouse state ---------------------------------------------------------------


def test_a_new_load_invalidates_cached_answers(tmp_path):
    params = {"region": "63", "period": "2025Q1", "metric": "value", "flow": "total"}
    revised = [*ROWS[:-1], ("2025-03", "import", "63019", "344", 90_000_000)]
    with TestClient(create_app(tmp_path / "w.duckdb", token=TOKEN)) as client:
        assert upload(client, "q1.csv", csv_text(ROWS)).status_code == 200
        before = client.get("/figures", params=params)
        cached = client.get("/figures", params=params, headers={"If-None-Match": before.headers["etag"]})
        outcome = upload(client, "q1_revised.csv", csv_text(revised)).json()
        after = client.get("/figures", params=params)
    assert yuan(before.json()[0]) == pytest.approx(150e6 + 150e6 + 50e6)
    assert cached.status_code == 304
    assert outcome["outcome"] == "replaced"
    assert yuan(after.json()[0]) == pytest.approx(150e6 + 150e6 + 90e6)
    assert after.headers["etag"] != before.headers["etag"]


def test_a_load_by_another_process_is_seen(tmp_path):
    """`waimao ingest` between requests changes the file; the next request answers from the new state."""
    db = tmp_path / "w.duckdb"
    first, second = tmp_path / "first.csv", tmp_path / "second.csv"
    first.write_text(csv_text(ROWS[:3]), encoding="utf-8")
    second.write_text(csv_text(ROWS[3:]), encoding="utf-8")
    runner = CliRunner()
    assert runner.invoke(cli_app, ["ingest", str(first), "--db", str(db)]).exit_code == 0
    with TestClient(create_app(db)) as client:
        before = client.get("/periods").json()
        assert runner.invoke(cli_app, ["ingest", str(second), "--db", str(db)]).exit_code == 0
        after = client.get("/periods").json()
    assert [p["period"] for p in before["periods"]] == ["2024Q1"]
    assert [p["period"] for p in after["periods"]] == ["2025Q1", "2024Q1"]


def test_a_missing_warehouse_is_503_not_500(tmp_path):
    with TestClient(create_app(tmp_path / "none.duckdb")) as client:
        response = client.get("/figures", params={"region": "63", "period": "2025Q1"})
    assert response.status_code == 503
    assert "No warehouse" in response.json()["detail"]


# -- validation on the demo -------------------------------------------------------------------------------


@pytest.mark.parametrize(("params", "where", "words"), [
    ({"region": "火星", "period": "2025Q1"}, "region", "unknown region"),
    ({"region": "青海", "period": "2025Q9"}, "period", "no quarter 9"),
    ({"region": "青海", "period": "yesterday"}, "period", "unrecognised period"),
    ({"region": "青海", "period": "2025Q1", "flow": "sideways"}, "flow", ""),
    ({"region": "青海", "period": "2025Q1", "by": "colour"}, "by", ""),
    ({"region": "青海", "period": "2025Q1", "metric": "mood"}, "metric", ""),
    ({"region": "青海", "period": "2025Q1", "by": "partner", "top": "0"}, "top", ""),
    ({"region": "", "period": "2025Q1"}, "region", ""),
    ({"period": "2025Q1"}, "region", ""),
])
def test_bad_parameters_are_422_naming_the_parameter(demo_client, params, where, words):
    response = demo_client.get("/figures", params=params)
    assert response.status_code == 422
    [problem] = response.json()["detail"]
    assert problem["loc"] == ["query", where]
    assert words in problem["msg"]


@pytest.mark.parametrize(("path", "params"), [
    ("/report", {**Q1, "fmt": "pdf"}), ("/report", {**Q1, "lang": "fr"}), ("/release", {**Q1, "lang": "de"}),
    ("/release", {"region": "Atlantis", "period": "2025Q1"}),
])
def test_report_parameters_are_checked(demo_client, path, params):
    assert demo_client.get(path, params=params).status_code == 422


# -- the demo: the published figures and the CLI's records ------------------------------------------------


def test_demo_headline_is_the_published_bulletin(demo_client):
    records = demo_client.get("/figures", params={**Q1, "metric": "value"}).json()
    shown = {r["flow"]: (round(r["value"], 1), r["unit"]) for r in records}
    assert shown == {"total": (18.8, "亿元"), "export": (16.5, "亿元"), "import": (2.3, "亿元"),
                     "balance": (14.2, "亿元")}


@pytest.mark.parametrize("options", [[], ["--by", "partner", "--top", "5", "--flow", "total"],
                                     ["--by", "product_group", "--flow", "export", "--metric", "yoy_pct"]])
def test_figures_are_the_records_of_waimao_figures(demo_db, demo_client, options):
    cli = CliRunner().invoke(cli_app, ["figures", "-r", "青海省", "-p", "2025Q1", *options, "--json",
                                       "--db", str(demo_db)])
    assert cli.exit_code == 0, cli.output
    names = {"--by": "by", "--top": "top", "--flow": "flow", "--metric": "metric"}
    params = {**Q1, **{names[k]: v for k, v in zip(options[::2], options[1::2])}}
    assert demo_client.get("/figures", params=params).json() == json.loads(cli.stdout)


def test_csv_is_the_csv_of_waimao_figures(demo_db, demo_client):
    cli = CliRunner().invoke(cli_app, ["figures", "-r", "青海", "-p", "2025Q1", "--by", "region", "--csv",
                                       "--db", str(demo_db)])
    response = demo_client.get("/figures", params={"region": "青海", "period": "2025Q1", "by": "region",
                                                   "format": "csv"})
    assert response.text == cli.stdout


def test_report_downloads_in_both_languages(demo_client):
    zh = demo_client.get("/report", params={**Q1, "fmt": "md"})
    en = demo_client.get("/report", params={**Q1, "fmt": "md", "lang": "en"})
    assert zh.status_code == 200 and "进出口总值18.8亿元" in zh.text
    assert zh.headers["content-type"].startswith("text/markdown")
    assert "filename*=UTF-8''" + quote("青海省_2025Q1_zh.md") in zh.headers["content-disposition"]
    assert en.status_code == 200 and "CNY 1.88 billion" in en.text


@pytest.mark.parametrize(("fmt", "media"), [("docx", "wordprocessingml"), ("xlsx", "spreadsheetml")])
def test_office_downloads(demo_client, fmt, media):
    formats = demo_client.get("/openapi.json").json()["paths"]["/report"]["get"]["parameters"]
    offered = next(p for p in formats if p["name"] == "fmt")["schema"]["enum"]
    assert fmt in offered, f"/report no longer offers {fmt} (it offers {offered}): its renderer is missing"
    response = demo_client.get("/report", params={**Q1, "fmt": fmt})
    assert response.status_code == 200
    assert media in response.headers["content-type"]
    assert response.content[:4] == b"PK\x03\x04"
    assert f"_2025Q1_zh.{fmt}" in response.headers["content-disposition"]


def test_release_json_has_the_bulletin_tables_and_charts(demo_client):
    release = demo_client.get("/release", params=Q1).json()
    assert release["title"] == "2025年一季度青海省外贸进出口情况"
    assert "进出口总值18.8亿元" in release["sections"][0]["paragraphs"][0]
    assert {c["name"] for c in release["charts"]} == {"trend", "partners", "products", "regions"}
    assert [t["name"] for t in release["tables"]][:4] == ["monthly", "products", "partners", "regions"]


# -- the page, the spec, security -------------------------------------------------------------------------


def test_dashboard_page_loads_vendored_echarts_only(demo_client):
    page = demo_client.get("/")
    assert page.status_code == 200
    assert '<script src="/vendor/echarts.min.js"' in page.text
    assert "http://" not in page.text and "https://" not in page.text
    assert "script-src 'self'" in page.headers["content-security-policy"]
    vendored = (resources.files("waimao.reports") / "static" / "echarts" / "echarts.min.js").read_bytes()
    assert demo_client.get("/vendor/echarts.min.js").content == vendored
    assert demo_client.get("/static/dashboard.js").status_code == 200
    assert 'lang="en"' in demo_client.get("/", params={"lang": "en"}).text


def test_openapi_documents_every_route(demo_client):
    paths = demo_client.get("/openapi.json").json()["paths"]
    assert set(paths) == {"/info", "/loads", "/regions", "/periods", "/figures", "/plan", "/release", "/report", "/check",
                          "/ingest", "/product-groups"}


def test_product_groups_say_how_they_nest(demo_client):
    """The dashboard orders product-group rows as 其中 items of their parents by this list."""
    groups = {g["name"]: g for g in demo_client.get("/product-groups").json()}
    assert groups["集成电路"]["parent"] == "机电产品" and groups["机电产品"]["parent"] is None
    assert groups["冷水鱼（鳟鱼类）"]["parent"] == "水产品"
    labour = groups["劳动密集型产品"]
    assert "劳密产品" in labour["aliases"] and labour["union"][0] == "服装及衣着附件"
    assert groups["高新技术产品"]["basis"] == "approximation" and groups["原油"]["tonnage"] is True


def test_check_confirms_the_published_headline_and_catches_a_changed_number(demo_client):
    """The seed's own words (一季度 2025, 青海省) are confirmed; the same sentence with 19.8亿元 is not."""
    sentence = "一季度，我省进出口总值18.8亿元，比去年同期增长87.8%。其中，出口16.5亿元，增长2.1倍。"
    verdicts = {}
    for name, text in (("right.txt", sentence), ("wrong.txt", sentence.replace("18.8", "19.8"))):
        response = demo_client.post("/check", json={"texts": [{"name": name, "text": text}], "year": 2025,
                                                    "region": "青海省"})
        assert response.status_code == 200, response.text
        [total] = [c for c in response.json()["claims"] if c["metric"] == "value" and c["flow"] == "total"]
        verdicts[name] = total["verdict"]
    assert verdicts == {"right.txt": "confirmed", "wrong.txt": "contradicted"}
    assert demo_client.post("/check", json={"texts": []}).status_code == 422


def test_cors_is_off_by_default_and_on_for_named_origins(demo_db):
    origin = {"Origin": "https://example.org"}
    with TestClient(create_app(demo_db)) as closed, \
            TestClient(create_app(demo_db, cors_origins=["https://example.org"])) as opened:
        assert "access-control-allow-origin" not in closed.get("/openapi.json", headers=origin).headers
        assert opened.get("/openapi.json", headers=origin).headers["access-control-allow-origin"] == \
            "https://example.org"


def test_responses_carry_security_headers(demo_client):
    for path in ("/openapi.json", "/figures?region=63&period=2025Q1&metric=rank"):
        demo_client.get(path)
        headers = demo_client.get(path).headers  # the second answer comes from the fast path
        assert headers["x-content-type-options"] == "nosniff"
        assert headers.get_list("x-content-type-options") == ["nosniff"]


# -- waimao serve -----------------------------------------------------------------------------------------


def test_serve_binds_to_loopback_by_default_and_passes_its_options(tmp_path, monkeypatch):
    calls = []

    def run(app, **options):  # what uvicorn would serve: the factory's app, built from the environment
        assert app == "waimao.web.app:app_from_environment"
        calls.append((options, app_from_environment()))

    monkeypatch.setattr(uvicorn, "run", run)
    for name in ("WAIMAO_DB", "WAIMAO_TOKEN", "WAIMAO_MAX_UPLOAD_BYTES", "WAIMAO_CORS_ORIGINS"):
        monkeypatch.setenv(name, "")  # so that the values the command sets are undone after the test
        monkeypatch.delenv(name)
    cli = typer.Typer()
    cli.command()(serve_command)
    runner = CliRunner()

    result = runner.invoke(cli, ["--db", str(tmp_path / "w.duckdb")])
    assert result.exit_code == 0, result.output
    options, plain = calls[-1]
    assert options == {"factory": True, "host": "127.0.0.1", "port": 8000, "log_level": "info",
                       "timeout_graceful_shutdown": 3}
    assert plain.state.token is None and plain.state.max_upload_bytes == DEFAULT_MAX_UPLOAD_BYTES
    assert plain.state.caches.state.path == tmp_path / "w.duckdb"
    assert "read-only" in result.output

    result = runner.invoke(cli, ["--db", str(tmp_path / "w.duckdb"), "--port", "8123", "--max-upload-mb", "2",
                                 "--cors-origin", "http://a.test"], env={"WAIMAO_TOKEN": "from-env"})
    assert result.exit_code == 0, result.output
    options, configured = calls[-1]
    assert options["port"] == 8123
    assert configured.state.token == "from-env"
    assert configured.state.max_upload_bytes == 2 * 1024 * 1024
    assert "uploads on" in result.output
