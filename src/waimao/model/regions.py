"""Domestic regions: nation, provinces, Qinghai's prefectures and zones, and how record codes nest.

Trade records carry the customs domestic region code (境内目的地/货源地, 收发货人注册地), while
users and news text name regions in many ways: GB/T 2260 codes ('630100'), full names (海西蒙古族藏族自治州),
common short names (海西州) or English. Everything here turns those into one stored code and answers
"which record codes does this region cover?" so that filters stay simple prefix tests.

Stored codes: the nation is 'CN', a province its 2-digit customs code ('63'), a prefecture the customs
'xxxx9' code ('63019'), a zone its own 5-character code ('63012'). A prefecture covers every record code
sharing its first four characters; a province every code starting with its two digits.
The table lives in data/regions.csv so that it can be corrected without touching code.
"""

from __future__ import annotations

import csv
import difflib
import io
import unicodedata
from dataclasses import dataclass
from importlib import resources

LEVELS = ("nation", "province", "prefecture", "zone")
NATION = "CN"


@dataclass(frozen=True)
class Region:
    """One row of the region table; `code` is what trade records store."""

    code: str
    level: str
    name_zh: str
    short_zh: str
    name_en: str
    parent: str | None
    gb_code: str | None
    aliases: tuple[str, ...] = ()
    common_zh: str = ""

    @property
    def record_prefix(self) -> str:
        """The prefix every record code of this region starts with ('' for the nation)."""
        if self.level == "nation":
            return ""
        if self.level == "prefecture":
            return self.code[:4]
        return self.code

    @property
    def names(self) -> tuple[str, ...]:
        """Every name this region answers to, most official first."""
        seen = dict.fromkeys([self.name_zh, self.common_zh, self.short_zh, self.name_en, *self.aliases])
        return tuple(name for name in seen if name)


def _lookup_key(text: str) -> str:
    """Full-width digits and brackets become ASCII, case and spacing stop mattering."""
    return " ".join(unicodedata.normalize("NFKC", str(text)).split()).casefold()


def _read_table() -> dict[str, Region]:
    raw = resources.files("waimao.model").joinpath("data/regions.csv").read_text(encoding="utf-8")
    lines = [line for line in raw.splitlines() if line.strip() and not line.startswith("#")]
    regions: dict[str, Region] = {}
    for row in csv.DictReader(io.StringIO("\n".join(lines))):
        if row["level"] not in LEVELS:
            raise ValueError(f"regions.csv: unknown level {row['level']!r} for {row['code']}")
        region = Region(
            code=row["code"],
            level=row["level"],
            name_zh=row["name_zh"],
            short_zh=row["short_zh"],
            name_en=row["name_en"],
            parent=row["parent"] or None,
            gb_code=row["gb_code"] or None,
            aliases=tuple(a for a in row["aliases"].split("|") if a),
            common_zh=row["common_zh"],
        )
        if region.code in regions:
            raise ValueError(f"regions.csv: code {region.code} appears twice")
        regions[region.code] = region
    for region in regions.values():
        if region.parent is not None and region.parent not in regions:
            raise ValueError(f"regions.csv: {region.code} has unknown parent {region.parent}")
    return regions


REGIONS: dict[str, Region] = _read_table()

_PREFECTURE_BY_PREFIX = {r.record_prefix: r.code for r in REGIONS.values() if r.level == "prefecture"}
_PROVINCES_WITH_PREFECTURES = {r.parent for r in REGIONS.values() if r.level == "prefecture"}
# GB/T 2260 names a province by its first 2 digits and a prefecture by its first 4 ('630100' → '6301').
_BY_GB_PREFIX = {
    r.gb_code[: 4 if r.level == "prefecture" else 2]: r.code for r in REGIONS.values() if r.gb_code
}


def _name_index() -> dict[str, str]:
    """Name -> code; when two regions share a name (海南: province and prefecture), the higher level wins."""
    index: dict[str, str] = {}
    for level in LEVELS:
        for region in REGIONS.values():
            if region.level == level:
                for name in region.names:
                    index.setdefault(_lookup_key(name), region.code)
    return index


_BY_NAME = _name_index()


