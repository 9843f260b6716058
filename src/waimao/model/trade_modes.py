"""Trade modes (贸易方式): the platform's 2-digit statistical codes and the 4-digit declaration codes.

Customs declarations carry a 4-digit supervision mode (监管方式, 0110 一般贸易, 0615 进料对口 …) while
statistics are published by 2-digit trade mode. The last two digits of a declaration code are its
statistical trade mode; declaration codes whose last two digits are not a statistical mode (0245
来料料件内销, 4561 退运货物, 9900 其他 …) are movements the trade statistics do not count, so they map to None.
A record extract may still hold them, and a bulletin or table never prints a bare code, so each has
its own name (data/declaration_modes.csv, `DECLARATION_MODES`).
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


def _read_table(name: str = "trade_modes.csv") -> dict[str, TradeMode]:
    raw = resources.files("waimao.model").joinpath(f"data/{name}").read_text(encoding="utf-8")
    lines = [line for line in raw.splitlines() if line.strip() and not line.startswith("#")]
    return {row["code"]: TradeMode(**row) for row in csv.DictReader(io.StringIO("\n".join(lines)))}


TRADE_MODES: dict[str, TradeMode] = _read_table()
#: 4-digit declaration codes with no statistical trade mode, by code (0654 进料深加工结转货物).
DECLARATION_MODES: dict[str, TradeMode] = _read_table("declaration_modes.csv")


def statistical_code(code: str) -> str | None:
    """The 2-digit statistical trade mode of a 2- or 4-digit code; None when it has none."""
    text = unicodedata.normalize("NFKC", str(code)).strip()
    if not text.isdigit() or len(text) not in (2, 4):
        return None
    return text[-2:] if text[-2:] in TRADE_MODES else None


def trade_mode_name(code: str, lang: str = "zh") -> str:
    """Name of the statistical trade mode of a 2- or 4-digit code, in 'zh' or 'en'; a declaration code
    with no statistical mode (0654) is named by its own designation (进料深加工结转货物)."""
    if lang not in ("zh", "en"):
        raise ValueError(f"lang must be 'zh' or 'en', not {lang!r}")
    stat = statistical_code(code)
    plain = unicodedata.normalize("NFKC", str(code)).strip()
    mode = TRADE_MODES[stat] if stat is not None else DECLARATION_MODES.get(plain)
    if mode is None:
        raise LookupError(f"{code!r} is neither a statistical trade mode ({', '.join(TRADE_MODES)}) "
                          "nor a known declaration code")
    return mode.name_zh if lang == "zh" else mode.name_en


def every_mode() -> list[TradeMode]:
    """The statistical modes, then the declaration codes without one: every trade mode a record can hold."""
    return [*TRADE_MODES.values(), *DECLARATION_MODES.values()]


__all__ = ["DECLARATION_MODES", "TRADE_MODES", "TradeMode", "every_mode", "statistical_code", "trade_mode_name"]
