"""The web app: `create_app()` builds the JSON API and the dashboard over one warehouse file.

Every route is a thin shell over `waimao.api`; answers are cached per warehouse state. Without a
token the app is read-only; cross-origin requests are refused unless origins are named.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

from fastapi import FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles

from waimao import __version__
from waimao.errors import WaimaoError
from waimao.web import check, dashboard, figures, ingest, meta, plan, reports
from waimao.web.cache import SECURITY_HEADERS, Caches, FastPath, WarehouseState
from waimao.web.common import error_entry, send

#: Uploads larger than this are refused unless the server is told otherwise.
DEFAULT_MAX_UPLOAD_BYTES = 100 * 1024 * 1024

DESCRIPTION = """\
Customs trade statistics from a waimao warehouse: what it holds, every official figure of a
region and period, the bulletin as text, tables and charts, the bulletin as a file, and the
check of the trade figures a text states.

Parameters are checked: an unknown region or an unreadable period is a 422 naming the problem;
a period whose months the warehouse lacks is a 404 naming the missing months. Uploads
(`/ingest`) need the server's bearer token; without one the server is read-only.
"""


class SecurityHeaders:
    """ASGI middleware: the headers of `SECURITY_HEADERS` on every response."""

    EXTRA = [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in SECURITY_HEADERS.items()]

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def with_headers(message):
            if message["type"] == "http.response.start":
                present = {k.lower() for k, _ in message.get("headers", ())}
                extra = [(k, v) for k, v in self.EXTRA if k not in present]
                message = {**message, "headers": [*message.get("headers", ()), *extra]}
            await send(message)

        await self.app(scope, receive, with_headers)


def create_app(db: str | os.PathLike | None = None, *, token: str | None = None,
               max_upload_bytes: int = DEFAULT_MAX_UPLOAD_BYTES, cors_origins: Sequence[str] = (),
               check_seconds: float = check.DEFAULT_SECONDS, check_workers: int = check.DEFAULT_WORKERS) -> FastAPI:
    """The app over the warehouse `db` (default: $WAIMAO_DB, else the user's data folder).

    `token` enables `/ingest` for callers that send it as a bearer token. `cors_origins` lists
    the web origins allowed to call the API from a browser (none by default). A `/check` may take
    `check_seconds` (then 503), and `check_workers` of them read texts at once.
    """
    app = FastAPI(title="waimao", version=__version__, description=DESCRIPTION,
                  openapi_tags=[{"name": "warehouse"}, {"name": "figures"}, {"name": "reports"}, {"name": "check"},
                                 {"name": "ingest"}])
    app.state.caches = Caches(WarehouseState(db))
    app.state.token = token or None
    app.state.max_upload_bytes = max_upload_bytes
    app.state.check = check.CheckSettings(check_seconds, check_workers)

    app.include_router(meta.router)
    app.include_router(figures.router)
    app.include_router(plan.router)
    app.include_router(reports.router())
    app.include_router(check.router)
    app.include_router(ingest.router)
    app.include_router(dashboard.router)
    app.mount("/static", StaticFiles(packages=[("waimao.web", "static")]), name="static")

    @app.exception_handler(WaimaoError)
    async def waimao_error(request: Request, error: WaimaoError) -> JSONResponse:
        return send(error_entry(error), request)

    app.add_middleware(ingest.BodyLimit, limits={"/ingest": (max_upload_bytes, "upload"),
                                                 "/check": (check.MAX_BODY, "request")})
    app.add_middleware(ingest.TokenFirst, token=app.state.token)
    app.add_middleware(SecurityHeaders)
    app.add_middleware(FastPath, caches=app.state.caches)
    if cors_origins:
        app.add_middleware(CORSMiddleware, allow_origins=list(cors_origins), allow_methods=["GET", "POST"],
                           allow_headers=["Authorization"])
    return app


def app_from_environment() -> FastAPI:
    """The app configured by $WAIMAO_DB, $WAIMAO_TOKEN, $WAIMAO_MAX_UPLOAD_BYTES, $WAIMAO_CORS_ORIGINS and
    $WAIMAO_CHECK_SECONDS.

    `waimao serve` starts uvicorn with this factory (the command line does not import the web
    package: the two are independent layers); `uvicorn --factory waimao.web.app:app_from_environment`
    does the same.
    """
    limit = os.environ.get("WAIMAO_MAX_UPLOAD_BYTES", "")
    origins = [o.strip() for o in os.environ.get("WAIMAO_CORS_ORIGINS", "").split(",") if o.strip()]
    return create_app(os.environ.get("WAIMAO_DB") or None, token=os.environ.get("WAIMAO_TOKEN") or None,
                      max_upload_bytes=int(limit) if limit.isdigit() else DEFAULT_MAX_UPLOAD_BYTES,
                      cors_origins=origins, check_seconds=_seconds(os.environ.get("WAIMAO_CHECK_SECONDS")))


def _seconds(text: str | None) -> float:
    try:
        seconds = float(text or "")
    except ValueError:
        return check.DEFAULT_SECONDS
    return seconds if 0 < seconds < float("inf") else check.DEFAULT_SECONDS
