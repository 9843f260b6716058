"""The download checklist of a bulletin: which platform queries to make, which are loaded, how to split them.

The customs statistics platform answers one flow, one currency and at most four grouping fields
per query, and stops at 10,000 rows, so a bulletin from public data takes a dozen or more
downloads. `checklist` lists them for a subject and period: the all-province totals (the
subject's totals, its ranks among provinces), the subject by partner, by HS code and by trade
mode, each for the period and for the same months a year earlier (growth). It says which the
warehouse already holds, by the rules the source planner reads them with, and splits a query
that would pass 10,000 rows into HS chapter ranges, judging by the codes the loaded data show
or, without them, by the codes each chapter has in the nomenclature.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from waimao.errors import IndicatorError
from waimao.indicators.plan_notes import CURRENCY_ZH, PLATFORM_FIELDS
from waimao.indicators.planner import MAINLAND, complete_months, covers, every_province
from waimao.model.cuts import row_currencies, row_keys
from waimao.model.partners import PARTNERS
from waimao.model.periods import Period
from waimao.model.products import CODES_PER_CHAPTER
from waimao.model.regions import Region
from waimao.model.trade_modes import TRADE_MODES

#: The platform's cap on the rows of one download.
LIMIT = 10_000
#: What a planned part may hold: under the cap with room for codes the loaded data did not show.
ROOM = 9_000
#: What a full bulletin downloads: (what it answers, fields grouped by, every province or the subject's, optional).
QUERIES = (
    ("totals and ranks among provinces", ("region",), True, False),
    ("partners", ("partner",), False, False),
    ("product groups", ("product",), False, False),
    ("trade modes", ("trade_mode",), False, False),
    ("partner counts of product groups", ("partner", "product"), False, True),
)
FIELD_WORDS = {"region": "注册地", "partner": "贸易伙伴", "product": "商品", "trade_mode": "贸易方式"}


@dataclass(frozen=True)
class Query:
    """One platform query: a flow, one year's months, the fields to group by, whose rows, a currency."""

    answers: str
    flow: str
    period: Period
    dims: tuple[str, ...]
    region: Region | None  # the 注册地 to select; None: every province
    currency: str
    chapters: tuple[str, str] | None
    rows: int
    estimated_from: str  # 'loaded data' or 'reference' (every code, partner or mode there is)
    status: str  # 'loaded', 'partly' or 'missing'
    files: tuple[str, ...]
    optional: bool

    @property
    def fields_zh(self) -> str:
        return "、".join(PLATFORM_FIELDS[d] for d in self.dims)

    @property
    def file_name(self) -> str:
        """The name to save the download as, so that `waimao ingest` reads its flow, months and region from it."""
        who = "全国" if self.region is None or self.region.level == "nation" else self.region.short_zh or \
            self.region.name_zh
        flow = "出口" if self.flow == "export" else "进口"
        fields = "_".join(FIELD_WORDS[d] for d in self.dims)
        part = f"_{self.chapters[0]}-{self.chapters[1]}章" if self.chapters else ""
        money = "_美元" if self.currency == "USD" else ""
        return f"{who}_{flow}_{self.period}_{fields}{part}{money}.csv"

    def to_dict(self) -> dict:
        return {"answers": self.answers, "flow": self.flow, "months": str(self.period), "fields": list(self.dims),
                "fields_zh": self.fields_zh, "region": None if self.region is None else self.region.code,
                "currency": self.currency, "chapters": list(self.chapters) if self.chapters else None,
                "rows": self.rows, "estimated_from": self.estimated_from, "status": self.status,
                "files": list(self.files), "optional": self.optional, "file_name": self.file_name}


def checklist(loads: Sequence[Mapping], subject: Region, period: Period, currency: str = "CNY") -> list[Query]:
    """Every platform query of a full bulletin of `subject` in `period`, with its status against `loads`."""
    if subject.level == "country":
        raise IndicatorError(f"The checklist lists customs platform downloads; the figures of {subject.name_en} come "
                             f"from UN Comtrade: query reporter {subject.reporter_code} ({subject.iso3}), monthly, "
                             "with partner World and the partners wanted, commodity TOTAL and the HS chapters, for "
                             "the period and the same months a year earlier.")
    if subject.level not in ("nation", "province"):
        raise IndicatorError(f"The platform's 注册地 is a province: the figures of {subject.name_zh} need a customs "
                             "office's record-level data, not platform downloads.")
    out: list[Query] = []
    for answers, dims, all_provinces, optional in QUERIES:
        whose = None if all_provinces or subject.level == "nation" else subject
        for flow in ("export", "import"):
            for months in (period.previous_year(), period):
                out += _queries(loads, answers, dims, whose, subject, flow, months, currency, optional)
    return out


