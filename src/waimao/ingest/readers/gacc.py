"""Downloads from the China customs statistics platform (FORMATS.md §1).

A platform CSV holds only the columns the user grouped by, in Chinese or English UI words,
and never says its flow; it says its months only when 分月展示 was ticked. Flow and period
therefore come from the arguments or from the file name (`青海_出口_2025Q1.csv`, see
docs/formats.md), and a file whose flow or period cannot be known is refused.

Decision on period totals: without 数据年月 a multi-month download holds period totals that
cannot be split into months, and every indicator works on months, so such a file is refused
(`period-not-monthly`) with a request to tick 分月展示. A one-month download needs no
数据年月: its rows are stored on that month.
"""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from waimao.ingest.checks import Cells, IssueLog, MISSING_TOKENS
from waimao.ingest.readers.base import ReadResult
from waimao.ingest.readers.canonical import CodeRules, conform, finish
from waimao.ingest.readers.textfile import Progress, TextTable, UnreadableText, read_text_table
from waimao.model.periods import Period
from waimao.model.regions import NATION, REGIONS, Region, resolve_region

#: Platform header words (Chinese UI and English UI, compared case-insensitively) -> field.
#: Fields ending in `_name` are descriptions kept in ReadResult.meta['names'], not loaded.
VOCABULARY = {
    "数据年月": "month", "date of data": "month",
    "商品编码": "product", "commodity code": "product",
    "商品名称": "product_name", "commodity": "product_name",
    "贸易伙伴编码": "partner", "trading partner code": "partner",
    "贸易伙伴名称": "partner_name", "trading partner": "partner_name",
    "贸易方式编码": "trade_mode", "customs regime code": "trade_mode",
    "贸易方式名称": "trade_mode_name", "customs regime": "trade_mode_name",
    "注册地编码": "region", "收发货人注册地编码": "region",
    "locations of importers and exporters code": "region",
    "注册地名称": "region_name", "收发货人注册地名称": "region_name",
    "locations of importers and exporters": "region_name",
    "第一数量": "qty1", "quantity": "qty1",
    "第一计量单位": "unit1", "unit": "unit1",
    "第二数量": "qty2", "supplementary quantity": "qty2", "supplimentary quantity": "qty2",
    "第二计量单位": "unit2", "supplementary unit": "unit2", "supplimentary unit": "unit2",
    "美元": "value_usd", "us dollar": "value_usd",
    "人民币": "value_cny", "renminbi yuan": "value_cny",
}
FLOW_WORDS = {"出口": "export", "export": "export", "exports": "export",
              "进口": "import", "import": "import", "imports": "import"}
DOWNLOAD_LIMIT = 10_000
#: Ways of joining stray fields back into names tried per file. A download's ragged lines hold a
#: comma or two each (a few ways apiece), so this covers many times the platform's 10,000 rows; a
#: file of lines with a dozen stray commas (455 ways each) stops here instead of stalling the program.
REPAIR_BUDGET = 200_000
PLATFORM_RULES = CodeRules(trade_mode_lengths=(2,), province_regions=True)

_CODE_FIELDS = ("product", "partner", "trade_mode", "region")
_NUMBER_FIELDS = ("qty1", "qty2", "value_usd", "value_cny")
_NUMBER = re.compile(r"^-?[\d,]*\.?\d*$")


def vocabulary_field(name: str) -> str | None:
    return VOCABULARY.get(" ".join(name.strip().lstrip("\ufeff").split()).lower())


def looks_like_gacc(header: list[str]) -> bool:
    names = [h for h in header if h.strip()]
    return bool(names) and all(vocabulary_field(h) for h in names)


