"""UN Comtrade data (FORMATS.md §3): the CSV saved from comtradeapicall's DataFrame and bulk TSV files.

Comtrade rows state the same trade at several levels: partner 0 is the world total, cmdCode
TOTAL the all-products total, so one file usually holds the reporter's own totals (World ×
TOTAL), its partners (partner × TOTAL), its chapters (World × chapter) and perhaps partner ×
chapter rows. Each level is an exact statement of the trade at its grain and adding two of them
counts it twice, so each becomes its own cut: the result's table holds the most detailed level and
`ReadResult.parts` the others, each loaded as its own load (`waimao.ingest.load`). The source
planner then takes the totals from the World/TOTAL rows and the partners and chapters from their
rows, and reconciles the detail against the totals (partial detail is normal for Comtrade: a
query names some partners and chapters). Rows that split a total further (non-zero
partner2Code/motCode/mosCode, customsCode other than C00) are dropped and counted.
The counts of each level are in `ReadResult.meta` (`levels`, `world_rows`, `total_product_rows`).

Decisions (docs/formats.md): the reporter becomes the region as its ISO alpha-2 code — 'CN'
for China (156), which is the nation's region code, 'VN' for Viet Nam (a `country` subject,
`waimao.model.countries`) — so foreign reporters never mix with Chinese region codes, which are
digits; the region is a dimension of every Comtrade load, so the reporters loaded can be ranked;
a partner becomes its customs 3-digit code through its ISO3, or 'UN:<M49 code>' with an
`unknown-partner` warning; annual data (refMonth 52, freqCode A) is stored on January of
its year with meta['frequency'] = 'annual'.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pycountry

from waimao.ingest import checks
from waimao.errors import Report
from waimao.ingest.checks import Cells, IssueLog
from waimao.ingest.readers.base import ReadResult
from waimao.ingest.readers.canonical import CodeRules, conform, finish
from waimao.ingest.readers.textfile import Progress, UnreadableText, read_text_table
from waimao.model.countries import COMTRADE_CODES
from waimao.model.partners import partner_by_iso3

#: Header keys (lower case) that identify a Comtrade file.
SIGNATURE = ("refyear", "flowcode", "partnercode", "reportercode", "cmdcode", "primaryvalue")
REQUIRED = ("flowcode", "partnercode", "cmdcode")
FLOWS = {"X": "export", "M": "import"}
#: Comtrade flows that are not plain exports/imports: left out with an `ignored-flow` warning.
OTHER_FLOWS = ("RX", "RM", "DX", "FM", "XIP", "MIP", "XOP", "MOP", "XIF", "MIF")
#: Comtrade area codes that differ from ISO 3166 numeric codes.
M49_TO_ISO3 = {code: iso3 for iso3, code in COMTRADE_CODES.items()}
#: Comtrade's own ISO-like labels.
COMTRADE_ISO3 = {"S19": "TWN"}  # "Other Asia, nes" is how Comtrade labels Taiwan, China
TOTAL_KEYS = {"partner2code": "0", "customscode": "C00", "motcode": "0", "moscode": "0"}
UNIT_NAMES = {"kg": "千克"}
#: Keys this reader maps itself (partners, reporters, units) -> the longest cell they may hold.
_BOUNDED = {"partnercode": checks.MAX_CODE_CHARS, "partneriso": checks.MAX_CODE_CHARS,
            "reportercode": checks.MAX_CODE_CHARS, "reporteriso": checks.MAX_CODE_CHARS,
            "qtyunitabbr": checks.MAX_TEXT_CHARS}
ANNUAL_MONTH = "52"
#: The levels of a Comtrade file, most detailed first: (name, dims besides month, flow and region).
LEVELS = (("partner+product", ("partner", "product")), ("partner", ("partner",)), ("product", ("product",)),
          ("totals", ()))
PRODUCT_RULES = CodeRules(product_lengths=(2, 4, 6))


def looks_like_comtrade(header: list[str]) -> bool:
    keys = {h.strip().lstrip("\ufeff").lower() for h in header}
    return sum(k in keys for k in SIGNATURE) >= 3


def read_comtrade(path: Path, *, progress: Progress | None = None, log: IssueLog | None = None) -> ReadResult:
    """Read a Comtrade CSV (from the API DataFrame) or bulk TSV (.txt/.txt.gz); values in US dollars."""
    log = log or IssueLog(str(path))
    try:
        text = read_text_table(path, progress=progress)
    except UnreadableText as exc:
        log.add("bad-encoding", str(exc), row=exc.row, column=exc.column, value=exc.value)
        return finish(path, "comtrade", log, None, currency="USD")
    meta: dict = {"encoding": text.encoding}
    if not text.header:
        log.add("empty-file", "the file is empty: no header line")
        return finish(path, "comtrade", log, None, currency="USD", meta=meta)
    for row, record in text.ragged:
        log.add("ragged-row", f"the line has {len(record)} fields, the header {len(text.header)}", row=row,
                value=text.delimiter.join(record)[:200])
    columns = _Columns(text)
    for key in REQUIRED:
        if key not in columns:
            log.add("missing-column", f"a Comtrade file needs {key}", column=key)
    if "primaryvalue" not in columns:
        log.add("currency-missing", "no primaryValue column: the trade value is missing")
    if "refyear" not in columns and "period" not in columns:
        log.add("missing-column", "a Comtrade file needs refYear (or period)", column="refYear")
    for key, limit in _BOUNDED.items():  # read here, not by `conform`: keep them to the bounds of codes and units
        if key in columns:
            checks.check_length(columns.cells(key), log, limit, f"the {columns.cells(key).column}")
    if log.has_errors:
        return finish(path, "comtrade", log, None, currency="USD", meta=meta)
    columns = columns.filter(_select_rows(columns, log, meta))
    rows, cells = columns.rows, columns.cells
    if len(rows) == 0:
        log.add("no-rows", "the file has a header but no data rows" if text.num_rows == 0 else
                "no rows to load after leaving out other flows and breakdowns")
    world = pc.fill_null(pc.equal(_code_text(cells("partnercode").values), "0"), False)
    total = pc.fill_null(pc.equal(pc.utf8_upper(checks.as_text(cells("cmdcode").values)), "TOTAL"), False)
    _count_levels(world, total, meta)
    ready = {"flow": _map_flow(cells("flowcode").values), "month": _months(cells, columns, log, meta),
             "partner": pc.if_else(world, pa.scalar(None, pa.string()), _partners(cells, columns, log, world))}
    region = _regions(cells, columns)
    reporters = pc.unique(region).to_pylist()
    meta["reporters"] = reporters
    ready["region"] = region
    ready["product"] = _products(cells("cmdcode"), total, log)
    fields = {"value_usd": cells("primaryvalue")}
    if "qty" in columns:
        fields["qty1"] = cells("qty")
        if "qtyunitabbr" in columns:
            ready["unit1"] = _units(cells("qtyunitabbr").values)
    if "netwgt" in columns:
        fields["qty2"] = cells("netwgt")
        ready["unit2"] = pc.if_else(checks.is_missing(checks.as_text(cells("netwgt").values)),
                                    pa.scalar(None, pa.string()), "千克")
    conformed = conform(fields, rows, log, rules=PRODUCT_RULES, ready=ready)
    result = finish(path, "comtrade", log, conformed, currency="USD", meta=meta)
    if log.has_errors:
        return result
    result.provinces = tuple(reporters)
    return _split_levels(result, world, total)


def _count_levels(world: pa.Array, total: pa.Array, meta: dict) -> None:
    """How many rows of each level the file holds: reported at ingest and kept in the load record."""
    n_world, n_total = pc.sum(world).as_py() or 0, pc.sum(total).as_py() or 0
    both = pc.sum(pc.and_(world, total)).as_py() or 0
    meta["world_rows"], meta["total_product_rows"] = n_world, n_total
    counts = {"partner+product": len(world) - n_world - n_total + both, "partner": n_total - both,
              "product": n_world - both, "totals": both}
    meta["levels"] = {name: n for name, n in counts.items() if n}


def _split_levels(result: ReadResult, world: pa.Array, total: pa.Array) -> ReadResult:
    """The most detailed level as the result, the other levels as its `parts`: one cut each."""
    table = result.table
    if table.num_rows == 0:
        result.dims = ("month", "flow", "region")
        return result
    masks = {"partner+product": pc.and_(pc.invert(world), pc.invert(total)),
             "partner": pc.and_(pc.invert(world), total), "product": pc.and_(world, pc.invert(total)),
             "totals": pc.and_(world, total)}
    levels = []
    for name, dims in LEVELS:
        rows = table.filter(masks[name])
        if rows.num_rows == 0:
            continue
        months = tuple(sorted(pc.unique(rows["month"]).to_pylist()))
        flows = tuple(sorted(pc.unique(rows["flow"]).to_pylist()))
        reporters = tuple(r for r in result.provinces if r in set(pc.unique(rows["region"]).to_pylist()))
        report = result.report if not levels else Report(stats={"rows_read": rows.num_rows,
                                                                 "rows_loaded": rows.num_rows})
        levels.append(replace(result, table=rows, dims=("month", "flow", "region", *dims), months=months,
                              flows=flows, provinces=reporters, report=report, meta={**result.meta, "level": name},
                              parts=()))
    first, *others = levels
    first.report.stats["rows_loaded"] = first.table.num_rows
    first.parts = tuple(others)
    return first


class _Columns:
    """The file's columns by lower-case key (Comtrade capitalisation varies), with their rows."""

    def __init__(self, text=None, *, named=None, rows=None):
        if text is not None:
            named = {}
            for i, name in enumerate(text.header):
                named.setdefault(name.strip().lstrip("\ufeff").lower(), (name, text.columns[i].combine_chunks()))
            rows = text.rows
        self.named, self.rows = named, rows

    def __contains__(self, key: str) -> bool:
        return key in self.named

    def cells(self, key: str) -> Cells:
        name, values = self.named[key]
        return Cells(name, values, self.rows)

    def filter(self, keep: pa.Array) -> _Columns:
        named = {k: (name, values.filter(keep)) for k, (name, values) in self.named.items()}
        return _Columns(named=named, rows=self.rows.filter(keep))


