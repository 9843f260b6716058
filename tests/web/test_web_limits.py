"""Nothing a caller sends can crash or stall the server: limits, the token before the body, the /check
time budget, upload names too long for the file system, and 503 (never 500) while another process
writes the warehouse.

Some tests call the app as ASGI directly, with a `receive` that records what the app read, to
show that a refusal comes from the headers alone.
"""

from __future__ import annotations

import multiprocessing
import subprocess
import sys
import time

import pytest
from anyio.from_thread import start_blocking_portal
from fastapi.testclient import TestClient

from waimao.web import check as check_route
from waimao.web.app import create_app
from waimao.web.ingest import safe_name

TOKEN = "limits-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
CSV = "month,flow,region,partner,value_cny\n2025-01,export,63019,344,100000000\n"
#: A layout that takes seconds to read at a few hundred thousand characters.
DENSE = "一季度，西宁市进出口3亿元，海东市进出口2亿元。一季度，青海省进出口4亿元。"


def asgi_post(app, path: str, headers: dict[str, str], chunks: int = 8) -> tuple[int, dict[str, str], int]:
    """POST to `path` as a server would pass it on: (status, response headers, body chunks the app read)."""
    read = []
    sent = []

    async def receive():
        read.append(1)
        return {"type": "http.request", "body": b"x" * (1 << 20), "more_body": len(read) < chunks}

    async def send(message):
        sent.append(message)

    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST", "scheme": "http",
             "path": path, "raw_path": path.encode(), "query_string": b"", "root_path": "",
             "headers": [(b"host", b"testserver"), *((k.lower().encode(), v.encode()) for k, v in headers.items())],
             "client": ("127.0.0.1", 50000), "server": ("testserver", 80)}
    with start_blocking_portal() as portal:  # a loop of its own: the browser tests keep one running in this thread
        portal.call(app, scope, receive, send)
    start = next(m for m in sent if m["type"] == "http.response.start")
    return start["status"], {k.decode(): v.decode() for k, v in start["headers"]}, len(read)


# -- /ingest: the token before the body ------------------------------------------------------------------


@pytest.mark.parametrize(("token", "authorization", "status"), [
    (TOKEN, "Bearer wrong", 401), (TOKEN, None, 401), (None, f"Bearer {TOKEN}", 403)])
def test_an_upload_without_the_token_is_refused_before_its_body_is_read(tmp_path, token, authorization, status):
    app = create_app(tmp_path / "w.duckdb", token=token)
    headers = {"Content-Type": "multipart/form-data; boundary=x", "Content-Length": str(8 << 20)}
    if authorization:
        headers["Authorization"] = authorization
    got, answer_headers, read = asgi_post(app, "/ingest", headers)
    assert (got, read) == (status, 0)
    assert answer_headers["connection"] == "close"
    assert not (tmp_path / "w.duckdb").exists()


def test_with_the_token_the_upload_is_read(tmp_path):
    """The guard is not a wall: with the token the body is read (and this one, not a form, refused)."""
    app = create_app(tmp_path / "w.duckdb", token=TOKEN)
    status, _, read = asgi_post(app, "/ingest", {"Content-Type": "multipart/form-data; boundary=x", **AUTH},
                                chunks=2)
    assert read >= 1 and status in (400, 422)


# -- /ingest: file names ---------------------------------------------------------------------------------

PLATFORM = ('"数据年月","商品编码","商品名称","贸易伙伴编码","贸易伙伴名称","第一数量","第一计量单位",'
            '"第二数量","第二计量单位","美元",\n'
            '202501,85076000,"锂离子蓄电池",344,"俄罗斯联邦","1,234","千克",?,"?","1,234,567",\n'
            '202502,85076000,"锂离子蓄电池",344,"俄罗斯联邦","10","千克",?,"?","99",\n'
            '202503,01012100,"改良种用马",116,"日本","3","千克","2","头","5",\n')


def test_a_file_name_of_300_chinese_characters_keeps_its_start_and_suffix(tmp_path):
    """900 bytes of name: cut to the file system's 255 bytes, keeping the flow and period the platform
    reader needs (at the start) and the suffix; the file loads as its name says."""
    name = "青海_出口_2025Q1_" + "海关统计数据在线查询平台下载" * 21 + ".csv"
    assert len(name) > 300 and len(name.encode("utf-8")) > 900
    with TestClient(create_app(tmp_path / "w.duckdb", token=TOKEN)) as client:
        response = client.post("/ingest", files={"file": (name, PLATFORM.encode("utf-8"), "text/csv")}, headers=AUTH)
        loads = client.get("/loads").json()
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["file"].startswith("青海_出口_2025Q1_") and body["file"].endswith(".csv")
    assert len(body["file"].encode("utf-8")) <= 255
    assert (body["dataset"], body["months"]) == ("platform", ["2025-01", "2025-02", "2025-03"])
    assert [load["flows"] for load in loads] == [["export"]]


@pytest.mark.parametrize(("name", "kept"), [
    ("a/b/../青海_进口_2025M03.csv", "青海_进口_2025M03.csv"),
    ("C:\\downloads\\宁夏_出口_2025Q1.csv.gz", "宁夏_出口_2025Q1.csv.gz"),
    ("..", "upload.csv"), (None, "upload.csv")])
def test_short_names_lose_only_their_folders(name, kept):
    assert safe_name(name) == kept


