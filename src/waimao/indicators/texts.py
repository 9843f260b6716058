"""The Chinese and English text of each kind of figure, made when a caller first reads it.

A figure set holds ~10,000 figures (a province at 1M rows) and a bulletin quotes a few hundred, so
wording every one of them in `Decimal` (rounding half-up, choosing 亿/万, formatting) cost as much
as the warehouse's queries. The writer (`waimao.indicators.writer`) derives each figure's value and
unit now and hands its text over as `Words(function, *arguments)`, one of the functions below; the
figure (`waimao.indicators.records.Figure`) calls it on the first read of `text` or `text_en`. Each
function returns (zh, en) exactly as the writer used to write them on the spot, from the same
unrounded numbers, so a figure reads the same whenever it is worded.
"""

from __future__ import annotations

from decimal import Decimal

from waimao.indicators.labels import FLOW_EN, FLOW_ZH
from waimao.indicators.records import Breakdown
from waimao.model import wording as w


def money(yuan: Decimal, currency: str, flow: str, breakdown: Breakdown | None, zh: str, en: str) -> tuple[str, str]:
    """进出口总值18.8亿元 / 对蒙古出口… / 锂离子蓄电池出口…, or the balance (贸易顺差…)."""
    if flow == "balance":
        prefix = f"对{zh}" if breakdown and breakdown.kind in ("partner", "partner_group") else zh
        return (prefix + w.balance_zh(yuan, currency=currency),
                (f"{en}: " if en else "") + w.balance_en(yuan, currency=currency))
    money_zh, money_en = w.money_zh(yuan, currency=currency), w.money_en(yuan, currency=currency)
    if breakdown is None:
        return ("进出口总值" if flow == "total" else FLOW_ZH[flow]) + money_zh, f"{FLOW_EN[flow]} {money_en}"
    if breakdown.kind in ("partner", "partner_group"):
        return f"对{zh}{FLOW_ZH[flow]}{money_zh}", f"{FLOW_EN[flow]} with {en} {money_en}"
    return f"{zh}{FLOW_ZH[flow]}{money_zh}", f"{FLOW_EN[flow]} of {en} {money_en}"


def growth(g: Decimal, flow: str | None) -> tuple[str, str]:
    """增长87.8% / 增长2.1倍 …, and the English rate year on year."""
    return w.growth_zh(g, flow), w.growth_en(g, year_on_year=True)


def share(share: Decimal, whole: str, flow: str) -> tuple[str, str]:
    return f"占{whole}{FLOW_ZH[flow]}总值的{w.pct_zh(share)}", f"{w.pct_en(share)} of the total"


def share_change(change: Decimal) -> tuple[str, str]:
    return f"占比较去年同期{w.change_pp_zh(change)}", f"share {w.change_pp_en(change)}"


def pull(pp: Decimal, whole_flow: str) -> tuple[str, str]:
    return w.pull_zh(pp, whole_flow), w.pull_en(pp)


def contribution(c: Decimal, whole_flow: str) -> tuple[str, str]:
    return w.contribution_zh(c, whole_flow), w.contribution_en(c)


def gap(pp: Decimal, reference_zh: str, reference_en: str) -> tuple[str, str]:
    """增速高出全国平均增速…个百分点 / growth … above the national average."""
    return f"增速{w.gap_zh(pp, reference_zh)}", f"growth {w.gap_en(pp, reference_en)}"


def quantity(kg: Decimal, prefix: str, flow: str) -> tuple[str, str]:
    """…出口1545.6吨 / 1,545.6 tonnes."""
    return (f"{prefix}{FLOW_ZH[flow]}{w.quantity_zh(kg)}",
            f"{w.format_number(w.round_half_up(kg / 1000, 1), thousands=True)} tonnes")


def share_of(share: Decimal, whole_zh: str, whole_en: str, flow: str) -> tuple[str, str]:
    """占全省出口总值的38% (a share too small for one decimal keeps two: 0.03%)."""
    return f"占{whole_zh}{FLOW_ZH[flow]}总值的{small_pct(share)}", f"{w.pct_en(share)} of {whole_en} {FLOW_EN[flow]}"


def rank(rank: int, what_zh: str, among_zh: str, what_en: str, among_en: str) -> tuple[str, str]:
    return f"{what_zh}居{among_zh}{w.rank_zh(rank)}", f"{what_en} ranked {w.rank_en(rank)} among {among_en}"


def partner_rank(rank: int, whole: str) -> tuple[str, str]:
    """为全省第三大贸易伙伴 / the third largest partner."""
    return f"为{whole}第{w.chinese_numeral(rank)}大贸易伙伴", f"the {w.rank_en(rank)} largest partner"


def count_change(delta: int, unit: str) -> tuple[str, str]:
    return f"较去年同期{w.count_change_zh(delta, unit)}", f"{'+' if delta >= 0 else ''}{delta} on a year earlier"


def count_growth(g: Decimal) -> tuple[str, str]:
    return w.growth_zh(g), w.growth_en(g, year_on_year=True)


def small_pct(share: Decimal) -> str:
    """38%, 86.3%; a share too small for one decimal keeps two (0.03%) rather than reading 0%."""
    shown = w.pct_zh(share)
    if shown in ("0%", "-0%") and share != 0:
        return f"{w.format_number(w.round_half_up(share * 100, 2), 2)}%"
    return shown


__all__ = ["contribution", "count_change", "count_growth", "gap", "growth", "money", "partner_rank", "pull",
           "quantity", "rank", "share", "share_change", "share_of", "small_pct"]
