"""/check: the trade claims of posted texts with their verdicts (`waimao check --json`).

The route is open to anyone, so nothing a caller sends may stall the server:

- the body is limited in bytes before it is read (`BodyLimit`, 413), the texts in characters
  before they are read (413);
- reading the texts (`api.read_claims`, linear in their length) runs with no warehouse open: in
  a worker thread for a short text, and in a child process for a long one, where it does not
  compete with the event loop for the GIL and can be killed; at most `CheckSettings.workers`
  checks read at once, the others wait their turn;
- the warehouse is opened read-only, under the app's lock, only to look the claims up
  (`api.verify_claims`), with the figure sets the other routes share;
- the whole request has a time budget: past it the answer is 503 with Retry-After, and a child
  still reading is killed. Figure sets computed before the budget ran out stay cached, so a retry
  gets further.

Children are forked from multiprocessing's fork server, not from the server (forking a process
that runs threads is unsafe), one per request, so that killing one never touches another. anyio's
`to_process` pool would do the same, but its workers run the program's main module while Python
has no `__main__` module, where DuckDB cannot be imported: the `waimao` command imports it.
"""

from __future__ import annotations

import functools
import hashlib
import multiprocessing
import os
import sys
import threading
import time
from dataclasses import dataclass, field
from types import FunctionType, ModuleType
from typing import Annotated, Any, Literal

import anyio
import anyio.lowlevel
import anyio.to_thread
from fastapi import APIRouter, Body, HTTPException, Request, Response
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, Field

from waimao import api
from waimao.errors import Issue, WaimaoError
from waimao.web.cache import Caches, Entry
from waimao.web.common import ERRORS, Problem, dumps, error_entry, json_entry, send

router = APIRouter(tags=["check"])

#: A newspaper page is some 10,000 characters; a request may carry a few dozen.
MAX_TEXT = 200_000
MAX_TEXTS = 50
#: Characters of all the texts of one request: reading them takes a few seconds.
MAX_CHARS = 500_000
#: Bytes of a request body: MAX_CHARS characters written as JSON \u escapes (6 bytes each), and room for names.
MAX_BODY = 4 * 1024 * 1024
#: Requests of at most this many characters are read in a thread; longer ones in a worker process.
INLINE_CHARS = 5_000
#: Seconds a /check may take, waiting its turn included.
DEFAULT_SECONDS = 30.0
#: Checks that read texts at the same time: one core is left to the server, the others (up to two) read.
DEFAULT_WORKERS = max(1, min(2, (os.cpu_count() or 2) - 1))
#: What a caller is told to wait before trying again after a 503.
RETRY_AFTER = 5

OVER_BUDGET = "check-over-budget"


@dataclass
class CheckSettings:
    """The time budget of one /check and how many may read texts at once (per app)."""

    seconds: float = DEFAULT_SECONDS
    workers: int = DEFAULT_WORKERS
    _limiters: anyio.lowlevel.RunVar = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._limiters = anyio.lowlevel.RunVar(f"waimao-check-limiter-{id(self)}")

    def limiter(self) -> anyio.CapacityLimiter:
        """The app's limiter in the running event loop (a limiter belongs to one loop)."""
        try:
            return self._limiters.get()
        except LookupError:
            limiter = anyio.CapacityLimiter(self.workers)
            self._limiters.set(limiter)
            return limiter


class Text(BaseModel):
    name: str = Field("text", max_length=200, description="A label for the text, e.g. its file name.")
    text: str = Field(..., min_length=1, json_schema_extra={"maxLength": MAX_TEXT},
                      description=f"Plain text in simplified Chinese, at most {MAX_TEXT:,} characters (413 beyond).")


class CheckRequest(BaseModel):
    texts: list[Text] = Field(..., min_length=1, max_length=MAX_TEXTS,
                              description=f"At most {MAX_TEXTS} texts of {MAX_CHARS:,} characters in all (413 beyond).")
    year: int | None = Field(None, ge=1980, le=2100, description="What 今年 means in a text without a year.")
    region: str | None = Field(None, max_length=64, description="What 我省 means in a text naming no province.")
    currency: Literal["CNY", "USD"] | None = Field(
        None, description="What the figures not stated in money (growth, shares) are of; amounts in 美元 are always "
        "checked in USD, in 元 in CNY.")


class CheckAnswer(BaseModel):
    files: list[str]
    summary: dict[str, Any]
    claims: list[dict[str, Any]]
    out_of_scope: list[dict[str, Any]]


CHECK_ERRORS: dict[int | str, dict[str, Any]] = {
    **ERRORS,
    413: {"model": Problem, "description": f"A text over {MAX_TEXT:,} characters, texts over {MAX_CHARS:,} in all, "
                                          f"or a body over {MAX_BODY:,} bytes."},
    503: {"model": Problem, "description": "The check did not finish within the server's time budget, or the "
                                          "warehouse is missing or being written by another process (Retry-After)."},
}


def within_limits(texts: list[tuple[str, str]]) -> None:
    """413 for a text or a request longer than the limits, before any of it is read."""
    for name, text in texts:
        if len(text) > MAX_TEXT:
            raise HTTPException(413, f"the text {name!r} has {len(text):,} characters; the limit is {MAX_TEXT:,}")
    total = sum(len(text) for _, text in texts)
    if total > MAX_CHARS:
        raise HTTPException(413, f"the texts have {total:,} characters in all; the limit is {MAX_CHARS:,} "
                                 "per request (send them in several requests)")


