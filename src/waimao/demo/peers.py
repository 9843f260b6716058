"""The synthetic platform data for the peers: 31 provinces × flow × month, plus a few product lines.

Ranks among provinces, gaps to the national average and national shares need the other
provinces. The customs platform publishes them by 注册地 (province); the demo ships the same
shape: monthly totals per province and flow, and for the product groups the bulletins rank or
share (lithium batteries, polysilicon, monocrystalline rods, trout, vegetables, farm products)
rows under one representative tariff line per group. Qinghai's rows are the demo records
aggregated, so the peers agree with the records by construction. The other provinces' growth
rates are drawn, then set where a published rank or gap pins them.
"""

from __future__ import annotations

import datetime as dt

import numpy as np

from waimao.demo import design as D
from waimao.model.regions import REGIONS

QINGHAI = "63"
PROVINCES = sorted(r.code for r in REGIONS.values() if r.level == "province")

# One representative tariff line per peer product group (Qinghai keeps its real lines).
PEER_LINES = {"LIB": "85076000", "POLY": "28046190", "ROD": "28046117", "TROUT": "03031400",
              "VEG": "07031010", "AGRI": "08134030"}
VEG_PRICE = 4.0  # yuan per kg for other provinces' vegetables

Q1_25 = [dt.date(2025, m, 1) for m in (1, 2, 3)]
Q2_25 = [dt.date(2025, m, 1) for m in (4, 5, 6)]
H1_25 = Q1_25 + Q2_25
Y24 = [dt.date(2024, m, 1) for m in range(1, 13)]


def _shift(months, years=-1):
    return [dt.date(m.year + years, m.month, 1) for m in months]


D_FLOWS = ("export", "import")


class Peers:
    """Monthly series per (province, flow, line): value (yuan) and quantity (kg)."""

    def __init__(self, qinghai: dict, rng: np.random.Generator):
        self.rng = rng
        self.value: dict = {}
        self.qty: dict = {}
        self.qh = qinghai  # (flow, line or None, month) -> (value, kg)

    def series(self, prov, flow, line, months, base_level, growth):
        """Fill a province's series: base-year months at base_level, a year later × (1 + growth)."""
        for m in months:
            b = dt.date(m.year - 1, m.month, 1)
            v0 = self.value.get((prov, flow, line, b))
            if v0 is None:
                v0 = base_level * float(self.rng.lognormal(0, 0.15))
                self.value[(prov, flow, line, b)] = v0
            self.value[(prov, flow, line, m)] = v0 * (1 + growth) * float(self.rng.lognormal(0, 0.03))

    def total(self, flow, line, months, provinces=None, qty=False) -> float:
        store = self.qty if qty else self.value
        provinces = provinces or PROVINCES
        out = 0.0
        for p in provinces:
            if p == QINGHAI:
                out += sum(self.qh.get((f, line, m), (0.0, 0.0))[1 if qty else 0]
                           for f in ([flow] if flow else D_FLOWS) for m in months)
            else:
                out += sum(store.get((p, f, line, m), 0.0) for f in ([flow] if flow else D_FLOWS) for m in months)
        return out

    def scale(self, prov, flow, line, months, factor):
        for m in months:
            key = (prov, flow, line, m)
            if key in self.value:
                self.value[key] *= factor
                if key in self.qty:
                    self.qty[key] *= factor




def _growth(p: Peers, flow, line, months, provinces, qty=False):
    now = p.total(flow, line, months, provinces, qty)
    before = p.total(flow, line, _shift(months), provinces, qty)
    return now / before - 1 if before else float("inf")


