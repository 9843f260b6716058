"""/figures: the records of `waimao figures --json` (or its `--csv`), with the same parameters."""

from __future__ import annotations

import io
from typing import Annotated, Any, Literal

import pyarrow.csv as pacsv
from fastapi import APIRouter, Query, Request, Response
from pydantic import BaseModel

from waimao.indicators import BREAKDOWN_KINDS, FLOWS, METRIC_ORDER, to_table
from waimao.web.cache import Entry
from waimao.web.common import (
    ERRORS,
    CurrencyQuery,
    PeriodQuery,
    RegionQuery,
    content_disposition,
    dumps,
    period_of,
    region_of,
    respond,
)

router = APIRouter(tags=["figures"])

Flow = Literal[FLOWS]  # type: ignore[valid-type]
Kind = Literal[BREAKDOWN_KINDS]  # type: ignore[valid-type]
Metric = Literal[METRIC_ORDER]  # type: ignore[valid-type]


class BreakdownItem(BaseModel):
    kind: str
    name: str


class FigureRecord(BaseModel):
    """A figure record (claims_schema.md): its key, unrounded value, unit and the bulletin's wording."""

    subject: str
    period: str
    flow: str
    breakdown: BreakdownItem | None
    metric: str
    value: float
    unit: str
    text: str
    text_en: str
    detail: dict[str, Any] | None = None


@router.get("/figures", summary="Figures of a region and period", response_model=list[FigureRecord],
            responses={**ERRORS, 200: {"content": {"text/csv": {}}}})
async def figures(
    request: Request,
    region: RegionQuery,
    period: PeriodQuery,
    flow: Annotated[Flow | None, Query(description="Only one flow.")] = None,
    by: Annotated[Kind | None, Query(description="A breakdown; without it, the region as a whole.")] = None,
    top: Annotated[int | None, Query(ge=1, le=100_000, description="With `by`: the N largest members.")] = None,
    metric: Annotated[Metric | None, Query(description="Only one metric.")] = None,
    format: Annotated[Literal["json", "csv"], Query(description="JSON records or a tidy CSV table.")] = "json",
    currency: CurrencyQuery = None,
) -> Response:
    """Every official figure of a region and period, as `waimao figures --json` (or `--csv`) prints them.

    Growth is computed on the same months of the year before; a period whose months are not all
    loaded is refused with 404 and the missing months named.
    """
    subject, when = region_of(region), period_of(period)
    key = ("figures", subject.code, str(when), flow, by, top, metric, format, currency)

    def make(warehouse, token) -> Entry:
        chosen = request.app.state.caches.figure_set(warehouse, token, subject.code, str(when), currency).select(
            kind=by, flow=flow, metric=metric, top=top)
        if format == "json":
            return Entry(dumps([f.to_dict() for f in chosen]), "application/json")
        buffer = io.BytesIO()
        pacsv.write_csv(to_table(chosen), buffer)
        name = "_".join(part for part in (subject.name_zh, str(when), by, flow) if part) + ".csv"
        return Entry(buffer.getvalue(), "text/csv; charset=utf-8", headers={
            "Content-Disposition": content_disposition(name)})

    return await respond(request, key, make)
