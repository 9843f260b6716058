"""Fit the seed table to every published figure at its published precision.

Method (docs/demo-calibration.md): every target is a linear constraint on sums of cells once the
whole it refers to is fixed, and every cell lies in exactly one *atom* — the set of cells that
belong to the same targets. We look for one scale factor per atom, as close to 1 as possible in
value-weighted L1 distance, such that every published figure holds inside its rounding interval
(shrunk by a safety margin). That is a linear program (HiGHS via scipy). Within an atom all cells
are scaled alike, which is what raking to disjoint margins does. Ratios of two unknowns (share
changes, growth gaps, changes of growth) are linearised around a first solve and solved again.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from scipy.optimize import linprog

from waimao.demo import design as D
from waimao.demo.support import Support
from waimao.demo.targets import HAIXI, PERIOD_BLOCKS, S, Slice, Target
from waimao.model.products import resolve_group

MARGIN = 0.1  # amounts stay off the outer tenth of their rounding interval
RATIO_MARGIN = 0.02
UNIT = {"亿元": 1e8, "万元": 1e4, "元": 1.0}


@dataclass
class Cells:
    """The seed table, one entry per line and month, as column arrays."""

    line: np.ndarray
    month: np.ndarray  # index into D.MONTHS
    block: np.ndarray
    flow: np.ndarray  # 'export' / 'import'
    region: np.ndarray
    partner: np.ndarray
    product: np.ndarray
    etype: np.ndarray
    seed: np.ndarray  # yuan
    kg_per_yuan: np.ndarray


def seed_cells(support: Support, rng: np.random.Generator) -> Cells:
    """Spread each class's rough block value over its lines and months."""
    rows = []
    totals: dict = {}
    for i, ln in enumerate(support.lines):
        for m in ln.months:
            w = ln.weight * float(rng.lognormal(0, 0.25)) * D.QUIET_MONTHS.get((ln.cls, m), 1.0)
            rows.append((i, D.MONTH_INDEX[m], ln.block, w))
            totals[(ln.cls, ln.block)] = totals.get((ln.cls, ln.block), 0.0) + w
    lines = support.lines
    n = len(rows)
    idx = np.array([r[0] for r in rows])
    level = {(c.name, b): c.levels[bi] for c in D.CLASSES for bi, b in enumerate(D.BLOCK_NAMES)}
    seed = np.array([level[(lines[r[0]].cls, r[2])] * 1e8 * r[3] / totals[(lines[r[0]].cls, r[2])] for r in rows])
    price = np.array([D.CLASS[lines[i].cls].price or 20.0 for i in idx]) * rng.uniform(0.85, 1.15, n)
    return Cells(
        line=idx,
        month=np.array([r[1] for r in rows]),
        block=np.array([r[2] for r in rows]),
        flow=np.array([lines[i].flow for i in idx]),
        region=np.array([lines[i].region for i in idx]),
        partner=np.array([lines[i].partner for i in idx]),
        product=np.array([lines[i].product for i in idx]),
        etype=np.array([lines[i].etype for i in idx]),
        seed=seed,
        kg_per_yuan=1.0 / price,
    )


class Masks:
    """Boolean masks of slices over the cells, cached (the same slice appears in many targets)."""

    def __init__(self, cells: Cells, support: Support):
        self.c = cells
        self.s = support
        self.cache: dict[Slice, np.ndarray] = {}
        self.group_cache: dict[str, np.ndarray] = {}
        self.codes = np.unique(cells.product)

    def _group(self, name: str) -> np.ndarray:
        if name not in self.group_cache:
            g = resolve_group(name)
            members = [c for c in self.codes if g.matches(c)]
            self.group_cache[name] = np.isin(self.c.product, members)
        return self.group_cache[name]

    def _partners(self, spec: str, slc: Slice) -> np.ndarray:
        codes: set = set()
        for part in spec.split("+"):
            if part == "EU":
                codes |= self.s.eu
            elif part == "ASEAN":
                codes |= self.s.asean
            elif part == "BRI":
                codes |= self.s.bri
            elif part == "NEW":
                codes |= self._new_partners(slc)
            else:
                codes.add(part)
        return np.isin(self.c.partner, sorted(codes))

    def _new_partners(self, slc: Slice) -> set:
        """Partners trading in the slice's period but not in its base period (same region)."""
        region = np.char.startswith(self.c.region.astype(str), slc.region)
        now = region & np.isin(self.c.block, PERIOD_BLOCKS[slc.period])
        before = region & np.isin(self.c.block, PERIOD_BLOCKS[slc.base().period])
        return set(np.unique(self.c.partner[now])) - set(np.unique(self.c.partner[before]))

    def __call__(self, slc: Slice) -> np.ndarray:
        if slc in self.cache:
            return self.cache[slc]
        c = self.c
        if slc.month:
            m = c.month == D.MONTH_INDEX[dt.date(*slc.month, 1)]
        else:
            m = np.isin(c.block, PERIOD_BLOCKS[slc.period])
        m = m & np.char.startswith(c.region.astype(str), slc.region)
        if slc.flow:
            m &= c.flow == slc.flow
        if slc.group:
            m &= self._group(slc.group)
        if slc.partners:
            m &= self._partners(slc.partners, slc)
        if slc.etype:
            m &= c.etype == slc.etype
        self.cache[slc] = m
        return m


