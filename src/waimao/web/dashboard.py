"""The dashboard page, its static files and the vendored ECharts (served from the package: works offline)."""

from __future__ import annotations

from importlib import resources
from typing import Annotated, Literal

from fastapi import APIRouter, Query
from fastapi.responses import FileResponse, HTMLResponse
from jinja2 import Environment, PackageLoader, select_autoescape

from waimao import __version__

router = APIRouter(include_in_schema=False)
templates = Environment(loader=PackageLoader("waimao.web", "templates"), autoescape=select_autoescape())

STATIC = resources.files("waimao.web") / "static"
ECHARTS = resources.files("waimao.reports") / "static" / "echarts" / "echarts.min.js"

#: Scripts and styles come from this server only; ECharts sets inline styles on the elements it draws.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
       "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'")

TEXT = {
    "zh": {"title": "外贸数据看板", "loading": "加载中…", "noscript": "看板需要 JavaScript。"},
    "en": {"title": "Foreign trade dashboard", "loading": "Loading…", "noscript": "The dashboard needs JavaScript."},
}


@router.get("/", response_class=HTMLResponse)
async def dashboard(lang: Annotated[Literal["zh", "en"], Query()] = "zh") -> HTMLResponse:
    """One page; the script fetches regions, periods, figures and the release from the JSON API."""
    page = templates.get_template("dashboard.html").render(lang=lang, text=TEXT[lang], version=__version__)
    return HTMLResponse(page, headers={"Content-Security-Policy": CSP, "Cache-Control": "no-cache"})


@router.get("/vendor/echarts.min.js")
async def echarts() -> FileResponse:
    with resources.as_file(ECHARTS) as path:
        return FileResponse(path, media_type="text/javascript",
                            headers={"Cache-Control": "public, max-age=86400"})