def _queries(loads, answers, dims, whose, subject, flow, months: Period, currency, optional) -> list[Query]:
    held = [load for load in loads if _answers(load, dims, whose, subject, flow, currency)]
    seen = _seen_keys([load for load in loads if flow in load["flows"] and covers(load, subject)])
    if "product" not in dims or optional:  # an optional query is listed whole: it is often better not made
        per_month, source = _rows(seen, dims, _codes_by_chapter(seen)[0])
        return [_query(held, answers, dims, whose, flow, months, currency, None, per_month * months.month_count,
                       source, optional)]
    codes, source = _codes_by_chapter(seen)
    parts = _split({chapter: _rows(seen, dims, {chapter: n})[0] for chapter, n in codes.items()}, months.month_count)
    return [_query(held, answers, dims, whose, flow, months, currency, (first, last) if len(parts) > 1 else None,
                   rows, source, optional) for first, last, rows in parts]


def _answers(load: Mapping, dims, whose: Region | None, subject: Region, flow: str, currency: str) -> bool:
    """The load is (part of) a download of this query's fields, flow and currency, for its region."""
    if flow not in load["flows"] or currency not in row_currencies(load) or not set(dims) <= set(load["dims"]):
        return False
    return every_province(load) if whose is None and "region" in dims else covers(load, subject)


def _query(held, answers, dims, whose, flow, months: Period, currency, chapters, rows, source, optional) -> Query:
    if chapters is not None and any(row_keys(load).get("product") for load in held):
        held = [load for load in held if _in_chapters(row_keys(load).get("product"), chapters)]
    have = complete_months(held, (flow,)) if held else frozenset()
    wanted = set(months.months)
    status = "loaded" if wanted <= have else "partly" if wanted & have else "missing"
    files = tuple(sorted({load["source_file"].rsplit("/", 1)[-1] for load in held
                          if wanted & set(load["months"])}))
    return Query(answers, flow, months, dims, whose, currency, chapters, rows, source, status, files, optional)


def _in_chapters(codes, chapters: tuple[str, str]) -> bool:
    return codes is None or any(chapters[0] <= code[:2] <= chapters[1] for code in codes)


def _seen_keys(loads) -> dict[str, set[str]]:
    """Every key of each split dim that the subject's loaded downloads hold (any cut, any month)."""
    seen: dict[str, set[str]] = {}
    for load in loads:
        for dim, keys in row_keys(load).items():
            seen.setdefault(dim, set()).update(keys)
    return seen


def _rows(seen: Mapping[str, set[str]], dims, codes: Mapping[str, int]) -> tuple[int, str]:
    """Rows one month of the download holds at most, and what says so: the keys of the loaded data where
    there are some, else the reference tables (every partner, trade mode, code of the nomenclature)."""
    if dims == ("region",):
        return len(MAINLAND), "reference"
    total, source = 1, "loaded data"
    for dim in dims:
        if dim == "product":
            count = sum(codes.values())
        else:
            count = len(seen.get(dim, ())) or len(PARTNERS if dim == "partner" else TRADE_MODES)
        if not seen.get(dim):
            source = "reference"
        total *= count
    return total, source


def _codes_by_chapter(seen: Mapping[str, set[str]]) -> tuple[dict[str, int], str]:
    """Chapter → 8-digit codes: those the loaded downloads show, else those of the nomenclature."""
    if not seen.get("product"):
        return dict(CODES_PER_CHAPTER), "reference"
    codes: dict[str, int] = {}
    for code in seen["product"]:
        codes[code[:2]] = codes.get(code[:2], 0) + 1
    return codes, "loaded data"


def _split(per_chapter: Mapping[str, int], months: int) -> list[tuple[str, str, int]]:
    """Chapter ranges in order whose rows stay within ROOM (a chapter alone may not): (first, last, rows)."""
    parts: list[list] = []
    for chapter in sorted(CODES_PER_CHAPTER):
        rows = per_chapter.get(chapter, 0) * months
        if parts and parts[-1][2] + rows <= ROOM:
            parts[-1][1], parts[-1][2] = chapter, parts[-1][2] + rows
        else:
            parts.append([chapter, chapter, rows])
    return [(first, last, rows) for first, last, rows in parts]


def describe_status(query: Query) -> str:
    """'loaded (file, …)', 'missing', 'partly loaded (file)'; 'over 10,000 rows' where a part may still be."""
    if query.status == "loaded":
        text = "loaded" + (f" ({', '.join(query.files)})" if query.files else "")
    elif query.status == "partly":
        text = f"partly loaded ({', '.join(query.files)})"
    else:
        text = "missing"
    if query.rows > LIMIT:
        text += "; over 10,000 rows even alone: split it by partner lists too"
    return text


def currency_zh(currency: str) -> str:
    return CURRENCY_ZH[currency]


__all__ = ["LIMIT", "QUERIES", "Query", "checklist", "currency_zh", "describe_status"]