def read_gacc(path: Path, *, flow: str | None = None, period: str | None = None, region: str | None = None,
              national: bool = False, progress: Progress | None = None, log: IssueLog | None = None) -> ReadResult:
    """Read one platform download; `flow` ('export'/'import'/出口/进口) and `period` ('2025M01-M03') as the
    query had them; `region` (a province) or `national` for a download not grouped by 注册地."""
    log = log or IssueLog(str(path))
    try:
        text = read_text_table(path, progress=progress)  # pyarrow first; the csv module on a ragged line
    except UnreadableText as exc:
        log.add("bad-encoding", str(exc))
        return finish(path, "gacc", log, None, currency="CNY")
    meta = {"encoding": text.encoding}
    if not text.header:
        log.add("empty-file", "the file is empty: no header line")
        return finish(path, "gacc", log, None, currency="CNY", meta=meta)
    mapping = _map_header(text.header, log)
    currency = "CNY" if "value_cny" in mapping else "USD"
    flow_value = _resolve_flow(path, flow, log, meta)
    the_period = _resolve_period(path, period, log, meta)
    has_months = "month" in mapping
    if not has_months and the_period is not None and the_period.month_count > 1:
        log.add("period-not-monthly", f"the file has no 数据年月 column, so its figures are totals of {the_period} "
                "and cannot be split into months: tick 分月展示 and download again (or query one month per file)")
    if not has_months and the_period is None and not log.counts.get("bad-period"):
        log.add("missing-period", "the file has no 数据年月 column and no period was given: pass --period "
                "(e.g. 2025M03) or put it in the file name (青海_出口_2025M03.csv)")
    table = _repair_ragged(text, mapping, log)
    if table.num_rows == 0:
        log.add("no-rows", "the download has a header but no data rows (no trade for this query)")
    elif table.num_rows == DOWNLOAD_LIMIT:
        log.add("truncated-download", f"exactly {DOWNLOAD_LIMIT:,} data rows: the platform stops there, so rows are "
                "probably missing; split the query (fewer months, partners or products) and download again")
    fields = {f: Cells(text.header[i], table.columns[i], table.rows)
              for f, i in mapping.items() if not f.endswith("_name")}
    constants = {"flow": flow_value} if flow_value else {}
    if not has_months and the_period is not None and the_period.month_count == 1:
        constants["month"] = the_period.first_month
    whose = None if "region" in mapping else _resolve_region(path, region, national, log, meta)
    if whose is not None:
        constants["region"] = whose
    conformed = conform(fields, table.rows, log, rules=PLATFORM_RULES, constants=constants)
    if has_months and the_period is not None:
        outside = pc.invert(pc.is_in(conformed.columns["month"], pa.array(the_period.months, pa.date32())))
        outside = pc.and_(outside, pc.is_valid(conformed.columns["month"]))
        log.flag("period-mismatch", outside, fields["month"], f"the month lies outside the period {the_period}")
    meta["names"] = _names(table, mapping)
    months = the_period.months if the_period is not None else None
    result = finish(path, "gacc", log, conformed, currency=currency, months=months, meta=meta)
    if whose is not None:
        result.provinces = (whose,)
    return result


def _map_header(header: list[str], log: IssueLog) -> dict[str, int]:
    mapping: dict[str, int] = {}
    for i, name in enumerate(header):
        field_name = vocabulary_field(name)
        if field_name is None:
            log.add("unknown-column", f"{name!r} is not a column the customs platform writes", column=name)
        elif field_name in mapping:
            log.add("duplicate-column", f"{name!r} repeats {header[mapping[field_name]]!r}", column=name)
        else:
            mapping[field_name] = i
    if "value_usd" not in mapping and "value_cny" not in mapping:
        log.add("currency-missing", "no value column: the download needs 美元/US dollar or 人民币/Renminbi Yuan")
    return mapping


# --- flow and period -----------------------------------------------------------------------


def name_tokens(path: Path) -> list[str]:
    """Words of the file name: separated by '_', spaces, '.', and brackets."""
    stem = path.name
    while Path(stem).suffix.lower() in (".csv", ".txt", ".tsv", ".gz"):
        stem = stem[: -len(Path(stem).suffix)]
    return [t for t in re.split(r"[_\s.()（）\[\]【】,，、]+", stem) if t]


def flow_from_name(path: Path) -> str | None:
    found = {FLOW_WORDS[t.lower()] for t in name_tokens(path) if t.lower() in FLOW_WORDS}
    return found.pop() if len(found) == 1 else None


