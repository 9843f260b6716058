"""Product groups (锂离子蓄电池, 农产品, 冷凉蔬菜 …) as HS-prefix rules read from one editable table.

Bulletins report products by groups whose exact definition is rarely printed; the package's
definitions live in data/product_groups.toml so a statistician can read, cite and change them.
A code belongs to a group when it starts with an include prefix and with no exclude prefix: the
same test is a `startswith` filter in SQL, so engines need nothing else. Composite groups are
written as unions of other groups and flattened here, keeping one source of truth per prefix.
"""

from __future__ import annotations

import difflib
import tomllib
import unicodedata
from dataclasses import dataclass
from importlib import resources


@dataclass(frozen=True)
class ProductGroup:
    """A product group; for a union group `include`/`exclude` are the flattened prefixes of its parts."""

    name: str
    name_en: str
    aliases: tuple[str, ...]
    include: tuple[str, ...]
    exclude: tuple[str, ...]
    note: str
    union: tuple[str, ...] = ()
    parent: str | None = None  # the broader group this one is part of (冷水鱼 ⊂ 水产品): tables print it as 其中

    def matches(self, hs_code: str) -> bool:
        return self.covers(normalize_hs_code(hs_code))

    def covers(self, code: str) -> bool:
        """`matches` for a code already in plain digits, as the warehouse stores it (no normalising per call)."""
        return code.startswith(self.include) and not (self.exclude and code.startswith(self.exclude))


def normalize_hs_code(hs_code: str) -> str:
    """'8507.60.00', '８５０７６０００' and 85076000 all become '85076000'."""
    text = unicodedata.normalize("NFKC", str(hs_code))
    return "".join(ch for ch in text if ch.isdigit())


def _lookup_key(text: str) -> str:
    """Full-width brackets (冷水鱼（鳟鱼类）) become ASCII; case and spacing stop mattering."""
    return "".join(unicodedata.normalize("NFKC", str(text)).split()).casefold()


def _prefixes(entry: dict, field: str) -> tuple[str, ...]:
    values = tuple(str(p) for p in entry.get(field, []))
    for prefix in values:
        if not (prefix.isdigit() and 2 <= len(prefix) <= 10):
            raise ValueError(f"product_groups.toml: group {entry['name']}: bad {field} prefix {prefix!r}")
    return values


def _overlap(a: str, b: str) -> bool:
    return a.startswith(b) or b.startswith(a)


def _flatten(name: str, entries: dict[str, dict], done: dict[str, ProductGroup], stack: tuple[str, ...]) -> ProductGroup:
    """Expand a union into plain prefixes, refusing unions whose parts' exclusions would cut each other."""
    if name in done:
        return done[name]
    if name in stack:
        raise ValueError(f"product_groups.toml: union cycle {' -> '.join((*stack, name))}")
    if name not in entries:
        raise ValueError(f"product_groups.toml: union names unknown group {name!r}")
    entry = entries[name]
    union = tuple(entry.get("union", []))
    if union and ("include" in entry or "exclude" in entry):
        raise ValueError(f"product_groups.toml: group {name} has both union and include/exclude")
    if union:
        parts = [_flatten(part, entries, done, (*stack, name)) for part in union]
        for part in parts:
            for other in parts:
                if other is not part and any(_overlap(e, i) for e in part.exclude for i in other.include):
                    raise ValueError(
                        f"product_groups.toml: union {name}: an exclusion of {part.name} overlaps {other.name}; "
                        "write the union's prefixes explicitly"
                    )
        include = tuple(dict.fromkeys(p for part in parts for p in part.include))
        exclude = tuple(dict.fromkeys(p for part in parts for p in part.exclude))
    else:
        include, exclude = _prefixes(entry, "include"), _prefixes(entry, "exclude")
        if not include:
            raise ValueError(f"product_groups.toml: group {name} has no include prefix")
    group = ProductGroup(
        name=name,
        name_en=entry["name_en"],
        aliases=tuple(entry.get("aliases", [])),
        include=include,
        exclude=exclude,
        note=entry["note"],
        union=union,
        parent=entry.get("parent"),
    )
    done[name] = group
    return group


def _read_table() -> dict[str, ProductGroup]:
    raw = resources.files("waimao.model").joinpath("data/product_groups.toml").read_text(encoding="utf-8")
    entries: dict[str, dict] = {}
    for entry in tomllib.loads(raw)["group"]:
        if entry["name"] in entries:
            raise ValueError(f"product_groups.toml: group {entry['name']} appears twice")
        entries[entry["name"]] = entry
    done: dict[str, ProductGroup] = {}
    groups = {name: _flatten(name, entries, done, ()) for name in entries}
    for group in groups.values():
        if group.parent is not None and group.parent not in groups:
            raise ValueError(f"product_groups.toml: group {group.name} names unknown parent {group.parent!r}")
    return groups


GROUPS: dict[str, ProductGroup] = _read_table()


def _name_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for group in GROUPS.values():
        for name in (group.name, group.name_en, *group.aliases):
            if index.setdefault(_lookup_key(name), group.name) != group.name:
                raise ValueError(f"product_groups.toml: {name!r} names both {index[_lookup_key(name)]} and {group.name}")
    return index


_BY_NAME = _name_index()


def resolve_group(text: str) -> ProductGroup:
    """Find a product group by its name, English name or alias (纯碱 → 碳酸钠, 土豆 → 马铃薯)."""
    key = _lookup_key(text)
    if key in _BY_NAME:
        return GROUPS[_BY_NAME[key]]
    close = difflib.get_close_matches(key, list(_BY_NAME), n=5, cutoff=0.5)
    close += [name for name in _BY_NAME if key and key in name and name not in close][:5]
    hint = f"; did you mean: {', '.join(dict.fromkeys(_BY_NAME[c] for c in close))}?" if close else ""
    raise LookupError(f"unknown product group {text!r}{hint}")


def groups_of(hs_code: str) -> list[str]:
    """Names of every group the code belongs to, in table order."""
    return [group.name for group in GROUPS.values() if group.matches(hs_code)]


def _codes_per_chapter() -> dict[str, int]:
    raw = resources.files("waimao.model").joinpath("data/hs8_codes_per_chapter.csv").read_text(encoding="utf-8")
    lines = [line for line in raw.splitlines() if line.strip() and not line.startswith("#")][1:]
    return {chapter: int(count) for chapter, count in (line.split(",") for line in lines)}


#: Chapter ('01' … '99') → how many 8-digit codes the 2023 nomenclature has in it (data/hs8_codes_per_chapter.csv).
CODES_PER_CHAPTER: dict[str, int] = _codes_per_chapter()


__all__ = ["CODES_PER_CHAPTER", "GROUPS", "ProductGroup", "groups_of", "normalize_hs_code", "resolve_group"]
