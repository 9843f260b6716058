"""The English bulletin: the same figures as the Chinese one, written as an English-language release.

It states what the Chinese text states (the `Picker` and reports/drivers.py choose for both) but
in the order and idiom of an English news release: the headline number and its growth first,
then what drove it. Growth above 100 % is the unrounded percentage (up 105.3% where the Chinese
rounds to 增长1.1倍), never "2.1 times" nor the 倍 figure times 100; money is in CNY millions and
billions with the precision of the Chinese 万元 and 亿元.
"""

from __future__ import annotations

from decimal import Decimal

from waimao.indicators import Breakdown, Figure, FigureSet
from waimao.indicators.labels import english_name
from waimao.model import partner_groups
from waimao.model import wording as w
from waimao.model.periods import Period
from waimao.reports.document import Bulletin, Paragraph, Section
from waimao.reports.driver_text import drivers_en
from waimao.reports.english import and_list, count_en, lower_name, short_name, with_article
from waimao.reports.rules import Rules
from waimao.reports.selection import Picker

_QUARTERS = ("first", "second", "third", "fourth")
_WHOLE = {"nation": "the country", "province": "the province", "prefecture": "the prefecture", "zone": "the zone"}
_REGIONS = {"nation": ("province", "provinces"), "province": ("prefecture-level region", "prefecture-level regions"),
            "prefecture": ("zone", "zones")}
#: What a subject's growth is ranked among: (after 'of any', after 'among').
_PEERS = {"province": ("province", "provinces"),
          "prefecture": ("prefecture in the province", "the province's prefectures"),
          "zone": ("zone in the province", "the province's zones")}


def period_en(period: Period) -> str:
    """'the first quarter of 2025', 'the first half of 2025', '2024', 'January-April 2025'."""
    kind = period.kind
    if kind == "quarter":
        return f"the {_QUARTERS[period.end // 3 - 1]} quarter of {period.year}"
    if kind == "half":
        return f"the {'first' if period.end == 6 else 'second'} half of {period.year}"
    return period.label_en()


def _growth(figure: Figure) -> str:
    """'up 87.8%', 'up 210%', 'down 50.3%'; a first-time figure reads 'with none a year earlier'."""
    if figure.metric == "first_time":
        return "with none a year earlier"
    return figure.text_en.removesuffix(" year on year")


def _money(figure: Figure) -> str:
    return w.money_en(figure.yuan, currency=figure.currency)


def _pct(figure: Figure) -> str:
    return f"{w.format_number(w.round_half_up(figure.value, 1))}%"


class _Writer(Picker):
    def __init__(self, fs: FigureSet, rules: Rules):
        super().__init__(fs, rules)
        self.name = short_name(english_name(Breakdown("region", fs.subject.name_zh)))
        self.peer, self.peers = _PEERS.get(fs.subject.level, ("region", "regions"))
        self.whole = _WHOLE.get(fs.subject.level, "the region")
        if self.abroad:  # a Comtrade reporter: named, and ranked among the reporters loaded
            self.peer, self.peers, self.whole = "reporter loaded", "the reporters loaded", self.name
        self.when = period_en(fs.period)

    def money_growth(self, p: Paragraph, flow: str, breakdown: Breakdown | None, value: Figure,
                     joiner: str = ", ") -> Paragraph:
        """'CNY 1.65 billion, up 210%' (growth after the value, when there is one)."""
        p.cite(value, _money(value))
        growth = self.growth(flow, breakdown)
        if growth is not None:
            p.say(joiner).cite(growth, _growth(growth))
        return p


def compose_en(fs: FigureSet, rules: Rules) -> Bulletin:
    """The en bulletin of a figure set."""
    x = _Writer(fs, rules)
    title = f"{x.name}'s foreign trade in {x.when}"
    bulletin = Bulletin(title[0].upper() + title[1:], fs.subject.name_zh, str(fs.period), "en",
                        notes=[note.en for note in fs.notes])
    for make in (_headline_abroad if x.abroad else _headline, _enterprises, _partners, _exports, _imports,
                 _regions):
        section = make(x)
        if section is not None and section.paragraphs:
            bulletin.sections.append(section)
    return bulletin


