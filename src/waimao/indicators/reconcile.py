"""Where two cuts state the same totals, compare them: a difference beyond rounding becomes a note.

The all-province download, the partner download and the HS-code download of one province are
three statements of its monthly totals. They agree up to the platform's rounding of each row to
the yuan (dollar); a larger gap means a truncated download, a missing chapter file or a month
in one cut only, and the figures read from the smaller cut would be wrong by as much. The note
names the files and both numbers, so a user knows what to download again.

A Comtrade file is the exception in kind: its World × TOTAL rows are the reporter's totals, and
its partner and chapter rows list only what the query named, so detail short of the totals is
normal. It gets a `partial-detail` note saying how much the detail covers, and the source is
recorded in `Context.partial` so that counts of its members (how many partners) are left out.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal

from waimao.indicators.families.base import Context
from waimao.indicators.labels import FLOW_ZH
from waimao.indicators.plan_notes import DIM_WORDS, cut_label
from waimao.indicators.planner import Source
from waimao.indicators.records import Note
from waimao.model import wording as w
from waimao.model.periods import Period

#: Months a note lists before it says "and N more".
SHOWN_MONTHS = 3


def reconcile(ctx: Context) -> list[Note]:
    """Notes on every cut whose subject totals differ from those of the subject's source."""
    plan = ctx.plan
    main = plan.source("subject")
    others = {}
    for name, source in plan.sources.items():
        peer_table = name in ("peers", "peer_product")
        if source is None or source.load_ids == main.load_ids or name == "peer_product":
            continue
        if peer_table and plan.subject.level != "province":
            continue  # a peer table is by province: it states no prefecture's totals
        others.setdefault(source.load_ids, source)
    if not others:
        return []
    months = plan.period.months + plan.period.previous_year().months
    sources = [main, *others.values()]
    totals = ctx.sums.cut_totals(sources, months)
    notes = []
    for source, theirs in zip(sources[1:], totals[1:]):
        shared = [m for m in months if m in main.months and m in source.months]
        gaps = _gaps(totals[0], theirs, shared, sorted(main.flows & source.flows))
        if gaps and _partial_detail(main, source, gaps):
            ctx.partial.add(source.load_ids)
            notes.append(_partial_note(main, source, gaps, plan.currency))
        elif gaps:
            notes.append(_note(main, source, gaps, plan.currency))
    return notes


def _partial_detail(main: Source, other: Source, gaps: list[tuple]) -> bool:
    """A Comtrade file's partner or chapter rows falling short of the reporter's own World/TOTAL rows.

    Normal for Comtrade, where a query names some partners and chapters: not an error of the file,
    but the detail's sums are of what it lists, so counts of partners or products are left out.
    """
    return main.dataset == other.dataset == "comtrade" and all(b < a for _, _, a, b in gaps)


def _gaps(ours: Mapping, theirs: Mapping, months: Sequence, flows: Sequence[str]) -> list[tuple]:
    """(month, flow, our value, their value) wherever the two differ by more than their rows' rounding."""
    gaps = []
    for month in months:
        for flow in flows:
            a = ours.get((month, flow), {"value": Decimal(0), "rows": 0})
            b = theirs.get((month, flow), {"value": Decimal(0), "rows": 0})
            if abs(a["value"] - b["value"]) > Decimal(a["rows"] + b["rows"]) / 2:
                gaps.append((month, flow, a["value"], b["value"]))
    return gaps


def _note(main: Source, other: Source, gaps: list[tuple], currency: str) -> Note:
    def money(x: Decimal, lang: str) -> str:
        return w.money_zh(x, currency=currency) if lang == "zh" else w.money_en(x, currency=currency)

    shown, more = gaps[:SHOWN_MONTHS], len(gaps) - SHOWN_MONTHS
    zh_parts = [f"{Period.month(m.year, m.month).label_zh(with_year=True)}{FLOW_ZH[flow]}："
                f"{_files(other, flow, m, 'zh')}合计{money(b, 'zh')}，{_files(main, flow, m, 'zh')}为{money(a, 'zh')}，"
                f"相差{money(abs(a - b), 'zh')}" for m, flow, a, b in shown]
    en_parts = [f"{m:%Y-%m} {flow}s: {money(b, 'en')} in {_files(other, flow, m, 'en')} against {money(a, 'en')} in "
                f"{_files(main, flow, m, 'en')} (a gap of {money(abs(a - b), 'en')})" for m, flow, a, b in shown]
    zh_more = f"等{len(gaps)}处" if more > 0 else ""
    en_more = f"; and {more} more" if more > 0 else ""
    return Note(
        "reconciliation",
        f"数据核对不一致：{'；'.join(zh_parts)}{zh_more}，差额超出逐行取整误差。可能有下载被截断（达1万行上限）、"
        "缺少分章节文件或月份，据此计算的数据可能偏小，请核对后重新下载。",
        f"The downloads disagree beyond rounding: {'; '.join(en_parts)}{en_more}. A download may be truncated at "
        "10,000 rows, or a chapter file or a month may be missing; the figures read from the smaller one may be "
        "too low.",
    )


def _partial_note(main: Source, other: Source, gaps: list[tuple], currency: str) -> Note:
    """'The Comtrade partner rows cover …': how much of the reporter's totals the listed detail holds."""
    what_zh = "、".join(DIM_WORDS[d][0] for d in other.dims if d in ("partner", "product"))
    what_en = " × ".join(DIM_WORDS[d][1] for d in other.dims if d in ("partner", "product"))
    m, flow, a, b = gaps[0]
    month_zh = Period.month(m.year, m.month).label_zh(with_year=True)
    zh_more = f"，共{len(gaps)}个月度分流向总值不足" if len(gaps) > 1 else ""
    en_more = f"; {len(gaps)} monthly totals of a flow fall short" if len(gaps) > 1 else ""
    pct = w.format_number(w.round_half_up(b / a * 100, 1)) if a else "0"
    names = "、".join(dict.fromkeys(name for _, fl, *_ in gaps for name in other.files_of(fl, m)))
    return Note(
        "partial-detail",
        f"UN Comtrade明细不全：{names}中按{what_zh}列出的各行合计{w.money_zh(b, currency=currency)}，"
        f"为申报方总值（伙伴World、商品TOTAL）{w.money_zh(a, currency=currency)}的{pct}%（{month_zh}{FLOW_ZH[flow]}）"
        f"{zh_more}。"
        f"各{what_zh}的数值取自所列明细，占比以申报方总值为分母；未列出部分不作推算，{what_zh}个数从略。",
        f"The Comtrade detail is partial: the {what_en} rows of {names} add up to {w.money_en(b, currency=currency)}"
        f" ({pct}%) of the {w.money_en(a, currency=currency)} the reporter states for World × TOTAL "
        f"({m:%Y-%m} {flow}s)"
        f"{en_more}. Each {what_en} figure is that of the rows listed and its share is of the reporter's total; "
        f"the rest is not estimated, and the number of {what_en}s is left out.",
    )


def _files(source: Source, flow: str, month, lang: str) -> str:
    """The files of a source that hold a flow and month, with the cut they belong to."""
    names = source.files_of(flow, month)
    if lang == "zh":
        return f"{'、'.join(names)}（按{cut_label(source.dims, 'zh')}）"
    return f"{', '.join(names)} ({source.dataset}, by {cut_label(source.dims, 'en')})"


__all__ = ["reconcile"]