def test_long_names_are_cut_between_characters_before_the_suffix():
    cut = safe_name("宁夏_出口_2025Q1_" + "很" * 300 + ".csv.gz", limit=64)
    assert cut.endswith("很.csv.gz") and len(cut.encode("utf-8")) <= 64
    cut.encode("utf-8").decode("utf-8")  # whole characters only


# -- /check: sizes ---------------------------------------------------------------------------------------


def test_a_text_over_the_limit_is_413(demo_client):
    over = demo_client.post("/check", json={"texts": [{"name": "long.txt", "text": "出" * (check_route.MAX_TEXT + 1)}]})
    assert over.status_code == 413
    assert f"{check_route.MAX_TEXT:,}" in over.json()["detail"]


def test_texts_over_the_limit_in_all_are_413(demo_client):
    count = check_route.MAX_CHARS // check_route.MAX_TEXT + 1
    texts = [{"name": f"{i}.txt", "text": "出" * check_route.MAX_TEXT} for i in range(count)]
    over = demo_client.post("/check", json={"texts": texts})
    assert over.status_code == 413
    assert f"{check_route.MAX_CHARS:,}" in over.json()["detail"]


def test_a_check_body_over_the_limit_is_refused_from_its_length_before_it_is_read(demo_app):
    status, _, read = asgi_post(demo_app, "/check", {"Content-Type": "application/json",
                                                     "Content-Length": str(check_route.MAX_BODY + 1)})
    assert (status, read) == (413, 0)


def test_a_check_body_sent_in_chunks_is_refused_as_it_passes_the_limit(demo_app):
    status, _, read = asgi_post(demo_app, "/check", {"Content-Type": "application/json"}, chunks=64)
    assert status == 413
    assert read == check_route.MAX_BODY // (1 << 20) + 1  # not a chunk more than needed to pass the limit


def test_the_limits_are_in_the_api_spec(demo_client):
    spec = demo_client.get("/openapi.json").json()
    text = spec["components"]["schemas"]["Text"]["properties"]["text"]
    assert text["maxLength"] == check_route.MAX_TEXT
    assert "413" in spec["paths"]["/check"]["post"]["responses"]


# -- /check: the time budget -----------------------------------------------------------------------------


def test_a_check_over_its_time_budget_is_503_and_its_reader_is_stopped(demo_db):
    texts = [{"name": f"{i}.txt", "text": (DENSE * 5000)[:check_route.MAX_TEXT]} for i in range(2)]
    with TestClient(create_app(demo_db, check_seconds=0.5)) as client:
        response = client.post("/check", json={"texts": texts, "year": 2025})
        readers = [p for p in multiprocessing.active_children() if p.name == "waimao-check"]
    assert response.status_code == 503
    assert response.headers["retry-after"]
    assert [issue["code"] for issue in response.json()["issues"]] == ["check-over-budget"]
    assert readers == []  # the child reading the texts was killed, not left to finish


def test_a_short_check_still_answers_in_full(demo_db):
    sentence = "一季度，我省进出口总值18.8亿元，比去年同期增长87.8%。"
    with TestClient(create_app(demo_db, check_seconds=60)) as client:
        short = client.post("/check", json={"texts": [{"name": "a.txt", "text": sentence}], "year": 2025,
                                            "region": "青海省"})
        # Over INLINE_CHARS: read in a child process; the same claims repeated.
        long = client.post("/check", json={"texts": [{"name": "b.txt", "text": sentence * 200}], "year": 2025,
                                           "region": "青海省"})
    assert short.status_code == 200 and long.status_code == 200, long.text
    assert short.json()["summary"]["confirmed"] == 2
    assert long.json()["summary"]["confirmed"] == 400


# -- 503 while another process writes -------------------------------------------------------------------

HOLD = """
import sys, time
import duckdb
con = duckdb.connect(sys.argv[1])
print("held", flush=True)
time.sleep(float(sys.argv[2]))
"""


def hold(db, seconds: float) -> subprocess.Popen:
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(db), str(seconds)], stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "held"
    return holder


@pytest.fixture
def loaded_db(tmp_path):
    db = tmp_path / "w.duckdb"
    with TestClient(create_app(db, token=TOKEN)) as client:
        assert client.post("/ingest", files={"file": ("q1.csv", CSV.encode())}, headers=AUTH).status_code == 200
    return db


def test_during_a_load_by_another_process_the_answer_is_503_with_retry_after(loaded_db):
    holder = hold(loaded_db, 60)
    try:
        with TestClient(create_app(loaded_db)) as client:
            response = client.get("/loads")
            check = client.post("/check", json={"texts": [{"name": "a", "text": "一季度，青海省出口1亿元。"}]})
    finally:
        holder.kill()
        holder.wait()
    for answer in (response, check):
        assert answer.status_code == 503, answer.text
        assert answer.headers["retry-after"]
        assert [issue["code"] for issue in answer.json()["issues"]] == ["warehouse-busy"]


def test_a_short_load_by_another_process_is_waited_for(loaded_db):
    holder = hold(loaded_db, 1.0)
    try:
        with TestClient(create_app(loaded_db)) as client:
            started = time.monotonic()
            response = client.get("/loads")
            waited = time.monotonic() - started
    finally:
        holder.kill()
        holder.wait()
    assert response.status_code == 200, response.text
    assert waited > 0.2  # it did wait for the writer
