"""A bounded schemathesis run against the OpenAPI spec: generated requests never get a 5xx.

Two apps: the read-only demo app for every route (where /ingest answers 403), and an app with a
token over an empty warehouse of its own for /ingest, so generated uploads reach the readers
without touching the demo.
"""

from __future__ import annotations

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import GenerationMode

from waimao.web.app import create_app

TOKEN = "schema-token"
BOUNDED = settings(max_examples=30, deadline=None, derandomize=True, database=None,
                   phases=(Phase.explicit, Phase.generate), suppress_health_check=list(HealthCheck))


def _schema(app):
    return schemathesis.openapi.from_asgi("/openapi.json", app)


@pytest.fixture(scope="session")
def demo_schema(demo_app):
    return _schema(demo_app)


@pytest.fixture(scope="session")
def ingest_schema(tmp_path_factory):
    return _schema(create_app(tmp_path_factory.mktemp("fuzz") / "fuzz.duckdb", token=TOKEN,
                              max_upload_bytes=64 * 1024))


#: Every operation of the spec; a test below fails when a route is added without being listed here.
READ_ONLY = [("/info", "GET"), ("/loads", "GET"), ("/regions", "GET"), ("/periods", "GET"), ("/figures", "GET"),
             ("/plan", "GET"),
             ("/release", "GET"), ("/report", "GET"), ("/check", "POST"), ("/product-groups", "GET")]
MODES = [GenerationMode.POSITIVE, GenerationMode.NEGATIVE]
#: Negative cases need parameters to break; /info, /regions, /periods and /product-groups take none.
CASES = [(path, method, GenerationMode.POSITIVE) for path, method in READ_ONLY] + \
    [(path, method, GenerationMode.NEGATIVE) for path, method in READ_ONLY
     if path not in ("/info", "/regions", "/periods", "/product-groups")]


def _no_server_error(case, **kwargs) -> None:
    response = case.call(**kwargs)
    assert response.status_code < 500, f"{case.method} {case.formatted_path} {case.query}: " \
                                       f"{response.status_code} {response.text[:500]}"


def _fuzz(strategy, **kwargs) -> None:
    """A bounded Hypothesis run of one operation (schemathesis' pytest loader needs pytest < 9)."""

    @BOUNDED
    @given(case=strategy)
    def run(case):
        _no_server_error(case, **kwargs)

    run()


def test_every_operation_is_fuzzed(demo_schema):
    listed = {(op.ok().path, op.ok().method.upper()) for op in demo_schema.get_all_operations()}
    assert listed == {*READ_ONLY, ("/ingest", "POST")}


@pytest.mark.parametrize(("path", "method", "mode"), CASES, ids=lambda x: getattr(x, "value", x))
def test_no_route_answers_5xx(demo_schema, path, method, mode):
    _fuzz(demo_schema[path][method].as_strategy(mode))


def test_figures_of_a_real_region_and_period_never_answer_5xx(demo_schema):
    """With the region and period fixed to ones the demo holds, every other parameter is generated."""
    _fuzz(demo_schema["/figures"]["GET"].as_strategy(query={"region": "青海省", "period": "2025Q1"}))


@pytest.mark.parametrize("mode", MODES, ids=lambda m: m.value)
def test_uploads_never_answer_5xx(ingest_schema, mode):
    strategy = ingest_schema["/ingest"]["POST"].as_strategy(mode)
    _fuzz(strategy, headers={"Authorization": f"Bearer {TOKEN}"})


@pytest.mark.parametrize(("kind", "header"), [("canonical", "month,flow,value_cny"),
                                              ("comtrade", "refYear,flowCode,partnerCode"), ("gacc", "商品编码,美元")])
def test_one_line_file_without_newline(tmp_path, kind, header):
    """A header and nothing else, not even a newline (pyarrow cannot read it; the exact reader can):
    answered as the same file with its newline is, never with a 5xx."""
    answers = []
    for n, text in enumerate((header, header + "\r\n")):
        with TestClient(create_app(tmp_path / f"w{n}.duckdb", token=TOKEN)) as client:
            response = client.post("/ingest", files={"file": ("header.csv", text.encode("utf-8"))},
                                   data={"kind": kind, "flow": "export", "period": "2025M01"},
                                   headers={"Authorization": f"Bearer {TOKEN}"})
        answers.append((response.status_code, [i["code"] for i in response.json().get("issues", [])]))
    assert answers[0] == answers[1] and answers[0][0] < 500
