"""Names of subjects, flows and breakdown members in the words a bulletin uses (zh and en).

A figure's `text` must read like the release it will be quoted in: 全省 for a province, 全州
for an autonomous prefecture, 对匈牙利进出口 for a partner, 民营企业进出口 for an enterprise type.
Those few conventions live here so the figure code only says which figure it makes.
"""

from __future__ import annotations

from waimao.indicators.records import Breakdown
from waimao.model import partner_groups, products
from waimao.model.partners import partner_by_code, resolve_partner
from waimao.model.regions import REGIONS, Region, resolve_region
from waimao.model.schema import ENTERPRISE_TYPES
from waimao.model.trade_modes import TRADE_MODES, trade_mode_name

FLOW_ZH = {"total": "进出口", "export": "出口", "import": "进口", "balance": "贸易差额"}
FLOW_EN = {"total": "trade", "export": "exports", "import": "imports", "balance": "the trade balance"}
_ENTERPRISE_EN = {"state_owned": "state-owned enterprises", "foreign_invested": "foreign-invested enterprises",
                  "private": "private enterprises", "other": "other enterprises"}


def subject_name(region: Region) -> str:
    """The reference name a figure record carries: 青海省, 西宁市, 海西州 (the common short form)."""
    return region.common_zh or region.name_zh


def whole_zh(region: Region) -> str:
    """How a release names its own region as a whole: 全省, 全市, 全州, 全区, 全国."""
    if region.level == "nation":
        return "全国"
    if region.level == "province":
        return "全区" if region.name_zh.endswith("自治区") else ("全市" if region.name_zh.endswith("市") else "全省")
    if region.level == "prefecture":
        name = subject_name(region)
        return "全州" if name.endswith("州") else ("全市" if name.endswith("市") else "全区")
    return "全区"


def children_zh(region: Region) -> str:
    """What the next level down is called: 省（区、市）, 市州 (区县 in a municipality), 园区."""
    if region.kind == "直辖市":
        return "区县"
    return {"nation": "省（区、市）", "province": "市州", "prefecture": "园区"}.get(region.level, "地区")


def member_names(kind: str, member: str) -> tuple[str, str]:
    """(zh, en) names of a breakdown member given by its stored key (partner code, HS code, …)."""
    if kind == "partner":
        partner = partner_by_code(member)
        return (partner.name_zh, partner.name_en) if partner else (member, member)
    if kind == "product":
        return member, f"HS {member}"
    if kind == "product_group":
        group = products.resolve_group(member)
        return group.name, group.name_en
    if kind == "partner_group":
        try:
            group = partner_groups.resolve_group(member)
        except LookupError:
            return member, member
        return group.name, group.name_en
    if kind == "enterprise_type":
        return ENTERPRISE_TYPES.get(member, member), _ENTERPRISE_EN.get(member, member)
    if kind == "trade_mode":
        try:
            return trade_mode_name(member, "zh"), trade_mode_name(member, "en")
        except (KeyError, LookupError, ValueError):
            return member, member
    if kind == "region":
        region = REGIONS.get(member)
        return (subject_name(region), region.name_en) if region else (member, member)
    raise ValueError(f"unknown breakdown kind {kind!r}")


def english_name(breakdown: Breakdown) -> str:
    """The English name of a member as figure records name it (in Chinese): 俄罗斯 → Russia.

    A '+'-joined partner set is named part by part; a name no table knows is returned as is.
    """
    if "+" in breakdown.name:
        return " + ".join(english_name(Breakdown(breakdown.kind, part)) for part in breakdown.name.split("+"))
    name = breakdown.name
    try:
        if breakdown.kind in ("partner", "partner_group"):
            try:
                return partner_groups.resolve_group(name).name_en
            except LookupError:
                return resolve_partner(name).name_en
        if breakdown.kind == "product_group":
            return products.resolve_group(name).name_en
        if breakdown.kind == "region":
            return resolve_region(name).name_en
    except LookupError:
        return name
    if breakdown.kind == "enterprise_type":
        keys = {zh: key for key, zh in ENTERPRISE_TYPES.items()}
        return _ENTERPRISE_EN.get(keys.get(name, ""), name)
    if breakdown.kind == "trade_mode":
        return next((mode.name_en for mode in TRADE_MODES.values() if mode.name_zh == name), name)
    if breakdown.kind == "product":
        return f"HS {name}"
    return name


__all__ = ["FLOW_EN", "FLOW_ZH", "children_zh", "english_name", "member_names", "subject_name", "whole_zh"]
