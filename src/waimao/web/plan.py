"""/plan: the platform downloads a bulletin of a region and period needs (`waimao plan --json`)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response

from waimao import api
from waimao.web.common import ERRORS, CurrencyQuery, PeriodQuery, RegionQuery, json_entry, period_of, region_of, respond

router = APIRouter(tags=["figures"])


@router.get("/plan", summary="The download checklist of a bulletin", response_model=list[dict[str, Any]],
            responses=ERRORS)
async def plan(request: Request, region: RegionQuery, period: PeriodQuery, currency: CurrencyQuery = None
               ) -> Response:
    """Each customs-platform query a full bulletin needs: flow, months, fields to group by, the 注册地 to
    select, the rows it will hold (split into HS chapter ranges under 10,000), whether it is loaded, and
    the file name to save it as."""
    subject, when = region_of(region), period_of(period)

    def make(warehouse, token):
        queries = api.plan(subject.code, str(when), db=warehouse, currency=currency)
        return json_entry([query.to_dict() for query in queries])

    return await respond(request, ("plan", subject.code, str(when), currency), make)
