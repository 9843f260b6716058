"""Keys of a cut: how two files of the same cut are told apart, contained or overlapping.

A platform download is one cut of the trade (the fields it was grouped by), in one currency, and
its rows hold some keys of each dim: the HS codes of the chapters queried, the partners of a
partner list, the provinces. Region and HS codes are hierarchical (province 63 holds the record
code 63019; chapter 85 holds 85076000), so keys are compared with their prefixes. The ingest rules
(`waimao.ingest.load`) and the source planner (`waimao.indicators.planner`) both judge files by
these functions, so what may be loaded side by side is exactly what the planner reads as one cut.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping

#: Dimensions along which a source's files split one cut, by reader kind. A platform query
#: filters by product, partner and trade mode (and stops at 10,000 rows), so two files of one cut
#: may hold different keys of those dims; a record extract or a Comtrade file is whole for its
#: regions (reporters) and months.
SPLIT_DIMS = {"gacc": ("region", "product", "partner", "trade_mode")}
WHOLE_DIMS = ("region",)
#: Dims whose codes nest by prefix.
HIERARCHICAL = ("region", "product")


def split_dims(kind: str) -> tuple[str, ...]:
    return SPLIT_DIMS.get(kind, WHOLE_DIMS)


def holds_every_flow(kind: str) -> bool:
    """A record extract or a Comtrade file holds all the trade of its months, so a flow without rows had
    none; a platform download answers one flow's query and says nothing of the other."""
    return kind not in SPLIT_DIMS


def coarse_key(dim: str, key: str) -> str:
    """The level at which one file *contains* another's keys: the province of a region code, the chapter
    of an HS code (a revised download may lose a code, not a chapter); the key itself otherwise."""
    if dim in HIERARCHICAL and key[:2].isdigit():
        return key[:2]
    return key


def row_regions(row: Mapping) -> list[str]:
    """The region codes a `loads` row holds (its provinces for a row written before they were recorded)."""
    return list(row.get("regions") or row.get("provinces") or ())


def row_currencies(row: Mapping) -> list[str]:
    """The currencies every row of a load carries (its one currency for a row written before)."""
    return list(row.get("currencies") or [row.get("currency") or "CNY"])


def row_keys(row: Mapping) -> dict[str, frozenset[str]]:
    """The keys a `loads` row holds of each split dim: its regions, and the JSON `keys` of a platform download."""
    raw = row.get("keys")
    keys = json.loads(raw) if isinstance(raw, str) else dict(raw or {})
    return {"region": frozenset(row_regions(row)), **{dim: frozenset(values) for dim, values in keys.items()}}


def _prefixes(code: str) -> set[str]:
    return {code[:n] for n in range(2, len(code) + 1)}


def shared_keys(dim: str, a: Iterable[str], b: Iterable[str]) -> list[str]:
    """Keys of `a` that some key of `b` also holds: equal, or one a prefix of the other for hierarchical codes."""
    a, b = set(a), set(b)
    if dim not in HIERARCHICAL:
        return sorted(a & b)
    inside_b = {p for code in b for p in _prefixes(code)}
    return sorted(code for code in a if code in inside_b or _prefixes(code) & b)


def keys_overlap(dim: str, a: Iterable[str], b: Iterable[str]) -> bool:
    return bool(shared_keys(dim, a, b))


def contains_keys(dim: str, outer: Iterable[str], inner: Iterable[str]) -> bool:
    """`outer` holds every key of `inner` at the coarse level (`coarse_key`)."""
    return {coarse_key(dim, k) for k in outer} >= {coarse_key(dim, k) for k in inner}


__all__ = ["HIERARCHICAL", "SPLIT_DIMS", "WHOLE_DIMS", "coarse_key", "contains_keys", "holds_every_flow",
           "keys_overlap", "row_currencies", "row_keys", "row_regions", "shared_keys", "split_dims"]
