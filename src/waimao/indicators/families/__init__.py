"""The families of figures of a figure set, one module each, run in the order of `FAMILIES`.

| family | module | needs (dims) |
|---|---|---|
| the subject's totals, balance, months | `subject` | — |
| product groups, HS codes, product counts | `products` | product; partner × product |
| runs of monthly growth | `streaks` | — ; product |
| partners, partner groups, top sets | `partners` | partner |
| trade modes | `trade_modes` | trade_mode |
| enterprise types and counts | `enterprises` | enterprise_type; enterprise_id |
| regions one level down; share of the province | `regions` | region (finer than the subject) |
| ranks among provinces, national shares | `peers` | region (every province); region × product |
"""

from waimao.indicators.families import enterprises, partners, peers, products, regions, streaks, subject, trade_modes
from waimao.indicators.families.base import Context, Family

#: Subject first (its totals are every share's whole), products before peers (peer coverage reads their sums).
FAMILIES: tuple[Family, ...] = (
    subject.FAMILY,
    products.FAMILY,
    streaks.FAMILY,
    partners.FAMILY,
    trade_modes.FAMILY,
    enterprises.FAMILY,
    regions.FAMILY,
    peers.FAMILY,
)

__all__ = ["FAMILIES", "Context", "Family"]
