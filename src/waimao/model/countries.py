"""Countries as subjects: a UN Comtrade reporter is a region of kind `country`.

A Comtrade file's reporter (Viet Nam, 704/VNM) is the subject of its figures the way a province
is the subject of a record extract, so `-r 越南`, `-r VNM`, `-r 704` and `-r "Viet Nam"` must all
name it. The Comtrade reader stores a reporter as its ISO alpha-2 code ('VN'): two letters never
collide with Chinese region codes, which are digits, and 'CN' is already the nation's code, so
China as a Comtrade reporter is the nation itself.

Three code systems name a country: ISO 3166 alpha-3, the UN M49 numeric code (= ISO numeric) and
Comtrade's reporter code, which is the M49 code except for a few reporters whose statistics cover
more territory than the ISO country (`COMTRADE_CODES`). English names come from pycountry, Chinese
names from the customs partner table (`waimao.model.partners`), so a country is written as
customs bulletins write the same country as a partner (越南, 中国香港); a country the partner
table lacks keeps its English name in Chinese text rather than a guessed translation.

This module only adds countries; `waimao.model.regions.resolve_region` consults it when no
Chinese region answers to a name (its one hook), so Chinese regions always win.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

import pycountry

from waimao.model.partners import partner_by_iso3
from waimao.model.regions import NATION, REGIONS, Region

LEVEL = "country"

#: Comtrade reporter codes that differ from the M49 (ISO numeric) code: the reporter's customs
#: territory includes dependencies (France with Monaco, the USA with Puerto Rico and the US Virgin
#: Islands, Norway with Svalbard and Jan Mayen, Switzerland with Liechtenstein, India with its
#: historical territory). 490 "Other Asia, nes" is how Comtrade reports Taiwan, China.
COMTRADE_CODES = {"FRA": "251", "USA": "842", "NOR": "579", "CHE": "757", "IND": "699", "TWN": "490"}
#: Comtrade's own ISO-like labels for reporters that ISO 3166 names otherwise.
COMTRADE_ISO3 = {"S19": "TWN"}


@dataclass(frozen=True)
class Country(Region):
    """A country or territory as a subject: `code` is its ISO alpha-2 code, what Comtrade rows store."""

    iso3: str = ""
    m49: str = ""
    reporter_code: str = ""


def _key(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", str(text)).split()).casefold()


def _english(record) -> tuple[str, tuple[str, ...]]:
    spellings = (getattr(record, "common_name", None), record.name, getattr(record, "official_name", None))
    names = tuple(dict.fromkeys(s for s in spellings if s))
    return names[0], names


def _country(record) -> Country:
    iso3, m49 = record.alpha_3, record.numeric
    partner = partner_by_iso3(iso3)
    name_en, spellings = _english(record)
    if partner is not None and partner.name_en:
        name_en = partner.name_en  # "Hong Kong, China", as Chinese statistics write it
    name_zh = partner.name_zh if partner is not None else name_en
    reporter = COMTRADE_CODES.get(iso3, m49)
    codes = dict.fromkeys(c for c in (iso3, m49, m49.lstrip("0"), reporter, reporter.lstrip("0")) if c)
    aliases = tuple(dict.fromkeys((*codes, *spellings, *(partner.aliases if partner else ()))))
    return Country(code=record.alpha_2, level=LEVEL, name_zh=name_zh, short_zh=name_zh, name_en=name_en,
                   parent=None, gb_code=None, aliases=tuple(a for a in aliases if a not in (name_zh, name_en)),
                   iso3=iso3, m49=m49, reporter_code=reporter)


def _table() -> dict[str, Country]:
    return {record.alpha_2: _country(record) for record in pycountry.countries if record.alpha_2 != NATION}


COUNTRIES: dict[str, Country] = _table()


def _index() -> dict[str, str]:
    """Name, alias, ISO2/ISO3, M49 and Comtrade code -> alpha-2; the first claim of a name wins."""
    index: dict[str, str] = {}
    for country in COUNTRIES.values():
        for name in (country.code, *country.names):
            index.setdefault(_key(name), country.code)
    for label, iso3 in COMTRADE_ISO3.items():
        index.setdefault(_key(label), next(c.code for c in COUNTRIES.values() if c.iso3 == iso3))
    china = REGIONS[NATION]
    for name in ("CHN", "156", "China", "People's Republic of China"):
        index[_key(name)] = NATION
    for name in china.names:
        index[_key(name)] = NATION
    return index


_BY_NAME = _index()


def find_country(text: str) -> Region | None:
    """The country a code or name denotes (China: the nation's region), or None.

    Codes: ISO alpha-2 ('VN') and alpha-3 ('VNM'), M49 ('704', '4' or '004') and the Comtrade reporter
    code ('842' for the USA as well as its M49 '840'); names in English (any ISO spelling) or
    Chinese (the customs partner name and its aliases).
    """
    key = _key(text)
    if key.isdigit():
        key = key.lstrip("0") or "0"
    code = _BY_NAME.get(key)
    if code is None:
        return None
    return REGIONS[NATION] if code == NATION else COUNTRIES[code]


def country_of(code: str) -> Country | None:
    """The country a stored region code ('VN') names; None for Chinese region codes."""
    return COUNTRIES.get(str(code).strip().upper())


def is_country(region: Region) -> bool:
    return region.level == LEVEL


__all__ = ["COMTRADE_CODES", "COMTRADE_ISO3", "COUNTRIES", "Country", "LEVEL", "country_of", "find_country",
           "is_country"]
