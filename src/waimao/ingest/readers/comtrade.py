"""UN Comtrade data (FORMATS.md §3): the CSV saved from comtradeapicall's DataFrame and bulk TSV files.

Comtrade rows repeat the same trade at several levels: partner 0 is the world total,
cmdCode TOTAL the all-products total, and non-zero partner2Code/customsCode/motCode/mosCode
split a total by second partner, procedure or transport. Only one level can be loaded
without double counting, so the reader keeps the detail rows and drops the totals next to
them (a file with nothing but totals keeps them, with that dimension left out). What was
dropped is counted in `ReadResult.meta`.

Decisions (docs/formats.md): the reporter becomes the region as its ISO alpha-2 code — 'CN'
for China (156), which is the nation's region code, 'DE' for Germany — so foreign reporters
never mix with Chinese region codes, which are digits; a
partner becomes its customs 3-digit code through its ISO3, or 'UN:<M49 code>' with an
`unknown-partner` warning; annual data (refMonth 52, freqCode A) is stored on January of
its year with meta['frequency'] = 'annual'.
"""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pycountry

from waimao.ingest import checks
from waimao.ingest.checks import Cells, IssueLog
from waimao.ingest.readers.base import ReadResult
from waimao.ingest.readers.canonical import CodeRules, conform, finish
from waimao.ingest.readers.textfile import Progress, UnreadableText, read_text_table
from waimao.model.partners import partner_by_iso3

#: Header keys (lower case) that identify a Comtrade file.
SIGNATURE = ("refyear", "flowcode", "partnercode", "reportercode", "cmdcode", "primaryvalue")
REQUIRED = ("flowcode", "partnercode", "cmdcode")
FLOWS = {"X": "export", "M": "import"}
#: Comtrade flows that are not plain exports/imports: left out with an `ignored-flow` warning.
OTHER_FLOWS = ("RX", "RM", "DX", "FM", "XIP", "MIP", "XOP", "MOP", "XIF", "MIF")
#: Comtrade area codes that differ from ISO 3166 numeric codes.
M49_TO_ISO3 = {"842": "USA", "251": "FRA", "699": "IND", "757": "CHE", "579": "NOR", "490": "TWN"}
#: Comtrade's own ISO-like labels.
COMTRADE_ISO3 = {"S19": "TWN"}  # "Other Asia, nes" is how Comtrade labels Taiwan, China
TOTAL_KEYS = {"partner2code": "0", "customscode": "C00", "motcode": "0", "moscode": "0"}
UNIT_NAMES = {"kg": "千克"}
#: Keys this reader maps itself (partners, reporters, units) -> the longest cell they may hold.
_BOUNDED = {"partnercode": checks.MAX_CODE_CHARS, "partneriso": checks.MAX_CODE_CHARS,
            "reportercode": checks.MAX_CODE_CHARS, "reporteriso": checks.MAX_CODE_CHARS,
            "qtyunitabbr": checks.MAX_TEXT_CHARS}
ANNUAL_MONTH = "52"
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
                "no rows to load after leaving out totals and other flows")
    ready = {"flow": _map_flow(cells("flowcode").values), "month": _months(cells, columns, log, meta)}
    if meta.pop("_partner_is_dimension"):
        ready["partner"] = _partners(cells, columns, log)
    region = _regions(cells, columns)
    reporters = pc.unique(region).to_pylist()
    meta["reporters"] = reporters
    constants = {}
    if len(reporters) > 1:
        ready["region"] = region
    else:
        constants["region"] = reporters[0] if reporters else "CN"
    fields = {"value_usd": cells("primaryvalue")}
    if meta.pop("_product_is_dimension"):
        fields["product"] = cells("cmdcode")
    if "qty" in columns:
        fields["qty1"] = cells("qty")
        if "qtyunitabbr" in columns:
            ready["unit1"] = _units(cells("qtyunitabbr").values)
    if "netwgt" in columns:
        fields["qty2"] = cells("netwgt")
        ready["unit2"] = pc.if_else(checks.is_missing(checks.as_text(cells("netwgt").values)),
                                    pa.scalar(None, pa.string()), "千克")
    conformed = conform(fields, rows, log, rules=PRODUCT_RULES, constants=constants, ready=ready)
    result = finish(path, "comtrade", log, conformed, currency="USD", meta=meta)
    if not log.has_errors:
        result.provinces = tuple(reporters)
    return result


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
    """Keep X/M rows at one level of detail; count and report what is left out."""
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
    keep = pc.and_(keep, pc.invert(breakdown))
    world = pc.fill_null(pc.equal(_code_text(cells("partnercode").values), "0"), False)
    meta["_partner_is_dimension"] = _drop_totals(keep, world, "world_rows_dropped", meta)
    if meta["_partner_is_dimension"]:
        keep = pc.and_(keep, pc.invert(world))
    total = pc.fill_null(pc.equal(pc.utf8_upper(checks.as_text(cells("cmdcode").values)), "TOTAL"), False)
    meta["_product_is_dimension"] = _drop_totals(keep, total, "total_product_rows_dropped", meta)
    if meta["_product_is_dimension"]:
        keep = pc.and_(keep, pc.invert(total))
    return keep


def _drop_totals(keep: pa.Array, is_total: pa.Array, label: str, meta: dict) -> bool:
    """Whether the dimension has detail rows; if so its total rows are dropped (and counted)."""
    totals = pc.sum(pc.and_(keep, is_total)).as_py() or 0
    details = pc.sum(pc.and_(keep, pc.invert(is_total))).as_py() or 0
    meta[label] = totals if details else 0
    return bool(details) or not totals


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


def _partners(cells, columns: _Columns, log: IssueLog) -> pa.Array:
    code_cells = cells("partnercode")
    codes = _code_text(code_cells.values)
    iso = checks.as_text(cells("partneriso").values) if "partneriso" in columns else pa.nulls(len(codes), pa.string())
    keys = pc.binary_join_element_wise(pc.fill_null(codes, ""), pc.fill_null(iso, ""), "|")
    mapped = checks.map_distinct(keys, _customs_partner)
    unknown = pc.and_(pc.is_null(mapped), pc.invert(checks.is_missing(codes)))
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
