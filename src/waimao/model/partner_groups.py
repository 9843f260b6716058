"""Partner groups (欧盟, 东盟, RCEP, 共建“一带一路”国家 …) with date-aware membership.

Bulletins report trade with groups whose membership changes (the UK left the EU, Timor-Leste joined
ASEAN, Italy left the Belt and Road), so a group answers "who was a member on this day", never just
"who is a member". The table is data/partner_groups.toml, written with Chinese partner names so a
statistician can read and edit it; names are turned into customs codes when the module loads, and
a name that does not resolve stops the import instead of silently dropping a member.
"""

from __future__ import annotations

import datetime
import difflib
import tomllib
import unicodedata
from dataclasses import dataclass
from importlib import resources

from waimao.model.partners import PARTNERS, resolve_partner

# Bulletins that rank "贸易伙伴" count these groups as single partners beside individual countries.
BLOCS = ("欧盟", "东盟")
#: China's customs partner code: a partner of every other reporter.
CHINA = "142"


@dataclass(frozen=True)
class Membership:
    """A partner's membership; `since` is the first day in, `until` the first day out (None = open)."""

    partner: str
    since: datetime.date | None = None
    until: datetime.date | None = None

    def active(self, on: datetime.date) -> bool:
        return (self.since is None or self.since <= on) and (self.until is None or on < self.until)


@dataclass(frozen=True)
class PartnerGroup:
    name: str
    name_en: str
    aliases: tuple[str, ...]
    source: str
    as_of: datetime.date | None
    memberships: tuple[Membership, ...]
    china_member: bool = False  # China belongs to the group (RCEP) though, as the reporter, it is not listed
    name_en_abroad: str = ""  # the English name when the reporter is another country (China included)

    def members(self, on: datetime.date) -> frozenset[str]:
        """Partner codes that were members on `on`."""
        return frozenset(m.partner for m in self.memberships if m.active(on))

    def members_abroad(self, on: datetime.date) -> frozenset[str]:
        """The members as partners of another reporter (a Comtrade country): China too where it is a member."""
        return self.members(on) | ({CHINA} if self.china_member else frozenset())


def _lookup_key(text: str) -> str:
    """Quotes and spacing vary between texts (共建“一带一路”国家 / 共建一带一路国家), so they are dropped."""
    text = unicodedata.normalize("NFKC", str(text)).casefold()
    return "".join(ch for ch in text if not ch.isspace() and ch not in "\"'“”‘’「」『』")


def _code_of(name: str, group: str) -> str:
    try:
        return resolve_partner(name).code
    except LookupError as exc:
        raise ValueError(f"partner_groups.toml: group {group}: {exc}") from None


def _memberships(entry: dict) -> tuple[Membership, ...]:
    name = entry["name"]
    if "continent" in entry:
        codes = sorted(p.code for p in PARTNERS.values() if p.continent == entry["continent"])
        if not codes:
            raise ValueError(f"partner_groups.toml: group {name}: no partner on continent {entry['continent']!r}")
        return tuple(Membership(code) for code in codes)
    found = [Membership(_code_of(member, name)) for member in entry.get("members", [])]
    for dated in entry.get("dated", []):
        found.append(Membership(_code_of(dated["partner"], name), dated.get("since"), dated.get("until")))
    codes = [m.partner for m in found]
    if len(codes) != len(set(codes)):
        twice = sorted({c for c in codes if codes.count(c) > 1})
        raise ValueError(f"partner_groups.toml: group {name} lists {twice} more than once")
    return tuple(found)


def _read_table() -> dict[str, PartnerGroup]:
    raw = resources.files("waimao.model").joinpath("data/partner_groups.toml").read_text(encoding="utf-8")
    groups: dict[str, PartnerGroup] = {}
    for entry in tomllib.loads(raw)["group"]:
        groups[entry["name"]] = PartnerGroup(
            name=entry["name"],
            name_en=entry["name_en"],
            aliases=tuple(entry.get("aliases", [])),
            source=entry["source"],
            as_of=entry.get("as_of"),
            memberships=_memberships(entry),
            china_member=bool(entry.get("china_member", False)),
            name_en_abroad=entry.get("name_en_abroad", entry["name_en"]),
        )
    return groups


GROUPS: dict[str, PartnerGroup] = _read_table()


def _name_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for group in GROUPS.values():
        for name in (group.name, group.name_en, *group.aliases):
            if index.setdefault(_lookup_key(name), group.name) != group.name:
                raise ValueError(f"partner_groups.toml: {name!r} names both {index[_lookup_key(name)]} and {group.name}")
    return index


_BY_NAME = _name_index()


def resolve_group(text: str) -> PartnerGroup:
    """Find a partner group by its name, English name or alias (欧盟, EU, 一带一路 …)."""
    key = _lookup_key(text)
    if key in _BY_NAME:
        return GROUPS[_BY_NAME[key]]
    close = difflib.get_close_matches(key, list(_BY_NAME), n=3, cutoff=0.5)
    hint = f"; did you mean: {', '.join(dict.fromkeys(_BY_NAME[c] for c in close))}?" if close else ""
    raise LookupError(f"unknown partner group {text!r}{hint} (known: {', '.join(GROUPS)})")


def members(group_name: str, on: datetime.date) -> frozenset[str]:
    """Customs partner codes of a group on a given day."""
    return resolve_group(group_name).members(on)


def groups_of(partner_code: str, on: datetime.date) -> list[str]:
    """Names of every group the partner belonged to on `on`."""
    return [g.name for g in GROUPS.values() if partner_code in g.members(on)]


def bloc_of(partner_code: str, on: datetime.date) -> str:
    """'欧盟' or '东盟' for their members on `on`, else the partner's own code.

    This is the key of the bulletin ranking that counts the EU and ASEAN as single partners
    (欧盟、东盟、俄罗斯为我省前三大贸易伙伴).
    """
    for bloc in BLOCS:
        if partner_code in GROUPS[bloc].members(on):
            return bloc
    return partner_code


__all__ = ["BLOCS", "GROUPS", "Membership", "PartnerGroup", "bloc_of", "groups_of", "members", "resolve_group"]
