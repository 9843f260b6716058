"""Read every numeric trade claim of a page into figure records (claims_schema.md).

A sentence is read left to right. Names (regions, 我省, partners, product groups, enterprise
types, flow words) update what the sentence is about; each rule match (rules.py) turns into
one claim about the current subject and slice, in the current period. A run of numbers
(14.3亿元、3.3亿元、2.6亿元和2.2亿元) after a list of names of the same length is distributed
to the names in order; a single number after a list is about the list as a whole (合计).
A number with no trade cue, or a cue with no trade flow in its sentence, is not a claim.

Every look-up while reading (the period at a position, the clause of a position, the next flow
word, a name right after a count) is a binary search in positions listed once per article or
sentence, so that reading takes time linear in the length of the text, whatever its layout.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from waimao.claims import lexicon, slices
from waimao.claims.articles import Article, split_page
from waimao.claims.claim import Claim, OutOfScope
from waimao.claims.lexicon import Mention
from waimao.claims.matching import Match, rule_matches
from waimao.claims.rules import BOUND_WORDS, FORECAST_WORDS, rank_number, zh_int
from waimao.claims.timeline import Timeline
from waimao.model.periods import Period
from waimao.model.regions import REGIONS, Region, resolve_region

#: A year the page is about; not the end of a span in a plan's title (《…三年行动计划(2016-2018年)》).
YEAR = re.compile(r"(?<![-–—~至到])(20\d{2})年")
MONEY_UNITS = {"亿元": "亿元", "亿": "亿元", "万元": "万元", "亿美元": "亿美元", "万美元": "万美元",
               "万亿元": "万亿元", "万亿": "万亿元", "万亿美元": "万亿美元"}
#: A partner followed straight by its growth (对共建“一带一路”国家增长8.5%): its total trade.
_TRADE_WITH = re.compile(r"(?:的)?(?:分别)?(?:同比)?(?:增长|下降|增加|减少)")
#: A flow named right before 占 (进口总值占…): the flow of the part a share is of.
_PART_FLOW = re.compile(r"(进出口|出口|进口)(?:总值|总额|值|额)?$")
#: Rules whose run of numbers is distributed over a list of as many names.
_DISTRIBUTED = ("value", "growth", "balance", "list_value", "share")
#: A sentence that goes on about the previous one's subject and slice.
CONTINUING = ("其中", "其中,")
NEGATIVE = {"下降", "减少", "回落", "降低", "下拉", "低于", "收窄", "缩窄", "下跌", "下滑", "跌", "放缓", "降幅",
            "拉低", "拖累", "低"}


@dataclass
class _State:
    subject: Region | Mention | None
    breakdown: Mention | None = None
    breakdown_clause: int = -1
    flow: str | None = None
    base: str | None = None  # what the last figure counted: value, quantity, count, meta
    last_metric: str | None = None
    last_share_flow: str | None = None
    last_list: Mention | None = None  # the last list of names, for 上述国家
    flow_list: Mention | None = None  # 进出口、出口和进口: flows a run of numbers is distributed over


@dataclass
class _Draft:
    metric: str
    value: float
    unit: str
    decimals: int
    start: int
    end: int
    flow: str | None = None
    detail: dict[str, Any] = field(default_factory=dict)
    at: int | None = None  # where its period is read, when not at its start (高于4月的1.5%: at the number)


def extract(raw: str, file: str = "", *, year: int | None = None,
            region: str | None = None) -> tuple[list[Claim], list[OutOfScope]]:
    """The claims of one page. `year` stands for 今年 when the page names no year; `region` for 我省
    when the page names no province."""
    years = [int(y) for y in YEAR.findall(raw.replace(" ", ""))]
    page_year = max(years + ([year] if year else [])) if years or year else None
    articles = split_page(raw)
    province = _page_province(articles) or (_region(region) if region else None)
    claims: list[Claim] = []
    skipped: list[OutOfScope] = []
    for article in articles:
        reader = _ArticleReader(raw, file, article, page_year, province)
        claims += reader.read()
        skipped += reader.skipped
    for i, claim in enumerate(claims, start=1):
        claim.id = f"{file}#{i}" if file else str(i)
    return claims, skipped


def _region(name: str) -> Region | None:
    from waimao.model.regions import resolve_region

    try:
        return resolve_region(name)
    except LookupError:
        return None


def _page_province(articles: list[Article]) -> Region | None:
    counts: Counter = Counter()
    for article in articles:
        for m in lexicon.scan(article.body.text, [False] * len(article.body.text)):
            if m.kind == "region" and m.name != "CN":
                counts[REGIONS[m.name].code[:2]] += 1
    return REGIONS[counts.most_common(1)[0][0]] if counts else None


def _country(name: str) -> Region | None:
    """The country a partner name stands for as a subject (a UN Comtrade reporter), if it is one."""
    try:
        found = resolve_region(name)
    except LookupError:
        return None
    return found if found is not None and found.level == "country" else None


def _chinese(subject) -> bool:
    """Whether a subject is a region of China (the nation included), not a foreign country."""
    return isinstance(subject, Region) and subject.level != "country"


def _main_subject(mentions: list[Mention], province: Region | None) -> Region | Mention | None:
    """What an article is about when a sentence names nothing: the region (or customs district) it
    names most often, the first of those named equally often. A provincial release quotes 海关总署 or
    全国 once or twice, a national one names a few provinces; each names itself throughout (我省 and
    全省 count for the page's province)."""
    counts: Counter = Counter()
    first: dict[str, Region | Mention] = {}
    for m in mentions:
        if m.kind in ("region", "district"):
            counts[m.name] += 1
            first.setdefault(m.name, REGIONS[m.name] if m.kind == "region" else m)
        elif m.kind == "country" and (country := _country(m.name)) is not None:
            counts[country.code] += 1  # a release about Viet Nam names it as the subject throughout
            first.setdefault(country.code, country)
        elif m.kind == "pair":
            counts["CN"] += 1
            first.setdefault("CN", REGIONS["CN"])
        elif m.kind == "self" and m.name == "province" and province is not None:
            counts[province.code] += 1
            first.setdefault(province.code, province)
    if not counts:
        return None
    best = max(counts.values())
    return next(first[name] for name in first if counts[name] == best)


_ANNOUNCES_TARGETS = re.compile(rf"(?:{'|'.join(FORECAST_WORDS)})(?:是|为)?:")


def _in_forecast(text: str, marks: list[int], clause: int, announced: int) -> bool:
    """Whether the clause (numbered as by bisect over the , ; : marks) speaks of a target or forecast, or
    follows one that announces targets (主要目标是:外贸进出口总额增长8%,其中出口额增长6%) at `announced`."""
    start = marks[clause - 1] + 1 if clause > 0 else 0
    end = marks[clause] if clause < len(marks) else len(text)
    return start >= announced or any(word in text[start:end] for word in FORECAST_WORDS)


def _paragraph_starts(raw: str, pos: tuple[int, ...]) -> list[int]:
    """Offsets in a body whose character begins a paragraph of the page (a line break before it)."""
    return [i for i in range(1, len(pos)) if "\n" in raw[pos[i - 1]:pos[i]]]


def _decimals(number: str) -> int:
    return len(number.partition(".")[2])


class _ArticleReader:
    def __init__(self, raw: str, file: str, article: Article, page_year: int | None, province: Region | None):
        self.raw, self.file, self.article = raw, file, article
        self.page_year, self.province = page_year, province
        self.skipped: list[OutOfScope] = []
        self.timeline = Timeline(article.body.text, page_year, _paragraph_starts(raw, article.body.pos))
        self.sentences = []
        self.guessed: set[tuple[str, str]] = set()  # slices read by position (slices.py), not from a table
        for sentence in article.sentences:
            text = sentence.text.text
            matches = rule_matches(text)
            masked = [False] * len(text)
            for match in matches:
                for part in [match, *match.more]:
                    for a, b in part.mask:
                        masked[a:b] = [True] * (b - a)
            known = lexicon.scan(text, masked)
            known, guessed = slices.guess(text, masked, known)
            self.guessed |= {(m.kind, m.name) for m in guessed}
            mentions = lexicon.merge_lists(text, sorted(known + guessed, key=lambda m: m.start)) if guessed else known
            self.sentences.append((sentence, matches, mentions))
        self.default_subject = _main_subject([m for _, _, mentions in self.sentences for m in mentions],
                                             province) or province
        if self.province is None and _chinese(self.default_subject) and self.default_subject.code != "CN":
            self.province = REGIONS[self.default_subject.code[:2]]

    # --- regions ------------------------------------------------------------------------

    def _self_region(self, level: str) -> Region | None:
        subject = self.default_subject
        if level == "province":
            return self.province
        if not isinstance(subject, Region) or subject.level in ("province", "nation"):
            return None
        return subject if subject.level == "prefecture" else REGIONS.get(subject.parent or "")

    def _province_of(self, subject) -> Region | None:
        if isinstance(subject, Region):
            return REGIONS[subject.code[:2]] if _chinese(subject) and subject.level != "nation" else None
        return self.province

    # --- sentences ----------------------------------------------------------------------

    def read(self) -> list[Claim]:
        claims: list[Claim] = []
        last: _State | None = None
        for sentence, matches, mentions in self.sentences:
            found, last = self._read_sentence(sentence, matches, mentions, last)
            claims += found
        return claims

    def _read_sentence(self, sentence, matches: list[Match], mentions: list[Mention],
                       previous: _State | None) -> tuple[list[Claim], _State]:
        text = sentence.text.text
        state = _State(subject=self.default_subject)
        if previous is not None and text.startswith(CONTINUING):
            # 一般贸易进出口13.76万亿元。其中,出口8.01万亿元: the sentence goes on about the previous one's slice.
            state.subject, state.breakdown, state.breakdown_clause = previous.subject, previous.breakdown, 10**6
            state.last_list = previous.last_list
        events = sorted([(m.start, 0, m) for m in mentions] + [(max(m.order, m.start), 1, m) for m in matches],
                        key=lambda e: (e[0], e[1]))
        out: list[Claim] = []
        explicit_flows = _Flows([(m.start, _explicit_flow(m)) for m in matches if _explicit_flow(m)])
        clause_marks = [i for i, ch in enumerate(text) if ch in ",;:"]
        targets = _ANNOUNCES_TARGETS.search(text)
        announced = targets.end() if targets else len(text) + 1
        for pos, _, ev in events:
            clause = bisect_left(clause_marks, pos)  # the number of , ; : before pos
            if isinstance(ev, Mention):
                self._mention(state, ev, clause, text)
                continue
            if ev.rule == "meta":
                self._skip(sentence, ev.start, ev.end, "not a trade statistic (customs registration, clearance time)")
            if _in_forecast(text, clause_marks, clause, announced):
                self._skip(sentence, ev.start, ev.end, "a target or forecast, not a statistic")
                continue
            drafts = self._drafts(ev, state, text, mentions, explicit_flows)
            out += self._claims(drafts, ev, state, sentence)
        return out, state

    def _mention(self, state: _State, m: Mention, clause: int, text: str = "") -> None:
        if _TRADE_WITH.match(text, m.end) and m.start > 0 and text[m.start - 1] in "对与同" \
                and (m.kind in ("partner", "partner_group") or (m.kind == "list" and m.name == "partners")):
            state.flow = "total"  # 对拉美、中东分别增长17.5%、20.5%: trade with them, no flow word needed
        if m.kind == "flow":
            state.flow = m.name
        elif m.kind == "list" and m.name == "flows":  # 进出口、出口和进口…分别…
            state.flow, state.flow_list = m.members[0].name, m
        elif m.kind == "pair":
            state.subject = REGIONS["CN"]
            state.breakdown, state.breakdown_clause = Mention(lexicon.names().get(m.name, ("partner",))[0], m.name,
                                                              m.start, m.end), clause
        elif m.kind in ("region", "self", "district") or (m.kind == "list" and m.name == "regions"):
            if m.kind == "region":
                state.subject = REGIONS[m.name]
            elif m.kind == "self":
                state.subject = self._self_region(m.name)
            else:
                state.subject = m
            if state.breakdown_clause < clause:
                state.breakdown = None
        elif m.kind == "country":  # 越南出口…: the subject in a release about a country, else a partner
            country = _country(m.name)
            if country is not None and not _chinese(self.default_subject):
                state.subject = country
                if state.breakdown_clause < clause:
                    state.breakdown = None
            else:
                state.breakdown, state.breakdown_clause = Mention("partner", m.name, m.start, m.end), clause
        elif m.kind == "anaphor":  # 对上述国家(地区)分别进出口: the list named before
            if state.last_list is not None:
                state.breakdown, state.breakdown_clause = state.last_list, clause
        else:
            state.breakdown, state.breakdown_clause = m, clause
            if m.kind == "list":
                state.last_list = m

    # --- rule matches → drafts ----------------------------------------------------------

    def _skip(self, sentence, start: int, end: int, reason: str) -> None:
        span = sentence.text.span(start, end)
        self.skipped.append(OutOfScope(self.file, self.raw[span[0]:span[1]], span, reason))

    def _drafts(self, match: Match, state: _State, text: str, mentions: list[Mention],
                explicit_flows: _Flows) -> list[_Draft]:
        """The numbers of a match (and of its continuations) with their metric; [] when it is no trade claim."""
        rule, m = match.rule, match.m
        g = m.groupdict()
        n = g.get("n")
        value = float(n) if n else 1.0
        dec = _decimals(n) if n else 0
        sign = -1.0 if (g.get("dir") in NEGATIVE) else 1.0

        def draft(metric: str, val: float, unit: str, flow: str | None = None, decimals: int = dec,
                  part: Match = match, **detail) -> _Draft:
            return _Draft(metric, val, unit, decimals, part.start, part.end, flow, detail)

        def trade_flow(base: str | None = None) -> str | None:
            if base:
                for word, flow in (("进出口", "total"), ("外贸", "total"), ("出口", "export"), ("进口", "import")):
                    if word in base:
                        return flow
            return state.flow

        def later_flow() -> str | None:
            return explicit_flows.after(match.start)

        if rule == "meta":
            state.base = "meta"
            return []
        if rule == "value":
            if any(w in g["mid"] for w in BOUND_WORDS) or g["more"]:
                # 出口超360亿元,同比增长6.5%: the bound is no figure, but its growth is one.
                state.flow, state.base = _FLOW[g["flow"]], "bound"
                return []
            state.flow, state.base = _FLOW[g["flow"]], "value"
            out = [draft("value", value, MONEY_UNITS[g["u"]], state.flow)]
            for more in match.more:
                mg = more.m.groupdict()
                if mg["u"] in MONEY_UNITS:
                    out.append(draft("value", float(mg["n"]), MONEY_UNITS[mg["u"]], state.flow,
                                     _decimals(mg["n"]), more))
            return out
        if rule == "list_value":
            if state.flow is None:
                return []
            state.base = "value"
            return [draft("value", float(part.m["n"]), MONEY_UNITS[part.m["u"]], state.flow,
                          _decimals(part.m["n"]), part)
                    for part in [match, *match.more] if part.m["u"] in MONEY_UNITS]
        if rule == "balance":
            state.base, state.flow = "value", "balance"
            return [draft("value", value * (-1 if g["kind"] == "逆差" else 1), MONEY_UNITS[g["u"]], "balance")]
        if rule == "quantity_item":
            if state.base not in ("quantity", "quantity+value") or state.flow is None:
                return []
            return [draft("quantity", value, g["u"], state.flow)]
        if rule == "quantity":
            state.flow, state.base = _FLOW[g["flow"]], "quantity"
            out = [draft("quantity", value, g["u"], state.flow)]
            for more in match.more:  # 手机出口416万台、59.3亿元: the amount of the same goods
                mg = more.m.groupdict()
                if mg["u"] in MONEY_UNITS:
                    out.append(draft("value", float(mg["n"]), MONEY_UNITS[mg["u"]], state.flow,
                                     _decimals(mg["n"]), more))
                    state.base = "quantity+value"
            return out
        if rule == "growth":
            if state.base == "meta" or state.flow is None:
                return []
            out = []
            parts = [match, *match.more]
            for k, part in enumerate(parts):
                pg = part.m.groupdict()
                if pg["u"] not in ("%", "倍"):
                    break
                v, unit = sign * float(pg["n"]), pg["u"]
                if state.base == "count":
                    if unit != "%":
                        return out
                    out.append(draft("count_yoy_pct", v, "%", "total", _decimals(pg["n"]), part))
                    continue
                stem = "quantity_yoy" if state.base == "quantity" else "yoy"
                if state.base == "quantity+value":  # 分别增长1.2倍和1.5倍: the quantity's, then the amount's
                    stem = "quantity_yoy" if k == 0 and len(parts) == 2 else "yoy"
                out.append(draft(f"{stem}_{'pct' if unit == '%' else 'times'}", v, unit, state.flow,
                                 _decimals(pg["n"]), part))
            return out
        if rule == "prior_growth":
            if state.flow is None:
                return []
            prior = draft("yoy_pct", value, "%", state.flow)
            prior.at = m.start("n")
            return [prior]
        if rule == "month_change":
            flow = state.flow or "total"
            return [draft("other", sign * value, MONEY_UNITS[g["u"]], flow, note="change on the month")]
        if rule == "flow_gap":
            sign = -1.0 if g["dir"] in ("慢于", "低于") else 1.0
            return [draft("other", sign * value, "个百分点", _FLOW[m[0][:2]], note="gap to the other flow's growth")]
        if rule == "growth_noun":
            return [] if state.flow is None else [draft("yoy_pct", sign * value, "%", state.flow)]
        if rule == "cagr":
            return [] if state.flow is None else [draft("other", value, "%", state.flow, note="average annual growth")]
        if rule in ("pace_change", "base_growth"):
            if state.flow is None:
                return []
            if rule == "pace_change":  # the change of the rate as written (降幅缩窄10.1个百分点: 10.1)
                return [draft("other", value, "个百分点", state.flow, note="pace against another period")]
            return [draft("other", sign * value, "%", state.flow, note="growth against another base year")]
        if rule == "mom":
            if state.flow is None:
                return []
            return [draft("other", sign * value, "%", state.flow, note="环比")]
        if rule == "lead_growth":
            flow = state.flow or "total"
            return [draft("yoy_pct", value, "%", flow), draft("rank", 1, "位", flow, 0, scope="全国")]
        if rule in ("rank", "rank_lead"):
            flows = [_FLOW[f] for f in g["flows"].split("、")] if g.get("flows") else [state.flow]
            if None in flows:
                return []
            rank = rank_number(g["rank"]) if g.get("rank") else 1
            if g.get("flows") and len(flows) == 1:  # 多晶硅出口增速居全国首位，…，居全国首位: the flow goes on
                state.flow = flows[0]
            detail = {"scope": g["scope"]}
            if g.get("qty"):
                detail["basis"] = "quantity"
            return [draft("rank", rank, "位", f, 0, **detail) for f in flows]
        if rule == "value_rank":
            if state.last_metric != "national_share_pct":
                return []
            return [draft("value_rank", rank_number(g["rank"]), "位", state.flow, 0, scope=g["scope"])]
        if rule in ("share", "share_more"):
            base = g["base"]
            flow = trade_flow(base) if rule == "share" else state.last_share_flow
            part = _PART_FLOW.search(text, max(0, match.start - 6), match.start)
            if rule == "share" and part:  # 进口总值占外贸进出口总值的35.9%: the part's flow, not the whole's
                flow = _FLOW[part[1]]
            if flow is None:
                return []
            metric, detail = self._share_metric(base, state, mentions, match)
            state.last_share_flow = flow
            # 分别占全市进出口总值的16.3%、12.1%和11.5%: one share per listed name
            return [draft(metric, value, "%", flow, **detail)] + [
                draft(metric, float(part.m["n"]), "%", flow, _decimals(part.m["n"]), part, **detail)
                for part in match.more if part.m["u"] == "%"]
        if rule == "share_change":
            if m[0].startswith(("较", "比")) and not (state.last_metric or "").endswith("share_pct"):
                return []  # 较去年同期提升N个百分点 right after a share is that share's change
            return [] if state.flow is None else [draft("share_change_pp", sign * value, "个百分点", state.flow)]
        if rule in ("pull", "contribution"):
            flow = trade_flow(g.get("base") or "")
            if flow is None:
                return []
            metric, unit = ("pull_pp", "个百分点") if rule == "pull" else ("contribution_pct", "%")
            return [draft(metric, sign * value, unit, flow)]
        if rule == "yoy_change":
            return [] if state.flow is None else [draft("yoy_change_pp", sign * value, "个百分点", state.flow)]
        if rule == "gap":
            if state.flow is None:
                return []
            # 高于全国/中国平均水平: against the nation; 高于全省/广西/整体: against a whole the subject is part of.
            metric = "gap_pp" if any(w in g["ref"] for w in ("全国", "中国", "我国")) else "growth_gap_pp"
            return [draft(metric, sign * value, "个百分点", state.flow)]
        if rule == "streak":
            return [] if state.flow is None else [draft("streak_months", value, "个月", state.flow)]
        if rule == "first_time":
            if state.base not in ("value", "quantity", "quantity+value", "bound"):
                return []
            flow = _FLOW[g["flow"]] if g.get("flow") else state.flow
            return [draft("first_time", 1, "", flow, 0)]
        if rule == "new_partners":
            flow = state.flow or "total"
            names = [x for x in g["names"].split("、") if x]
            return [draft("new_partner_count", value, "个", flow, names=names)]
        if rule == "partner_count":
            if "有贸易往来" in m[0]:
                flow = "total"
            elif g.get("export"):
                flow = "export"
            elif g.get("flow"):
                flow = _FLOW[g["flow"]]
            else:
                flow = state.flow or "total"
            state.flow = flow
            return [draft("partner_count", value, "个", flow)]
        if rule == "firms":
            state.base, state.flow = "count", "total"
            if g.get("bound"):  # 近8000家: no figure, but what follows (较去年同期增加751家) counts firms
                return []
            if g.get("wan"):  # 10.1万家: in 家, as the figure record counts firms
                return [draft("count", round(value * 10_000), "家", "total", 0, wan=True)]
            et = g.get("et")
            state.breakdown = Mention("enterprise_type", et, match.start, match.end) if et else None
            state.breakdown_clause = 10**6 if et else -1
            return [draft("count", value, "家", "total")]
        if rule == "count_change":
            return [draft("count_change", sign * value, "家", "total")] if state.base == "count" else []
        if rule == "product_count":
            if not m[0].startswith("种类"):
                after = _product_group_within(mentions, match.end, 4)
                if after is None:
                    return []
                state.breakdown, state.breakdown_clause = after, 10**6
            flow = state.flow or later_flow() or "total"
            return [draft("product_count", value, "种", flow)]
        if rule == "new_product_count":
            return [draft("new_product_count", value, "种", state.flow or later_flow() or "total")]
        if rule in ("region_count", "growing_region_count"):
            state.subject = self._province_of(state.subject)
            state.breakdown = None
            return [draft(rule, value, "个", "total")]
        if rule == "partner_rank":
            k = zh_int(g["k"])
            listed = state.breakdown
            if listed is None or listed.kind != "list" or listed.name != "partners" or len(listed.members) != k:
                return []
            return [draft("partner_rank", i + 1, "位", "total", 0, member=i) for i in range(k)]
        return []

    def _share_metric(self, base: str, state: _State, mentions, match) -> tuple[str, dict]:
        """Which share a 占…的N% is, from what it is a share of."""
        if any(w in base for w in ("全国", "我国", "中国")):
            # 中美贸易占同期中国外贸总值的12%: the nation's own whole is a plain share
            national = isinstance(state.subject, Region) and state.subject.code == "CN"
            return ("share_pct" if national else "national_share_pct"), {}
        if "企业" in base:
            return "count_share_pct", {}
        own = state.breakdown.name if state.breakdown is not None and state.breakdown.kind == "product_group" else None
        for m in lexicon.scan(base, [False] * len(base)):
            if m.kind == "product_group" and own and m.name != own:
                return "share_of_group_pct", {"whole": m.name}
        subject = state.subject
        if state.breakdown is None and isinstance(subject, Region) and subject.level in ("prefecture", "zone"):
            if re.search(r"全?市", base) and subject.level == "zone":
                return "share_of_city_pct", {}
            if re.search(r"全?省", base):
                return "share_of_pct", {}
        return "share_pct", {}

    # --- drafts → claims ----------------------------------------------------------------

    def _breakdown(self, m: Mention | None, detail: dict) -> tuple[str, str] | None:
        out = _breakdown(m, detail)
        if out is not None and out in self.guessed:
            # Read by its place in the sentence, not from a table: a slice of the text (the checks inside
            # the text may use it), but none the data can be asked about.
            detail["slice_not_in_tables"] = out[1]
        return out

    def _claims(self, drafts: list[_Draft], match: Match, state: _State, sentence) -> list[Claim]:
        if not drafts:
            return []
        state.last_metric = drafts[-1].metric
        breakdown, subject = state.breakdown, state.subject
        topic = breakdown if breakdown is not None else (subject if isinstance(subject, Mention) else None)
        members = topic.members if topic is not None and topic.kind == "list" else ()
        flows = state.flow_list.members if state.flow_list is not None else ()
        if len(members) != len(drafts) and state.last_list is not None and \
                len(state.last_list.members) == len(drafts) > 1 and "分别" in sentence.text.text[:match.end]:
            # 锂离子蓄电池、电动载人汽车、太阳能电池等"新三样"产品…分别出口602.4亿、190.8亿、30.9亿元
            topic, members = state.last_list, state.last_list.members
            breakdown = topic
        claims = []
        for i, d in enumerate(drafts):
            b, s = breakdown, subject
            if d.metric == "partner_rank":
                b = members[d.detail.pop("member")]
            elif flows and match.rule in ("list_value", "growth") and len(drafts) == len(flows):
                d.flow = flows[i].name
            elif members and match.rule in _DISTRIBUTED and 1 < len(drafts) == len(members):
                if topic is breakdown:
                    b = members[i]
                else:
                    s = REGIONS[members[i].name]
            if d.metric in ("count", "count_change", "count_yoy_pct", "count_share_pct") and \
                    (b is None or b.kind != "enterprise_type"):
                b = None if d.metric != "count_share_pct" else b
            if d.metric in ("partner_count", "new_partner_count") and b is not None and \
                    b.kind not in ("product_group", "partner_group"):
                b = None
            claims.append(self._claim(d, s, b, sentence))
        return claims

    def _claim(self, d: _Draft, subject, breakdown: Mention | None, sentence) -> Claim:
        period = self.timeline.period_at(sentence.start + (d.start if d.at is None else d.at))
        query = period
        claim_period = period
        if d.metric == "streak_months" and period is not None:
            claim_period = Period.month(period.year, period.end)
        start, end = sentence.text.span(d.start, d.end)
        detail = dict(d.detail)
        unit = d.unit
        if unit in ("元", "万元", "亿元", "万亿元") and self.timeline.currency_at(sentence.start + d.start) == "USD":
            # 以美元计价，进出口5220.7亿元: the paragraph's amounts are in dollars whatever their unit says.
            unit = unit.replace("元", "美元")
            detail["currency"] = "以美元计价"
        subject_name = None
        if isinstance(subject, Region):
            subject_name = lexicon.subject_name(subject)
        elif isinstance(subject, Mention) and subject.kind == "district":
            subject_name = subject.name
        elif isinstance(subject, Mention):
            detail["unresolved_subject"] = "+".join(lexicon.subject_name(REGIONS[m.name]) for m in subject.members)
        return Claim(
            file=self.file,
            article=self.article.index,
            subject=subject_name,
            period=str(claim_period) if claim_period else None,
            flow=d.flow or "total",
            breakdown=self._breakdown(breakdown, detail),
            metric=d.metric,
            value=d.value,
            unit=unit,
            decimals=d.decimals,
            text=self.raw[start:end],
            span=(start, end),
            query_period=str(query) if query else None,
            detail=detail,
        )


_FLOW = {"进出口": "total", "出口": "export", "进口": "import", "外贸": "total", "贸易": "total"}


class _Flows:
    """The flows a sentence states explicitly (出口6.3亿元), by position."""

    def __init__(self, flows: list[tuple[int, str]]):
        self.starts = [start for start, _ in flows]
        self.flows = [flow for _, flow in flows]

    def after(self, pos: int) -> str | None:
        """The first flow stated after `pos`."""
        i = bisect_right(self.starts, pos)
        return self.flows[i] if i < len(self.flows) else None


def _product_group_within(mentions: list[Mention], pos: int, gap: int) -> Mention | None:
    """The first product group named from `pos` to `pos + gap` (mentions are in text order)."""
    i = bisect_left(mentions, pos, key=lambda m: m.start)
    while i < len(mentions) and mentions[i].start <= pos + gap:
        if mentions[i].kind == "product_group":
            return mentions[i]
        i += 1
    return None


def _explicit_flow(match: Match) -> str | None:
    g = match.m.groupdict()
    if match.rule == "partner_count" and g.get("export"):
        return "export"
    if match.rule in ("value", "quantity") and g.get("flow"):
        return _FLOW[g["flow"]]
    return None


def _breakdown(m: Mention | None, detail: dict) -> tuple[str, str] | None:
    if m is None:
        return None
    if m.kind != "list":
        return (m.kind, m.name)
    if m.name == "partners":
        return ("partner_group", "+".join(x.name for x in m.members))
    if m.name == "products":
        union = lexicon.union_group(m.members)
        if union:
            return ("product_group", union)
        detail["unresolved_breakdown"] = "+".join(x.name for x in m.members)
        return ("product_group", "+".join(x.name for x in m.members))
    detail["unresolved_breakdown"] = "+".join(x.name for x in m.members)
    return (m.members[0].kind, "+".join(x.name for x in m.members))
