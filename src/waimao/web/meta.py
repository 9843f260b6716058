"""What the warehouse holds: /info, /loads, /regions (with data) and /periods (complete ones); and the
product groups the figures break down by (/product-groups, with how they nest).

The pickers list what any loaded source can answer — record extracts, platform downloads of any
cut, Comtrade — by the rules the source planner applies (`waimao.indicators.planner`): a province
with any data, a prefecture or zone with record codes inside it, the nation with national rows or
every province.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response
from pydantic import BaseModel

from waimao import api
from waimao.errors import IndicatorError
from waimao.model import products
from waimao.model.periods import Period
from waimao.indicators.planner import covers, under
from waimao.model.regions import NATION, REGIONS, Region
from waimao.web.common import ERRORS, json_entry, respond

router = APIRouter(tags=["warehouse"])

class RegionItem(BaseModel):
    code: str
    level: str
    name_zh: str
    short_zh: str
    name_en: str
    parent: str | None
    rows: int


class PeriodItem(BaseModel):
    period: str
    kind: str
    label_zh: str
    label_en: str


class Periods(BaseModel):
    latest: str | None
    months: list[str]
    periods: list[PeriodItem]


class ProductGroupItem(BaseModel):
    name: str
    name_en: str
    parent: str | None
    aliases: list[str]
    basis: str
    union: list[str]
    tonnage: bool
    note: str


@router.get("/product-groups", summary="The product groups and how they nest", tags=["reference"])
async def product_groups() -> list[ProductGroupItem]:
    """Every product group of product_groups.toml in table order: names, the parent a group is a 其中 item of,
    on what its rule rests (`basis`: hs, catalogue, approximation, own) and its note. The HS prefixes are
    in the package's table (docs/reference-tables.md)."""
    return [ProductGroupItem(name=g.name, name_en=g.name_en, parent=g.parent, aliases=list(g.aliases), basis=g.basis,
                             union=list(g.union), tonnage=g.tonnage, note=g.note) for g in products.GROUPS.values()]


@router.get("/info", summary="What the warehouse holds", responses=ERRORS)
async def info(request: Request) -> dict[str, Any]:
    """`waimao info --json`: rows, loads, periods with gaps, regions, sources, synthetic or not."""
    return await respond(request, ("info",), lambda w, token: json_entry(api.info(db=w)))


@router.get("/loads", summary="The load history", responses=ERRORS)
async def loads(request: Request, all: Annotated[bool, Query(description="Superseded loads too.")] = False
                ) -> list[dict[str, Any]]:
    """`waimao loads --json`: one record per load, oldest first."""
    return await respond(request, ("loads", all),
                         lambda w, token: json_entry(api.loads(db=w, include_superseded=all)))


def regions_with_data(counts: dict[str, int]) -> list[dict[str, Any]]:
    """Every listed region the loaded rows answer for (rows by region code), a province before its prefectures.

    A prefecture or zone needs record codes inside it (a platform download's province code does
    not say which city); the nation needs national rows or every province.
    """
    held = {"regions": list(counts)}  # the codes, judged as the planner judges a load's
    found = []
    for region in REGIONS.values():
        if covers(held, region):
            found.append((region, sum(n for code, n in counts.items()
                                      if any(under(code, prefix) for prefix in region.record_prefixes))))
    found.sort(key=lambda item: _order(item[0]))
    return [{"code": r.code, "level": r.level, "name_zh": r.name_zh, "short_zh": r.short_zh or r.name_zh,
             "name_en": r.name_en, "parent": r.parent, "rows": rows} for r, rows in found]


def _order(region: Region) -> tuple:
    if region.code == NATION:
        return ("",)
    return (region.code[:2], len(region.record_prefix), region.code)


@router.get("/regions", summary="Regions with data", response_model=list[RegionItem], responses=ERRORS)
async def regions(request: Request) -> Response:
    """The regions the records cover, for a region picker (province first, then its prefectures and zones)."""

    def make(warehouse, token):
        counts: dict[str, int] = {}
        for row in api.info(db=warehouse)["regions"]:
            if row["region"]:
                counts[row["region"]] = counts.get(row["region"], 0) + row["rows"]
        return json_entry(regions_with_data(counts))

    return await respond(request, ("regions",), make)


def complete_periods(months: set[date]) -> list[Period]:
    """The bulletin periods whose months are all loaded, newest first: year, Q1–Q3, H1, quarters, year to date."""
    found: set[Period] = set()
    for year in sorted({m.year for m in months}):
        candidates = [Period.whole_year(year), Period(year, 1, 9), Period.half(year, 1),
                      *(Period.quarter(year, q) for q in (1, 2, 3, 4))]
        have = [m.month for m in months if m.year == year]
        if 1 in have:
            run = 1
            while run + 1 in have:
                run += 1
            candidates.append(Period(year, 1, run))
        found.update(p for p in candidates if all(m in months for m in p.months))
    return sorted(found, key=lambda p: (p.last_month, p.month_count), reverse=True)


@router.get("/periods", summary="Periods with data", response_model=Periods, responses=ERRORS)
async def periods(request: Request) -> Response:
    """The months the loaded data hold, the complete bulletin periods, and the latest complete quarter."""

    def make(warehouse, token):
        months: set[date] = set()
        for load in api.loads(db=warehouse, include_superseded=False):
            months.update(date(int(m[:4]), int(m[5:7]), 1) for m in load["months"])
        try:
            latest = api.latest_quarter(db=warehouse)
        except IndicatorError:
            latest = None
        listed = [{"period": str(p), "kind": p.kind, "label_zh": p.label_zh(with_year=True),
                   "label_en": p.label_en()} for p in complete_periods(months)]
        return json_entry({"latest": latest, "months": [f"{m:%Y-%m}" for m in sorted(months)], "periods": listed})

    return await respond(request, ("periods",), make)
