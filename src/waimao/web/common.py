"""What every route shares: parameter checks that answer 422, errors as JSON, cached responses.

A route names its cache key (route and normalised parameters) and a function that makes the
response from an open warehouse; `respond` serves it from the cache when the warehouse has not
changed, and otherwise makes it in a worker thread, so the event loop never waits on DuckDB.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Annotated, Any, Literal
from urllib.parse import quote

from fastapi import Query, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel

from waimao import api
from waimao.errors import EngineError, IndicatorError, IngestError, WaimaoError
from waimao.model.periods import Period
from waimao.model.regions import Region, resolve_region
from waimao.web.cache import Caches, Entry

RegionQuery = Annotated[str, Query(min_length=1, max_length=64,
                                   description="Region: name, short name or code (青海省, 青海, 63, 海西州).",
                                   examples=["青海省"])]
PeriodQuery = Annotated[str, Query(min_length=1, max_length=32,
                                   description="2025Q1, 2025H1, 2025M01-M04, 2025Q1-Q3, 2025, 2025年上半年 …",
                                   examples=["2025Q1"])]
CurrencyQuery = Annotated[Literal["CNY", "USD"] | None,
                          Query(description="Money in CNY (人民币) or USD (美元); default CNY where the data hold it.")]


class Problem(BaseModel):
    """An error the caller can act on: a message, and for uploads the coded issues."""

    detail: str | list[dict[str, Any]]
    issues: list[dict[str, Any]] = []


ERRORS: dict[int | str, dict[str, Any]] = {
    404: {"model": Problem, "description": "The warehouse lacks data for this region or period."},
    503: {"model": Problem, "description": "The warehouse is missing or opened for writing by another process."},
}


def invalid(where: str, name: str, value: Any, message: str) -> RequestValidationError:
    """A 422 in FastAPI's own shape, for checks a type cannot express."""
    return RequestValidationError([{"type": "value_error", "loc": (where, name), "msg": message, "input": value}])


def region_of(text: str) -> Region:
    try:
        return resolve_region(text)
    except LookupError as e:
        raise invalid("query", "region", text, str(e.args[0]) if e.args else str(e)) from None


def period_of(text: str) -> Period:
    try:
        return Period.parse(text)
    except (ValueError, TypeError) as e:
        raise invalid("query", "period", text, str(e)) from None


def dumps(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, default=str, separators=(",", ":")).encode("utf-8")


def json_entry(data: Any, status: int = 200) -> Entry:
    return Entry(dumps(data), "application/json", status)


def error_entry(error: WaimaoError) -> Entry:
    """The status a library error deserves: no data 404, a refused file 422, the engine 503, else 400."""
    if isinstance(error, IndicatorError):
        status = 404
    elif isinstance(error, IngestError):
        status = 422
    elif isinstance(error, EngineError):
        status = 503
    else:
        status = 400
    issues = [issue.to_dict() for issue in error.report.issues]
    entry = json_entry({"detail": str(error), "issues": issues}, status)
    if status == 503:
        entry.headers["Retry-After"] = "5"
    return entry


def content_disposition(filename: str) -> str:
    """An attachment header that carries a Chinese file name (RFC 6266 / 5987) and an ASCII fallback."""
    fallback = "".join(c if c.isascii() and (c.isalnum() or c in "._-") else "_" for c in filename)
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


def send(entry: Entry, request: Request) -> Response:
    headers = entry.all_headers()
    if entry.status == 200 and request.headers.get("if-none-match") == entry.etag:
        return Response(status_code=304, headers={k: v for k, v in headers.items() if k != "Content-Type"})
    return Response(entry.body, status_code=entry.status, media_type=entry.media_type, headers=headers)


async def respond(request: Request, key: tuple, make: Callable[[api.Warehouse, str], Entry]) -> Response:
    """The cached response for `key` in the current warehouse state, made by `make` when missing.

    A successful or 404 answer is also filed under the request's exact path and query string,
    for `FastPath` to send next time without parsing.
    """
    caches: Caches = request.app.state.caches
    found = caches.hit(key)
    if found is None:
        found = await run_in_threadpool(_build, caches, key, make)
    token, entry = found
    if token is not None and entry.status < 500:
        caches.raw.put((token, request.scope["path"], request.scope["query_string"]), entry)
    return send(entry, request)


def _build(caches: Caches, key: tuple, make: Callable[[api.Warehouse, str], Entry]) -> tuple[str | None, Entry]:
    def guarded(warehouse: api.Warehouse, token: str) -> Entry:
        try:
            return make(warehouse, token)
        except WaimaoError as e:
            return error_entry(e)

    try:
        return caches.build(key, guarded, keep=lambda entry: entry.status < 500)
    except WaimaoError as e:  # opening the warehouse failed: not cached, the next request tries again
        return None, error_entry(e)
