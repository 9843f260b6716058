"""/ingest: load an uploaded file, only for a caller holding the server's token; the CLI's coded issues.

Without a configured token the server is read-only and the route answers 403. Nothing of an
upload is read before its token is checked: `TokenFirst` answers from the headers (a refused
client never gets to send its 90 MiB). The body is limited in size twice: by `BodyLimit` before
it is parsed (413, by Content-Length and as it arrives; it also bounds `/check`), and again as
it is copied.
"""

from __future__ import annotations

import dataclasses
import hmac
import os
import re
import shutil
import tempfile
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, File, Form, HTTPException, Request, UploadFile
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from fastapi.security.utils import get_authorization_scheme_param
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
    def __init__(self, limit: int, what: str = "upload"):
        super().__init__(413, f"the {what} is larger than the server's limit of {limit:,} bytes")


class BodyLimit:
    """ASGI middleware: request bodies over the limit of their path are refused (413) before and while they arrive.

    `limits` maps a path to (bytes, what the body is called in the message).
    """

    def __init__(self, app, limits: dict[str, tuple[int, str]]):
        self.app, self.limits = app, limits

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["path"] not in self.limits:
            return await self.app(scope, receive, send)
        limit, what = self.limits[scope["path"]]
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            return await _refuse(send, TooLarge(limit, what))
        seen = 0

        async def counted():
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise TooLarge(limit, what)
            return message

        await self.app(scope, counted, send)


class TokenFirst:
    """ASGI middleware: a POST to `paths` without the server's token is refused from its headers alone.

    FastAPI reads and parses a form body before it runs a route's dependencies, so `check_token`
    alone would let anyone make the server receive and parse an upload; this answers first, and
    closes the connection instead of reading the body. `check_token` still runs (and documents
    the bearer scheme in the API spec).
    """

    def __init__(self, app, token: str | None, paths: tuple[str, ...] = ("/ingest",)):
        self.app, self.token, self.paths = app, token, paths

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http" and scope["method"] == "POST" and scope["path"] in self.paths:
            given = next((v.decode("latin-1") for k, v in scope["headers"] if k == b"authorization"), None)
            refused = token_problem(self.token, given)
            if refused is not None:
                return await _refuse(send, refused)
        await self.app(scope, receive, send)


async def _refuse(send, problem: HTTPException) -> None:
    """The problem as the JSON answer, without reading the request body, and the connection closed after it."""
    response = JSONResponse({"detail": problem.detail, "issues": []}, status_code=problem.status_code,
                            headers={**(problem.headers or {}), "Connection": "close"})
    await response({"type": "http"}, None, send)


def token_problem(expected: str | None, authorization: str | None) -> HTTPException | None:
    """403 when the server has no token (read-only); 401 unless the bearer token matches, in constant time."""
    if not expected:
        return HTTPException(403, "uploads are off: start the server with --token or $WAIMAO_TOKEN")
    scheme, credentials = get_authorization_scheme_param(authorization)
    given = credentials if scheme.lower() == "bearer" else ""
    if not hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8")):
        return HTTPException(401, "a valid bearer token is needed to load files", {"WWW-Authenticate": "Bearer"})
    return None


def check_token(request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]
                ) -> None:
    """The route's own check (`TokenFirst` has already refused a wrong token): documents the scheme."""
    problem = token_problem(request.app.state.token, f"Bearer {credentials.credentials}" if credentials else None)
    if problem is not None:
        raise problem


#: The longest file name, in bytes, when the file system does not say (ext4, XFS, tmpfs, APFS: 255).
NAME_MAX = 255
#: Compression suffixes that keep the suffix before them (.csv.gz).
_COMPRESSED = {".gz", ".bz2", ".xz", ".zst", ".zip"}


def name_max(folder: Path) -> int:
    try:
        return os.pathconf(folder, "PC_NAME_MAX")
    except (OSError, ValueError, AttributeError):
        return NAME_MAX


def safe_name(name: str | None, limit: int = NAME_MAX) -> str:
    """The upload's own file name without any folder, cut to `limit` bytes of UTF-8 if longer.

    The name tells the platform reader the flow and period (青海_出口_2025Q1….csv), which come
    first, and the suffix tells the format; so a name too long for the file system (300 Chinese
    characters are 900 bytes) keeps its start and its suffix, cut between two characters.
    """
    base = re.split(r"[\\/]", name or "")[-1].strip().lstrip(".")
    base = re.sub(r"[\x00-\x1f]", "", base)
    if len(base.encode("utf-8")) > limit:
        suffix = _suffix(base)
        room = max(limit - len(suffix.encode("utf-8")), 0)
        base = base[:len(base) - len(suffix)].encode("utf-8")[:room].decode("utf-8", "ignore").rstrip() + suffix
    return base or "upload.csv"


def _suffix(name: str) -> str:
    """`.csv`, `.csv.gz`: the last short ASCII suffix, and the one before it when the last is a compression."""
    parts = re.findall(r"\.[A-Za-z0-9]{1,8}", name[-20:])
    if not parts or not name.endswith(parts[-1]):
        return ""
    if parts[-1].lower() in _COMPRESSED and len(parts) > 1 and name.endswith(parts[-2] + parts[-1]):
        return parts[-2] + parts[-1]
    return parts[-1]


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
    folder = Path(tempfile.mkdtemp(prefix="waimao-upload-"))
    name = safe_name(file.filename, name_max(folder))
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
    """The load; while another process holds the file it waits `state.write_wait` seconds, then 503
    `warehouse-busy` (requests that need the warehouse wait behind it, so not as long as the CLI)."""
    with caches.state.writing() as db, api.open_warehouse(db, wait=caches.state.write_wait) as warehouse:
        [outcome] = api.ingest(path, kind=kind, flow=flow, period=period, dataset=dataset, db=warehouse, note=note)
    return outcome, caches.state.token()


def _renamed(issue, path: Path, name: str):
    """Issues name the uploaded file, not the temporary copy."""
    return dataclasses.replace(issue, file=name) if issue.file == str(path) else issue
