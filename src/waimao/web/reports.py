"""/report (the bulletin as a file) and /release (bulletin, tables and charts as JSON for the dashboard).

Both compose the release from the figure set the app already holds for the region and period
(`waimao.reports.compose`, as `api.release` does), so a dashboard, a Word file and `/figures`
of one warehouse state come from the same computation and cannot disagree.
"""

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request, Response
from pydantic import BaseModel

from waimao import api
from waimao.reports import FORMATS, Release, StatTable, compose, load_rules, render
from waimao.web.cache import Entry
from waimao.web.common import (
    ERRORS,
    CurrencyQuery,
    PeriodQuery,
    RegionQuery,
    content_disposition,
    json_entry,
    period_of,
    region_of,
    respond,
)

Lang = Literal["zh", "en"]


class BulletinSection(BaseModel):
    title: str
    paragraphs: list[str]


class ReleaseDoc(BaseModel):
    """A release as data: the text by section, the statistical tables and the chart data."""

    subject: str
    period: str
    lang: str
    title: str
    sections: list[BulletinSection]
    notes: list[str]
    tables: list[dict[str, Any]]
    charts: list[dict[str, Any]]
    formats: list[str]


def _table(table: StatTable, lang: str) -> dict[str, Any]:
    zh = lang == "zh"
    return {
        "name": table.name,
        "title": table.title_zh if zh else table.title_en,
        "unit": table.unit_zh if zh else table.unit_en,
        "money_unit": table.money_unit,
        "columns": [{"key": c.key, "label": c.zh if zh else c.en, "kind": c.kind} for c in table.columns],
        "rows": [{"label": r.zh if zh else r.en, "level": r.level,
                  "cells": {key: cell.value if cell.value is not None else (cell.note or None)
                            for key, cell in r.cells.items()}} for r in table.rows],
    }


def release_doc(made: Release, formats: tuple[str, ...]) -> dict[str, Any]:
    lang = made.lang
    bulletin = made.bulletin
    return {
        "subject": bulletin.subject,
        "period": bulletin.period,
        "lang": lang,
        "title": bulletin.title,
        "sections": [{"title": s.title, "paragraphs": [p.text for p in s.paragraphs]} for s in bulletin.sections],
        "notes": list(bulletin.notes),
        "tables": [_table(t, lang) for t in made.tables],
        "charts": [{"name": c.name, "title": c.title(lang), "categories": list(c.categories(lang)),
                    "horizontal": c.horizontal,
                    "series": [{"name": s.zh if lang == "zh" else s.en, "kind": s.kind, "values": list(s.values),
                                "unit": s.unit, "axis": s.axis} for s in c.series]} for c in made.charts],
        "formats": list(formats),
    }


def router() -> APIRouter:
    """The routes; the format parameter lists every format of `waimao.reports.FORMATS`."""
    formats = tuple(FORMATS)
    Format = Literal[formats]  # type: ignore[valid-type]
    routes = APIRouter(tags=["reports"])

    def made(request: Request, warehouse, token: str, region: str, period: str, lang: str,
             currency: str | None) -> Release:
        caches = request.app.state.caches
        fs = caches.figure_set(warehouse, token, region, period, currency)
        # the 统计月报 blocks (当月, 上年同期, USD) of the tables, from figure sets cached like the release's own
        sets = api.table_sets(fs, lambda p, c: caches.figure_set(warehouse, token, region, p, c))
        return compose(fs, load_rules(None), lang, sets)

    @routes.get("/release", summary="The bulletin, its tables and charts as JSON", response_model=ReleaseDoc,
                responses=ERRORS)
    async def release(request: Request, region: RegionQuery, period: PeriodQuery, lang: Lang = "zh",
                      currency: CurrencyQuery = None) -> Response:
        """What the dashboard shows: the bulletin text by section, the statistical tables, the chart data."""
        subject, when = region_of(region), period_of(period)

        def make(warehouse, token) -> Entry:
            return json_entry(release_doc(made(request, warehouse, token, subject.code, str(when), lang, currency),
                                          formats))

        return await respond(request, ("release", subject.code, str(when), lang, currency), make)

    @routes.get("/report", summary="The bulletin as a file", responses={
        **ERRORS, 200: {"description": "The file, as an attachment.",
                        "content": {FORMATS[f][0].split(";")[0]: {} for f in formats}}})
    async def report(request: Request, region: RegionQuery, period: PeriodQuery, lang: Lang = "zh",
                     fmt: Annotated[Format, Query(description="md, html, docx (Word) or xlsx (Excel).")] = "md",
                     currency: CurrencyQuery = None) -> Response:
        """`waimao report` as a download: the release in Chinese or English, as Markdown, HTML, Word or Excel."""
        subject, when = region_of(region), period_of(period)

        def make(warehouse, token) -> Entry:
            release = made(request, warehouse, token, subject.code, str(when), lang, currency)
            media_type, suffix = FORMATS[fmt]
            return Entry(render(release, fmt), media_type,
                         headers={"Content-Disposition": content_disposition(release.stem + suffix)})

        return await respond(request, ("report", subject.code, str(when), lang, fmt, currency), make)

    return routes