def _headline(x: _Writer) -> Section:
    total = x.get("total", None, "value")
    p = Paragraph().say(f"According to customs statistics, {x.name}'s imports and exports totalled ")
    p.cite(total, _money(total)).say(f" in {x.when}")
    growth = x.growth("total", None)
    if growth is not None:
        p.say(", ").cite(growth, growth.text_en if growth.metric != "first_time" else _growth(growth))
    p.say(".")
    rank, gap = x.get("total", None, "rank"), x.get("total", None, "gap_pp")
    if rank is not None:
        n = int(rank.value)
        words = (f"the fastest growth of any {x.peer}" if n == 1
                 else f"the {w.rank_en(n)} fastest growth among {x.peers}")
        p.say(" It was ").cite(rank, words)
        if gap is not None:
            p.say(", ").cite(gap, w.gap_en(Decimal(repr(gap.value)), "the national average"))
        p.say(".")
    elif gap is not None:
        p.say(" Growth was ").cite(gap, w.gap_en(Decimal(repr(gap.value)), "the national average")).say(".")
    exports, imports = x.get("export", None, "value"), x.get("import", None, "value")
    if exports is not None:
        p.say(" Exports reached ")
        x.money_growth(p, "export", None, exports)
        if imports is not None:
            p.say(", while imports were ")
            x.money_growth(p, "import", None, imports)
        balance = x.get("balance", None, "value")
        if balance is not None:
            p.say(", leaving ").cite(balance, w.balance_en(balance.yuan, currency=balance.currency))
        p.say(".")
    paragraphs = [p, *drivers_en(x, "product", ("export", "import"), falling_only=False),
                  *drivers_en(x, "trade_mode", ("export", "import"), falling_only=True)]
    return Section("Overview", paragraphs)


def _moved(growth: Figure) -> str:
    """'rose 13.6%', 'fell 2.1%', 'were flat', as a wire story has it."""
    text = _growth(growth)
    for was, now in (("up ", "rose "), ("down ", "fell ")):
        if text.startswith(was):
            return now + text.removeprefix(was)
    return "were flat" if text == "flat" else text


def _moved_to(p: Paragraph, growth: Figure | None, otherwise: str, *, year_on_year: bool = False) -> None:
    """'rose 13.6% to ' citing the growth figure, or `otherwise` ('reached ') when there is none."""
    if growth is None:
        p.say(otherwise)
        return
    suffix = " year on year" if year_on_year and growth.metric != "first_time" else ""
    p.cite(growth, _moved(growth) + suffix).say(" to ")


def _headline_abroad(x: _Writer) -> Section:
    """Another country's release leads with its exports: 'Vietnam's exports rose 13.6% year on year to …'."""
    exports, imports, total = (x.get(flow, None, "value") for flow in ("export", "import", "total"))
    p = Paragraph()
    if exports is None:
        p.say(f"{x.name}'s imports and exports totalled ").cite(total, _money(total)).say(f" in {x.when}")
    else:
        p.say(f"{x.name}'s exports ")
        _moved_to(p, x.growth("export", None), "reached ", year_on_year=True)
        p.cite(exports, _money(exports)).say(f" in {x.when}")
        if imports is not None:
            p.say(", while imports ")
            _moved_to(p, x.growth("import", None), "were ")
            p.cite(imports, _money(imports))
        balance = x.get("balance", None, "value")
        if balance is not None:
            p.say(", leaving ").cite(balance, w.balance_en(balance.yuan, currency=balance.currency))
    p.say(", according to the country's data reported to UN Comtrade.")
    growth = x.growth("total", None)
    if exports is not None and total is not None:
        p.say(" Total trade ")
        _moved_to(p, growth, "came to ")
        p.cite(total, _money(total))
        rank, size = x.get("total", None, "rank"), x.get("total", None, "value_rank")
        if rank is not None:
            n = int(rank.value)
            p.say(", ").cite(rank, "the fastest growth among the reporters loaded" if n == 1
                             else f"the {w.rank_en(n)} fastest growth among the reporters loaded")
        if size is not None:
            n = int(size.value)
            p.say("; by value it ranked ").cite(size, "first" if n == 1 else w.rank_en(n))
        p.say(".")
    return Section("Overview", [p])


def _enterprises(x: _Writer) -> Section | None:
    count = x.get("total", None, "count")
    if count is None:
        return None
    private = ("enterprise_type", "民营企业")
    p = Paragraph().say(f"In {x.when}, ").cite(count, f"{int(count.value):,}")
    p.say(f" enterprises in {x.whole} traded abroad")
    n_private = x.get("total", private, "count")
    if n_private is not None:
        p.say(", ").cite(n_private, f"{int(n_private.value):,}").say(" of them private")
        change = x.get("total", private, "count_change")
        if change is not None and change.value != 0:
            n = int(change.value)
            p.say(" (").cite(change, f"{abs(n):,} {'more' if n > 0 else 'fewer'}").say(" than a year earlier)")
    p.say(".")
    paragraphs = [p]
    value = x.get("total", private, "value")
    if value is not None:
        q = Paragraph().say("Private enterprises traded ")
        x.money_growth(q, "total", private, value)
        share = x.get("total", private, "share_pct")
        if share is not None:
            q.say(", ").cite(share, _pct(share)).say(f" of {x.whole}'s total")
            change = x.get("total", private, "share_change_pp")
            if change is not None:
                q.say(" (").cite(change, change.text_en).say(")")
        q.say(".")
        pull, contribution = x.get("total", private, "pull_pp"), x.get("total", private, "contribution_pct")
        if pull is not None and pull.value > 0:
            q.say(" They added ").cite(pull, w.pp_en(w.round_half_up(pull.value, 1)))
            q.say(f" to {x.whole}'s trade growth")
            if contribution is not None:
                q.say(" and accounted for ").cite(contribution, _pct(contribution)).say(" of it")
            q.say(".")
        paragraphs.append(q)
    return Section("Enterprises", paragraphs)


