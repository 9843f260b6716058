"""File readers: one entry point, `read_file`, that picks the format and returns a `ReadResult`.

Readers only read and check; `waimao.ingest.load` writes a result to the warehouse when its
report has no error. With kind='auto' the header decides (see `sniff_kind`), because users
rename files freely but cannot easily change what the platform or Comtrade writes in row 1.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from waimao.ingest.checks import IssueLog
from waimao.ingest.readers.base import ReadResult
from waimao.ingest.readers.canonical import finish, read_canonical
from waimao.ingest.readers.comtrade import looks_like_comtrade, read_comtrade
from waimao.ingest.readers.gacc import looks_like_gacc, read_gacc
from waimao.ingest.readers.textfile import BadFile, Progress, UnreadableText, read_header, sniff_encoding
from waimao.model.schema import REQUIRED, canonical_column

__all__ = ["KINDS", "READERS", "ReadResult", "read_file", "sniff_kind"]


@dataclass(frozen=True)
class QueryFacts:
    """What a platform download does not say about itself: the query's flow, period and region."""

    flow: str | None = None
    period: str | None = None
    region: str | None = None
    national: bool = False


def _gacc(path: Path, facts: QueryFacts, progress, log) -> ReadResult:
    return read_gacc(path, flow=facts.flow, period=facts.period, region=facts.region, national=facts.national,
                     progress=progress, log=log)


def _canonical(path: Path, facts: QueryFacts, progress, log) -> ReadResult:
    return read_canonical(path, progress=progress, log=log)


def _comtrade(path: Path, facts: QueryFacts, progress, log) -> ReadResult:
    return read_comtrade(path, progress=progress, log=log)


#: kind -> reader(path, facts, progress, log). The query facts only matter to the platform reader.
READERS: dict[str, Callable[..., ReadResult]] = {"canonical": _canonical, "gacc": _gacc, "comtrade": _comtrade}
KINDS = ("auto", *READERS)


def read_file(path, kind: str = "auto", flow: str | None = None, period: str | None = None,
              progress: Progress | None = None, *, region: str | None = None, national: bool = False) -> ReadResult:
    """Read one file of any supported format into canonical rows plus a report of every issue.

    `flow` ('export'/'import'/出口/进口) and `period` ('2025M01-M03') are needed for platform
    downloads whose file name does not state them, `region` (a province) or `national` for
    one without 注册地. `progress(done_bytes, total_bytes)` is called while a big file is read.
    The table is empty whenever the report holds an error.
    """
    path = Path(path)
    log = IssueLog(str(path))
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}; use one of {', '.join(KINDS)}")
    try:
        if kind == "auto":
            kind, reason = sniff_kind(path)
            if kind is None:
                log.add(*_sniff_failure(reason))
                return finish(path, "unknown", log, None, currency="CNY")
        result = READERS[kind](path, QueryFacts(flow, period, region, national), progress, log)
    except BadFile as exc:  # the file cannot be read to its end: no reader can say more
        log.add(exc.code, str(exc), row=exc.row, column=exc.column, value=exc.value)
        return finish(path, kind if kind in READERS else "unknown", log, None, currency="CNY")
    result.meta.setdefault("kind_detected", kind)
    return result


def _sniff_failure(reason: str) -> tuple[str, str]:
    """The issue code and message for a file whose kind could not be sniffed."""
    if reason == "empty":
        return "empty-file", "the file is empty: no header line"
    if reason == "unknown":
        return "unknown-format", ("the header matches no format: a platform download (商品编码, 美元 …), a canonical "
                                  "file (month, flow, value_cny …) or a UN Comtrade file (refYear, flowCode, "
                                  "primaryValue …); pass --kind to say which")
    return "bad-encoding", reason.removeprefix("unreadable: ")


def sniff_kind(path: Path) -> tuple[str | None, str]:
    """The format of a file from its name and header: (kind, why) or (None, 'empty'|'unknown'|'unreadable: …').

    Order matters because platform words (商品编码, 美元) are also canonical aliases: a header with
    a flow column is canonical; one made only of platform words is a platform download.
    """
    if path.suffix.lower() == ".parquet":
        return "canonical", "parquet file"
    try:
        header, _ = read_header(path, sniff_encoding(path))
    except UnreadableText as exc:
        return None, f"unreadable: {exc}"
    if not any(h.strip() for h in header):
        return None, "empty"
    mapped = {canonical_column(h) for h in header if h.strip()}
    if "flow" in mapped:
        return "canonical", "canonical header with a flow column"
    if looks_like_gacc(header):
        return "gacc", "customs platform header"
    if looks_like_comtrade(header):
        return "comtrade", "UN Comtrade keys"
    if all(f in mapped for f in REQUIRED):
        return "canonical", "canonical header"
    return None, "unknown"
