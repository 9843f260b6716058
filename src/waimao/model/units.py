"""Units of measure: customs unit codes, their names, and conversion between compatible units.

Quantities arrive as (number, unit) in the unit the tariff line prescribes (千克, 吨, 台, 升 …) while
bulletins state them in whatever reads best (吨 for vegetables, 万吨 for coal). Conversions go through one
base unit per dimension (kg, L, m, m², …), so a new unit needs one factor, not a row per pair. Counted
units convert only within the same noun (个 ↔ 千个), because 台 and 个 count different things.

Two code lists exist: the 3-digit customs unit codes (035 千克) used on declarations, and the 2-digit
codes of the statistics platform's commodity list (09 Kilogram, 01 Number of items), which classify
units rather than name one; see `platform_unit`.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from dataclasses import dataclass
from fractions import Fraction
from importlib import resources

BASE_UNITS = {
    "mass": "千克",
    "volume": "升",
    "length": "米",
    "area": "平方米",
    "energy": "千瓦时",
    "power": "千瓦",
    "apparent_power": "千伏安",
    "radioactivity": "贝可",
}


@dataclass(frozen=True)
class Unit:
    """A unit; `factor` is how many base units of its `dimension` one of it is."""

    code: str | None
    name_zh: str
    name_en: str
    dimension: str
    factor: float
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class PlatformUnit:
    """A 2-digit platform unit code; `unit` is the customs unit name when the code always means one."""

    code: str
    name_en: str
    unit: str | None


def _rows(filename: str) -> list[dict[str, str]]:
    raw = resources.files("waimao.model").joinpath(f"data/{filename}").read_text(encoding="utf-8")
    lines = [line for line in raw.splitlines() if line.strip() and not line.startswith("#")]
    return list(csv.DictReader(io.StringIO("\n".join(lines))))


def _read_units() -> dict[str, Unit]:
    units: dict[str, Unit] = {}
    for row in _rows("units.csv"):
        dimension = row["dimension"]
        if dimension not in BASE_UNITS and not dimension.startswith("count:"):
            raise ValueError(f"units.csv: unknown dimension {dimension!r} for {row['name_zh']}")
        unit = Unit(
            code=row["code"] or None,
            name_zh=row["name_zh"],
            name_en=row["name_en"],
            dimension=dimension,
            factor=float(Fraction(row["factor"])),
            aliases=tuple(a for a in row["aliases"].split("|") if a),
        )
        units[unit.name_zh] = unit
    return units


_BY_NAME_ZH = _read_units()
UNITS: dict[str, Unit] = {u.code: u for u in _BY_NAME_ZH.values() if u.code}
PLATFORM_UNITS: dict[str, PlatformUnit] = {
    row["code"]: PlatformUnit(row["code"], row["name_en"], row["unit"] or None) for row in _rows("platform_units.csv")
}


def _lookup_key(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", str(text)).split()).casefold()


def _name_index() -> dict[str, Unit]:
    index: dict[str, Unit] = {}
    for unit in _BY_NAME_ZH.values():
        for name in (unit.name_zh, *unit.aliases):
            key = _lookup_key(name)
            if index.setdefault(key, unit) is not unit:
                raise ValueError(f"units.csv: {name!r} names both {index[key].name_zh} and {unit.name_zh}")
    for unit in _BY_NAME_ZH.values():
        index.setdefault(_lookup_key(unit.name_en), unit)
    return index


_BY_NAME = _name_index()


def unit_by_code(code: str) -> Unit | None:
    """The unit of a 3-digit customs code ('035' → 千克), or of a 2-digit platform code that means one unit."""
    text = unicodedata.normalize("NFKC", str(code)).strip()
    if len(text) == 3:
        return UNITS.get(text)
    platform = PLATFORM_UNITS.get(text)
    if platform is None or platform.unit is None:
        return None
    return _BY_NAME_ZH[platform.unit]


def platform_unit(code: str) -> PlatformUnit | None:
    """The class of a 2-digit platform unit code ('09' Kilogram, '01' Number of items)."""
    return PLATFORM_UNITS.get(unicodedata.normalize("NFKC", str(code)).strip())


def unit_by_name(name: str) -> Unit | None:
    """The unit a Chinese or English name or symbol stands for (千克, 公斤, kg, 公吨, tonne …)."""
    return _BY_NAME.get(_lookup_key(name))


def _unit(unit: str | Unit) -> Unit:
    if isinstance(unit, Unit):
        return unit
    found = unit_by_name(unit) or (unit_by_code(unit) if str(unit).strip().isdigit() else None)
    if found is None:
        raise LookupError(f"unknown unit {unit!r}")
    return found


def convert(qty: float, from_unit: str | Unit, to_unit: str | Unit) -> float:
    """Convert a quantity between units of one dimension; ValueError between incompatible units."""
    source, target = _unit(from_unit), _unit(to_unit)
    if source.dimension != target.dimension:
        raise ValueError(
            f"cannot convert {source.name_zh} ({source.dimension}) to {target.name_zh} ({target.dimension})"
        )
    return qty * source.factor / target.factor


def to_tonnes(qty: float, unit_name: str | Unit) -> float:
    """A mass in tonnes (吨), the unit bulletins use for bulk goods."""
    return convert(qty, unit_name, "吨")


#: Mass units with a whole number of kilograms, so kilograms stay exact decimals on every engine (the
#: figure-set queries and the warehouse's rollup tables convert with the same factors).
KG_PER_UNIT = {u.name_zh: int(u.factor) for u in UNITS.values()
               if u.dimension == "mass" and u.factor >= 1 and float(u.factor).is_integer()}

__all__ = [
    "BASE_UNITS",
    "KG_PER_UNIT",
    "PLATFORM_UNITS",
    "UNITS",
    "PlatformUnit",
    "Unit",
    "convert",
    "platform_unit",
    "to_tonnes",
    "unit_by_code",
    "unit_by_name",
]
