"""Which loaded data answer each family of figures: the source planner.

A warehouse holds several *cuts* of the same trade: a customs office's record extract, platform
downloads grouped by partner, by HS code (split into chapter files to stay under the platform's
10,000 rows), by trade mode, the all-province totals, in 人民币 and in 美元, a Comtrade file. Each
is an exact view of the trade at its own grain, and adding two of them counts the trade twice. So
every family of figures reads exactly one cut, chosen here for the subject, period and currency:

1. the cut holds the dims the family needs (its `Need`: partner figures need a partner column, ranks
   among provinces every province, a prefecture's figures region codes inside it);
2. every part of the cut (the chapter files of a split download) holds every month of the period;
3. then, by `rank`: a cut holding both flows (a peer table of exports only answers only for
   exports); one that also holds the base year; record-level data before platform
   downloads before Comtrade (`DATASET_PREFERENCE`); the narrowest cut (fewest dims), whose files
   are the fewest rows and the least likely to be truncated.

The families of figures declare their needs; a need no cut answers is left out with a `Note` in
both languages saying which download would add it. The plan is pure: it reads the `loads`
table's rows, never the trade rows.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from waimao.errors import IndicatorError
from waimao.indicators.plan_notes import cut_label, left_out
from waimao.indicators.records import FigureSource, Note
from waimao.model.cuts import coarse_key, holds_every_flow, row_currencies, row_keys, row_regions
from waimao.model.periods import Period, missing_months
from waimao.model.regions import NATION, REGIONS, Region

#: Datasets by preference: a customs office's records are exact and hold every dim; the platform's
#: downloads are the published figures at a coarser grain; Comtrade mirrors them in dollars.
DATASET_PREFERENCE = ("records", "platform", "comtrade")
#: The provinces (省、自治区、直辖市) a national comparison must see, all of them.
MAINLAND = frozenset(code for code, region in REGIONS.items() if region.level == "province")
@dataclass(frozen=True)
class Need:
    """What one family of figures needs from a cut.

    `scope`: whose rows it sums — the subject's ('subject'), its province's ('province': a
    prefecture's share of its province) or every province's ('peers'). `children`: the cut's region
    codes must go one level below the subject (its prefectures, or the provinces of the nation).
    `required`: without it there is no figure set (the subject's totals). The families
    (`waimao.indicators.families`) declare their needs; the planner knows none by name.
    """

    name: str
    dims: frozenset[str]
    zh: str
    en: str
    scope: str = "subject"
    children: bool = False
    required: bool = False


@dataclass(frozen=True)
class SourceFile:
    """One loaded file of a source: its name and the flows and months it holds."""

    name: str
    flows: frozenset[str]
    months: frozenset[date]


@dataclass(frozen=True)
class Source:
    """The loads of one cut that answer a need: what the sums of a family are read from."""

    dataset: str
    dims: tuple[str, ...]
    currency: str
    load_ids: tuple[int, ...]
    files: tuple[SourceFile, ...]
    months: frozenset[date]  # the months every part holds in each of `flows`
    regions: frozenset[str]
    rows: int
    flows: frozenset[str] = frozenset({"export", "import"})  # the flows it holds every month of the period in

    @property
    def record(self) -> FigureSource:
        return FigureSource(self.dataset, self.dims, self.currency, self.load_ids)

    def has(self, period: Period) -> bool:
        return not missing_months(period, self.months)

    def files_of(self, flow: str, month: date) -> list[str]:
        """The names of the files that hold this flow and month."""
        return [f.name for f in self.files if flow in f.flows and month in f.months]


@dataclass
class Plan:
    """The source of each need for one subject, period and currency, and the notes on what is left out."""

    subject: Region
    period: Period
    currency: str
    sources: dict[str, Source | None]
    notes: list[Note] = field(default_factory=list)
    needs: dict[str, Need] = field(default_factory=dict)

    def source(self, need: str) -> Source | None:
        return self.sources.get(need)

    def has_base(self, need: str) -> bool:
        found = self.sources.get(need)
        return found is not None and found.has(self.period.previous_year())


def plan(loads: Sequence[Mapping], subject: Region, period: Period, needs: Sequence[Need],
         currency: str | None = None, dataset: str | None = None) -> Plan:
    """The source of each need; IndicatorError when no source answers a required need.

    `loads` are the active `loads` rows; `currency` None is CNY where the data hold it, else USD;
    `dataset` restricts the subject's own figures to one dataset (peers may come from any).
    Needs that do not apply to the subject's level (a province's share of itself) are left out.
    """
    currency = currency or _default_currency(loads, subject)
    cuts = _cuts(loads, currency)
    memo: dict[tuple, Any] = {}  # what the needs share: whether a load holds a scope, the source of some loads
    chosen: dict[str, Source | None] = {}
    notes: list[Note] = []
    for need in needs:
        if need.scope == "province" and subject.level not in ("prefecture", "zone"):
            continue
        if need.scope == "peers" and subject.level == "nation":
            continue
        if need.children and need.scope == "subject" and not _has_children(subject):
            if subject.level == "country":  # say so: a Chinese region's figures would have them
                notes.append(left_out(need, subject, period, currency, []))
            continue
        usable = [c for c in cuts if need.scope == "peers" or dataset is None or c.dataset == dataset]
        found, incomplete = _choose(usable, need, subject, period, memo)
        chosen[need.name] = found
        if found is None and need.required:
            raise IndicatorError(_no_totals(loads, cuts, subject, period, currency, incomplete))
        if found is None:
            notes.append(left_out(need, subject, period, currency, incomplete))
        elif len(found.flows) < 2 and need.scope != "peers":  # e.g. a chapter file missing for one flow; a peer
            # table of a few product lines is partial by nature, and `peers.covers` judges it group by group
            lacking = ({"export", "import"} - found.flows).pop()
            notes.append(left_out(need, subject, period, currency, incomplete, flow=lacking))
    the_plan = Plan(subject, period, currency, chosen, notes, {need.name: need for need in needs})
    base = period.previous_year()
    main = next((need for need in needs if need.required), None)
    if main is not None and not the_plan.has_base(main.name):
        notes.insert(0, Note("no-base",
                             f"未载入{base.label_zh(with_year=True)}数据，同比增速、占比变化、拉动和贡献率从略。",
                             f"No data for {base}: growth, share changes, pulls and contributions are left out."))
    elif main is not None:
        for need in needs:
            source = chosen.get(need.name)
            if source is not None and not source.has(base):
                notes.append(Note("no-base", f"{need.zh}数据缺{base.label_zh(with_year=True)}，其同比增速等从略。",
                                  f"The data for {need.en} lack {base}: their growth is left out."))
    return the_plan


# --- cuts -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Cut:
    dataset: str
    dims: tuple[str, ...]
    currency: str
    loads: tuple[Mapping, ...]


def _default_currency(loads: Sequence[Mapping], subject: Region) -> str:
    held = {c for load in loads if covers(load, subject) for c in row_currencies(load)}
    return "USD" if held == {"USD"} else "CNY"


def _cuts(loads: Sequence[Mapping], currency: str) -> list[_Cut]:
    grouped: dict[tuple[str, tuple[str, ...]], list[Mapping]] = {}
    for load in loads:
        if currency in row_currencies(load):
            grouped.setdefault((load["dataset"], tuple(load["dims"])), []).append(load)
    return [_Cut(dataset, dims, currency, tuple(group)) for (dataset, dims), group in sorted(grouped.items())]


def under(code: str, prefix: str) -> bool:
    """A region code inside the region of this record prefix ('' is the nation: its own and provinces' codes)."""
    return code.startswith(prefix) if prefix else (code == NATION or code[:1].isdigit())


def covers(load: Mapping, subject: Region) -> bool:
    """The load holds the whole subject: its region, or (for the nation) national rows or every province."""
    regions = row_regions(load)
    if subject.level == "nation":
        return NATION in regions or MAINLAND <= {r[:2] for r in regions}
    prefixes = subject.record_prefixes
    if subject.level == "country":  # a Comtrade reporter: its ISO alpha-2 code
        return subject.code in regions
    if subject.level == "province":
        return any(r.startswith(prefixes) for r in regions)
    return any(r.startswith(prefixes) and len(r) > 2 for r in regions)  # a prefecture needs record codes


def _has_children(subject: Region) -> bool:
    return subject.level in ("nation", "province", "prefecture")


def every_province(load: Mapping) -> bool:
    """The load holds every province (the platform's all-province download, a national record extract)."""
    return MAINLAND <= {r[:2] for r in row_regions(load) if r[:2].isdigit()}


def reporters_only(load: Mapping) -> bool:
    """The load's regions are Comtrade reporters (ISO alpha-2 codes, China as 'CN'), no Chinese region codes."""
    regions = row_regions(load)
    return bool(regions) and load.get("kind") == "comtrade" and not any(r[:1].isdigit() for r in regions)


def _holds(load: Mapping, need: Need, subject: Region) -> bool:
    regions = row_regions(load)
    if need.scope == "peers" and subject.level == "country":  # ranks among the reporters loaded
        return reporters_only(load)
    if need.scope == "peers":
        return every_province(load)
    whole = REGIONS[subject.code[:2]] if need.scope == "province" else subject
    if not covers(load, whole):
        return False
    if need.children:  # codes one level below: provinces of the nation, record codes below a province
        return any(under(r, prefix) and r != NATION and len(r) > len(prefix)
                   for r in regions for prefix in whole.record_prefixes)
    return True


def _choose(cuts: Sequence[_Cut], need: Need, subject: Region, period: Period,
            memo: dict[tuple, Any] | None = None) -> tuple[Source | None, list[str]]:
    """The best source for a need, and why cuts that hold the dims could not serve (for the note).

    `memo` keeps, across the needs of one plan, whether a load holds a scope and the source made of
    some loads: ten needs ask it of the same 36 month files (each listing hundreds of region codes).
    """
    memo = {} if memo is None else memo
    candidates: list[Source] = []
    incomplete: list[str] = []
    for cut in cuts:
        if not need.dims <= set(cut.dims) or _listed_only(cut, need):
            continue
        loads = [load for load in cut.loads if _memo(memo, ("holds", id(load), need.scope, need.children),
                                                       lambda load=load: _holds(load, need, subject))]
        if not loads:
            continue
        source, missing = _memo(memo, ("source", id(cut), *map(id, loads)), lambda: (
            _source(cut, loads, period), missing_months(period, complete_months(loads))))
        if missing:
            incomplete.append(_why_incomplete(cut, loads, missing))
        if source.flows and not (need.required and missing):  # the subject's totals need both flows
            candidates.append(source)
    if not candidates:
        return None, incomplete
    return min(candidates, key=lambda s: rank(s, period)), incomplete


def _memo(memo: dict[tuple, Any], key: tuple, make: Callable[[], Any]) -> Any:
    if key not in memo:
        memo[key] = make()
    return memo[key]


def _listed_only(cut: _Cut, need: Need) -> bool:
    """A Comtrade level finer than the need: its rows list the partners or chapters a query named,
    so their sum is not the whole (the World × TOTAL rows are; a sum of listed partners is never
    passed off as the reporter's total, nor ranked)."""
    finer = set(cut.dims) - {"month", "flow", "region"} - need.dims
    return bool(finer) and all(load.get("kind") == "comtrade" for load in cut.loads)


def rank(source: Source, period: Period) -> tuple:
    """The preference among sources that hold a need's dims for every month of the period (smallest first)."""
    preference = DATASET_PREFERENCE.index(source.dataset) if source.dataset in DATASET_PREFERENCE else \
        len(DATASET_PREFERENCE)
    return (-len(source.flows), not source.has(period.previous_year()), preference, len(source.dims),
            source.load_ids)


def _source(cut: _Cut, loads: Sequence[Mapping], period: Period) -> Source:
    """The loads as a source: the flows whose every month of the period every part holds (a peer table of
    exports only answers for exports), and the months held in all of those flows."""
    by_flow = {flow: complete_months(loads, (flow,)) for flow in ("export", "import")}
    flows = frozenset(flow for flow, months in by_flow.items() if not missing_months(period, months))
    months = frozenset.intersection(*(by_flow[flow] for flow in flows)) if flows else frozenset()
    return Source(
        dataset=cut.dataset,
        dims=cut.dims,
        currency=cut.currency,
        load_ids=tuple(sorted(load["load_id"] for load in loads)),
        files=tuple(SourceFile(Path(load["source_file"]).name, frozenset(load["flows"]), frozenset(load["months"]))
                    for load in sorted(loads, key=lambda x: x["load_id"])),
        months=months,
        regions=frozenset(r for load in loads for r in row_regions(load)),
        rows=sum(load["rows"] for load in loads),
        flows=flows,
    )


# --- split cuts -------------------------------------------------------------------------------


def parts(loads: Sequence[Mapping]) -> list[list[Mapping]]:
    """The loads of one flow of a cut, grouped into the parts of a split download.

    Loads whose keys meet in every split dim at the coarse level (the same chapters in two years;
    the same partners) are one part; parts hold disjoint keys (chapters 01–49 and 50–98, two
    partner lists). Coarse keys, because a year's chapter file may hold other codes than the
    previous year's, never other chapters.
    """
    keyed = [_coarse_keys(load) for load in loads]
    # loads with the same keys, all non-empty, meet: one node each (the 36 month files of a record extract);
    # equal keys are one cached object, so its id names them
    node_of: dict[int, int] = {}
    nodes: list[dict[str, frozenset[str]]] = []
    at = []
    for i, keys in enumerate(keyed):
        same = id(keys) if all(keys.values()) else -1 - i
        if same not in node_of:
            node_of[same] = len(nodes)
            nodes.append(keys)
        at.append(node_of[same])
    owner = list(range(len(nodes)))

    def find(i: int) -> int:
        while owner[i] != i:
            owner[i] = owner[owner[i]]
            i = owner[i]
        return i

    for i, a in enumerate(nodes):
        for j in range(i):
            b = nodes[j]
            if all(a[dim] & b[dim] for dim in a.keys() & b.keys()):
                owner[find(i)] = find(j)
    groups: dict[int, list[Mapping]] = {}
    for load, node in zip(loads, at):
        groups.setdefault(find(node), []).append(load)
    return list(groups.values())


def _coarse_keys(load: Mapping) -> dict[str, frozenset[str]]:
    """A load's keys of each split dim at the coarse level; a record extract lists hundreds of region codes and
    the planner asks for them some forty times per figure set, so they are made once per distinct load."""
    raw = load.get("keys")
    return _coarse_of(tuple(row_regions(load)), raw if raw is None or isinstance(raw, str) else json.dumps(raw))


@lru_cache(maxsize=1024)
def _coarse_of(regions: tuple[str, ...], keys: str | None) -> dict[str, frozenset[str]]:
    return {dim: frozenset(coarse_key(dim, k) for k in values)
            for dim, values in row_keys({"regions": regions, "keys": keys}).items()}


def complete_months(loads: Sequence[Mapping], flows: Sequence[str] = ("export", "import")) -> frozenset[date]:
    """Months that every part of the cut holds, in each of `flows`.

    A load without rows (a query with no trade) counts for every part of its flow; a record extract
    counts for both flows (`holds_every_flow`).
    """
    complete = None
    for flow in flows:
        of_flow = [load for load in loads if flow in load["flows"] or holds_every_flow(load.get("kind", ""))]
        empty = {m for load in of_flow if not load["rows"] for m in load["months"]}
        groups = parts([load for load in of_flow if load["rows"]])
        held = [{m for load in group for m in load["months"]} | empty for group in groups] or [empty]
        months = set.intersection(*held)
        complete = months if complete is None else complete & months
    return frozenset(complete)


def _why_incomplete(cut: _Cut, loads: Sequence[Mapping], missing: Sequence[date]) -> str:
    """Which flow of the cut lacks which months, naming the files of the part that holds them only."""
    months = ", ".join(f"{m:%Y-%m}" for m in missing)
    for flow in ("export", "import"):
        groups = parts([load for load in loads if flow in load["flows"] and load["rows"]])
        held = [{m for load in group for m in load["months"]} for group in groups]
        lacking = [group for group, months_held in zip(groups, held) if not set(missing) <= months_held]
        if groups and lacking and len(lacking) < len(groups):
            having = [Path(load["source_file"]).name for group in groups if group not in lacking for load in group
                      if set(missing) & set(load["months"])]
            return (f"in {_cut_name(cut)}, {', '.join(having)} hold {flow}s of {months} but the other part of this "
                    "split download does not")
    return f"{_cut_name(cut)} lacks {months}"


def _cut_name(cut: _Cut) -> str:
    return f"the {cut.dataset} download by {cut_label(cut.dims, 'en')}"


# --- notes ------------------------------------------------------------------------------------


def _no_totals(loads: Sequence[Mapping], cuts: Sequence[_Cut], subject: Region, period: Period, currency: str,
               incomplete: list[str]) -> str:
    covering = [load for load in loads if covers(load, subject)]
    if not covering:
        return f"The warehouse has no data for {subject.name_zh}; load it with `waimao ingest`."
    if all(load.get("kind") == "comtrade" and len(load["dims"]) > 3 for load in covering):
        return (f"The UN Comtrade data for {subject.name_zh} list partners or products only: their sum is not "
                f"{subject.name_en}'s total. Load a query that includes partner World (0) and commodity TOTAL.")
    if not any(covers(load, subject) for cut in cuts for load in cut.loads):
        other = sorted({c for load in covering for c in row_currencies(load)})
        return f"The data for {subject.name_zh} are in {', '.join(other)}, not {currency}; use --currency."
    held = sorted({m for cut in cuts for load in cut.loads if covers(load, subject) for m in load["months"]})
    missing = missing_months(period, held)
    if missing:
        return (f"{period} needs the months {', '.join(f'{m:%Y-%m}' for m in period.months)}; the data for "
                f"{subject.name_zh} lack {', '.join(f'{m:%Y-%m}' for m in missing)}.")
    return f"No loaded cut holds every month of {period} for {subject.name_zh}: {'; '.join(incomplete)}."


__all__ = ["DATASET_PREFERENCE", "MAINLAND", "Need", "Plan", "Source", "SourceFile", "complete_months", "covers",
           "every_province", "parts", "plan", "rank", "under"]
