"""Driver sentences in Chinese and English: what pulled a flow up or down, as releases word it.

reports/drivers.py chooses the members by rule; this module words them, the same members with
the same figures in both languages: 从商品看，进口下降主要是HS编码26169000商品进口下降99.9%，拉低全省
进口增速21.6个百分点；… / "By product, … Imports fell mainly because imports of HS 26169000 fell
99.9%, pulling total imports down by 21.6 percentage points, and …".
"""

from __future__ import annotations

from waimao.indicators import Figure
from waimao.indicators.labels import FLOW_ZH, children_zh
from waimao.model import wording as w
from waimao.reports.document import Paragraph
from waimao.reports.drivers import Drivers, drivers, member_en, member_zh
from waimao.reports.english import short_name, with_article
from waimao.reports.selection import Picker

#: How a driver sentence opens, by the kind of its members (从商品看，进口下降主要是…).
_LEAD_ZH = {"product": "从商品看，", "trade_mode": "从贸易方式看，", "partner": "从贸易伙伴看，"}


def _sentence_zh(x: Picker, p: Paragraph, found: Drivers) -> None:
    """进口下降主要是…进口下降99.9%，拉低全省进口增速21.6个百分点；…。"""
    flow = FLOW_ZH[found.flow]
    p.say(f"{'外贸' if found.flow == 'total' else flow}{'增长' if found.rising else '下降'}主要是")
    for i, item in enumerate(found.items):
        p.say(("；" if i else "") + f"{member_zh(item.breakdown)}{flow}")
        if item.growth is None or item.growth.metric == "first_time":
            value = x.get(found.flow, item.breakdown, "value")
            if value is not None:
                p.cite(value, w.money_zh(value.yuan, currency=value.currency))
            if item.growth is not None:
                p.say("（").cite(item.growth).say("）")
        else:
            p.cite(item.growth)
        p.say("，").cite(item.pull)
    p.say("。")


def _chosen(x: Picker, kind: str, flows: tuple[str, ...], falling_only: bool) -> list[Drivers]:
    """The drivers of each flow the rule explains; only the falling flows when `falling_only`."""
    found = [d for d in (drivers(x, flow, kind) for flow in flows) if d is not None]
    return [d for d in found if not (falling_only and d.rising)]


def drivers_zh(x: Picker, kind: str, flows: tuple[str, ...], falling_only: bool) -> list[Paragraph]:
    """One paragraph on what drove each flow the rule explains: 从商品看，出口增长主要是…。进口下降主要是…。"""
    found = _chosen(x, kind, flows, falling_only)
    if not found:
        return []
    lead = _LEAD_ZH.get(kind, f"分{children_zh(x.fs.subject)}看，")  # regions: 分市州看
    p = Paragraph().say(lead)
    for one in found:
        _sentence_zh(x, p, one)
    return [p]


#: How a driver sentence opens, by the kind of its members; regions by the level below the subject.
_LEAD_EN = {"product": "By product", "trade_mode": "By trade mode", "partner": "By partner"}
_CHILD_EN = {"nation": "province", "province": "prefecture", "prefecture": "zone"}
_FLOW_NOUN = {"total": "trade", "export": "exports", "import": "imports"}


def _member_flow(kind: str, flow: str, name: str) -> str:
    """'imports of HS 26169000', 'imports from Mongolia', 'imports under ordinary trade', "Xining's imports"."""
    noun = _FLOW_NOUN[flow]
    if kind == "partner":
        return f"{noun} {'with' if flow == 'total' else 'to' if flow == 'export' else 'from'} {with_article(name)}"
    if kind == "trade_mode":
        return f"{noun} under {name.lower()}"
    if kind == "region":
        return f"{short_name(name)}'s {noun}"
    return f"{noun} of {name}"


def _verb_growth(growth: Figure) -> str:
    """'grew 6,916.6%' / 'fell 99.95%': the growth figure's English as a verb."""
    text = growth.text_en.removesuffix(" year on year")
    if text.startswith("up "):
        return "grew " + text.removeprefix("up ")
    if text.startswith("down "):
        return "fell " + text.removeprefix("down ")
    return text


def _sentence_en(x: Picker, p: Paragraph, found: Drivers, lead: str) -> None:
    """'Imports fell mainly because imports of HS 26169000 fell 99.9%, pulling total imports down by
    21.6 percentage points, and …'."""
    noun = _FLOW_NOUN[found.flow]
    way = "up" if found.rising else "down"
    opening = f"{noun} {'grew' if found.rising else 'fell'} mainly because "
    p.say(lead + (opening if lead.strip() else opening[0].upper() + opening[1:]))
    for i, item in enumerate(found.items):
        if i:
            p.say(", and " if i == len(found.items) - 1 else ", ")
        p.say(_member_flow(found.kind, found.flow, member_en(item.breakdown)) + " ")
        if item.growth is None or item.growth.metric == "first_time":
            value = x.get(found.flow, item.breakdown, "value")
            p.say("came to ")
            if value is not None:
                p.cite(value, w.money_en(value.yuan, currency=value.currency))
            if item.growth is not None:
                p.say(" (").cite(item.growth, "none a year earlier").say(")")
        else:
            p.cite(item.growth, _verb_growth(item.growth))
        shown = w.round_half_up(abs(item.pull.value), 1)
        p.say(f", pulling {'total ' + noun if i == 0 else 'them'} {way} by ").cite(item.pull, w.pp_en(shown))
    p.say(".")


def drivers_en(x: Picker, kind: str, flows: tuple[str, ...], falling_only: bool) -> list[Paragraph]:
    """One paragraph on what drove each flow the rule explains, as in the Chinese text."""
    found = _chosen(x, kind, flows, falling_only)
    if not found:
        return []
    first = _LEAD_EN.get(kind) or f"By {_CHILD_EN.get(x.fs.subject.level, 'region')}"
    p = Paragraph()
    for i, one in enumerate(found):
        lead = f"{first}, " if i == 0 else " "
        _sentence_en(x, p, one, lead)
    return [p]


__all__ = ["drivers_en", "drivers_zh"]
