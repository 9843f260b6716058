"""What every reader returns: canonical rows, the issues found, and what the file covers.

A reader never writes to the warehouse; `waimao.ingest.load` decides from the result whether
the file loads (no error issues) and records its coverage in the `loads` table.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa

from waimao.errors import Report


@dataclass
class ReadResult:
    """The outcome of reading one file.

    `table` follows `waimao.model.schema.TRADE_SCHEMA` exactly (it is empty when the report
    has errors). `dims` lists the dimension columns the source really had (a GACC download
    grouped by province and HS code has ('month', 'flow', 'region', 'product')): the
    warehouse keeps it so that queries never sum cuts of different granularity.

    `parts` are other cuts of the same file (a Comtrade file's World/TOTAL rows next to its
    partner and chapter rows): each is a ReadResult of its own, loaded as its own load in the
    same transaction as this one, so that no load ever holds two levels of the same trade.
    """

    path: Path
    kind: str  # 'canonical' | 'gacc' | 'comtrade'
    table: pa.Table
    report: Report
    dims: tuple[str, ...] = ()
    months: tuple[dt.date, ...] = field(default=())
    flows: tuple[str, ...] = ()
    provinces: tuple[str, ...] = ()  # 2-digit province codes covered; ('CN',) for national data
    currency: str = "CNY"
    meta: dict = field(default_factory=dict)  # reader-specific facts (encoding, truncated, ...)
    parts: tuple[ReadResult, ...] = ()