# --- which rows ---------------------------------------------------------------------------------


def _select_rows(columns: _Columns, log: IssueLog, meta: dict) -> pa.Array:
    """Keep X/M rows that are not split by a second partner, procedure or transport; count what is left out."""
    cells = columns.cells
    flow_cells = cells("flowcode")
    flow = pc.utf8_upper(checks.as_text(flow_cells.values))
    missing = checks.is_missing(flow)
    log.flag("missing-value", missing, flow_cells, "the flowCode is empty")
    plain = pc.is_in(flow, pa.array(list(FLOWS)))
    other = pc.is_in(flow, pa.array(OTHER_FLOWS))
    log.flag("unknown-flow", pc.invert(pc.or_(pc.or_(plain, other), missing)), flow_cells,
             "the flowCode must be X (export) or M (import); RX/RM and other Comtrade flows are left out")
    for item in pc.value_counts(flow.filter(pc.fill_null(other, False))).to_pylist():
        log.add("ignored-flow", f"left out {checks.count_rows(item['counts'])} with flowCode {item['values']} "
                "(only X and M are loaded)", column=flow_cells.column, value=item["values"])
    keep = pc.fill_null(plain, False)
    breakdown = pa.array([False] * len(keep), pa.bool_())  # typed: an empty list would be of type null
    for key, total in TOTAL_KEYS.items():
        if key in columns:
            value = _code_text(cells(key).values)
            split = pc.and_(pc.invert(checks.is_missing(value)), pc.not_equal(value, total))
            breakdown = pc.or_(breakdown, pc.fill_null(split, False))
    meta["breakdown_rows_dropped"] = pc.sum(pc.and_(keep, breakdown)).as_py() or 0
    return pc.and_(keep, pc.invert(breakdown))


