"""Slices a release names by where the words stand, not by a table: 对中东欧17国进出口, 手机出口416万台.

The package's tables name the partners, blocs and product groups the engine computes; releases name
many more (成品油, 纸浆, 金属矿及矿砂, 中东欧, 拉美). The genre places them fixed: a partner right after
对/与/自 and before a flow (对X进出口, 与X贸易), a product right before a flow at the head of a clause
(X出口N亿元) or right after one before its figure (进口X同比增长N%). A slice read this way is kept with
the claim under its own words (so the figure is not given to the slice of an earlier clause, nor to
the whole), and marked unresolved so that it is never checked against data it does not name.
"""

from __future__ import annotations

import re

from waimao.claims.lexicon import Mention

_CJK = r"\u4e00-\u9fff"
#: A partner: 对X进出口 / 与X的贸易 / 自X进口 (X may end in a count of its countries: 中东欧17国).
_PARTNER = re.compile(rf"(?:对|与|自|同)(?P<x>[{_CJK}“”]{{2,10}}?)(?P<count>\d+国)?(?:的)?"
                      r"(?=进出口|出口|进口|贸易|双边)")
#: A flow with its figure or change right after it: the words before it, back to the clause's start or to
#: a known name, are a product (青岛市手机出口416万台, 原油进口1995.7亿元).
_FLOW_WITH_FIGURE = re.compile(r"(?:出口|进口)(?=(?:量|额|值)?(?:为|达|约|合计|共计|总计)?(?:大幅|快速|持续|稳步|明显)?"
                               r"(?:\d|分别|同比|增长|下降))")
_LEAD = re.compile(r"^(?:其中|同期|此外|另外|而且|而|但|并且|并|今年|上半年|下半年|[一二三四]季度|前\w{1,2}个月)+")
#: A product right after a flow word, before its figure or change: 进口成品油同比增长52.5%.
_PRODUCT_AFTER = re.compile(rf"(?<!进出口)(?<=出口|进口)(?P<x>[{_CJK}][{_CJK}、]{{1,9}}?)(?=\d|同比|分别|增长|下降)")

#: An item of a run of quantities at a clause's head (;其中,能源产品2457.7万吨;粮食252.6万吨).
_ITEM = re.compile(rf"(?<=[,;:])(?:其中,?)?(?P<x>[{_CJK}]{{2,8}}?)(?=\d+(?:\.\d+)?(?:万吨|吨|万台|台|万辆|辆))")
_AFTER_MEMBER = re.compile(rf"[、和及](?P<x>[{_CJK}“”]{{2,10}}?)(?=进出口|出口|进口|[、和及]|分别|等|的|合计|$)")
_BEFORE_MEMBER = re.compile(rf"(?<=[,;:。对与自进出口])(?P<x>[{_CJK}“”]{{2,10}}?)[、和及]$")
#: Words that show a run is not a name (a subject, a period, a connective, a figure's own words).
_NOT_A_NAME = ("全省", "全市", "全国", "全区", "我省", "我市", "本市", "本省", "企业", "贸易", "外贸", "地区",
               "进", "出",
               "其中", "同期", "此外", "合计", "累计", "总值", "总额", "金额", "同比", "增长", "下降", "季度", "月",
               "年", "分别", "主要", "上述", "其他", "以上", "方面", "规模", "数量", "实现", "达到", "继续", "保持",
               "大幅", "增速", "比重", "占", "市场", "国家和", "各国", "所有", "部分", "一批", "今年", "去年",
               "完成", "速", "快", "稳", "强劲", "持续", "明显", "依旧", "仍", "首次", "创")
_BAD_START = "额值量总增下分同达为约近超逾突规保持继连主实的和及与对向在从是也均已共将仍"


def _after_subject(known: list[Mention], pos: int) -> bool:
    return any(m.end == pos and m.kind in ("region", "self", "district") for m in known)


def _is_name(x: str) -> bool:
    return (len(x) >= 2 and x[0] not in _BAD_START and not x.endswith("等")
            and not any(w in x for w in _NOT_A_NAME))


def guess(text: str, masked: list[bool], known: list[Mention]) -> tuple[list[Mention], list[Mention]]:
    """(the known names, less those inside a longer partner name; the slices named by position that no
    table knows, not masked and not overlapping a known name). 中东欧 is read whole, not as 中东 + 欧."""
    known = list(known)
    for m in _PARTNER.finditer(text):
        inside = [k for k in known if k.kind in ("partner", "partner_group") and m.start("x") <= k.start
                  and k.end <= m.end("x") and (k.start, k.end) != m.span("x")]
        if inside and all(k.end - k.start >= 2 for k in inside) and _is_name(m["x"]):
            known = [k for k in known if k not in inside]
    taken = list(masked)
    for m in known:
        taken[m.start:m.end] = [True] * (m.end - m.start)
    found: list[Mention] = []

    def add(kind: str, start: int, end: int) -> None:
        x = text[start:end]
        if _is_name(x) and not any(taken[start:end]):
            # a clean group name, without the enumeration comma (纸浆、纸及其制品 → 纸浆纸及其制品)
            found.append(Mention(kind, x.replace("、", ""), start, end))
            taken[start:end] = [True] * (end - start)

    for m in _PARTNER.finditer(text):
        group = m["count"] or m["x"].endswith(("国家", "地区", "成员国", "伙伴", "各国"))
        kind = "partner_group" if group else "partner"
        add(kind, m.start("x"), m.end("x"))
    for m in _FLOW_WITH_FIGURE.finditer(text):
        start = m.start()
        while start > 0 and not taken[start - 1] and re.match(rf"[{_CJK}]", text[start - 1]):
            start -= 1
        lead = _LEAD.match(text, start)
        if lead:
            start = lead.end()
        head = start
        if text.startswith("类", start) and start > 0 and text[start - 1].isdigit():
            start += 1  # 10类大宗商品: the count of classes is no part of the name
            while head > 0 and text[head - 1].isdigit():
                head -= 1
        # Only a run that starts a clause or follows the subject: after a known product (多晶硅原料进口,
        # 盐湖“镁系”相关产品出口) the run qualifies that name and is none of its own.
        before = text[head - 1] if head > 0 else ","
        if before not in ",;:。" and (lead is None) and not _after_subject(known, head):
            continue
        if m.start() - start <= 10:
            add("product_group", start, m.start())
    for m in _ITEM.finditer(text):
        add("product_group", m.start("x"), m.end("x"))
    for m in _PRODUCT_AFTER.finditer(text):
        add("product_group", m.start("x"), m.end("x"))
    # A member of a list next to a known one (RCEP成员国、“一带一路”沿线国家和金砖国家; 铁矿砂和农产品).
    for k in known:
        kind = k.members[0].kind if k.kind == "list" else k.kind
        if kind not in ("partner", "partner_group", "product_group"):
            continue
        after = _AFTER_MEMBER.match(text, k.end)
        if after:
            add(kind, after.start("x"), after.end("x"))
        before = _BEFORE_MEMBER.search(text, max(0, k.start - 12), k.start)
        if before:
            add(kind, before.start("x"), before.end("x"))
    return known, sorted(found, key=lambda m: m.start)