def period_from_name(path: Path) -> Period | None:
    found = set()
    for token in name_tokens(path):
        if not re.match(r"\d{4}", token):
            continue
        try:
            candidate = Period.parse(token)
        except ValueError:
            continue
        if 1990 <= candidate.year <= 2100:
            found.add(candidate)
    return found.pop() if len(found) == 1 else None


def _resolve_flow(path: Path, flow: str | None, log: IssueLog, meta: dict) -> str | None:
    named = flow_from_name(path)
    if flow is not None:
        given = FLOW_WORDS.get(str(flow).strip().lower())
        if given is None:
            log.add("unknown-flow", f"--flow must be export or import, not {flow!r}", value=flow)
            return None
        if named is not None and named != given:
            log.add("name-mismatch", f"the file name says {named} but {given} was given; reading it as {given}")
        meta["flow_source"] = "argument"
        return given
    if named is None:
        log.add("missing-flow", "the download does not say whether it holds exports or imports: pass --flow "
                "export|import or put 出口/进口 in the file name (青海_出口_2025Q1.csv)")
        return None
    meta["flow_source"] = "file name"
    return named


def _resolve_period(path: Path, period: str | None, log: IssueLog, meta: dict) -> Period | None:
    named = period_from_name(path)
    if period is not None:
        try:
            given = Period.parse(str(period))
        except ValueError as exc:
            log.add("bad-period", str(exc), value=str(period))
            return None
        if named is not None and named != given:
            log.add("name-mismatch", f"the file name says {named} but {given} was given; reading it as {given}")
        meta["period"], meta["period_source"] = str(given), "argument"
        return given
    if named is not None:
        meta["period"], meta["period_source"] = str(named), "file name"
    return named


def region_from_name(path: Path) -> Region | None:
    """The one province (or 全国) a file name names: 宁夏_出口_2025Q1.csv → 宁夏回族自治区.

    Only words count, never numbers: `50-98章` is a chapter range, not 重庆 (50).
    """
    found = {}
    for token in name_tokens(path):
        for part in re.split(r"[-–—~]", token):
            if not part or any(ch.isdigit() for ch in part):
                continue
            try:
                candidate = resolve_region(part)
            except LookupError:
                continue
            if candidate.level in ("nation", "province"):
                found[candidate.code] = candidate
    return found.popitem()[1] if len(found) == 1 else None


def _resolve_region(path: Path, region: str | None, national: bool, log: IssueLog, meta: dict) -> str | None:
    """Whose trade a download without 注册地 holds: the argument, else the file name; never a silent guess.

    The platform filters by 注册地 without grouping by it, so a province's download and the national
    one look the same; reading it as national by default made a province's file national data.
    """
    if national and region:
        log.add("bad-region", "give either a region or national, not both", value=region)
        return None
    if national:
        given, source = REGIONS[NATION], "argument (national)"
    elif region is not None:
        try:
            given = resolve_region(region)
        except LookupError as e:
            log.add("bad-region", str(e.args[0]) if e.args else str(e), value=region)
            return None
        if given.level not in ("nation", "province"):
            log.add("bad-region", f"{given.name_zh} is not a province: the platform's 注册地 is a province, so a "
                    "download is a province's or the nation's", value=region)
            return None
        source = "argument"
        named = region_from_name(path)
        if named is not None and named.code != given.code:
            log.add("name-mismatch", f"the file name says {named.name_zh} but {given.name_zh} was given; "
                    f"reading it as {given.name_zh}")
    elif (named := region_from_name(path)) is not None:
        given, source = named, "file name"
    else:
        log.add("missing-region", "the download has no 注册地 column, so it does not say whose trade it is: "
                "pass --region (e.g. 宁夏), put the province in the file name (宁夏_出口_2025Q1.csv), or pass "
                "--national for national totals")
        return None
    meta["region_source"] = source
    log.add("region-assumed", f"no 注册地 column: read as the trade of {given.name_zh} ({given.code}), "
            f"from the {source}")
    return given.code


