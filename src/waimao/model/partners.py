"""Trading partners: the customs 3-digit partner codes with ISO3, Chinese and English names.

Records carry the customs code ('344'); bulletins and news write 俄罗斯, 俄罗斯联邦 or Russia; other data
sets key on ISO3. The fact table (code, ISO3, the name bulletins print, aliases, continent) is
data/partners.csv. English names come from pycountry so they follow ISO 3166 without us maintaining
them; the CSV overrides only where pycountry has no entry (regions, "other" codes) or is unsuitable
(Hong Kong, Macao and Taiwan are written "…, China" as in Chinese official statistics).
"""

from __future__ import annotations

import csv
import difflib
import io
import unicodedata
from dataclasses import dataclass
from importlib import resources

import pycountry

CONTINENTS = ("亚洲", "非洲", "欧洲", "拉丁美洲", "北美洲", "大洋洲")


@dataclass(frozen=True)
class Partner:
    """One customs partner code; `iso3` is None for codes that are not a single country or territory."""

    code: str
    iso3: str | None
    name_zh: str
    name_en: str
    continent: str | None
    aliases: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(n for n in (self.name_zh, self.name_en, *self.aliases) if n))


def _lookup_key(text: str) -> str:
    """Full-width brackets (刚果（金）) and digits become ASCII; case and spacing stop mattering."""
    return " ".join(unicodedata.normalize("NFKC", str(text)).split()).casefold()


def _iso_record(iso3: str):
    return pycountry.countries.get(alpha_3=iso3) or pycountry.historic_countries.get(alpha_3=iso3)


def _english(iso3: str | None, override: str, code: str) -> tuple[str, tuple[str, ...]]:
    """The English display name and every ISO spelling (name, common and official name) as aliases."""
    record = _iso_record(iso3) if iso3 else None
    iso_names: tuple[str, ...] = ()
    if record is not None:
        spellings = (getattr(record, "common_name", None), record.name, getattr(record, "official_name", None))
        iso_names = tuple(dict.fromkeys(s for s in spellings if s))
    if override:
        return override, iso_names
    if not iso_names:
        raise ValueError(f"partners.csv: code {code} needs name_en (pycountry has no {iso3!r})")
    return iso_names[0], iso_names


def _read_table() -> dict[str, Partner]:
    raw = resources.files("waimao.model").joinpath("data/partners.csv").read_text(encoding="utf-8")
    lines = [line for line in raw.splitlines() if line.strip() and not line.startswith("#")]
    partners: dict[str, Partner] = {}
    for row in csv.DictReader(io.StringIO("\n".join(lines))):
        code, iso3 = row["code"], row["iso3"] or None
        if row["continent"] and row["continent"] not in CONTINENTS:
            raise ValueError(f"partners.csv: code {code} has unknown continent {row['continent']!r}")
        name_en, iso_names = _english(iso3, row["name_en"], code)
        extra = tuple(a for a in row["aliases"].split("|") if a)
        partners[code] = Partner(
            code=code,
            iso3=iso3,
            name_zh=row["name_zh"],
            name_en=name_en,
            continent=row["continent"] or None,
            aliases=tuple(dict.fromkeys(a for a in (*extra, *iso_names) if a != name_en)),
        )
    return partners


PARTNERS: dict[str, Partner] = _read_table()
_BY_ISO3 = {p.iso3: p for p in PARTNERS.values() if p.iso3}


def _name_index() -> dict[str, str]:
    """Every name, alias, ISO3 and ISO2 -> code; a name claimed by two partners is a data error."""
    index: dict[str, str] = {}

    def claim(name: str, code: str) -> None:
        key = _lookup_key(name)
        if index.setdefault(key, code) != code:
            raise ValueError(f"partners.csv: name {name!r} belongs to both {index[key]} and {code}")

    for partner in PARTNERS.values():
        for name in partner.names:
            claim(name, partner.code)
        if partner.iso3:
            claim(partner.iso3, partner.code)
            record = _iso_record(partner.iso3)
            if record is not None and getattr(record, "alpha_2", None):
                claim(record.alpha_2, partner.code)
    return index


_BY_NAME = _name_index()


def partner_by_code(code: str) -> Partner | None:
    """The partner of a customs code; '344' and 344 both work."""
    return PARTNERS.get(unicodedata.normalize("NFKC", str(code)).strip().zfill(3))


def partner_by_iso3(iso3: str) -> Partner | None:
    return _BY_ISO3.get(unicodedata.normalize("NFKC", str(iso3)).strip().upper())


def resolve_partner(text: str) -> Partner:
    """Find a partner by customs code, ISO3/ISO2, Chinese or English name, or alias."""
    key = _lookup_key(text)
    if key.isdigit():
        partner = partner_by_code(key)
        if partner is not None:
            return partner
    code = _BY_NAME.get(key)
    if code is not None:
        return PARTNERS[code]
    raise LookupError(f"unknown trading partner {text!r}{_suggestions(key)}")


def _suggestions(key: str) -> str:
    close = difflib.get_close_matches(key, list(_BY_NAME), n=5, cutoff=0.6)
    close += [name for name in _BY_NAME if key and key in name and name not in close][:5]
    if not close:
        return ""
    shown = dict.fromkeys(f"{PARTNERS[_BY_NAME[n]].name_zh} ({_BY_NAME[n]})" for n in close)
    return "; did you mean: " + ", ".join(shown) + "?"


__all__ = ["CONTINENTS", "PARTNERS", "Partner", "partner_by_code", "partner_by_iso3", "resolve_partner"]
