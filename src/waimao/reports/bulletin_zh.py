"""The Chinese bulletin, in the order and words of the Qinghai customs releases (shared/seeds).

Headline (total, exports, imports, balance, rank and gap to the nation) and what drove each
flow (reports/drivers.py); enterprises; partners (count, new partners, the top partners with the
EU and ASEAN as blocs, the Belt and Road group, what pulled a falling flow down); leading export
and import product groups, several to a sentence as customs writers group them; regions. Every
number is a figure record of the `FigureSet`; this module only chooses which (by `Rules`) and
strings them into sentences. An annual release compares with 上年, not 去年同期 (`_annual`).
"""

from __future__ import annotations

from decimal import Decimal

from waimao.indicators import Figure, FigureSet
from waimao.indicators.labels import FLOW_ZH, children_zh, whole_zh
from waimao.model import wording as w
from waimao.reports.document import Bulletin, Paragraph, Part, Section
from waimao.reports.driver_text import drivers_zh
from waimao.reports.rules import Rules
from waimao.reports.selection import Picker

_SELF = {"全省": "我省", "全州": "我州", "全市": "我市", "全区": "我区", "全国": "我国"}


class _Writer(Picker):
    def __init__(self, fs: FigureSet, rules: Rules):
        super().__init__(fs, rules)
        self.whole = whole_zh(fs.subject)
        self.me = _SELF.get(self.whole, self.whole)
        self.when = fs.period.label_zh(with_year=fs.period.kind == "year" or self.abroad)
        self.source = "据联合国商品贸易统计数据库（UN Comtrade）数据" if self.abroad else "据海关统计"

    def money(self, figure: Figure) -> str:
        """A money figure worded again (合计13.6亿元), in its currency."""
        return w.money_zh(figure.yuan, currency=figure.currency)


def compose_zh(fs: FigureSet, rules: Rules) -> Bulletin:
    """The zh bulletin of a figure set."""
    x = _Writer(fs, rules)
    subject = fs.subject_name
    title = f"{fs.period.label_zh(with_year=True)}{subject}外贸进出口情况"
    bulletin = Bulletin(title, subject, str(fs.period), "zh", notes=[note.zh for note in fs.notes])
    for make in (_headline, _enterprises, _partners, _exports, _imports, _regions):
        section = make(x)
        if section is not None and section.paragraphs:
            bulletin.sections.append(section)
    if fs.period.kind == "year":
        _annual(bulletin)
    return bulletin


def _annual(bulletin: Bulletin) -> None:
    """An annual release compares with the previous year: 比上年, 较上年增加83家, 上年无出口.

    The figure records word every comparison 去年同期 (right for a quarter or a half); the same
    number is stated, only the words change, so the trace still ties each part to its figure.
    """
    for section in bulletin.sections:
        for paragraph in section.paragraphs:
            paragraph.parts = [Part(part.text.replace("去年同期", "上年"), part.figure) for part in paragraph.parts]


def _headline(x: _Writer) -> Section:
    p = Paragraph().say(f"{x.source}，{x.when}，{x.fs.subject_name}")
    total = x.get("total", None, "value")
    p.cite(total)
    g = x.growth("total", None)
    if g is not None:
        p.say("，比去年同期（下同）").cite(g)
    rank, gap = x.get("total", None, "rank"), x.get("total", None, "gap_pp")
    p.then(rank)
    if gap is not None:  # 增速居全国首位，高出全国平均增速…: the second 增速 is implied
        p.say("，").cite(gap, gap.text.removeprefix("增速") if rank is not None else None)
    p.say("。其中")
    for flow in ("export", "import"):
        value = x.get(flow, None, "value")
        if value is None:
            continue
        p.say("，" if flow == "export" else "；").cite(value)
        growth = x.growth(flow, None)
        if growth is not None:
            p.say("，").cite(growth)
    balance = x.get("balance", None, "value")
    if balance is not None:
        p.say("；").cite(balance)
    p.say("。")
    # What drove exports and imports, by product; a flow that fell is explained by trade mode too.
    paragraphs = [p, *drivers_zh(x, "product", ("export", "import"), falling_only=False),
                  *drivers_zh(x, "trade_mode", ("export", "import"), falling_only=True)]
    return Section("总体情况", paragraphs)