def normalize_region_code(code: str) -> str | None:
    """Map a GB/T 2260 or customs code to the stored code, or None when it is not a region code we know.

    Unknown 5-character customs codes are kept as they are when they fall inside a known prefecture
    (63011 → 63011) or inside a province whose prefectures this table does not list (11019 → 11019):
    they are real record codes and the province/prefecture prefix rules still place them.
    """
    text = unicodedata.normalize("NFKC", str(code)).strip().upper()
    if text in REGIONS:
        return text
    if not text[:4].isdigit():
        return None
    if len(text) == 2:
        return text if text in REGIONS else None
    if len(text) == 4:
        return _PREFECTURE_BY_PREFIX.get(text) or _known_gb(text)
    if len(text) == 6 and text.isdigit():
        return _known_gb(text)
    if len(text) == 5 and text[:2] in REGIONS:
        if text[:4] in _PREFECTURE_BY_PREFIX or text[:2] not in _PROVINCES_WITH_PREFECTURES:
            return text
    return None


def _known_gb(gb_code: str) -> str | None:
    """GB codes name provinces as 'xx0000' / 'xx' and prefectures as 'xxxx00' / 'xxxx'."""
    if len(gb_code) == 6 and gb_code.endswith("0000"):
        return _BY_GB_PREFIX.get(gb_code[:2])
    if len(gb_code) == 6 and gb_code.endswith("00"):
        return _BY_GB_PREFIX.get(gb_code[:4])
    return _BY_GB_PREFIX.get(gb_code) if len(gb_code) == 4 else None


def resolve_region(text: str) -> Region:
    """Find a region by stored code, GB/T code, Chinese or English name, or alias."""
    code = normalize_region_code(text)
    if code in REGIONS:
        return REGIONS[code]
    found = _BY_NAME.get(_lookup_key(text))
    if found is not None:
        return REGIONS[found]
    country = _country(text) if code is None else None
    if country is not None:
        return country
    if code is not None:
        raise LookupError(
            f"region code {code!r} is a valid record code in {REGIONS[code[:2]].name_zh} "
            f"but has no row of its own; use {code[:2]!r} or add it to regions.csv"
        )
    raise LookupError(f"unknown region {text!r}{_suggestions(text)}")


def _country(text: str) -> Region | None:
    """A Comtrade reporter country (`waimao.model.countries`), consulted only when no Chinese region answers."""
    from waimao.model.countries import find_country  # imports this module: import it late

    return find_country(text)


def _suggestions(text: str) -> str:
    key = _lookup_key(text)
    close = difflib.get_close_matches(key, list(_BY_NAME), n=5, cutoff=0.5)
    close += [name for name in _BY_NAME if key and key in name and name not in close][:5]
    if not close:
        return ""
    names = dict.fromkeys(REGIONS[_BY_NAME[name]].common_zh or name for name in close)
    return "; did you mean: " + ", ".join(names) + "?"


def _stored(code: str) -> str:
    stored = normalize_region_code(code)
    if stored is None:
        return resolve_region(code).code
    return stored


def province_of(code: str) -> str:
    """The 2-digit province code of any region or record code (LookupError for the nation)."""
    stored = _stored(code)
    if stored == NATION:
        raise LookupError("the nation (CN) has no province")
    return stored[:2]


def prefecture_of(code: str) -> str | None:
    """The prefecture code ('63019') a zone or record code lies in; None above prefecture level or when unlisted."""
    stored = _stored(code)
    if stored == NATION or len(stored) < 5:
        return None
    return _PREFECTURE_BY_PREFIX.get(stored[:4])


def record_prefixes(region_code: str) -> tuple[str, ...]:
    """The prefixes a `startswith` filter on the record region column needs for this region."""
    return (resolve_region(region_code).record_prefix,)


def covers(region_code: str, record_code: str) -> bool:
    """Whether a record coded `record_code` counts towards `region_code` (zone ⊂ prefecture ⊂ province ⊂ CN)."""
    record = normalize_region_code(record_code)
    if record is None:
        return False
    return any(record.startswith(prefix) for prefix in record_prefixes(region_code))


def children(code: str) -> tuple[Region, ...]:
    """The regions one level down (provinces of CN, prefectures of a province, zones of a prefecture)."""
    parent = resolve_region(code).code
    return tuple(sorted((r for r in REGIONS.values() if r.parent == parent), key=lambda r: r.code))


__all__ = [
    "LEVELS",
    "NATION",
    "REGIONS",
    "Region",
    "children",
    "covers",
    "normalize_region_code",
    "prefecture_of",
    "province_of",
    "record_prefixes",
    "resolve_region",
]
