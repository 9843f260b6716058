"""Trade modes (贸易方式): the platform's 2-digit statistical codes and the 4-digit declaration codes.

Customs declarations carry a 4-digit supervision mode (监管方式, 0110 一般贸易, 0615 进料对口 …) while
statistics are published by 2-digit trade mode. The last two digits of a declaration code are its
statistical trade mode; declaration codes whose last two digits are not a statistical mode (0245
来料料件内销, 4561 退运货物, 9900 其他 …) are movements the trade statistics do not count, so they map to None.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from dataclasses import dataclass
from importlib import resources


@dataclass(frozen=True)
class TradeMode:
    code: str
    name_zh: str
    name_en: str


def _read_table() -> dict[str, TradeMode]:
    raw = resources.files("waimao.model").joinpath("data/trade_modes.csv").read_text(encoding="utf-8")
    lines = [line for line in raw.splitlines() if line.strip() and not line.startswith("#")]
    return {row["code"]: TradeMode(**row) for row in csv.DictReader(io.StringIO("\n".join(lines)))}


TRADE_MODES: dict[str, TradeMode] = _read_table()


def statistical_code(code: str) -> str | None:
    """The 2-digit statistical trade mode of a 2- or 4-digit code; None when it has none."""
    text = unicodedata.normalize("NFKC", str(code)).strip()
    if not text.isdigit() or len(text) not in (2, 4):
        return None
    return text[-2:] if text[-2:] in TRADE_MODES else None


def trade_mode_name(code: str, lang: str = "zh") -> str:
    """Name of the statistical trade mode of a 2- or 4-digit code, in 'zh' or 'en'."""
    if lang not in ("zh", "en"):
        raise ValueError(f"lang must be 'zh' or 'en', not {lang!r}")
    stat = statistical_code(code)
    if stat is None:
        raise LookupError(f"{code!r} has no statistical trade mode (known: {', '.join(TRADE_MODES)})")
    mode = TRADE_MODES[stat]
    return mode.name_zh if lang == "zh" else mode.name_en


__all__ = ["TRADE_MODES", "TradeMode", "statistical_code", "trade_mode_name"]
