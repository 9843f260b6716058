"""Comtrade files as `comtradeapicall` writes them (DataFrame.to_csv: an unnamed index, then the 47 keys).

The tests build their files here from a few numbers they state themselves, so every expected
figure can be worked out by hand from the same numbers.
"""

from __future__ import annotations

from pathlib import Path

KEYS = ("typeCode,freqCode,refPeriodId,refYear,refMonth,period,reporterCode,reporterISO,reporterDesc,flowCode,"
        "flowDesc,partnerCode,partnerISO,partnerDesc,partner2Code,partner2ISO,partner2Desc,classificationCode,"
        "classificationSearchCode,isOriginalClassification,cmdCode,cmdDesc,aggrLevel,isLeaf,customsCode,"
        "customsDesc,mosCode,motCode,motDesc,qtyUnitCode,qtyUnitAbbr,qty,isQtyEstimated,altQtyUnitCode,"
        "altQtyUnitAbbr,altQty,isAltQtyEstimated,netWgt,isNetWgtEstimated,grossWgt,isGrossWgtEstimated,"
        "cifvalue,fobvalue,primaryValue,legacyEstimationFlag,isReported,isAggregate").split(",")

#: Reporters and partners as Comtrade codes them: (code, ISO3, description).
REPORTERS = {"VNM": ("704", "VNM", "Viet Nam"), "THA": ("764", "THA", "Thailand"),
             "USA": ("842", "USA", "USA")}
PARTNERS = {"W00": ("0", "W00", "World"), "CHN": ("156", "CHN", "China"), "USA": ("842", "USA", "USA"),
            "KOR": ("410", "KOR", "Rep. of Korea"), "JPN": ("392", "JPN", "Japan"),
            "DEU": ("276", "DEU", "Germany"), "NLD": ("528", "NLD", "Netherlands"),
            "VNM": ("704", "VNM", "Viet Nam"), "THA": ("764", "THA", "Thailand")}
FLOWS = {"X": "Export", "M": "Import"}


def row(reporter: str, year: int, month: int, flow: str, partner: str, cmd: str, value: float) -> dict[str, str]:
    """One row of a monthly HS query; cmd 'TOTAL' is the all-products total, partner 'W00' the World."""
    rcode, riso, rdesc = REPORTERS[reporter]
    pcode, piso, pdesc = PARTNERS[partner]
    level = "0" if cmd == "TOTAL" else str(len(cmd))
    cells = {key: "" for key in KEYS}
    cells.update(
        typeCode="C", freqCode="M", refPeriodId=f"{year}{month:02d}01", refYear=str(year), refMonth=str(month),
        period=f"{year}{month:02d}", reporterCode=rcode, reporterISO=riso, reporterDesc=rdesc, flowCode=flow,
        flowDesc=FLOWS[flow], partnerCode=pcode, partnerISO=piso, partnerDesc=pdesc, partner2Code="0",
        partner2ISO="W00", partner2Desc="World", classificationCode="H6", classificationSearchCode="HS",
        isOriginalClassification="True", cmdCode=cmd, cmdDesc="All Commodities" if cmd == "TOTAL" else f"HS {cmd}",
        aggrLevel=level, isLeaf="False", customsCode="C00", customsDesc="TOTAL CPC", mosCode="0", motCode="0",
        motDesc="TOTAL MOT", qtyUnitCode="-1", qtyUnitAbbr="N/A", qty="0.0", isQtyEstimated="False",
        altQtyUnitCode="-1", altQtyUnitAbbr="N/A", altQty="0.0", isAltQtyEstimated="False", netWgt="0.0",
        isNetWgtEstimated="False", grossWgt="0.0", isGrossWgtEstimated="False",
        cifvalue=f"{value:.1f}" if flow == "M" else "", fobvalue=f"{value:.1f}" if flow == "X" else "",
        primaryValue=f"{value:.1f}", legacyEstimationFlag="0", isReported="True", isAggregate="True")
    return cells


def write_csv(path: Path, rows: list[dict[str, str]]) -> Path:
    """The CSV pandas writes: an unnamed index column, then the keys; empty cells for missing values."""
    lines = ["," + ",".join(KEYS)]
    for i, cells in enumerate(rows):
        lines.append(",".join([str(i), *(_quoted(cells[key]) for key in KEYS)]))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _quoted(cell: str) -> str:
    return f'"{cell}"' if "," in cell else cell


#: Millions of US dollars per month (the same in each of Jan–Mar), by reporter, flow, year:
#: the World × TOTAL row of each month, then partner × TOTAL and World × chapter rows.
#: The detail is partial, as in a real query for a few partners and chapters.
MILLION = 1_000_000
TOTALS = {
    "VNM": {"X": {2024: (30_000, 22_000, 36_000), 2025: (33_000, 25_000, 42_000)},
            "M": {2024: (27_000, 21_000, 35_000), 2025: (31_000, 26_000, 40_000)}},
    "THA": {"X": {2024: (24_000,) * 3, 2025: (25_000,) * 3}, "M": {2024: (22_000,) * 3, 2025: (24_000,) * 3}},
    "USA": {"X": {2024: (165_000,) * 3, 2025: (170_000,) * 3}, "M": {2024: (260_000,) * 3, 2025: (290_000,) * 3}},
}
PARTNER_ROWS = {
    "VNM": {"X": {2024: {"USA": 8_000, "CHN": 5_000, "KOR": 2_000, "JPN": 1_500, "DEU": 900, "NLD": 800},
                  2025: {"USA": 10_000, "CHN": 5_000, "KOR": 2_000, "JPN": 2_000, "DEU": 1_000, "NLD": 1_000}},
            "M": {2024: {"CHN": 10_000, "KOR": 5_000, "JPN": 2_000, "USA": 1_200},
                  2025: {"CHN": 12_000, "KOR": 5_000, "JPN": 2_000, "USA": 1_500}}},
    "THA": {"X": {2024: {"USA": 4_000, "CHN": 3_000}, 2025: {"USA": 4_500, "CHN": 3_200}},
            "M": {2024: {"CHN": 5_500, "JPN": 2_500}, 2025: {"CHN": 6_000, "JPN": 2_400}}},
}
CHAPTER_ROWS = {
    "VNM": {"X": {2024: {"85": 10_000, "84": 4_000, "61": 2_000, "64": 1_800},
                  2025: {"85": 12_000, "84": 5_000, "61": 2_000, "64": 2_000}},
            "M": {2024: {"85": 11_000, "84": 3_000, "27": 2_500}, 2025: {"85": 13_000, "84": 4_000, "27": 2_000}}},
}


def quarter_rows(reporters=("VNM", "THA", "USA"), totals=TOTALS, partners=PARTNER_ROWS,
                 chapters=CHAPTER_ROWS) -> list[dict[str, str]]:
    """Jan–Mar of 2024 and 2025 for each reporter: World × TOTAL, partner × TOTAL, World × chapter."""
    rows = []
    for reporter in reporters:
        for flow in ("X", "M"):
            for year in (2024, 2025):
                for i, month in enumerate((1, 2, 3)):
                    total = totals[reporter][flow][year][i]
                    rows.append(row(reporter, year, month, flow, "W00", "TOTAL", total * MILLION))
                    for partner, value in partners.get(reporter, {}).get(flow, {}).get(year, {}).items():
                        rows.append(row(reporter, year, month, flow, partner, "TOTAL", value * MILLION))
                    for chapter, value in chapters.get(reporter, {}).get(flow, {}).get(year, {}).items():
                        rows.append(row(reporter, year, month, flow, "W00", chapter, value * MILLION))
    return rows
