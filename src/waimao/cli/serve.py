"""`waimao serve`: the dashboard and the HTTP API over the warehouse, served by uvicorn.

The command line and the web package are independent layers, so the app is named to uvicorn
by its import string and configured through the environment it reads ($WAIMAO_DB, $WAIMAO_TOKEN …).

On SIGTERM or Ctrl-C uvicorn stops accepting connections and lets requests in flight finish for
at most SHUTDOWN_SECONDS, then cancels them (a /check's worker process is killed), so the server
stops within a few seconds whatever it is doing.
"""

from __future__ import annotations

import ipaddress
import os
from typing import Annotated, Optional

import typer
from rich.markup import escape

from waimao.cli.common import DbOption, err, out
from waimao.engines.duckdb import default_db_path

APP_FACTORY = "waimao.web.app:app_from_environment"
#: How long requests in flight may finish after SIGTERM.
SHUTDOWN_SECONDS = 3


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def serve_command(
    db: DbOption = None,
    host: Annotated[str, typer.Option("--host", help="Address to listen on. Other machines can reach the "
                                      "server only if this is not 127.0.0.1.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="Port to listen on.")] = 8000,
    token: Annotated[Optional[str], typer.Option("--token", envvar="WAIMAO_TOKEN", show_envvar=True,
                                                 help="Enable uploads (POST /ingest) for callers sending this "
                                                 "bearer token. Without it the server is read-only. Prefer "
                                                 "$WAIMAO_TOKEN: a command line is visible to other users.")] = None,
    max_upload_mb: Annotated[int, typer.Option("--max-upload-mb", min=1, help="Largest upload accepted, "
                                               "in MiB.")] = 100,
    cors_origin: Annotated[Optional[list[str]], typer.Option("--cors-origin", help="A web origin allowed to "
                                                             "call the API from a browser (repeatable). "
                                                             "None by default.")] = None,
    check_seconds: Annotated[float, typer.Option("--check-seconds", min=1, help="Time budget of one POST /check, "
                                                 "waiting its turn included; past it the answer is 503.")] = 30.0,
    log_level: Annotated[str, typer.Option("--log-level", help="uvicorn log level.")] = "info",
) -> None:
    """Serve the dashboard (/) and the JSON API (/docs) over the warehouse.

    The dashboard shows a region and period's headline figures, charts, the bulletin with Word
    and Excel downloads, and any breakdown as a table. Answers are cached until the next load.

    Example:

        waimao serve
        waimao serve --db ./trade.duckdb --port 8080
        WAIMAO_TOKEN=$(openssl rand -hex 16) waimao serve     # also accept uploads
    """
    import uvicorn

    path = default_db_path(db)
    os.environ["WAIMAO_DB"] = str(path)
    os.environ["WAIMAO_MAX_UPLOAD_BYTES"] = str(max_upload_mb * 1024 * 1024)
    os.environ["WAIMAO_CORS_ORIGINS"] = ",".join(cors_origin or ())
    os.environ["WAIMAO_CHECK_SECONDS"] = f"{check_seconds:g}"
    if token:
        os.environ["WAIMAO_TOKEN"] = token
    else:
        os.environ.pop("WAIMAO_TOKEN", None)
    if not path.exists():
        err().print(f"[yellow]Note:[/] there is no warehouse at {escape(str(path))} yet; "
                    "load data with `waimao ingest` or `waimao demo`.")
    if not _loopback(host):
        err().print(f"[yellow]Note:[/] listening on {escape(host)}: other machines can reach this server.")
    shown = f"[{host}]" if ":" in host else host
    out().print(f"waimao dashboard: http://{escape(shown)}:{port}/  API: http://{escape(shown)}:{port}/docs")
    out().print(f"warehouse: {escape(str(path))}; uploads {'on (token set)' if token else 'off (read-only)'}")
    uvicorn.run(APP_FACTORY, factory=True, host=host, port=port, log_level=log_level,
                timeout_graceful_shutdown=SHUTDOWN_SECONDS)