def _enterprises(x: _Writer) -> Section | None:
    count = x.get("total", None, "count")
    if count is None:
        return None
    private = ("enterprise_type", "民营企业")
    p = Paragraph().say(f"{x.when}，{x.me}").cite(count)
    n_private = x.get("total", private, "count")
    if n_private is not None:
        p.say("，其中民营企业").cite(n_private, w.count_zh(int(n_private.value), "家"))
        change = x.get("total", private, "count_change")
        if change is not None:
            p.say("，").cite(change)
    p.say("。")
    paragraphs = [p]
    value = x.get("total", private, "value")
    if value is not None:
        q = Paragraph().cite(value, f"民营企业进出口总值{x.money(value)}")
        q.then(x.growth("total", private),
               *(x.get("total", private, m) for m in ("share_pct", "share_change_pp", "pull_pp", "contribution_pct")))
        q.say("。")
        paragraphs.append(q)
    return Section("经营主体", paragraphs)


def _partners(x: _Writer) -> Section | None:
    count = x.get("total", None, "partner_count")
    paragraphs = [] if count is None else [_partner_count(x, count)]  # no count from a partial partner list
    china = x.china()
    if china is not None:  # 对中国进出口…，中国为越南第一大贸易伙伴
        c = Paragraph().say(f"{x.when}，{x.me}").cite(china)
        c.then(x.growth("total", china.breakdown), x.get("total", china.breakdown, "share_pct"))
        rank = x.get("total", china.breakdown, "partner_rank")
        if rank is not None:
            c.say("，中国").cite(rank)
        paragraphs.append(c.say("。"))
    top = x.top_set()
    if top is not None:
        names = top.breakdown.name.split("+")
        q = Paragraph().say(f"{'、'.join(names)}为{x.me}前{w.chinese_numeral(len(names))}大贸易伙伴，合计进出口")
        q.cite(top, x.money(top))
        share = x.get("total", top.breakdown, "share_pct")
        if share is not None:
            q.say("，").cite(share)
        q.say("。")
        paragraphs.append(q)
    group_name = x.partner_group
    group = ("partner_group", group_name)
    value = x.get("total", group, "value")
    if value is not None:
        members = x.get("total", group, "partner_count")
        if x.abroad and members is None:  # 同期，越南对RCEP其他成员国进出口…
            r = Paragraph().say(f"同期，{x.me}对{group_name}其他成员国进出口").cite(value, x.money(value))
        else:
            r = Paragraph().say(f"同期，{x.me}与{group_name}中的")
            if members is not None:
                r.cite(members, f"{int(members.value)}个国家")
            r.say("有贸易往来，合计进出口").cite(value, x.money(value))
        r.then(x.growth("total", group), x.get("total", group, "growth_gap_pp"), x.get("total", group, "share_pct"))
        r.say("。")
        paragraphs.append(r)
    paragraphs += drivers_zh(x, "partner", ("total", "export", "import"), falling_only=True)
    return Section("贸易伙伴", paragraphs) if paragraphs else None


def _partner_count(x: _Writer, count: Figure) -> Paragraph:
    p = Paragraph().say(f"{x.when}，{x.me}共").cite(count, f"与{int(count.value)}个国家（地区）有贸易往来")
    new = x.get("total", None, "new_partner_count")
    if new is not None and new.value > 0:
        names, more = x.new_partner_names(new)
        more = "等" if more else ""
        p.say(f"，新增{'、'.join(names)}{more}").cite(new, f"{int(new.value)}个贸易伙伴")
        value = x.get("total", ("partner_group", "新增贸易伙伴"), "value")
        if value is not None:
            p.say("，").cite(value, f"新增贸易伙伴进出口值{x.money(value)}")
    return p.say("。")


#: Product groups stated in one sentence (锂离子蓄电池出口6.3亿元，…；多晶硅出口2.4亿元，…；农产品出口…。).
GROUP_SIZE = 3