def _partners(x: _Writer) -> Section | None:
    count = x.get("total", None, "partner_count")
    paragraphs = [] if count is None else [_partner_count(x, count)]  # no count from a partial partner list
    china = x.china()
    if china is not None:
        paragraphs.append(_china(x, china))
    top = x.top_set()
    if top is not None:
        names = [with_article(english_name(Breakdown("partner", n))) for n in top.breakdown.name.split("+")]
        lead = and_list(names)
        q = Paragraph().say(f"{lead[0].upper() + lead[1:]} were its {count_en(len(names))} largest partners, "
                            "with combined trade of ").cite(top, _money(top))
        share = x.get("total", top.breakdown, "share_pct")
        if share is not None:
            q.say(", or ").cite(share, _pct(share)).say(" of the total")
        q.say(".")
        paragraphs.append(q)
    group = ("partner_group", x.partner_group)
    value = x.get("total", group, "value")
    if value is not None:
        members = x.get("total", group, "partner_count")
        r = Paragraph().say("Trade with ")
        if members is not None:
            r.cite(members, f"{int(members.value)}")
            r.say(" ")
        group_name = english_name(Breakdown("partner_group", x.partner_group))
        if x.abroad:  # 'RCEP members' (China included), not China's 'RCEP members (other than China)'
            group_name = partner_groups.resolve_group(x.partner_group).name_en_abroad
        r.say(f"{group_name if group_name.endswith(('countries', 'members')) else group_name + ' countries'} reached ")
        x.money_growth(r, "total", group, value)
        gap, share = x.get("total", group, "growth_gap_pp"), x.get("total", group, "share_pct")
        if gap is not None:
            r.say(", ").cite(gap, w.gap_en(Decimal(repr(gap.value)), "overall growth"))
        if share is not None:
            r.say(", and made up ").cite(share, _pct(share)).say(" of the total")
        r.say(".")
        paragraphs.append(r)
    paragraphs += drivers_en(x, "partner", ("total", "export", "import"), falling_only=True)
    return Section("Trading partners", paragraphs) if paragraphs else None


def _partner_count(x: _Writer, count: Figure) -> Paragraph:
    p = Paragraph().say(f"{x.name} traded with ").cite(count, f"{int(count.value)}").say(" countries and territories")
    new = x.get("total", None, "new_partner_count")
    if new is not None and new.value > 0:
        names, more = x.new_partner_names(new)
        named = [with_article(english_name(Breakdown("partner", n))) for n in names]
        p.say(", including ").cite(new, f"{count_en(int(new.value))} new partners")
        if named:
            p.say(f" such as {and_list(named)}")
        value = x.get("total", ("partner_group", "新增贸易伙伴"), "value")
        if value is not None:
            p.say("; trade with the new partners came to ").cite(value, _money(value))
    return p.say(".")


def _china(x: _Writer, china: Figure) -> Paragraph:
    """'Trade with China came to USD 51 billion, up 13.3%, or 25.9% of the total; China was its largest partner.'"""
    b = china.breakdown
    p = Paragraph().say("Trade with China came to ")
    x.money_growth(p, "total", b, china)
    share = x.get("total", b, "share_pct")
    if share is not None:
        p.say(", or ").cite(share, _pct(share)).say(" of the total")
    rank = x.get("total", b, "partner_rank")
    if rank is not None:
        n = int(rank.value)
        p.say("; China was its ").cite(rank, "largest partner" if n == 1 else f"{w.rank_en(n)} largest partner")
    return p.say(".")


#: Product groups stated in one sentence, as in the Chinese text.
GROUP_SIZE = 3


