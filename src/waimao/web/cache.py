"""The warehouse as the web app sees it: one lock for every open, a state token, and response caches.

DuckDB lets one process write a file, and within a process a file be open in one mode at a
time; so the app opens the warehouse per request under one lock, which lets `waimao ingest` in
another process load between requests and the app's own uploads write. Responses are cached
under the warehouse's state token, which changes with every load, so a cached answer is never
stale. The token is read again only when the file or its WAL change on disk (a `stat`), so a
cache hit costs two `stat` calls and a dictionary look-up, never a query.
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from waimao import api
from waimao.engines.duckdb import default_db_path

Signature = tuple[tuple[int, int] | None, ...]


class LRU:
    """A small thread-safe least-recently-used map, bounded in items and in total weight (bytes)."""

    def __init__(self, size: int, weight: int | None = None, weigh: Callable[[Any], int] = lambda value: 0):
        self.size, self.weight, self.weigh = size, weight, weigh
        self._items: OrderedDict[Hashable, Any] = OrderedDict()
        self._total = 0
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> Any | None:
        with self._lock:
            value = self._items.get(key)
            if value is not None:
                self._items.move_to_end(key)
            return value

    def put(self, key: Hashable, value: Any) -> None:
        with self._lock:
            if key in self._items:
                self._total -= self.weigh(self._items.pop(key))
            self._items[key] = value
            self._total += self.weigh(value)
            while len(self._items) > self.size or (self.weight is not None and self._total > self.weight
                                                    and len(self._items) > 1):
                self._total -= self.weigh(self._items.popitem(last=False)[1])

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self._total = 0

    def __len__(self) -> int:
        return len(self._items)


#: Headers every response carries: no MIME sniffing, no referrer to other sites.
SECURITY_HEADERS = {"X-Content-Type-Options": "nosniff", "Referrer-Policy": "same-origin"}


@dataclass
class Entry:
    """A finished response: what a cache hit sends without touching the warehouse."""

    body: bytes
    media_type: str
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    etag: str = field(init=False)

    def __post_init__(self) -> None:
        self.etag = '"' + hashlib.sha1(self.body).hexdigest()[:20] + '"'

    def all_headers(self) -> dict[str, str]:
        """Every header but the length, as `send` and the fast path both send them."""
        return {**self.headers, "ETag": self.etag, "Cache-Control": "no-cache", "Content-Type": self.media_type,
                **SECURITY_HEADERS}

    @cached_property
    def raw_headers(self) -> list[tuple[bytes, bytes]]:
        headers = {**self.all_headers(), "Content-Length": str(len(self.body))}
        return [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in headers.items()]


class WarehouseState:
    """The warehouse file, the lock every open takes, and its state token.

    While another process holds the file (`waimao ingest`), an open waits `read_wait` seconds to
    read and `write_wait` to load an upload, then fails with `warehouse-busy` (503 with
    Retry-After): short waits, because requests that need the warehouse queue behind the lock.
    """

    def __init__(self, db: str | os.PathLike | None, *, read_wait: float = 2.0, write_wait: float = 10.0):
        self.path: Path = default_db_path(db)
        self.lock = threading.RLock()
        self.read_wait, self.write_wait = read_wait, write_wait
        self._known: tuple[Signature, str] | None = None

    def _signature(self) -> Signature:
        found = []
        for path in (self.path, self.path.with_name(self.path.name + ".wal")):
            try:
                stat = path.stat()
            except OSError:
                found.append(None)
            else:
                found.append((stat.st_mtime_ns, stat.st_size))
        return tuple(found)

    def current_token(self) -> str | None:
        """The token if the files are as they were when it was read, else None (read it with `token`)."""
        known = self._known
        if known is not None and known[0] == self._signature():
            return known[1]
        return None

    def token(self) -> str:
        """The state token, read from the warehouse when the files changed (blocking: call off the event loop)."""
        with self.lock:
            signature = self._signature()
            if self._known is not None and self._known[0] == signature:
                return self._known[1]
            with self.reading() as warehouse:
                token = warehouse.state_token()
            self._known = (signature, token)
            return token

    @contextmanager
    def reading(self) -> Iterator[api.Warehouse]:
        with self.lock:
            warehouse = api.open_warehouse(self.path, read_only=True, wait=self.read_wait)
            try:
                yield warehouse
            finally:
                warehouse.close()

    @contextmanager
    def writing(self) -> Iterator[Path]:
        """Exclusive use of the file for a load; the token is read again afterwards."""
        with self.lock:
            try:
                yield self.path
            finally:
                self._known = None


def _weigh(entry: Entry) -> int:
    return len(entry.body)


class Caches:
    """Responses and figure sets, all keyed by the state token so that a load retires them.

    `responses` is keyed by the route and its normalised parameters ('青海' and '63' share an
    entry); `raw` by the path and query string exactly as sent, so that `FastPath` can answer a
    repeated request without parsing it.
    """

    def __init__(self, state: WarehouseState, responses: int = 512, figure_sets: int = 16,
                 max_bytes: int = 256 * 1024 * 1024):
        self.state = state
        self.responses = LRU(responses, max_bytes // 2, _weigh)
        self.raw = LRU(responses * 4, max_bytes // 2, _weigh)
        self.figure_sets = LRU(figure_sets)
        self._year: tuple[str, int | None] | None = None

    def hit(self, key: tuple) -> tuple[str, Entry] | None:
        """The cached response for `key` in the current state, without blocking (None when unsure)."""
        token = self.state.current_token()
        entry = None if token is None else self.responses.get((token, *key))
        return None if entry is None else (token, entry)

    def build(self, key: tuple, make: Callable[[api.Warehouse, str], Entry], *, keep: Callable[[Entry], bool]
              = lambda entry: True) -> tuple[str, Entry]:
        """The response for `key` and the state it is of: cached, or made under the lock (blocking)."""
        with self.state.lock:
            token = self.state.token()
            entry = self.responses.get((token, *key))
            if entry is None:
                with self.state.reading() as warehouse:
                    entry = make(warehouse, token)
                if keep(entry):
                    self.responses.put((token, *key), entry)
            return token, entry

    def check_year(self) -> tuple[str, int | None]:
        """The state token and what 今年 means in a checked text in this state (`api.check_year`), read once per state."""
        with self.state.lock:
            token = self.state.token()
            if self._year is None or self._year[0] != token:
                with self.state.reading() as warehouse:
                    self._year = (token, api.check_year(warehouse))
            return self._year

    def figure_set(self, warehouse: api.Warehouse, token: str, region: str, period: str, currency: str | None = None):
        """The figure set of a region, period and currency in this state, computed once (call under the lock)."""
        key = (token, region, period, currency)
        found = self.figure_sets.get(key)
        if found is None:
            found = api.figures(region, period, db=warehouse, currency=currency)
            self.figure_sets.put(key, found)
        return found


class FastPath:
    """ASGI middleware: a GET seen before in this warehouse state is answered from the cache directly.

    Routing, parameter parsing and validation are skipped because the same path and query string
    already went through them; anything else goes on to the app. This keeps a cached /figures at
    a fraction of a millisecond of server time.
    """

    def __init__(self, app, caches: Caches):
        self.app, self.caches = app, caches

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http" and scope["method"] == "GET":
            token = self.caches.state.current_token()
            entry = None if token is None else self.caches.raw.get((token, scope["path"], scope["query_string"]))
            if entry is not None:
                etag = entry.etag.encode("latin-1")
                if any(k == b"if-none-match" and v == etag for k, v in scope["headers"]):
                    headers = [(k, v) for k, v in entry.raw_headers if k not in (b"content-length", b"content-type")]
                    await send({"type": "http.response.start", "status": 304, "headers": headers})
                    await send({"type": "http.response.body", "body": b""})
                    return
                await send({"type": "http.response.start", "status": entry.status, "headers": entry.raw_headers})
                await send({"type": "http.response.body", "body": entry.body})
                return
        await self.app(scope, receive, send)