def _grouped(x: _Writer, flow: str, chosen: list[Figure], opening: str) -> Paragraph:
    """Several groups in one sentence, as customs writers list them: 一季度，我省锂离子蓄电池出口6.3亿元，
    增长69.2倍，占全省出口总值的38%；多晶硅出口2.4亿元，增长3.5倍，占…；农产品出口….

    Each group keeps its own growth and share clause (a new group reads 去年同期无出口) rather than a
    分别 list, which the claim checker cannot yet tie back to each group.
    """
    p = Paragraph().say(opening)
    for i, value in enumerate(chosen):
        b = value.breakdown
        p.say("；" if i else "").say(f"{b.name}{FLOW_ZH[flow]}").cite(value, x.money(value))
        p.then(x.growth(flow, b), x.get(flow, b, "share_pct"))
        if not _has_details(x, flow, value):  # a streak alone is said here, not in a sentence of its own
            p.then(x.streak(flow, b))
    return p.say("。")


def _has_details(x: _Writer, flow: str, value: Figure) -> bool:
    """Whether a group has more to say than a streak: tonnage, a growth rank or a national share."""
    b = value.breakdown
    facts = (x.tonnage(flow, b), x.get(flow, b, "rank"), x.get(flow, b, "national_share_pct"))
    return any(f is not None for f in facts)


def _details(x: _Writer, flow: str, value: Figure) -> Paragraph | None:
    """What a release adds about one group: tonnage, its rank and share in the nation, a growth streak."""
    b = value.breakdown
    p = Paragraph().say(f"{b.name}{FLOW_ZH[flow]}")
    quantity = x.tonnage(flow, b)
    if quantity is not None:
        p.cite(quantity, f"量{w.quantity_zh(Decimal(repr(quantity.value)), '吨')}")
    p.then(x.get(flow, b, "rank"), x.get(flow, b, "national_share_pct"))
    size = x.value_rank(flow, b)
    if size is not None:  # 占全国同类出口商品的12.1%，居全国第三位
        p.say("，").cite(size, size.text.removeprefix("规模"))
    streak = x.streak(flow, b)
    if streak is not None:
        p.say("，").cite(streak)
    if len(p.parts) == 1:
        return None
    if p.parts[1].text.startswith("，"):  # no tonnage: 多晶硅出口增速居全国首位, not 多晶硅出口，增速…
        p.parts[1] = Part(p.parts[1].text.removeprefix("，"), p.parts[1].figure)
    return p


def _products(x: _Writer, flow: str) -> Section | None:
    chosen = x.product_groups(flow)
    if not chosen:
        return None
    title = "主要出口商品" if flow == "export" else "主要进口商品"
    paragraphs = []
    for start in range(0, len(chosen), GROUP_SIZE):
        opening = f"{x.when}，{x.me}" if start == 0 else "此外，"  # never ten paragraphs opening 一季度，我省…
        paragraphs.append(_grouped(x, flow, chosen[start:start + GROUP_SIZE], opening))
    details = [d for d in (_details(x, flow, f) for f in chosen if _has_details(x, flow, f)) if d is not None]
    if details:  # one paragraph, a sentence per group: 锂离子蓄电池出口增速居全国首位，…。多晶硅出口…。
        joined = Paragraph()
        for detail in details:
            joined.parts += detail.parts + [Part("。")]
        paragraphs.append(joined)
    return Section(title, paragraphs)


def _exports(x: _Writer) -> Section | None:
    return _products(x, "export")


def _imports(x: _Writer) -> Section | None:
    return _products(x, "import")


def _regions(x: _Writer) -> Section | None:
    count = x.get("total", None, "region_count")
    if count is None:
        return None
    p = Paragraph().say(f"{x.when}，").cite(count).say("。")
    title = "各" + children_zh(x.fs.subject)  # 各市州, or 各省（区、市） in a national release
    values = x.regions()
    if values:
        q = Paragraph().say("其中，")
        for i, value in enumerate(values):
            q.say("；" if i else "").cite(value)
            growth = x.growth("total", value.breakdown)
            if growth is not None:
                q.say("，").cite(growth)
        growing = x.get("total", None, "growing_region_count")
        q.say("。")
        if growing is not None and growing.value > 0:  # never 0个市州呈增长态势
            q.cite(growing).say("。")
        return Section(title, [p, q, *drivers_zh(x, "region", ("total", "export", "import"), falling_only=True)])
    return Section(title, [p])


__all__ = ["compose_zh"]