@dataclass
class Row:
    """One linear constraint a·f (≤ or ≥) b, with the target it comes from."""

    target: str
    coef: dict  # slice -> multiplier (value slices) ; ('q', slice) for quantities
    sense: str  # '>=' | '<='
    rhs: float = 0.0


def _interval(t: Target) -> tuple[float, float]:
    """The published figure's rounding interval, shrunk by a margin.

    Amounts get a wide margin so that rounding cells to fen never moves a figure across a
    boundary; ratios a narrow one, since several published ratios only just fit together
    (the H1 private pull 64.5 = contribution 112 × growth 57.7 leaves 0.01 points of room).
    """
    h = 0.5 * 10 ** (-t.decimals)
    margin = MARGIN if t.metric in ("value", "balance", "quantity") else RATIO_MARGIN
    return t.value - h * (1 - margin), t.value + h * (1 - margin)


def constraint_rows(t: Target, fixed: dict) -> list[Row]:
    """Turn one target into linear rows; `fixed` holds wholes solved in the first pass."""
    lo, hi = _interval(t)
    s = t.slice
    rows: list[Row] = []

    def between(coef_lo: dict, coef_hi: dict, rhs_lo: float = 0.0, rhs_hi: float = 0.0):
        rows.append(Row(t.id, coef_lo, ">=", rhs_lo))
        rows.append(Row(t.id, coef_hi, "<=", rhs_hi))

    m = t.metric
    if m == "value":
        u = UNIT[t.unit]
        between({s: 1}, {s: 1}, lo * u, hi * u)
    elif m == "balance":
        e, i = Slice(s.period, s.region, "export"), Slice(s.period, s.region, "import")
        between({e: 1, i: -1}, {e: 1, i: -1}, lo * 1e8, hi * 1e8)
    elif m in ("yoy_pct", "yoy_times"):
        k = 100 if m == "yoy_pct" else 1
        b = s.base()
        between({s: 1, b: -(1 + lo / k)}, {s: 1, b: -(1 + hi / k)})
    elif m in ("quantity", "quantity_yoy_times"):
        if m == "quantity":
            between({("q", s): 1}, {("q", s): 1}, lo * 1000, hi * 1000)
        else:
            b = s.base()
            between({("q", s): 1, ("q", b): -(1 + lo)}, {("q", s): 1, ("q", b): -(1 + hi)})
    elif m in ("share_pct", "share_of_pct"):
        w = t.whole or s.whole()
        between({s: 1, w: -lo / 100}, {s: 1, w: -hi / 100})
    elif m == "pull_pp":
        w0, b = s.whole().base(), s.base()
        between({s: 1, b: -1, w0: -lo / 100}, {s: 1, b: -1, w0: -hi / 100})
    elif m == "contribution_pct":
        w, w0, b = s.whole(), s.whole().base(), s.base()
        between({s: 1, b: -1, w: -lo / 100, w0: lo / 100}, {s: 1, b: -1, w: -hi / 100, w0: hi / 100})
    elif m == "share_change_pp" and fixed:
        w, w0, b = s.whole(), s.whole().base(), s.base()
        between({s: 1 / fixed[w], b: -1 / fixed[w0]}, {s: 1 / fixed[w], b: -1 / fixed[w0]}, lo / 100, hi / 100)
    elif m == "growth_gap_pp" and fixed:
        w = t.whole or s.whole()
        gw = fixed[w] / fixed[w.base()] - 1
        b = s.base()
        between({s: 1, b: -(1 + gw + lo / 100)}, {s: 1, b: -(1 + gw + hi / 100)})
    elif m == "yoy_change_pp" and fixed:
        b, bb = s.base(), s.base().base()
        g_now = fixed[s] / fixed[b] - 1
        # g_prev = b / bb - 1 must lie in [g_now - hi, g_now - lo]
        between({b: 1, bb: -(1 + g_now - hi / 100)}, {b: 1, bb: -(1 + g_now - lo / 100)})
    elif m == "greater":
        rows.append(Row(t.id, {s: 1, t.whole: -1.02}, ">="))
    elif m == "grows":
        rows.append(Row(t.id, {s: 1, s.base(): -1.05}, ">="))
    elif m == "not_growing":
        rows.append(Row(t.id, {s: 1, s.base(): -0.97}, "<="))
    return rows


