"""The shape of the synthetic Qinghai trade: who trades which product with whom, and when.

The published figures fix two kinds of facts. Counts (113 partners, 131 enterprises, 89 kinds
of farm products, 6 active prefectures…) are facts about *which* trade relationships exist,
so they are built here, exactly, into the support of the seed table. Values and growth rates
are facts about *how much*; `calibrate.py` fits those onto this support. The seed values set
here are rough magnitudes (亿元 per block) read off the bulletins, so the fit only corrects.

Everything is deterministic: one `random.Random(SEED)` drives every choice.
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from importlib import resources

SEED = 20250417  # the day of the Q1 2025 press conference

#: Disjoint calibration blocks: every published period is a union of them.
BLOCKS = {
    "Y22": [(2022, m) for m in range(1, 13)],
    "Y23": [(2023, m) for m in range(1, 13)],
    "Q1_24": [(2024, m) for m in (1, 2, 3)],
    "Q2_24": [(2024, m) for m in (4, 5, 6)],
    "H2_24": [(2024, m) for m in range(7, 13)],
    "Q1_25": [(2025, m) for m in (1, 2, 3)],
    "Q2_25": [(2025, m) for m in (4, 5, 6)],
}
BLOCK_NAMES = tuple(BLOCKS)
MONTHS = [dt.date(y, m, 1) for b in BLOCKS.values() for (y, m) in b]
MONTH_INDEX = {m: i for i, m in enumerate(MONTHS)}
BLOCK_OF_MONTH = {dt.date(y, m, 1): b for b, ms in BLOCKS.items() for (y, m) in ms}

# Record region codes: prefectures ('xxxx9') and the two zones.
XINING, XINING_ZONE, HAIDONG, HAIBEI, HUANGNAN = "63019", "63012", "63029", "63039", "63049"
HAINAN, GUOLUO, YUSHU, HAIXI, HAIXI_ZONE = "63059", "63069", "63079", "63089", "63082"
HAIXI_CODES = (HAIXI, HAIXI_ZONE)

# Partners named by the bulletins (customs codes).
HUN, MYS, RUS, VNM, THA, IDN, SGP, PHL = "321", "122", "344", "141", "136", "112", "132", "129"
DEU, NLD, POL, ESP, SVN, BEL = "304", "309", "327", "312", "350", "301"
KOR, JPN, USA, MEX, IND, HKG, MAC, SAU, KAZ, KGZ = "133", "116", "502", "429", "111", "110", "121", "131", "145", "146"
NGA, AGO, COD, ECU, PAN, EST, CMR, DNK, MNG = "236", "202", "252", "419", "432", "334", "206", "302", "124"

#: Province-level new partners of Q1 2025, largest first (seed 000), and Haixi's (seed 004).
NEW_Q1_25 = (COD, ECU, PAN, EST, CMR)
NEW_HAIXI_Q1_25 = (NGA, SVN, IDN, ESP, AGO)
#: New vegetable markets of 2024 (seed 002) and new farm-product markets of H1 2025 (seed 003).
NEW_VEG_2024 = (MAC, SAU, KOR, KAZ, RUS)
NEW_AGRI_H1_25 = (KGZ, SAU, IDN)

PRIVATE, STATE, FOREIGN, OTHER = "private", "state_owned", "foreign_invested", "other"


@dataclass(frozen=True)
class ProductClass:
    """Mutually exclusive product classes; the official product groups are unions of their codes."""

    name: str
    flow: str
    regions: dict  # region code -> weight
    etypes: dict  # enterprise type -> weight
    levels: tuple  # rough value per block in 亿元, in BLOCK_NAMES order
    partners: dict  # partner code -> weight (preference; the schedule decides who is active)
    price: float = 0.0  # yuan per kg, for the classes whose tonnage is published


E, I = "export", "import"

#: Months whose seed is scaled down: the streaks start after a month that did not grow
#: (lithium batteries: June 2024 below June 2023; polysilicon: November 2024 below November 2023).
QUIET_MONTHS = {("LIB", dt.date(2024, 6, 1)): 0.02, ("POLY", dt.date(2024, 11, 1)): 0.005}

CLASSES = [
    ProductClass("LIB", E, {XINING_ZONE: 1}, {PRIVATE: 1}, (0.02, 0.079, 0.09, 0.347, 5.76, 6.3, 8.1),
                 {HUN: 30, DEU: 2, POL: 1.5, MYS: 1, VNM: 1, THA: 0.8, KOR: 0.8, USA: 0.5, "137": 0.3}),
    ProductClass("LIMAT", E, {XINING_ZONE: 1}, {PRIVATE: 1}, (0.05, 0.10, 0.04, 0.09, 0.2, 0.35, 0.45),
                 {HUN: 3, KOR: 2, JPN: 1, POL: 1}),
    ProductClass("LI2CO3", E, {HAIXI_ZONE: 1}, {STATE: 0.6, PRIVATE: 0.4}, (0.3, 0.4, 0.05, 0.06, 0.15, 0.02, 0.03),
                 {KOR: 3, JPN: 2, IND: 1}),
    ProductClass("POLY", E, {XINING_ZONE: 0.6, XINING: 0.4}, {PRIVATE: 1}, (0.05, 0.114, 0.533, 2.0, 5.97, 2.4, 1.2),
                 {MYS: 6, VNM: 3, THA: 1.5, KOR: 1.2, JPN: 0.6, IND: 0.4, "143": 0.5}),
    ProductClass("ROD", E, {XINING_ZONE: 0.7, HAIDONG: 0.3}, {PRIVATE: 1}, (0, 0, 0.3, 0.5, 1.3, 0.5, 0.2),
                 {VNM: 2, MYS: 2, THA: 1, KOR: 0.5}),
    ProductClass("WAFER", E, {XINING_ZONE: 1}, {PRIVATE: 1}, (0, 0, 0, 0, 0, 0.2, 0.4),
                 {VNM: 2, THA: 1, IND: 1, "137": 0.5}),
    ProductClass("PV", E, {XINING: 0.6, HAINAN: 0.4}, {PRIVATE: 1}, (0.05, 0.1, 0.1385, 0.004, 0.006, 0.305, 0.1),
                 {PAN: 1, ECU: 1, "412": 1, "410": 1, "215": 0.5, PHL: 0.5}),
    ProductClass("TROUT", E, {HAINAN: 0.8, XINING: 0.15, HUANGNAN: 0.05}, {PRIVATE: 1},
                 (0.6, 0.8, 0.387, 0.317, 1.0, 1.2, 0.7), {RUS: 4, THA: 3, MEX: 2, IDN: 1, JPN: 1, "502": 0.5}),
    ProductClass("GOJI", E, {HAIXI: 0.6, XINING: 0.4}, {PRIVATE: 1}, (0.2, 0.25, 0.05, 0.057, 0.15, 0.06, 0.088),
                 {MYS: 2, SGP: 1, USA: 1, DEU: 1, NLD: 1, ESP: 0.5, SVN: 0.3, KOR: 1}),
    ProductClass("VEG", E, {HAIDONG: 0.5, XINING: 0.3, HAINAN: 0.2}, {PRIVATE: 1},
                 (0, 0.034, 0.005, 0.031, 0.088, 0.077, 0.02), {HKG: 5, MAC: 2, SAU: 1, KOR: 1, KAZ: 1, RUS: 1, SGP: 1, MYS: 1},
                 price=5.0),
    ProductClass("POTATO", E, {HAIDONG: 0.7, XINING: 0.3}, {PRIVATE: 1}, (0, 0, 0, 0, 0, 0.02, 0.055),
                 {KGZ: 5, KAZ: 1, HKG: 0.5, MNG: 0.5}, price=2.0),
    ProductClass("AGRI_X", E, {XINING: 0.5, HAIDONG: 0.15, HAINAN: 0.08, HAIXI: 0.08, HAIBEI: 0.05, YUSHU: 0.07,
                               GUOLUO: 0.05, HUANGNAN: 0.05}, {PRIVATE: 1},
                 (1.0, 1.3, 0.6, 0.733, 2.78, 0.5, 0.68), {}),
    ProductClass("MG", E, {XINING: 0.6, XINING_ZONE: 0.2, HAIDONG: 0.15, HAIXI_ZONE: 0.05}, {PRIVATE: 0.7, STATE: 0.3},
                 (0.1, 0.15, 0.1, 0.15, 0.6, 0.7, 1.2), {VNM: 1, IND: 1, KOR: 1, JPN: 1, RUS: 1, NLD: 0.5}),
    ProductClass("PVC", E, {XINING_ZONE: 0.9, HAIXI_ZONE: 0.1}, {STATE: 0.7, PRIVATE: 0.3}, (0.3, 0.4, 0.2, 0.315, 1.0, 0.6, 1.1),
                 {VNM: 2, IND: 2, RUS: 1, "137": 1, "244": 0.5, KAZ: 0.5}),
    ProductClass("SODA", E, {HAIXI: 1}, {STATE: 1}, (0.4, 0.5, 0.163, 0.137, 0.5, 0.66, 0.24),
                 {VNM: 3, THA: 2, IDN: 2, PHL: 1, "103": 1, NGA: 0.5, AGO: 0.3, "127": 0.5}),
    ProductClass("NAOH", E, {XINING_ZONE: 0.8, HAIXI_ZONE: 0.2}, {STATE: 0.7, PRIVATE: 0.3}, (0.1, 0.15, 0.08, 0.099, 0.3, 0.2, 0.3),
                 {VNM: 1, "244": 1, "134": 1, "115": 0.5}),
    ProductClass("POTASH", E, {HAIXI_ZONE: 1}, {STATE: 1}, (0.3, 0.3, 0.05, 0.05, 0.2, 0.02, 0.02),
                 {VNM: 1, MYS: 1, IDN: 0.5}),
    ProductClass("OTHER_X", E, {XINING: 0.5, HAIDONG: 0.3, XINING_ZONE: 0.1, HAINAN: 0.08, HAIXI: 0.05, HAIBEI: 0.03,
                                YUSHU: 0.02},
                 {PRIVATE: 0.6, STATE: 0.3, FOREIGN: 0.1}, (23.0, 26.0, 2.5, 4.9, 8.4, 2.3, 0.4), {}),
    ProductClass("POLY_IMP", I, {XINING_ZONE: 1}, {PRIVATE: 1}, (0.5, 0.6, 0.384, 0.4, 0.8, 0.456, 0.1),
                 {DEU: 3, MYS: 1, KOR: 1, "326": 1}),
    ProductClass("PLASTIC_IMP", I, {XINING: 0.6, HAIDONG: 0.4}, {PRIVATE: 1}, (0.3, 0.3, 0.141, 0.15, 0.3, 0.423, 0.05),
                 {SAU: 2, KOR: 2, "138": 1, "113": 1, SGP: 1}),
    ProductClass("MEAT_IMP", I, {HAIDONG: 0.5, XINING: 0.5}, {PRIVATE: 1}, (0.8, 1.0, 0.42, 0.428, 0.9, 0.45, 0.524),
                 {"609": 3, "601": 2, "444": 1, "402": 1, "410": 1}),
    ProductClass("AQUA_IMP", I, {XINING: 1}, {PRIVATE: 1}, (0.3, 0.35, 0.16, 0.157, 0.3, 0.16, 0.174),
                 {"326": 2, "434": 1, "501": 1, "412": 1}),
    ProductClass("OIL_IMP", I, {XINING: 0.7, HAIDONG: 0.3}, {PRIVATE: 1}, (0.05, 0.06, 0.02, 0.022, 0.05, 0.07, 0.078),
                 {RUS: 2, KAZ: 1, "347": 1, "402": 0.5}),
    ProductClass("AGRI_IMP_X", I, {XINING: 0.7, HAIDONG: 0.3}, {PRIVATE: 1}, (0.2, 0.25, 0.11, 0.119, 0.25, 0.1, 0.145),
                 {"601": 2, KAZ: 1, "410": 1, "501": 1}),
    ProductClass("AGMACH_IMP", I, {XINING: 0.6, HAINAN: 0.4}, {PRIVATE: 1}, (0, 0, 0, 0, 0, 0.1, 0.39),
                 {DEU: 2, "305": 1, "331": 1, "502": 1}),
    ProductClass("MECH_IMP", I, {XINING_ZONE: 0.5, XINING: 0.3, HAIXI_ZONE: 0.2}, {PRIVATE: 0.5, STATE: 0.3, FOREIGN: 0.2},
                 (1.0, 1.2, 0.2, 0.168, 0.6, 0.2, 0.19), {DEU: 3, JPN: 2, "502": 1, "331": 1, "305": 1}),
    ProductClass("CONSUMER_IMP", I, {XINING: 1}, {PRIVATE: 1}, (0.3, 0.3, 0.05, 0.05, 0.3, 0.1, 0.01),
                 {"305": 2, "331": 1, JPN: 1, KOR: 1, "601": 1}),
    ProductClass("OTHER_IMP", I, {XINING: 0.5, HAIXI: 0.2, XINING_ZONE: 0.2, HAIDONG: 0.1},
                 {STATE: 0.6, FOREIGN: 0.2, PRIVATE: 0.2}, (12.0, 14.6, 3.1, 1.6, 5.3, 0.34, 0.14), {}),
]
CLASS = {c.name: c for c in CLASSES}
AGRI_EXPORT_CLASSES = ("TROUT", "GOJI", "VEG", "POTATO", "AGRI_X")


def product_codes() -> dict[str, list[tuple[str, str, str]]]:
    """class -> [(HS8 code, Chinese name, first unit)] from the demo's product list (real 2023 tariff lines)."""
    out: dict[str, list] = {}
    with resources.files("waimao.demo").joinpath("data/products.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            out.setdefault(row["class"], []).append((row["code"], row["name_zh"], row["unit1"]))
    return out


@dataclass
class Line:
    """One trade relationship in one block: its cells are its active months."""

    cls: str
    block: str
    region: str
    partner: str
    product: str
    months: tuple  # datetime.date
    weight: float
    enterprise: str = ""
    etype: str = PRIVATE

    @property
    def flow(self) -> str:
        return CLASS[self.cls].flow