def _grouped(x: _Writer, flow: str, chosen: list[Figure], first: bool) -> Paragraph:
    """'Exports of lithium-ion batteries reached CNY 627.81 million, up 6,924.9% (38% of the province's
    exports); polysilicon CNY 235.50 million, up 354.9% (14.3%); and …' — the next three 'followed'."""
    noun = "exports" if flow == "export" else "imports"
    p = Paragraph()
    for i, value in enumerate(chosen):
        b = value.breakdown
        name = lower_name(english_name(b))
        if i == 0:
            p.say(f"{noun.capitalize()} of {name} reached " if first
                  else f"{name[0].upper() + name[1:]} followed with ")
        else:
            p.say("; and " if i == len(chosen) - 1 else "; ").say(f"{name} ")
        x.money_growth(p, flow, b, value)
        quantity, share = x.tonnage(flow, b), x.get(flow, b, "share_pct")
        if quantity is not None or share is not None:  # one bracket: '(28,983.5 tonnes; 34.8% of …)'
            p.say(" (")
            if quantity is not None:
                p.cite(quantity, quantity.text_en).say("; " if share is not None else "")
            if share is not None:
                p.cite(share, _pct(share)).say(f" of {x.whole}'s {noun}" if i == 0 else "")
            p.say(")")
        streak = x.streak(flow, b)
        if streak is not None and not _has_details(x, flow, value):  # a streak alone is said here
            p.say(", growing year on year for ").cite(streak, f"{count_en(int(streak.value))} months in a row")
    return p.say(".")


def _has_details(x: _Writer, flow: str, value: Figure) -> bool:
    """Whether a group has more to say than a streak: a growth rank or a national share (as in Chinese)."""
    b = value.breakdown
    facts = (x.tonnage(flow, b), x.get(flow, b, "rank"), x.get(flow, b, "national_share_pct"))
    return any(f is not None for f in facts)


def _details(x: _Writer, flow: str, value: Figure, p: Paragraph) -> None:
    """'Exports of polysilicon grew the fastest of any province, made up 69.3% of China's exports of
    the kind, the most of any province, and have grown year on year for four months in a row.'"""
    b = value.breakdown
    noun = "exports" if flow == "export" else "imports"
    clauses: list[list] = []  # each clause: (text, figure or None) pieces
    rank, national = x.get(flow, b, "rank"), x.get(flow, b, "national_share_pct")
    if rank is not None:
        n = int(rank.value)
        clauses.append([("", None), (f"grew the fastest of any {x.peer}" if n == 1
                                     else f"had the {w.rank_en(n)} fastest growth among {x.peers}", rank)])
    if national is not None:
        clause = [("made up ", None), (_pct(national), national), (f" of China's {noun} of the kind", None)]
        size = x.value_rank(flow, b)
        if size is not None:
            n = int(size.value)
            most = f"the most of any {x.peer}" if n == 1 else f"the {w.rank_en(n)} most among {x.peers}"
            clause += [(", ", None), (most, size)]
        clauses.append(clause)
    streak = x.streak(flow, b)
    if streak is not None:
        clauses.append([("have grown year on year for ", None),
                        (f"{count_en(int(streak.value))} months in a row", streak)])
    if not clauses:
        return
    p.say((" " if p.parts else "") + f"{noun.capitalize()} of {lower_name(english_name(b))} ")
    for i, clause in enumerate(clauses):
        if i:
            p.say(", and " if i == len(clauses) - 1 and len(clauses) > 2 else " and " if i == len(clauses) - 1
                  else ", ")
        for text, figure in clause:
            if figure is None:
                p.say(text)
            else:
                p.cite(figure, text)
    p.say(".")


def _products(x: _Writer, flow: str) -> Section | None:
    chosen = x.product_groups(flow)
    if not chosen:
        return None
    title = "Main exports" if flow == "export" else "Main imports"
    paragraphs = [_grouped(x, flow, chosen[i:i + GROUP_SIZE], first=i == 0) for i in range(0, len(chosen), GROUP_SIZE)]
    details = Paragraph()
    for value in chosen:
        if _has_details(x, flow, value):
            _details(x, flow, value, details)
    return Section(title, paragraphs + ([details] if details.parts else []))


def _exports(x: _Writer) -> Section | None:
    return _products(x, "export")


def _imports(x: _Writer) -> Section | None:
    return _products(x, "import")


def _regions(x: _Writer) -> Section | None:
    count = x.get("total", None, "region_count")
    if count is None:
        return None
    n = int(count.value)
    kind = _REGIONS.get(x.fs.subject.level, ("region", "regions"))[n != 1]
    p = Paragraph().cite(count, count_en(n, capital=True)).say(f" {kind} of {x.name} traded in {x.when}")
    values = x.regions()
    if values:
        p.say(": ")
        for i, value in enumerate(values):
            p.say("; " if i else "").say(f"{short_name(english_name(value.breakdown))}, ")
            x.money_growth(p, "total", value.breakdown, value)
    p.say(".")
    growing = x.get("total", None, "growing_region_count")
    if growing is not None and growing.value > 0:
        grew = int(growing.value)
        words = ("It" if n == 1 else "All of them") if grew == n else count_en(grew, capital=True)
        p.say(" ").cite(growing, words).say(" grew.")
    return Section("Regions", [p, *drivers_en(x, "region", ("total", "export", "import"), falling_only=True)])


__all__ = ["compose_en", "count_en", "period_en", "short_name"]