def _products(cells: Cells, total: pa.Array, log: IssueLog) -> pa.Array:
    """HS codes checked like any other; a TOTAL row has no product (its own level, not a bad code)."""
    shown = pc.if_else(total, "00", checks.as_text(cells.values))  # a well-formed stand-in, dropped below
    codes = checks.parse_code(Cells(cells.column, shown, cells.rows), log, lengths=PRODUCT_RULES.product_lengths,
                              what="the HS code")
    return pc.if_else(total, pa.scalar(None, pa.string()), codes)


def _code_text(values) -> pa.Array:
    """Trimmed text of a numeric code; '0.0' -> '0' because pandas writes integer columns with gaps as floats."""
    return pc.replace_substring_regex(checks.as_text(values), r"^(\d+)\.0+$", r"\1")


def _map_flow(values) -> pa.Array:
    flow = pc.utf8_upper(checks.as_text(values))
    return pa.array(list(FLOWS.values())).take(pc.index_in(flow, pa.array(list(FLOWS))))


# --- months ------------------------------------------------------------------------------------


def _months(cells, columns: _Columns, log: IssueLog, meta: dict) -> pa.Array:
    """refYear + refMonth (or period) -> first of month; annual rows go on January."""
    if "refyear" in columns:
        source = cells("refyear")
        year = _code_text(source.values)
        month = _code_text(cells("refmonth").values) if "refmonth" in columns else None
    else:
        source = cells("period")
        period = _code_text(source.values)
        year = pc.utf8_slice_codeunits(period, 0, 4)
        month = pc.if_else(pc.equal(pc.utf8_length(period), 4), ANNUAL_MONTH, pc.utf8_slice_codeunits(period, 4, 6))
    annual = pc.equal(month, ANNUAL_MONTH) if month is not None else pa.array([True] * len(year), pa.bool_())
    if "freqcode" in columns:
        annual = pc.or_(annual, pc.equal(pc.utf8_upper(checks.as_text(cells("freqcode").values)), "A"))
    annual = pc.fill_null(annual, False)
    n_annual = pc.sum(annual).as_py() or 0
    if 0 < n_annual < len(annual):
        log.add("mixed-frequency", f"annual and monthly data in one file ({checks.count_rows(n_annual)} annual, "
                f"{checks.count_rows(len(annual) - n_annual)} monthly): load them from separate files",
                column=source.column)
    meta["frequency"] = "annual" if n_annual and n_annual == len(annual) else "monthly"
    month_text = pc.if_else(annual, "01", pc.utf8_lpad(pc.fill_null(month, ""), 2, "0") if month is not None else "01")
    joined = pc.binary_join_element_wise(year, month_text, "-")
    return checks.parse_month(Cells(source.column, joined, source.rows), log)


