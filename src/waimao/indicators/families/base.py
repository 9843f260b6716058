"""What every family of figures shares: the `Family` record and the `Context` it writes in.

A family is one kind of statement a bulletin makes (the subject's totals, its partners, its
product groups, its ranks among provinces …). It declares the data it needs (`Need`: the dims a
cut must hold, for whom), and derives its figures from the sums of the source the planner chose
for each need. Families run in the order of `FAMILIES`; the few results a later family reads
(the subject's totals for shares, the product groups' sums for peer coverage) are on the context.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from waimao.indicators.planner import Need, Plan
from waimao.indicators.records import Note
from waimao.indicators.sums import Sums
from waimao.indicators.writer import Pair, Writer
from waimao.model.products import ProductGroup


@dataclass
class Context:
    """One figure set in the making: the plan, its sums, the writer, and what families pass on."""

    writer: Writer
    plan: Plan
    sums: Sums
    groups: Sequence[ProductGroup]
    notes: list[Note] = field(default_factory=list)
    totals: dict[str, Pair] = field(default_factory=dict)
    group_pairs: dict[tuple[str, str], Pair] = field(default_factory=dict)
    partners: dict[tuple[str, str], Pair] = field(default_factory=dict)
    deferred: dict[str, Callable[[], None]] = field(default_factory=dict)
    partial: set[tuple[int, ...]] = field(default_factory=set)  # load ids of detail short of the totals (reconcile)

    def has(self, need: str) -> bool:
        return self.plan.source(need) is not None

    def writer_for(self, need: str) -> Writer:
        """The writer of the figures whose sums come from this need's source."""
        source = self.plan.source(need)
        if source is None:
            return self.writer.using(None, False)
        return self.writer.using(source.record, self.plan.has_base(need), flows=source.flows)


@dataclass(frozen=True)
class Family:
    """A family of figures: its needs and the function that writes its figures."""

    name: str
    needs: tuple[Need, ...]
    write: Callable[[Context], None]


def need(name: str, dims: Sequence[str], zh: str, en: str, **kw) -> Need:
    return Need(name, frozenset(dims), zh, en, **kw)


__all__ = ["Context", "Family", "need"]