def wholes_to_fix(targets: list[Target]) -> list[Slice]:
    """Slices whose values the linearised targets treat as known in the second pass."""
    out = []
    for t in targets:
        s = t.slice
        if t.metric == "share_change_pp":
            out += [s.whole(), s.whole().base()]
        elif t.metric == "growth_gap_pp":
            w = t.whole or s.whole()
            out += [w, w.base()]
        elif t.metric == "yoy_change_pp":
            out += [s, s.base()]
    return list(dict.fromkeys(out))


class Problem:
    """Atoms, the slice matrix and the LP."""

    def __init__(self, cells: Cells, masks: Masks, slices: list):
        self.cells = cells
        self.slices = list(dict.fromkeys(slices))
        bits = np.zeros((len(cells.seed), len(self.slices)), dtype=bool)
        for j, key in enumerate(self.slices):
            bits[:, j] = masks(key[1] if isinstance(key, tuple) else key)
        packed = np.packbits(bits, axis=1)
        _, self.atom_of_cell = np.unique(packed, axis=0, return_inverse=True)
        self.atom_of_cell = self.atom_of_cell.ravel()
        n_atoms = self.atom_of_cell.max() + 1
        self.n_atoms = n_atoms
        self.value = np.bincount(self.atom_of_cell, weights=cells.seed, minlength=n_atoms)
        qty = cells.seed * cells.kg_per_yuan
        self.qty = np.bincount(self.atom_of_cell, weights=qty, minlength=n_atoms)
        cell_atom_onehot = sparse.csr_matrix(
            (np.ones(len(cells.seed)), (self.atom_of_cell, np.arange(len(cells.seed)))), shape=(n_atoms, len(cells.seed)))
        member = (cell_atom_onehot @ sparse.csr_matrix(bits.astype(float))) > 0  # atom x slice
        self.member = sparse.csc_matrix(member)
        self.col = {key: j for j, key in enumerate(self.slices)}

    def coef_vector(self, key) -> np.ndarray:
        j = self.col[key]
        col = self.member[:, j].toarray().ravel()
        weights = self.qty if isinstance(key, tuple) else self.value
        return col * weights

    def evaluate(self, f: np.ndarray) -> dict:
        return {key: float(self.coef_vector(key) @ f) for key in self.slices}

    def solve(self, rows: list[Row], fix: dict | None = None) -> np.ndarray:
        n = self.n_atoms
        A, b, names = [], [], []
        for r in rows:
            a = np.zeros(n)
            for key, mult in r.coef.items():
                a += mult * self.coef_vector(key)
            sign = 1 if r.sense == "<=" else -1
            scale = sign / max(np.abs(a).max(), 1e-12)  # row scaling keeps HiGHS well conditioned
            A.append(scale * a)
            b.append(scale * r.rhs)
            names.append(r.target)
        for key, val in (fix or {}).items():
            a = self.coef_vector(key)
            scale = 1 / max(np.abs(a).max(), 1e-12)
            A += [scale * a, -scale * a]
            b += [scale * val * (1 + 1e-9), -scale * val * (1 - 1e-9)]
            names += [f"fix {key}", f"fix {key}"]
        A = sparse.csr_matrix(np.array(A))
        b = np.array(b)
        m = A.shape[0]
        total = self.value.sum()
        w = self.value / total
        # variables: u (n), v (n), slack (m); f = 1 + u - v
        c = np.concatenate([w, w, np.full(m, 1e4)])
        A_full = sparse.hstack([A, -A, -sparse.identity(m)]).tocsr()
        rhs = b - A @ np.ones(n)
        lb_f, ub_f = 0.03, 40.0
        bounds = [(0, ub_f - 1)] * n + [(0, 1 - lb_f)] * n + [(0, None)] * m
        res = linprog(c, A_ub=A_full, b_ub=rhs, bounds=bounds, method="highs",
                      options={"primal_feasibility_tolerance": 1e-9})
        if res.status != 0:
            raise RuntimeError(f"demo calibration LP failed: {res.message}")
        slack = res.x[2 * n:]
        bad = sorted({names[i] for i in np.nonzero(slack > 1e-6 * (abs(b) + 1))[0]})
        if bad:
            raise RuntimeError(f"demo calibration: published figures that cannot all hold: {bad}")
        return 1 + res.x[:n] - res.x[n: 2 * n]