@router.post("/check", response_model=CheckAnswer, responses=CHECK_ERRORS)
async def check(request: Request, body: Annotated[CheckRequest, Body()]) -> Response:
    """Extract every numeric trade claim of the texts and verify it: within each text, across the
    texts, and against the warehouse (confirmed, contradicted, inconsistent or unverifiable)."""
    texts = [(t.name, t.text) for t in body.texts]
    within_limits(texts)
    settings: CheckSettings = request.app.state.check
    caches: Caches = request.app.state.caches
    deadline = time.monotonic() + settings.seconds
    try:
        with anyio.fail_after(settings.seconds):
            year = body.year
            if year is None:
                _, year = await run_in_threadpool(caches.check_year)
            key = ("check", hashlib.sha256(dumps([texts, year, body.region, body.currency])).hexdigest())
            found = caches.hit(key)
            if found is None:
                report = await _read(settings, texts, year, body.region)
                found = await run_in_threadpool(_verify, caches, key, report, deadline, body.currency)
    except TimeoutError:
        return send(_over_budget(settings.seconds), request)
    except WorkerStopped as e:
        return send(_over_budget(settings.seconds, str(e)), request)
    except WaimaoError as e:  # the warehouse is missing or busy
        return send(error_entry(e), request)
    return send(found[1], request)


async def _read(settings: CheckSettings, texts: list[tuple[str, str]], year: int | None, region: str | None):
    """`api.read_claims` off the event loop: a short text in a thread, a long one in a child process."""
    async with settings.limiter():
        if sum(len(text) for _, text in texts) <= INLINE_CHARS:
            return await anyio.to_thread.run_sync(functools.partial(api.read_claims, texts, year=year, region=region))
        return await _in_child(texts, year, region)


class WorkerStopped(Exception):
    """The child reading the texts ended without an answer (killed from outside, out of memory)."""


async def _in_child(texts: list[tuple[str, str]], year: int | None, region: str | None):
    """`api.read_claims` in a child process, killed when the calling task is cancelled (the time budget)."""
    context = _context()
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(sender, texts, year, region), name="waimao-check", daemon=True)
    try:
        await anyio.to_thread.run_sync(child.start)  # the first start launches the fork server: seconds
        sender.close()
        try:
            status, value = await anyio.to_thread.run_sync(receiver.recv, abandon_on_cancel=True)
        except EOFError:
            raise WorkerStopped(f"the child reading the texts ended with code {child.exitcode}") from None
        receiver.close()  # not when cancelled: the abandoned recv() still reads it, until the kill below ends it
    finally:
        sender.close()
        if child.pid is not None:
            child.kill()
            with anyio.CancelScope(shield=True):
                await anyio.to_thread.run_sync(child.join)
    if status == "error":
        raise value
    return value


def _child(sender, texts: list[tuple[str, str]], year: int | None, region: str | None) -> None:
    """In the child: read the texts and send back the report (or the exception, raised again in the server)."""
    try:
        sender.send(("ok", api.read_claims(texts, year=year, region=region)))
    except Exception as e:  # noqa: BLE001 - a bug in the reader: the server answers 500, as in a thread
        sender.send(("error", e))
    finally:
        sender.close()


_FORK_SERVER = threading.Lock()


def _context():
    """The fork server's context, started with this module and the main program's own imports preloaded.

    A child runs the main program's module again before it runs `_child` (multiprocessing does so
    for every start method but fork); with what that module imports already loaded in the fork
    server, this takes milliseconds, not the second of importing them.
    """
    method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
    context = multiprocessing.get_context(method)
    with _FORK_SERVER:
        if method == "forkserver" and not getattr(_context, "preloaded", False):
            context.set_forkserver_preload([__name__, *_main_imports()])
            _context.preloaded = True
    return context


def _main_imports() -> list[str]:
    """The modules the main program's module has imported names from (`waimao.cli` for the `waimao` command)."""
    main = sys.modules.get("__main__")
    found = set()
    for value in vars(main).values() if main is not None else ():
        if isinstance(value, ModuleType):
            found.add(value.__name__)
        elif isinstance(value, (FunctionType, type)) and isinstance(getattr(value, "__module__", None), str):
            found.add(value.__module__)
    return sorted(found - {"__main__", "__mp_main__", "builtins"})


def _verify(caches: Caches, key: tuple, report, deadline: float, currency: str | None) -> tuple[str, Entry]:
    """The verdicts, with the warehouse open read-only under the app's lock for the look-ups only (blocking).

    A figure set not yet computed when the budget has run out is not started: the lock is held no
    longer than the budget and one figure set.
    """

    def make(warehouse: api.Warehouse, token: str) -> Entry:
        def figures_for(region: str, period: str, stated_in: str | None):
            if time.monotonic() > deadline:
                raise TimeoutError("the time budget ran out")
            return caches.figure_set(warehouse, token, region, period, stated_in or currency)

        return json_entry(api.verify_claims(report, figures_for=figures_for).to_dict())

    return caches.build(key, make)


def _over_budget(seconds: float, why: str = "") -> Entry:
    message = (f"the check did not finish within the server's time budget of {seconds:g} s"
               f"{f' ({why})' if why else ''}; try again later, or send fewer or shorter texts")
    entry = json_entry({"detail": message, "issues": [Issue(OVER_BUDGET, message).to_dict()]}, 503)
    entry.headers["Retry-After"] = str(RETRY_AFTER)
    return entry