def build_peers(qinghai: dict, rng: np.random.Generator) -> Peers:
    """Draw the other provinces, then pin the published ranks, national gaps and national shares."""
    p = Peers(qinghai, rng)
    others = [c for c in PROVINCES if c != QINGHAI]
    months_all = [m for m in D.MONTHS if m.year >= 2023]
    big = {"44": 70, "32": 45, "33": 40, "31": 35, "37": 28, "11": 30, "35": 18, "12": 7, "21": 6, "50": 6, "51": 8}
    for prov in others:
        size = big.get(prov, float(rng.uniform(0.3, 4.0))) * 1e10  # yuan a month
        for flow, share in (("export", 0.6), ("import", 0.4)):
            g = float(rng.uniform(-0.08, 0.12))
            p.series(prov, flow, None, [m for m in months_all if m.year >= 2024], size * share, g)
    # 2024: Qinghai second (one province grew faster), national growth 23.2 - 18.2 = 5.0 %
    p.scale("54", "export", None, Y24, 1.45)
    p.scale("54", "import", None, Y24, 1.45)
    _pin_growth(p, None, Y24, target=_growth(p, None, None, Y24, [QINGHAI]) - 0.182, adjust="44")
    _pin_growth(p, None, Q1_25, target=_growth(p, None, None, Q1_25, [QINGHAI]) - 0.865, adjust="44")
    # products
    for line, provs, level in (("LIB", ["44", "32", "35", "51", "36", "62"], 3e9), ("POLY", ["65", "15", "51", "53", "32"], 6e8),
                               ("ROD", ["15", "53", "61", "32"], 5e8), ("TROUT", ["65", "23", "51"], 2e6),
                               ("VEG", ["37", "53", "44", "45", "32", "46", "35"], 5e7), ("AGRI", others, 2e8)):
        for prov in provs:
            g = float(rng.uniform(0.0, 0.3))
            p.series(prov, "export", line, months_all, level * float(rng.uniform(0.5, 1.5)), g)
            if line == "VEG":
                for m in months_all:
                    if (prov, "export", line, m) in p.value:
                        p.qty[(prov, "export", line, m)] = p.value[(prov, "export", line, m)] / VEG_PRICE
    # lithium batteries: Qinghai first in Q1 2025 and 2024, second in H1 2025 (甘肃 grows faster)
    qh_h1 = _growth(p, "export", "LIB", H1_25, [QINGHAI])
    p.scale("62", "export", "LIB", _shift(H1_25), 0.01)
    p.scale("62", "export", "LIB", Q1_25, 0.04)
    if not _growth(p, "export", "LIB", H1_25, ["62"]) > qh_h1 > _growth(p, "export", "LIB", Q1_25, ["62"]):
        raise RuntimeError("demo peers: lithium-battery ranks not met")
    # vegetables: Qinghai third in Q1 2025 growth (value and tonnes): two provinces grow faster
    qh_veg = max(_growth(p, "export", "VEG", Q1_25, [QINGHAI]), _growth(p, "export", "VEG", Q1_25, [QINGHAI], qty=True))
    for prov in ("46", "35"):  # small vegetable exporters, so their farm-product totals barely move
        p.scale(prov, "export", "VEG", months_all, 0.01)
        g_now = _growth(p, "export", "VEG", Q1_25, [prov])
        p.scale(prov, "export", "VEG", Q1_25, (1 + qh_veg) * 1.3 / (1 + g_now))
    # national shares
    for line, months, share in (("TROUT", Q1_25, 0.75), ("POLY", Q1_25, 0.693), ("POLY", Y24, 0.344), ("ROD", Y24, 0.121)):
        qh = p.total("export", line, months, [QINGHAI])
        rest = p.total("export", line, months, others)
        for prov in others:
            p.scale(prov, "export", line, months, qh * (1 / share - 1) / rest)
    # 2024 polysilicon: first by value (34.4 % of the nation) but third by growth; only the base year
    # of two provinces moves, so the 2024 national share stays pinned
    qh_poly = _growth(p, "export", "POLY", Y24, [QINGHAI])
    for prov, above in (("53", 1.5), ("32", 1.3)):
        g_now = _growth(p, "export", "POLY", Y24, [prov])
        p.scale(prov, "export", "POLY", _shift(Y24), (1 + g_now) / ((1 + qh_poly) * above))
    # 2024 monocrystalline rods: third by value; the others' total (hence the 12.1 % share) is kept
    rest = p.total("export", "ROD", Y24, others)
    for prov, part in (("15", 0.45), ("53", 0.40), ("61", 0.08), ("32", 0.07)):
        p.scale(prov, "export", "ROD", Y24, part * rest / p.total("export", "ROD", Y24, [prov]))
    _check_2024_ranks(p, others)
    # farm products: Qinghai first in H1 2025 growth (56 %): nobody else above 40 %
    for prov in others:
        lines = ("TROUT", "VEG", "AGRI")
        now = sum(p.total("export", ln, H1_25, [prov]) for ln in lines)
        before = sum(p.total("export", ln, _shift(H1_25), [prov]) for ln in lines)
        if before and now / before - 1 > 0.4:
            agri_now = p.total("export", "AGRI", H1_25, [prov])
            p.scale(prov, "export", "AGRI", H1_25, max(0.0, 1.3 * before - (now - agri_now)) / agri_now)
    return p


def _check_2024_ranks(p: Peers, others: list[str]) -> None:
    """The 2024 bulletin: 多晶硅 居全国首位, 增速居全国同类商品第三位; 单晶硅棒 居全国第三."""
    def rank(line, of):
        mine = of(line, [QINGHAI])
        return 1 + sum(of(line, [prov]) > mine for prov in others)

    def value(line, provs):
        return p.total("export", line, Y24, provs)

    def growth(line, provs):
        return _growth(p, "export", line, Y24, provs) if value(line, provs) else float("-inf")

    got = (rank("POLY", value), rank("POLY", growth), rank("ROD", value))
    if got != (1, 3, 3):
        raise RuntimeError(f"demo peers: 2024 polysilicon/rod ranks are {got}, not (1, 3, 3)")


def _pin_growth(p: Peers, flow, months, target, adjust):
    """Scale one large province's period so that the national growth is exactly `target`."""
    now = p.total(flow, None, months)
    before = p.total(flow, None, _shift(months))
    own = p.total(flow, None, months, [adjust])
    needed = target * before + before - (now - own)
    for f in ([flow] if flow else D_FLOWS):
        p.scale(adjust, f, None, months, needed / own)


def peer_rows(p: Peers) -> list[tuple]:
    """(month, flow, province, product or None, value, kg) rows for the other provinces."""
    rows = []
    for (prov, flow, line, m), v in sorted(p.value.items(), key=lambda kv: (kv[0][3], kv[0][0], kv[0][1], str(kv[0][2]))):
        if m < dt.date(2023, 1, 1):
            continue
        kg = p.qty.get((prov, flow, line, m))
        rows.append((m, flow, prov, PEER_LINES[line] if line else None, v, kg))
    return rows
