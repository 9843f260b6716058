"""Product groups (锂离子蓄电池, 农产品, 冷凉蔬菜 …) as HS-prefix rules read from one editable table.

Bulletins report products by groups whose exact definition is rarely printed; the package's
definitions live in data/product_groups.toml so a statistician can read, cite and change them.
A code belongs to a group when it starts with an include prefix and with no exclude prefix: the
same test is a `startswith` filter in SQL, so engines need nothing else. Composite groups are
written as unions of other groups and flattened here, keeping one source of truth per prefix.

Groups nest: a group may name its `parent` (集成电路 in 机电产品, 冷水鱼 in 水产品), which a table or
bulletin shows as a 其中 row under it. The loader refuses a table whose child has a code outside its
parent, so a 其中 row never holds trade its parent lacks. Each group also says on what its rule rests
(`basis`): the HS or tariff codes carrying that name, an official catalogue reproduced, the
package's approximation of an official catalogue, or the package's own choice.
"""

from __future__ import annotations

import difflib
import tomllib
import unicodedata
from dataclasses import dataclass
from importlib import resources

#: On what a group's rule rests (docs/reference-tables.md): `hs` — exactly the HS headings or tariff lines
#: that carry the name; `catalogue` — an official statistical definition reproduced in full; `approximation` —
#: the package's prefix rule for an official catalogue kept at tariff-line level or not published as codes;
#: `own` — no official definition exists, the rule is the package's choice (calibrated on bulletins).
BASES = ("hs", "catalogue", "approximation", "own")


class ProductTableError(ValueError):
    """product_groups.toml says something impossible; `code` names the kind of mistake (docs/reference-tables.md)."""

    def __init__(self, code: str, message: str):
        super().__init__(f"[{code}] product_groups.toml: {message}")
        self.code = code


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
    #: The group this one is a part of (其中), by name; None for a top-level group.
    parent: str | None = None
    #: One of BASES.
    basis: str = "own"
    #: Releases state this group's tonnage beside its value (原油进口2.8亿吨).
    tonnage: bool = False

    def matches(self, hs_code: str) -> bool:
        return self.covers(normalize_hs_code(hs_code))

    def covers(self, code: str) -> bool:
        """`matches` for a code already in plain digits, as the warehouse stores it (no normalising per call)."""
        return code.startswith(self.include) and not (self.exclude and code.startswith(self.exclude))

    @property
    def children(self) -> list[ProductGroup]:
        """The groups whose parent this is, in table order."""
        return children_of(self.name)


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
            raise ProductTableError("group-bad-prefix", f"group {entry['name']}: bad {field} prefix {prefix!r}")
    return values


def _overlap(a: str, b: str) -> bool:
    return a.startswith(b) or b.startswith(a)


def _flatten(name: str, entries: dict[str, dict], done: dict[str, ProductGroup], stack: tuple[str, ...]) -> ProductGroup:
    """Expand a union into plain prefixes, refusing unions whose parts' exclusions would cut each other."""
    if name in done:
        return done[name]
    if name in stack:
        raise ProductTableError("group-union-cycle", f"union cycle {' -> '.join((*stack, name))}")
    if name not in entries:
        raise ProductTableError("group-unknown", f"union names unknown group {name!r}")
    entry = entries[name]
    union = tuple(entry.get("union", []))
    if union and ("include" in entry or "exclude" in entry):
        raise ProductTableError("group-union-with-prefixes", f"group {name} has both union and include/exclude")
    if union:
        parts = [_flatten(part, entries, done, (*stack, name)) for part in union]
        for part in parts:
            for other in parts:
                if other is not part and any(_overlap(e, i) for e in part.exclude for i in other.include):
                    raise ProductTableError(
                        "group-union-overlap",
                        f"union {name}: an exclusion of {part.name} overlaps {other.name}; "
                        "write the union's prefixes explicitly",
                    )
        include = tuple(dict.fromkeys(p for part in parts for p in part.include))
        exclude = tuple(dict.fromkeys(p for part in parts for p in part.exclude))
    else:
        include, exclude = _prefixes(entry, "include"), _prefixes(entry, "exclude")
        if not include:
            raise ProductTableError("group-no-prefix", f"group {name} has no include prefix")
    basis = entry.get("basis", "")
    if basis not in BASES:
        raise ProductTableError("group-bad-basis", f"group {name}: basis {basis!r} is not one of {', '.join(BASES)}")
    group = ProductGroup(
        name=name,
        name_en=entry["name_en"],
        aliases=tuple(entry.get("aliases", [])),
        include=include,
        exclude=exclude,
        note=entry["note"],
        union=union,
        parent=entry.get("parent"),
        basis=basis,
        tonnage=bool(entry.get("tonnage", False)),
    )
    done[name] = group
    return group


