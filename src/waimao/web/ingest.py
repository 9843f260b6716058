"""/ingest: load an uploaded file, only for a caller holding the server's token; the CLI's coded issues.

Without a configured token the server is read-only and the route answers 403. The upload is
limited in size twice: by `BodyLimit` before it is parsed (413), and again as it is copied.
"""

from __future__ import annotations

import dataclasses
import hmac
import re
import shutil
import tempfile
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, File, Form, HTTPException, Request, UploadFile
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel

from waimao import api
from waimao.errors import IngestError, WaimaoError
from waimao.ingest.readers import KINDS
from waimao.web.common import Problem, error_entry, send

router = APIRouter(tags=["ingest"])
bearer = HTTPBearer(auto_error=False, description="The token the server was started with ($WAIMAO_TOKEN).")

Kind = Literal[KINDS]  # type: ignore[valid-type]


class Loaded(BaseModel):
    outcome: str
    load_id: int
    file: str
    dataset: str
    rows: int
    months: list[str]
    period: str
    superseded: list[int]
    warnings: list[dict[str, Any]]
    state_token: str


class TooLarge(HTTPException):
    def __init__(self, limit: int):
        super().__init__(413, f"the upload is larger than the server's limit of {limit:,} bytes")


class BodyLimit:
    """ASGI middleware: bodies of `paths` over `limit` bytes are refused (413) before and while they arrive."""

    def __init__(self, app, limit: int, paths: tuple[str, ...] = ("/ingest",)):
        self.app, self.limit, self.paths = app, limit, paths

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["path"] not in self.paths:
            return await self.app(scope, receive, send)
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.limit:
            return await _refuse(send, self.limit)
        seen = 0

        async def counted():
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise TooLarge(self.limit)
            return message

        await self.app(scope, counted, send)


async def _refuse(send, limit: int) -> None:
    response = JSONResponse({"detail": TooLarge(limit).detail, "issues": []}, status_code=413,
                            headers={"Connection": "close"})
    await response({"type": "http"}, None, send)


def check_token(request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]
                ) -> None:
    """403 when the server has no token (read-only); 401 unless the bearer token matches, in constant time."""
    expected: str | None = request.app.state.token
    if not expected:
        raise HTTPException(403, "uploads are off: start the server with --token or $WAIMAO_TOKEN")
    given = credentials.credentials if credentials else ""
    if not hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8")):
        raise HTTPException(401, "a valid bearer token is needed to load files", {"WWW-Authenticate": "Bearer"})


def safe_name(name: str | None) -> str:
    """The upload's own file name without any folder (it tells the platform reader flow and period)."""
    base = re.split(r"[\\/]", name or "")[-1].strip().lstrip(".")
    base = re.sub(r"[\x00-\x1f]", "", base)[-120:]
    return base or "upload.csv"


UPLOAD_ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": Problem, "description": "No or a wrong bearer token."},
    403: {"model": Problem, "description": "The server has no token: it is read-only."},
    413: {"model": Problem, "description": "The upload is over the server's size limit."},
    422: {"model": Problem, "description": "The file was refused: its coded issues."},
    503: {"model": Problem, "description": "The warehouse is open for writing in another process."},
}


@router.post("/ingest", summary="Load a file (token needed)", response_model=Loaded,
             dependencies=[Depends(check_token)], responses=UPLOAD_ERRORS)
async def ingest(
    request: Request,
    file: Annotated[UploadFile, File(description="A platform download, a canonical CSV/Parquet or a Comtrade file.")],
    kind: Annotated[Kind, Form(description="Input format; auto guesses it from the header.")] = "auto",
    flow: Annotated[Literal["export", "import"] | None, Form(description="Flow of a platform download.")] = None,
    period: Annotated[str | None, Form(max_length=32, description="Months of a platform download, 2025M01-M03.")
                      ] = None,
    dataset: Annotated[str | None, Form(pattern=r"^[A-Za-z][A-Za-z0-9_-]{0,39}$",
                                        description="Dataset (default by kind).")] = None,
    note: Annotated[str | None, Form(max_length=500, description="Kept in the load history.")] = None,
):
    """`waimao ingest` of one uploaded file: loaded, replaced or unchanged; or 422 with the coded issues."""
    limit: int = request.app.state.max_upload_bytes
    name = safe_name(file.filename)
    folder = Path(tempfile.mkdtemp(prefix="waimao-upload-"))
    try:
        path = folder / name
        await run_in_threadpool(_copy, file, path, limit)
        outcome = await run_in_threadpool(_load, request.app.state.caches, path, kind, flow, period, dataset, note)
    except IngestError as e:
        e.report.issues[:] = [_renamed(issue, path, name) for issue in e.report.issues]
        renamed = IngestError(str(e).replace(str(path), name), e.report)
        return send(error_entry(renamed), request)
    except WaimaoError as e:
        return send(error_entry(e), request)
    finally:
        await file.close()
        shutil.rmtree(folder, ignore_errors=True)
    loaded, token = outcome
    record = loaded.to_dict()
    record.pop("path", None)
    record.pop("restored", None)
    record["warnings"] = [_renamed(w, path, name).to_dict() for w in loaded.warnings]
    return {**record, "file": name, "state_token": token}


def _copy(upload: UploadFile, path: Path, limit: int) -> None:
    copied = 0
    with path.open("wb") as out:
        while chunk := upload.file.read(1 << 20):
            copied += len(chunk)
            if copied > limit:
                raise TooLarge(limit)
            out.write(chunk)


def _load(caches, path: Path, kind: str, flow, period, dataset, note):
    with caches.state.writing() as db:
        [outcome] = api.ingest(path, kind=kind, flow=flow, period=period, dataset=dataset, db=db, note=note)
    return outcome, caches.state.token()


def _renamed(issue, path: Path, name: str):
    """Issues name the uploaded file, not the temporary copy."""
    return dataclasses.replace(issue, file=name) if issue.file == str(path) else issue