def extra_orders(support: Support, cells: Cells) -> list[Target]:
    """Ranks the texts imply: no other country above the named top partners."""
    out = []
    q1, h1 = "2025Q1", "2025H1"
    seed_by = {}
    for block_set, key in ((("Q1_25",), q1), (("Q1_25", "Q2_25"), h1)):
        m = np.isin(cells.block, block_set)
        vals = np.bincount(np.unique(cells.partner, return_inverse=True)[1].ravel(), weights=cells.seed * m)
        seed_by[key] = dict(zip(np.unique(cells.partner), vals))
    blocs = support.eu | support.asean | {D.RUS}
    others_q1 = sorted((p for p in seed_by[q1] if p not in blocs), key=lambda p: -seed_by[q1][p])[:25]
    for p in others_q1:
        out.append(Target(f"q1_below_rus_{p}", "greater", S(q1, partners=D.RUS), 0, 0, whole=S(q1, partners=p)))
    top4 = {D.HUN, D.MYS, D.RUS, D.VNM}
    others_h1 = sorted((p for p in seed_by[h1] if p not in top4), key=lambda p: -seed_by[h1][p])[:25]
    for p in others_h1:
        out.append(Target(f"h1_below_vnm_{p}", "greater", S(h1, partners=D.VNM), 0, 0, whole=S(h1, partners=p)))
    out.append(Target("h1_rank_hun", "greater", S(h1, partners=D.HUN), 0, 0, whole=S(h1, partners=D.MYS)))
    out.append(Target("h1_rank_mys", "greater", S(h1, partners=D.MYS), 0, 0, whole=S(h1, partners=D.RUS)))
    out.append(Target("h1_rank_rus", "greater", S(h1, partners=D.RUS), 0, 0, whole=S(h1, partners=D.VNM)))
    hx = sorted(p for p in support.haixi["Q1_25"] if p not in support.eu | support.asean)
    for p in hx:
        out.append(Target(f"hx_below_eu_{p}", "greater", S(q1, region=HAIXI, partners="EU"), 0, 0,
                          whole=S(q1, region=HAIXI, partners=p)))
    return out


def calibrate(support: Support, targets: list[Target], rng: np.random.Generator) -> tuple[Cells, np.ndarray]:
    """Return the cells and their calibrated values (yuan)."""
    cells = seed_cells(support, rng)
    masks = Masks(cells, support)
    targets = targets + extra_orders(support, cells)
    keys = []
    for t in targets:
        for r in constraint_rows(t, {}) + constraint_rows(t, _AnyFixed()):
            keys += list(r.coef)
    keys += wholes_to_fix(targets)
    problem = Problem(cells, masks, keys)
    first = [r for t in targets for r in constraint_rows(t, {})]
    f = problem.solve(first)
    values = problem.evaluate(f)
    fixed = {k: values[k] for k in wholes_to_fix(targets)}
    second = [r for t in targets for r in constraint_rows(t, fixed)]
    f = problem.solve(second, fix=fixed)
    return cells, cells.seed * f[problem.atom_of_cell]


class _AnyFixed(dict):
    """Stand-in for `fixed` that lets constraint_rows list the slices its second-pass rows use."""

    def __bool__(self):
        return True

    def __missing__(self, key):
        return 1.0
