"""The catalogue of every problem a reader can report: code, title, severity and meaning.

This table is the single source for the severity of a code and for docs/issues.md (a test
checks that every code here is documented there). Codes are stable: scripts and the web app
filter on them, so a code is never renamed, only added. A code has one severity: when the
same kind of problem can be harmless or fatal, it gets two codes (`empty-file`/`no-rows`).
"""

from __future__ import annotations

from dataclasses import dataclass

from waimao.errors import Issue, Severity

E, W = Severity.ERROR, Severity.WARNING


@dataclass(frozen=True)
class IssueCode:
    code: str
    title: str
    severity: Severity
    description: str


_CATALOGUE = [
    # -- the file as a whole
    IssueCode("bad-encoding", "Unreadable text", E,
              "The file is neither UTF-8 nor GB18030/GBK text (or it is a workbook, not a CSV), or a "
              "UTF-8 file is damaged or cut in the middle of a character."),
    IssueCode("bad-file", "Unreadable file", E,
              "The file cannot be read as what its name says: a damaged or cut .gz, a file named .gz that "
              "is not gzip, a file named .parquet that is not Parquet, or a damaged Parquet file."),
    IssueCode("empty-file", "Empty file", E, "The file has no header line at all."),
    IssueCode("no-rows", "No data rows", W,
              "The file has a header but no data: nothing is loaded, but the months it covers are "
              "recorded as loaded (a query with no trade is a real answer)."),
    IssueCode("unknown-format", "Unknown format", E,
              "The header matches none of the formats (GACC platform, canonical, UN Comtrade)."),
    IssueCode("truncated-download", "Probably truncated download", W,
              "A platform download with exactly 10,000 data rows: the platform stops there, so "
              "rows are probably missing. Split the query (fewer months or partners) and download again."),
    # -- columns
    IssueCode("missing-column", "Missing column", E, "A column the format requires is absent."),
    IssueCode("unknown-column", "Unknown column", E,
              "A column name the format does not know. An error, because a misspelt money or code "
              "column would otherwise be dropped silently."),
    IssueCode("duplicate-column", "Duplicate column", E, "Two columns map to the same field."),
    IssueCode("bad-column-type", "Unusable column type", E,
              "A Parquet column holds lists, structs, maps, times or other values that are not text, "
              "numbers or dates."),
    IssueCode("currency-missing", "No value column", E,
              "The file has no money column (人民币/value_cny or 美元/value_usd or primaryValue)."),
    # -- rows
    IssueCode("ragged-row", "Wrong number of fields", E,
              "A line has more or fewer fields than the header (often an unquoted comma in a name)."),
    IssueCode("repaired-row", "Row repaired", W,
              "A platform line had extra fields because a name contained unquoted commas; the extra "
              "fields were joined back into the name column and the codes and values line up."),
    IssueCode("duplicate-row", "Duplicate row", E,
              "Two rows have the same month, flow and dimension codes: loading both would double count."),
    # -- cells
    IssueCode("missing-value", "Missing value", E,
              "A required cell is empty (month, flow, a dimension column the file has, or both money values)."),
    IssueCode("bad-month", "Unreadable month", E,
              "A month that is not 202501, 2025-01, 2025-01-01 (first day), 2025年1月 or 2025M01."),
    IssueCode("bad-number", "Not a number", E,
              "A money or quantity cell that is not a number (thousands separators and '?' for "
              "missing are accepted), or a tiny one whose exponent has more than three digits (1e-999999999)."),
    IssueCode("value-too-large", "Number too large", E,
              "A money or quantity value with more digits before the point than the warehouse stores "
              "(16 for money, 17 for quantities), also after rounding or with a huge exponent."),
    IssueCode("field-too-long", "Cell too long", E,
              "A cell longer than any value of its column can be (64 characters for a number, 32 for a "
              "month, flow or code, 256 for a unit or id), or longer than 131,072 bytes in any column."),
    IssueCode("negative-value", "Negative value", E, "A money value or quantity below zero."),
    IssueCode("bad-code", "Malformed code", E,
              "A code of the wrong shape: HS code not 2/4/6/8 digits, partner not 3 digits, province "
              "not 2 digits, trade mode not 2 or 4 digits. Often a leading zero lost in Excel."),
    IssueCode("unknown-flow", "Unknown flow", E,
              "A flow that is not export/import (出口/进口, 0/1, X/M)."),
    IssueCode("unknown-enterprise-type", "Unknown enterprise type", E,
              "An enterprise type (企业性质) outside 国有企业/外商投资企业/民营企业/其他 and their aliases."),
    IssueCode("unknown-partner", "Unknown partner", W,
              "A partner code that is not in the customs partner table; the rows are kept with the code "
              "as is."),
    IssueCode("unknown-region", "Unknown region", W,
              "A region code that is not in the region table; the rows are kept with the code as is."),
    IssueCode("mixed-product-levels", "Mixed HS levels", W,
              "The file mixes HS codes of different lengths (e.g. 4 and 8 digits): summing over products "
              "would count the same trade twice."),
    # -- flow and period of a platform download
    IssueCode("missing-flow", "Flow unknown", E,
              "A platform download does not say whether it is exports or imports: pass --flow or name "
              "the file with 出口/进口/export/import."),
    IssueCode("missing-period", "Period unknown", E,
              "A platform download without 数据年月 does not say its period: pass --period or put it in "
              "the file name."),
    IssueCode("bad-period", "Unreadable period", E,
              "The period given as an argument is not in the notation 2025M03, 2025Q1, 2025M01-M03, 2025."),
    IssueCode("period-mismatch", "Month outside the period", E,
              "A 数据年月 month lies outside the period given (argument or file name)."),
    IssueCode("period-not-monthly", "Period total cannot be split", E,
              "A platform download without 数据年月 covers several months: its figures are period totals "
              "that cannot be stored by month. Tick 分月展示 and download again, or query one month per file."),
    IssueCode("name-mismatch", "File name disagrees", W,
              "The flow or period in the file name differs from the one given as an argument; the argument wins."),
    IssueCode("missing-region", "Region unknown", E,
              "A platform download without 注册地 does not say whose trade it is (the platform filters by "
              "注册地 without writing it): pass --region, name the province in the file name, or pass --national."),
    IssueCode("bad-region", "Unusable region", E,
              "The --region given is not a known province (a platform download is a province's or the "
              "nation's), or both --region and --national were given."),
    IssueCode("region-assumed", "Region taken from outside the file", W,
              "A platform download without 注册地 was read as the trade of the region given by --region, "
              "--national or the file name; the warning says which."),
    # -- UN Comtrade
    IssueCode("ignored-flow", "Flow left out", W,
              "Comtrade rows with flows other than X/M (re-exports RX, re-imports RM …) were not loaded."),
    IssueCode("mixed-frequency", "Annual and monthly rows", E,
              "A Comtrade file mixes annual (refMonth 52) and monthly rows."),
]

ISSUE_CODES: dict[str, IssueCode] = {c.code: c for c in _CATALOGUE}

#: How much of a value, a column name and a message an issue keeps: a cell can be megabytes
#: long, and an issue is printed in a terminal table, sent as JSON and kept in the load history.
SHOWN = {"value": 200, "column": 100, "message": 1000}


def shorten(text: str | None, limit: int = SHOWN["value"]) -> str | None:
    """`text` itself when short, else its first `limit` characters and how long it was."""
    if text is None or len(text) <= limit:
        return text
    return f"{text[:limit]}…({len(text):,} characters)"


def make_issue(code: str, message: str, *, file: str | None = None, row: int | None = None,
               column: str | None = None, value: str | None = None) -> Issue:
    """An Issue with the catalogue's severity, its texts shortened; an uncatalogued code is a programming error."""
    entry = ISSUE_CODES[code]
    return Issue(code=code, message=shorten(message, SHOWN["message"]), severity=entry.severity, file=file,
                 row=row, column=shorten(column, SHOWN["column"]), value=shorten(value, SHOWN["value"]))
