"""The words of a plan's notes: what is left out, in Chinese and English, and which download would add it.

A note goes into a Chinese or an English document, so each is written in both languages from the
same facts; the platform's own field names (分组字段 of its Chinese and English query forms) tell
the user exactly what to tick.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from waimao.indicators.records import Note
from waimao.model.periods import Period
from waimao.model.regions import Region

if TYPE_CHECKING:
    from waimao.indicators.planner import Need

#: What the platform's query form calls each dim (分组字段), for notes and the download checklist.
PLATFORM_FIELDS = {"region": "注册地", "partner": "贸易伙伴", "product": "商品编码", "trade_mode": "贸易方式"}
PLATFORM_FIELDS_EN = {"region": "Locations of importers and exporters", "partner": "Trading partner",
                      "product": "Commodity code", "trade_mode": "Customs Regime"}
#: Each dim in words (zh, en), for notes.
DIM_WORDS = {"region": ("地区", "region"), "partner": ("贸易伙伴", "partner"), "product": ("商品", "product"),
             "trade_mode": ("贸易方式", "trade mode"), "enterprise_type": ("企业性质", "enterprise type"),
             "enterprise_id": ("企业", "enterprise")}
CURRENCY_ZH = {"CNY": "人民币", "USD": "美元"}


def left_out(need: Need, subject: Region, period: Period, currency: str, incomplete: list[str],
              flow: str | None = None) -> Note:
    """A need no cut answers (in one `flow`, or at all): what is left out, and which download would add it."""
    who = subject.name_zh
    by_zh = "、".join(DIM_WORDS[d][0] for d in sorted(need.dims))
    by_en = "every province" if need.scope == "peers" else " and ".join(DIM_WORDS[d][1] for d in sorted(need.dims))
    below_province = need.children and subject.level != "nation"  # the platform's 注册地 is a province
    records_only = below_province or any(d not in PLATFORM_FIELDS for d in need.dims)
    fields_zh = "、".join(PLATFORM_FIELDS[d] for d in sorted(need.dims) if d in PLATFORM_FIELDS)
    fields_en = " and ".join(PLATFORM_FIELDS_EN[d] for d in sorted(need.dims) if d in PLATFORM_FIELDS)
    money_zh = f"{CURRENCY_ZH[currency]}，分月展示"
    if subject.level == "country":
        add_zh, add_en = _comtrade_way(need, subject)
    elif records_only:
        add_zh = "此类数据仅见于海关的企业级统计数据，公开平台不提供"
        add_en = "only a customs office's record-level data hold them; the public platform does not"
    elif need.scope == "peers":
        only = "筛选所需商品组的商品编码，" if "product" in need.dims else ""
        add_zh = f"补充方法：在海关统计数据在线查询平台{only}按{fields_zh}分组下载全国各省数据（{money_zh}）"
        only_en = " for the HS codes of the product groups" if "product" in need.dims else ""
        add_en = (f"download every province grouped by {fields_en}{only_en} from the customs statistics platform "
                  f"({currency}, monthly)")
    else:
        add_zh = f"补充方法：在海关统计数据在线查询平台选择注册地为{who}，按{fields_zh}分组下载（{money_zh}）"
        add_en = (f"download {subject.name_en} grouped by {fields_en} from the customs statistics platform "
                  f"({currency}, monthly)")
    if need.scope == "peers" and subject.level == "country":
        by_en = "other reporters"
    why_en = f" ({'; '.join(incomplete)})" if incomplete else ""
    whose = f"{period.label_zh(with_year=True)}全国各省" if need.scope == "peers" and subject.level != "country" else \
        f"{period.label_zh(with_year=True)}其他申报方" if need.scope == "peers" else \
        f"{who}{period.label_zh(with_year=True)}按{by_zh}分组"
    flow_zh, flow_en = ({"export": "出口", "import": "进口"}[flow], f" {flow}s") if flow else ("", "")
    what_en = f"{need.en[0].upper()}{need.en[1:]}" + (f" for {flow}s" if flow else "")
    return Note(
        "left-out",
        f"{flow_zh}{need.zh}相关数据从略：已载入的数据中没有{whose}的完整{flow_zh}数据（{CURRENCY_ZH[currency]}）；"
        f"{add_zh}。",
        f"{what_en} are left out: no loaded data hold {subject.name_en}'s{flow_en or ' trade'} "
        f"by {by_en} for every month of {period} in {currency}{why_en}; {add_en}.",
    )


def _comtrade_way(need: Need, subject: Region) -> tuple[str, str]:
    """What would add a country's figures: a UN Comtrade query, or nothing (Comtrade has no such field)."""
    if need.children:
        return ("联合国商品贸易统计数据库只有申报方整体的数据，不分其国内地区",
                "UN Comtrade reports a country as a whole, not by its regions")
    if any(d not in ("region", "partner", "product") for d in need.dims):
        by_zh = "、".join(DIM_WORDS[d][0] for d in sorted(need.dims) if d != "region")
        by_en = " and ".join(DIM_WORDS[d][1] for d in sorted(need.dims) if d != "region")
        return (f"联合国商品贸易统计数据库（UN Comtrade）不按{by_zh}分列各国数据",
                f"UN Comtrade does not break a country's trade down by {by_en}")
    if need.scope == "peers":
        return ("补充方法：从联合国商品贸易统计数据库（UN Comtrade）下载其他申报方同期按月的数据（伙伴为World）",
                "load other reporters' monthly data for the same months from UN Comtrade (partner World)")
    dims = [d for d in sorted(need.dims) if d != "region"]
    fields_zh = "、".join({"partner": "贸易伙伴", "product": "商品编码"}[d] for d in dims)
    fields_en = " and ".join({"partner": "partner", "product": "HS code"}[d] for d in dims)
    return (f"补充方法：在联合国商品贸易统计数据库（UN Comtrade）按申报方{subject.name_zh}、{fields_zh}分月查询下载",
            f"query UN Comtrade for reporter {subject.name_en} by {fields_en}, monthly")


def cut_label(dims: Sequence[str], lang: str) -> str:
    """A cut named by its fields: '贸易伙伴×商品' / 'partner × product'; '总值' / 'totals' for none."""
    shown = [DIM_WORDS[d][0 if lang == "zh" else 1] for d in dims if d in DIM_WORDS]
    if lang == "zh":
        return "×".join(shown) or "总值"
    return " × ".join(shown) or "totals"


__all__ = ["CURRENCY_ZH", "DIM_WORDS", "PLATFORM_FIELDS", "PLATFORM_FIELDS_EN", "cut_label", "left_out"]