# --- partners and reporters ------------------------------------------------------------------------


def m49_to_iso3(code: str) -> str | None:
    code = code.strip().lstrip("0").zfill(3)
    if code in M49_TO_ISO3:
        return M49_TO_ISO3[code]
    country = pycountry.countries.get(numeric=code)
    return country.alpha_3 if country else None


def _partners(cells, columns: _Columns, log: IssueLog, world: pa.Array) -> pa.Array:
    """Customs partner codes; the World rows (partner 0) are the reporter's totals, not a partner."""
    code_cells = cells("partnercode")
    codes = _code_text(code_cells.values)
    iso = checks.as_text(cells("partneriso").values) if "partneriso" in columns else pa.nulls(len(codes), pa.string())
    keys = pc.binary_join_element_wise(pc.fill_null(codes, ""), pc.fill_null(iso, ""), "|")
    mapped = checks.map_distinct(keys, _customs_partner)
    unknown = pc.and_(pc.and_(pc.is_null(mapped), pc.invert(checks.is_missing(codes))), pc.invert(world))
    shown = pc.binary_join_element_wise(pc.fill_null(codes, ""), pc.fill_null(iso, ""), " ")
    checks.report_unknown_values(log, "unknown-partner", Cells(code_cells.column, pc.utf8_trim_whitespace(shown),
                                 code_cells.rows), unknown,
                                 "Comtrade partner {value} has no customs partner code; its rows are kept as "
                                 "UN:<partnerCode>")
    log.flag("missing-value", checks.is_missing(codes), code_cells, "the partnerCode is empty")
    fallback = pc.binary_join_element_wise("UN", codes, ":")
    return pc.coalesce(mapped, fallback)


def _customs_partner(key: str) -> str | None:
    code, _, iso = key.partition("|")
    iso3 = COMTRADE_ISO3.get(iso.strip().upper(), iso.strip().upper()) if iso.strip() else None
    if not iso3 and code.strip().isdigit():
        iso3 = m49_to_iso3(code)
    partner = partner_by_iso3(iso3) if iso3 else None
    return partner.code if partner else None


def _regions(cells, columns: _Columns) -> pa.Array:
    """The reporter as a 2-letter ISO code: 'CN' for China (the nation's region code), 'DE' for Germany.

    Two letters keep the rule that a region's first two characters name its province-level
    area, and cannot collide with Chinese region codes, which are digits.
    """
    if "reporteriso" in columns:
        iso3 = checks.as_text(cells("reporteriso").values)
        return checks.map_distinct(iso3, lambda v: _alpha2(COMTRADE_ISO3.get(v.upper(), v.upper())) or f"UN:{v}")
    if "reportercode" in columns:
        codes = _code_text(cells("reportercode").values)
        return checks.map_distinct(codes, lambda c: _alpha2(m49_to_iso3(c) if c.isdigit() else None) or f"UN:{c}")
    return pa.array(["CN"] * len(columns.rows), pa.string())


def _alpha2(iso3: str | None) -> str | None:
    country = pycountry.countries.get(alpha_3=iso3) if iso3 else None
    return country.alpha_2 if country else None


def _units(values) -> pa.Array:
    text = checks.as_text(values)
    text = pc.if_else(pc.or_(checks.is_missing(text), pc.equal(pc.utf8_upper(text), "N/A")),
                      pa.scalar(None, pa.string()), text)
    return checks.map_distinct(text, lambda u: UNIT_NAMES.get(u.lower(), u))
