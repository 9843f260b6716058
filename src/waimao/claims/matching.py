"""Every rule match of a sentence (rules.py), earlier rules first, no two overlapping, with continuations.

A continuation rule (、3.3亿元, 、全市的78%) is tried only right after a match it can continue, so that
a run of numbers is read as one claim per number of the same kind.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from waimao.claims.rules import CONTINUATIONS, RULES


@dataclass
class Match:
    rule: str
    m: re.Match
    start: int
    end: int
    mask: list[tuple[int, int]]
    more: list[Match] = field(default_factory=list)
    order: int = -1  # where it is read: after the names inside it (出口农产品6.2亿元)


def rule_matches(text: str) -> list[Match]:
    """Every rule match of a sentence, earlier rules first, no two overlapping; with continuations."""
    taken = [False] * len(text)
    found: list[Match] = []
    for name, pattern in RULES:
        if name in CONTINUATIONS:
            continue
        for m in pattern.finditer(text):
            if any(taken[m.start():m.end()]):
                continue
            mask = [(m.start(), m.end())]
            if name in ("value", "quantity"):
                mask = [m.span("flow"), (m.start("n"), m.end())]
            elif name == "quantity_item":
                mask = [(m.start("n"), m.end())]
            elif name == "product_count" and not m[0].startswith("种类"):
                mask = [(m.start(), m.end())]
            order = m.start("n") if name in ("value", "quantity", "quantity_item") else -1
            found.append(Match(name, m, m.start(), m.end(), mask, order=order))
            taken[m.start():m.end()] = [True] * (m.end() - m.start())
    found.sort(key=lambda x: x.start)
    continuations = {name: pattern for name, pattern in RULES if name in CONTINUATIONS}
    for match in found:
        if match.rule == "meta":
            continue
        end = match.end
        wanted = ["more"] if match.rule in ("value", "growth", "balance", "quantity", "list_value") else \
            ["share_more", "value_rank"] if match.rule == "share" else []
        while wanted:
            hit = None
            for name in wanted:
                m = continuations[name].match(text, end)
                if m and not any(taken[m.start():m.end()]):
                    hit = Match(name, m, m.start(), m.end(), [(m.start(), m.end())])
                    break
            if hit is None:
                break
            taken[hit.start:hit.end] = [True] * (hit.end - hit.start)
            if hit.rule == "more":
                match.more.append(hit)
                end = hit.end
            else:
                found.append(hit)
                break
    found.sort(key=lambda x: x.start)
    return found
