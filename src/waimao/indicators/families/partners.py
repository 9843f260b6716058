"""Trade partners: every country and partner group, the new partners, ranks in both schemes and top-N sets.

Ranks come in two schemes, as releases write them: countries alone (匈牙利、马来西亚…) and blocs
beside countries (欧盟、东盟、俄罗斯…, each bloc counted whole). Any other '+'-joined set of
partners a text names is computed on demand (`partner_set`) from the same exact sums.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from datetime import date
from decimal import Decimal

from waimao.indicators import formulas as f
from waimao.indicators import texts
from waimao.indicators.families.base import Context, Family, need
from waimao.indicators.families.subject import FLOWS
from waimao.indicators.labels import member_names
from waimao.indicators.records import Breakdown, Words
from waimao.indicators.writer import Pair, Writer, ranked_names
from waimao.model import partner_groups
from waimao.model.partners import resolve_partner

PARTNER = need("partner", ("partner",), "贸易伙伴", "the partner figures")
#: Partner sets ranked first ("前三大贸易伙伴") are emitted for these sizes.
TOP_SETS = (2, 3, 4, 5)
NEW_PARTNERS = "新增贸易伙伴"


def write(ctx: Context) -> None:
    if not ctx.has("partner"):
        return
    sums = ctx.sums.members()
    ctx.partners.update({(m, flow): s for (kind, m, flow), s in sums.items() if kind == "partner"})
    writer = ctx.writer_for("partner")
    _partners(writer, ctx.partners, ctx.totals, ctx.plan.period.last_month)
    ctx.deferred["partner"] = lambda: _countries(writer, ctx.partners, ctx.totals)


def partner_set(ctx: Context, name: str) -> Breakdown | None:
    """A '+'-joined set of partners and groups ('欧盟+东盟+俄罗斯'), its figures written now.

    None when no loaded data hold partners."""
    if not ctx.has("partner"):
        return None
    on = ctx.plan.period.last_month
    codes: set[str] = set()
    for part in name.split("+"):
        codes |= _codes_of(part.strip(), on)
    writer = ctx.writer_for("partner")
    for figure in writer.figures:
        b = figure.breakdown
        if b and b.kind == "partner_group" and "+" in b.name and figure.detail.get("codes") == sorted(codes):
            return b
    breakdown = Breakdown("partner_group", name)
    write_partner_group(writer, breakdown, (name, name), codes, ctx.partners, ctx.totals,
                        detail={"codes": sorted(codes)})
    return breakdown


def _codes_of(name: str, on: date) -> set[str]:
    try:
        return set(partner_groups.members(name, on))
    except LookupError:
        return {resolve_partner(name).code}


def partner_count_figures(writer: Writer, flow: str, breakdown: Breakdown | None, prefix: str,
                          values: Mapping[str, Pair]) -> None:
    """partner_count and new_partner_count (with the new partners' names, largest first)."""
    now = {c: p for c, p in values.items() if p.cur > 0}
    if not now:
        return
    n = len(now)
    text = {"total": f"{prefix}与{n}个国家（地区）有贸易往来", "export": f"{prefix}出口到{n}个国家（地区）",
            "import": f"{prefix}自{n}个国家（地区）进口"}[flow]
    writer.count(flow, breakdown, "partner_count", n, "个", text, f"{n} partner countries and territories")
    if writer.has_base:
        new = ranked_names((c, p.cur) for c, p in now.items() if p.base == 0)
        names = [member_names("partner", c)[0] for c in new]
        writer.count(flow, breakdown, "new_partner_count", len(new), "个", f"新增{len(new)}个贸易伙伴",
                     f"{len(new)} new partners", detail={"partners": names, "codes": new})


def write_partner_group(writer: Writer, breakdown: Breakdown, names: tuple[str, str], codes: set[str],
                        partners: Mapping[tuple[str, str], Pair], totals: Mapping[str, Pair],
                        detail: dict | None = None) -> None:
    """A set of partners' figures; `detail` (its codes, scheme, size) goes on every one of them."""
    start = len(writer.figures)
    for flow in FLOWS:
        members = {c: p for (c, fl), p in partners.items() if fl == flow and c in codes}
        writer.slice(flow, breakdown, names, sum(members.values(), Pair()), totals[flow])
        now = [c for c, p in members.items() if p.cur > 0]
        if now:
            writer.count(flow, breakdown, "partner_count", len(now), "个",
                         f"与{names[0]}中的{len(now)}个国家（地区）有贸易往来",
                         f"{len(now)} of its members traded")
    export = sum((p for (c, fl), p in partners.items() if fl == "export" and c in codes), Pair())
    imp = sum((p for (c, fl), p in partners.items() if fl == "import" and c in codes), Pair())
    if not (export.empty and imp.empty):
        writer.money("balance", breakdown, names, export.cur - imp.cur)
    for figure in writer.figures[start:] if detail else ():
        figure.detail.update(detail)


def _countries(writer: Writer, partners: Mapping[tuple[str, str], Pair], totals) -> None:
    """Each country's figures: slice, balance and rank (deferred, as HS codes are: see `FigureSet`).

    Two thirds of a province's figures, and a bulletin reads them only when it names partners; the
    groups, sets, counts and bloc ranks are written now from the same sums.
    """
    for (code, flow), pair in sorted(partners.items()):
        writer.slice(flow, Breakdown("partner", _name(code)), member_names("partner", code), pair, totals[flow])
    for code in sorted({c for c, _ in partners}):
        export, imp = partners.get((code, "export"), Pair()), partners.get((code, "import"), Pair())
        writer.money("balance", Breakdown("partner", _name(code)), member_names("partner", code), export.cur - imp.cur)
    for flow in FLOWS:
        countries = {c: p.cur for (c, fl), p in partners.items() if fl == flow and p.cur > 0}
        for code, rank in f.ranks(countries).items():
            writer.add(flow, Breakdown("partner", _name(code)), "partner_rank", rank, "位",
                       Words(texts.partner_rank, rank, writer.whole))


def _partners(writer: Writer, partners: Mapping[tuple[str, str], Pair], totals, on: date) -> None:
    """Partner groups, the new partners, bloc ranks and the top-N sets (the countries' figures: `_countries`)."""
    abroad = writer.subject.level == "country"  # a Comtrade reporter: China is one of its partners
    for group in partner_groups.GROUPS.values():
        codes = group.members_abroad(on) if abroad else group.members(on)
        write_partner_group(writer, Breakdown("partner_group", group.name),
                            (group.name, group.name_en_abroad if abroad else group.name_en), set(codes), partners,
                            totals)
    for flow in FLOWS:
        values = {c: p for (c, fl), p in partners.items() if fl == flow}
        partner_count_figures(writer, flow, None, "", values)
        if writer.has_base:
            new = {c for c, p in values.items() if p.cur > 0 and p.base == 0}
            pair = sum((values[c] for c in new), Pair())
            writer.slice(flow, Breakdown("partner_group", NEW_PARTNERS), (NEW_PARTNERS, "new partners"), pair,
                         totals[flow])
        _ranks(writer, flow, values, partners, totals, on)


def _name(code: str) -> str:
    return member_names("partner", code)[0]


def _ranks(writer: Writer, flow: str, values: Mapping[str, Pair], partners, totals, on: date) -> None:
    """Country scheme (匈牙利、马来西亚…) and bloc scheme (欧盟、东盟、俄罗斯…) ranks, and the top-N sets."""
    countries = {c: p.cur for c, p in values.items() if p.cur > 0}
    blocs: dict[str, Decimal] = defaultdict(Decimal)
    for code, amount in countries.items():
        blocs[partner_groups.bloc_of(code, on)] += amount
    whole = writer.whole
    for key, rank in f.ranks(blocs).items():
        if key in partner_groups.BLOCS:
            writer.add(flow, Breakdown("partner_group", key), "partner_rank", rank, "位",
                       Words(texts.partner_rank, rank, whole))
    if flow != "total":
        return
    for scheme, ranking in (("country", ranked_names(countries.items())), ("bloc", ranked_names(blocs.items()))):
        for size in TOP_SETS:
            if len(ranking) <= size:
                break
            top = ranking[:size]
            names = [k if k in partner_groups.BLOCS else _name(k) for k in top]
            codes: set[str] = set()
            for k in top:
                codes |= set(partner_groups.members(k, on)) if k in partner_groups.BLOCS else {k}
            name = "+".join(names)
            write_partner_group(writer, Breakdown("partner_group", name), (name, name), codes, partners, totals,
                                detail={"codes": sorted(codes), "scheme": scheme, "top": size})


FAMILY = Family("partners", (PARTNER,), write)