def outside(child: ProductGroup, parent: ProductGroup) -> str | None:
    """A prefix of codes that `child` takes and `parent` does not, or None when every code of child is in parent.

    Judged on the prefixes, so for every code that could ever exist, not only today's nomenclature: each
    include of the child must lie under an include of the parent, and a parent's exclusion must not cut
    into the child unless the child excludes it too. A child prefix that the parent covers only by several
    longer prefixes (child 0302, parent 030211 … 030299) is refused too: write it at the parent's level.
    """
    for prefix in child.include:
        if not prefix.startswith(parent.include):
            return prefix
        for cut in parent.exclude:
            if prefix.startswith(cut):
                return prefix
            if cut.startswith(prefix) and not any(cut.startswith(own) for own in child.exclude):
                return cut
    return None


def check_nesting(groups: dict[str, ProductGroup]) -> None:
    """Every parent exists, no group is its own ancestor, and every child's codes lie inside its parent's."""
    for group in groups.values():
        seen = [group.name]
        parent = group.parent
        while parent is not None:
            if parent not in groups:
                raise ProductTableError("group-unknown-parent", f"group {seen[-1]}: unknown parent {parent!r}")
            if parent in seen:
                raise ProductTableError("group-parent-cycle", f"parent cycle {' -> '.join((*seen, parent))}")
            seen.append(parent)
            parent = groups[parent].parent
        if group.parent is not None:
            stray = outside(group, groups[group.parent])
            if stray is not None:
                raise ProductTableError(
                    "group-outside-parent",
                    f"group {group.name}: codes {stray}… are not in its parent {group.parent}; "
                    "narrow the group, widen the parent or drop the parent",
                )


def read_table(raw: str) -> dict[str, ProductGroup]:
    """Product groups from the text of a product_groups.toml, checked (ProductTableError when wrong)."""
    entries: dict[str, dict] = {}
    for entry in tomllib.loads(raw)["group"]:
        if entry["name"] in entries:
            raise ProductTableError("group-twice", f"group {entry['name']} appears twice")
        entries[entry["name"]] = entry
    done: dict[str, ProductGroup] = {}
    groups = {name: _flatten(name, entries, done, ()) for name in entries}
    check_nesting(groups)
    return groups


def _read_table() -> dict[str, ProductGroup]:
    return read_table(resources.files("waimao.model").joinpath("data/product_groups.toml").read_text(encoding="utf-8"))


GROUPS: dict[str, ProductGroup] = _read_table()


def _children() -> dict[str, list[ProductGroup]]:
    index: dict[str, list[ProductGroup]] = {}
    for group in GROUPS.values():
        if group.parent is not None:
            index.setdefault(group.parent, []).append(group)
    return index


_CHILDREN = _children()


def children_of(name: str) -> list[ProductGroup]:
    """The groups nested directly in the named group (its 其中 rows), in table order."""
    return list(_CHILDREN.get(resolve_group(name).name, ()))


def ancestors_of(name: str) -> list[str]:
    """The named group's parent, its parent's parent …, nearest first."""
    chain, parent = [], resolve_group(name).parent
    while parent is not None:
        chain.append(parent)
        parent = GROUPS[parent].parent
    return chain


def _name_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for group in GROUPS.values():
        for name in (group.name, group.name_en, *group.aliases):
            if index.setdefault(_lookup_key(name), group.name) != group.name:
                raise ProductTableError("group-name-twice",
                                        f"{name!r} names both {index[_lookup_key(name)]} and {group.name}")
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


__all__ = [
    "BASES", "CODES_PER_CHAPTER", "GROUPS", "ProductGroup", "ProductTableError", "ancestors_of", "check_nesting",
    "children_of", "groups_of", "normalize_hs_code", "outside", "read_table", "resolve_group",
]