# --- ragged lines ------------------------------------------------------------------------------


def _repair_ragged(text: TextTable, mapping: dict[str, int], log: IssueLog) -> TextTable:
    """The same table with the repairable ragged lines put back in row order.

    The platform does not quote or escape names reliably ("Korea, DPR", `"with "herring-bone", for"`),
    so a name can spill into extra fields. If exactly one way of joining the surplus back into the
    name columns makes every code, month and number field well-formed, the line is repaired.
    """
    names = [f"c{i}" for i in range(len(text.header))]
    table = pa.table({**dict(zip(names, text.columns)), "_row": text.rows})
    repaired_rows = []
    budget = [REPAIR_BUDGET]
    for row, record in text.ragged:
        fields = record[:-1] if text.trailing_comma and record and record[-1] == "" else record
        fixed = _rejoin(fields, len(text.header), mapping, budget)
        if fixed is None:
            why = "" if budget[0] > 0 else " (too many stray commas in this file to try joining them all back)"
            log.add("ragged-row", f"the line has {len(fields)} fields, the header {len(text.header)}{why}", row=row,
                    value=",".join(record)[:200])
            continue
        log.add("repaired-row", "a name contained unquoted commas; its pieces were joined back", row=row,
                value=",".join(record)[:200])
        repaired_rows.append({**dict(zip(names, fixed)), "_row": row})
    if repaired_rows:
        extra = pa.Table.from_pylist(repaired_rows, schema=table.schema)
        table = pa.concat_tables([table, extra]).sort_by("_row")
    columns = [table.column(i).combine_chunks() for i in range(len(names))]
    return TextTable(text.header, columns, table.column("_row").combine_chunks(), text.encoding)


def _rejoin(fields: list[str], width: int, mapping: dict[str, int], budget: list[int]) -> list[str] | None:
    """The one way of joining the surplus fields into the name columns that makes the line well-formed, or None.

    Each way tried spends one unit of `budget` (shared by the file); an empty budget gives None.
    """
    surplus = len(fields) - width
    name_positions = sorted(i for f, i in mapping.items() if f.endswith("_name"))
    if surplus <= 0 or not name_positions or surplus > 12:
        return None
    kinds = {i: f for f, i in mapping.items()}
    candidates = set()
    for split in _distributions(surplus, len(name_positions)):
        if budget[0] <= 0:
            return None
        budget[0] -= 1
        extra = dict(zip(name_positions, split))
        out, cursor = [], 0
        for i in range(width):
            take = 1 + extra.get(i, 0)
            out.append(",".join(fields[cursor:cursor + take]))
            cursor += take
        if all(_plausible(kinds.get(i), value) for i, value in enumerate(out)):
            candidates.add(tuple(out))
    return list(candidates.pop()) if len(candidates) == 1 else None


def _distributions(total: int, slots: int):
    for cut in itertools.combinations(range(total + slots - 1), slots - 1):
        bounds = (-1, *cut, total + slots - 1)
        yield tuple(bounds[k + 1] - bounds[k] - 1 for k in range(slots))


def _plausible(field_name: str | None, value: str) -> bool:
    value = value.strip()
    if field_name in _CODE_FIELDS or field_name == "month":
        return value.isdigit() or value in MISSING_TOKENS
    if field_name in _NUMBER_FIELDS:
        return bool(_NUMBER.match(value)) or value in MISSING_TOKENS
    if field_name in ("unit1", "unit2"):
        return "," not in value
    return True


def _names(table: TextTable, mapping: dict[str, int]) -> dict[str, dict[str, str]]:
    """code -> name for each grouped dimension, as the platform printed them (for display and checks)."""
    names = {}
    for field_name in ("product", "partner", "trade_mode", "region"):
        if field_name in mapping and f"{field_name}_name" in mapping:
            codes = table.columns[mapping[field_name]].to_pylist()
            labels = table.columns[mapping[f"{field_name}_name"]].to_pylist()
            names[field_name] = {c.strip(): n.strip() for c, n in zip(codes, labels) if c and c.strip()}
    return names
