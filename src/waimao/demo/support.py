"""Build the support of the demo: every trade line (class, block, region, partner, product, enterprise).

Each published count is a property of the support, so it is built exactly here:
partner sets per block for the province, for 海西州, for farm products and for vegetables;
HS8 code sets for farm products and vegetables; active prefectures; and an enterprise roster
whose activity per quarter gives the published enterprise counts. `calibrate.py` only sets values.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict

from waimao.demo import design as D
from waimao.model import partner_groups
from waimao.model.partners import PARTNERS

BRI = "共建“一带一路”国家"
ON = dt.date(2025, 6, 30)

# Published counts the support must give (seeds 000, 002, 003, 004).
Q1_25_PARTNERS, Q1_25_NEW, Q1_25_BRI, H1_25_BRI = 113, 11, 57, 67
HAIXI_Q1_25_PARTNERS, HAIXI_Q1_25_BRI = 25, 20
AGRI_H1_25_MARKETS, AGRI_H1_25_NEW = 45, 12
AGRI_H1_25_KINDS, AGRI_H1_25_NEW_KINDS = 89, 45
ENTERPRISES = {  # (type group, quarter) -> active enterprises; 'private' vs the rest
    ("private", "Q1_25"): 122, ("private", "H1_25"): 166, ("private", "Q1_24"): 101, ("private", "H1_24"): 138,
    ("other", "Q1_25"): 9, ("other", "H1_25"): 14, ("other", "Q1_24"): 14, ("other", "H1_24"): 17,
}
QUIET_IN_Q1_25 = (D.HUANGNAN, D.GUOLUO)  # 全省共6个市州开展外贸业务 in Q1 2025
#: The few large state-owned and foreign-invested traders, by home region (the rest are private).
NON_PRIVATE_HOMES = {
    D.STATE: {D.XINING: "SOE01", D.XINING_ZONE: "SOE01", D.HAIXI: "SOE02", D.HAIXI_ZONE: "SOE03", D.HAIDONG: "SOE04"},
    D.FOREIGN: {D.XINING: "FIE01", D.XINING_ZONE: "FIE01"},
}


class Support:
    """The sets the schedule decided, kept for the calibration's count checks and the docs."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.bri = partner_groups.members(BRI, ON)
        self.eu = partner_groups.members("欧盟", ON)
        self.asean = partner_groups.members("东盟", ON)
        # partners whose group membership changed within the demo's years stay out of the demo,
        # so that every count holds whichever day of a period membership is taken on
        changed = set()
        for name in (BRI, "欧盟", "东盟"):
            changed |= partner_groups.members(name, dt.date(2022, 1, 1)) ^ partner_groups.members(name, ON)
        self.countries = sorted(c for c, p in PARTNERS.items()
                                if p.iso3 and c not in ("142", "143") and len(c) == 3 and c not in changed)
        self.province: dict[str, set] = {}
        self.haixi: dict[str, set] = {}
        self.agri: dict[str, set] = {}
        self.veg: dict[str, set] = {}
        self.agri_codes: dict[str, set] = {}
        self.veg_codes: dict[str, set] = {}
        self.lines: list[D.Line] = []

    # -- partner schedules -------------------------------------------------------------------
    def _fill(self, chosen: set, pool, n_total: int, n_bri: int) -> set:
        """Top `chosen` up with partners from `pool` to n_total members of which n_bri are BRI."""
        chosen = set(chosen)
        bri_have = len(chosen & self.bri)
        other_have = len(chosen) - bri_have
        need_bri, need_other = n_bri - bri_have, (n_total - n_bri) - other_have
        if need_bri < 0 or need_other < 0:
            raise ValueError(f"demo design: fixed partners exceed the counts ({bri_have} BRI, {other_have} others)")
        pool = [p for p in pool if p not in chosen]
        self.rng.shuffle(pool)
        chosen |= set([p for p in pool if p in self.bri][:need_bri])
        chosen |= set([p for p in pool if p not in self.bri][:need_other])
        if len(chosen) != n_total:
            raise ValueError("demo design: partner pool too small")
        return chosen

    def schedule_partners(self) -> None:
        named = {p for c in D.CLASSES for p in c.partners} | set(D.NEW_HAIXI_Q1_25) | set(D.NEW_AGRI_H1_25)
        named |= set(D.NEW_VEG_2024) | {D.HKG, D.MAC, D.SGP}
        named -= set(D.NEW_Q1_25)
        pool = [c for c in self.countries if c not in D.NEW_Q1_25]
        new = set(D.NEW_Q1_25)
        extra_pool = [c for c in pool if c not in named]
        self.rng.shuffle(extra_pool)
        new |= set(extra_pool[: Q1_25_NEW - len(new)])
        continuing = self._fill(named, [c for c in pool if c not in new], Q1_25_PARTNERS - Q1_25_NEW,
                                Q1_25_BRI - len(new & self.bri))
        q1_25 = continuing | new
        rest = [c for c in self.countries if c not in q1_25]
        self.rng.shuffle(rest)
        rest_bri = [c for c in rest if c in self.bri]
        rest_other = [c for c in rest if c not in self.bri]
        q2_25 = (q1_25 - set(self.rng.sample(sorted(continuing - named), 8))) | set(rest_bri[:10]) | set(rest_other[:3])
        q1_24 = continuing | set(rest_other[3:6])
        older = continuing | set(rest_bri[10:14]) | set(rest_other[6:9])
        self.province = {"Y22": set(older), "Y23": set(older), "Q1_24": q1_24, "Q2_24": set(older),
                         "H2_24": set(older) | {D.SAU}, "Q1_25": q1_25, "Q2_25": q2_25}
        self._schedule_haixi()
        self._schedule_agri()

    def _schedule_haixi(self) -> None:
        fixed = {D.VNM, D.THA, D.MYS, D.PHL, D.KOR, D.JPN, D.DEU, D.NLD}
        pool = sorted(self.province["Q1_24"] & self.province["Q1_25"])
        new = set(D.NEW_HAIXI_Q1_25)
        cont = self._fill(fixed, [p for p in pool if p not in new], HAIXI_Q1_25_PARTNERS - len(new),
                          HAIXI_Q1_25_BRI - len(new & self.bri))
        spare = [p for p in pool if p not in cont and p not in new]
        self.haixi = {b: set(cont) for b in D.BLOCK_NAMES}
        self.haixi["Q1_25"] = cont | new
        self.haixi["Q1_24"] = cont | set(spare[:2])
        self.haixi["Q2_25"] = (cont | new) & self.province["Q2_25"]
        for b in ("Y22", "Y23", "Q2_24", "H2_24"):
            self.haixi[b] = (cont | set(spare[2:6])) & self.province[b]

    def _schedule_agri(self) -> None:
        p = self.province
        # vegetables: 3 markets in 2023 (first direct exports), 8 in 2024 with 5 new, 6 in Q1 2025
        self.veg = {"Y22": set(), "Y23": {D.HKG, D.SGP, D.MYS}, "Q1_24": {D.HKG}, "Q2_24": {D.HKG, D.SGP},
                    "H2_24": {D.HKG, D.SGP, D.MYS, *D.NEW_VEG_2024},
                    "Q1_25": {D.HKG, D.MAC, D.SGP, D.KOR, D.KAZ, D.RUS}, "Q2_25": {D.HKG, D.MAC}}
        fixed = {D.RUS, D.THA, D.MEX, D.JPN, D.USA, D.MYS, D.SGP, D.DEU, D.NLD, D.ESP, D.SVN, D.KOR, D.HKG,
                 D.MAC, D.KAZ, D.MNG}
        h1_24_base = (p["Q1_24"] & p["Q2_24"] & p["Q1_25"]) - set(D.NEW_AGRI_H1_25) - set(D.NEW_HAIXI_Q1_25)
        h1_24_pool = sorted(h1_24_base - fixed)
        self.rng.shuffle(h1_24_pool)
        n_cont = AGRI_H1_25_MARKETS - AGRI_H1_25_NEW
        cont = fixed | set(h1_24_pool[: n_cont - len(fixed)])
        new_pool = sorted((p["Q1_25"] - cont - set(D.NEW_AGRI_H1_25) - set(D.NEW_Q1_25))
                          - {D.SAU} - (p["Q1_24"] | p["Q2_24"]) | set())
        new_pool += sorted(p["Q1_25"] - cont - set(D.NEW_AGRI_H1_25) - set(new_pool) - {D.SAU}
                           - self.haixi["Q1_25"])
        new = set(D.NEW_AGRI_H1_25) | set(new_pool[: AGRI_H1_25_NEW - len(D.NEW_AGRI_H1_25)])
        dropped = set(h1_24_pool[n_cont - len(fixed): n_cont - len(fixed) + 3])
        self.agri = {
            "Q1_24": (cont | dropped) & p["Q1_24"], "Q2_24": (cont | dropped) & p["Q2_24"],
            "Q1_25": (cont | new) & p["Q1_25"], "Q2_25": (cont | new) & p["Q2_25"],
        }
        for b in ("Y22", "Y23", "H2_24"):
            self.agri[b] = (cont | dropped) & p[b]
        self.agri["H2_24"] |= {D.SAU}
        for b in D.BLOCK_NAMES:
            self.agri[b] |= self.veg[b]
        # kinds: HS8 codes of farm-product exports
        veg = [c for c, _, _ in D.product_codes()["VEG"]]
        self.veg_codes = {"Y22": set(), "Y23": set(veg[0:5]), "Q1_24": set(veg[0:3]), "Q2_24": set(veg[1:7]),
                          "H2_24": set(veg[2:19]), "Q1_25": set(veg[3:10]) | set(veg[19:23]),
                          "Q2_25": set(veg[3:5]) | set(veg[23:26])}
        fixed_codes = {c for k in ("TROUT", "GOJI") for c, _, _ in D.product_codes()[k]}
        potato = {c for c, _, _ in D.product_codes()["POTATO"]}
        veg_h1_25 = self.veg_codes["Q1_25"] | self.veg_codes["Q2_25"]
        veg_h1_24 = self.veg_codes["Q1_24"] | self.veg_codes["Q2_24"]
        n_x = AGRI_H1_25_KINDS - len(fixed_codes) - len(veg_h1_25) - len(potato)
        x_new = AGRI_H1_25_NEW_KINDS - len(veg_h1_25 - veg_h1_24) - len(potato)
        xs = [c for c, _, _ in D.product_codes()["AGRI_X"]]
        self.rng.shuffle(xs)
        x_cont, x_new_codes, x_dropped = xs[: n_x - x_new], xs[n_x - x_new: n_x], xs[n_x: n_x + 4]
        h1_25_x, h1_24_x = set(x_cont) | set(x_new_codes), set(x_cont) | set(x_dropped)
        split = {c: self.rng.choice(("Q1", "Q2", "both")) for c in sorted(h1_25_x | h1_24_x)}
        self.agri_codes = {}
        for b, h1 in (("Q1_24", h1_24_x), ("Q2_24", h1_24_x), ("Q1_25", h1_25_x), ("Q2_25", h1_25_x)):
            q = b[:2]
            self.agri_codes[b] = {c for c in h1 if split[c] in (q, "both")}
        for b in ("Y22", "Y23", "H2_24"):
            self.agri_codes[b] = set(self.rng.sample(xs, 50))

    # -- lines -------------------------------------------------------------------------------
    def _allowed(self, cls: D.ProductClass, block: str, region: str) -> set:
        allowed = set(self.haixi[block] if region in D.HAIXI_CODES else self.province[block])
        if cls.name in D.AGRI_EXPORT_CLASSES:
            allowed &= self.agri[block]
        if cls.name == "VEG":
            allowed &= self.veg[block]
        if cls.name == "TROUT" and block < "Q1_25" and block not in ("Y22", "Y23"):
            allowed -= {D.IDN}
        return allowed

    def _codes(self, cls: D.ProductClass, block: str) -> list[str]:
        codes = [c for c, _, _ in D.product_codes()[cls.name]]
        if cls.name == "VEG":
            return [c for c in codes if c in self.veg_codes[block]]
        if cls.name == "AGRI_X":
            return [c for c in codes if c in self.agri_codes[block]]
        return codes

    def _months(self, cls: D.ProductClass, block: str, full: bool) -> tuple:
        months = [dt.date(y, m, 1) for y, m in D.BLOCKS[block]]
        if cls.name == "POTATO":
            months = [m for m in months if m >= dt.date(2025, 3, 1)]
        if full or cls.name in ("LIB", "POLY") or len(months) == 1:
            return tuple(months)
        k = self.rng.randint(1, len(months))
        return tuple(sorted(self.rng.sample(months, k)))

    def _regions(self, cls: D.ProductClass, block: str) -> dict:
        regions = dict(cls.regions)
        if block == "Q1_25":
            regions = {r: w for r, w in regions.items() if r not in QUIET_IN_Q1_25}
        return regions

    def build_lines(self) -> None:
        for cls in D.CLASSES:
            for bi, block in enumerate(D.BLOCK_NAMES):
                if cls.levels[bi] <= 0:
                    continue
                codes = self._codes(cls, block)
                if not codes:
                    continue
                for region, rw in self._regions(cls, block).items():
                    allowed = self._allowed(cls, block, region)
                    if cls.partners:
                        partners = [p for p in cls.partners if p in allowed]
                        weights = [cls.partners[p] for p in partners]
                    else:
                        partners = sorted(allowed)
                        self.rng.shuffle(partners)
                        partners = partners[: max(3, int(len(partners) * min(1.0, 0.25 + rw)))]
                        weights = [self.rng.lognormvariate(0, 1.2) for _ in partners]
                    if not partners:
                        continue
                    n = 2 * max(len(partners), len(codes))
                    for i in range(n):
                        p, w = partners[i % len(partners)], weights[i % len(partners)]
                        code = codes[i % len(codes)]
                        self.lines.append(D.Line(cls.name, block, region, p, code, self._months(cls, block, i < 2),
                                                 rw * w * self.rng.lognormvariate(0, 0.5)))
        self._cover_partners()

    def _cover_partners(self) -> None:
        """Every scheduled partner must really trade: add small generic lines for the uncovered ones."""
        covered = defaultdict(set)
        for ln in self.lines:
            covered[(ln.block, ln.region in D.HAIXI_CODES, ln.cls in D.AGRI_EXPORT_CLASSES)].add(ln.partner)
        for block in D.BLOCK_NAMES:
            def have(haixi=None, agri=None):
                return set().union(*[v for (b, h, a), v in covered.items() if b == block
                                     and (haixi is None or h == haixi) and (agri is None or a == agri)])
            for p in sorted(self.agri[block] - have(agri=True)):
                region = D.HAIXI if p in self.haixi[block] else D.XINING
                code = sorted(self.agri_codes[block])[0]
                self.lines.append(D.Line("AGRI_X", block, region, p, code, self._months(D.CLASS["AGRI_X"], block, False), 0.05))
            for p in sorted(self.haixi[block] - have(haixi=True)):
                self.lines.append(D.Line("OTHER_X", block, D.HAIXI, p, self._codes(D.CLASS["OTHER_X"], block)[0],
                                         self._months(D.CLASS["OTHER_X"], block, False), 0.05))
            covered_all = {ln.partner for ln in self.lines if ln.block == block}
            for p in sorted(self.province[block] - covered_all):
                cls = D.CLASS["OTHER_X" if self.rng.random() < 0.7 else "OTHER_IMP"]
                code = self.rng.choice(self._codes(cls, block))
                self.lines.append(D.Line(cls.name, block, D.XINING, p, code, self._months(cls, block, False), 0.05))

    # -- enterprises -------------------------------------------------------------------------
    def assign_enterprises(self) -> None:
        """Anchors (one per class × region × type) plus satellites to hit the published counts exactly."""
        by_combo = defaultdict(list)
        for ln in self.lines:
            by_combo[(ln.cls, ln.region)].append(ln)
        anchors = {}
        n = 0
        for cls_name, region in sorted(by_combo):
            n += 1
            anchors[(cls_name, region, D.PRIVATE)] = f"QH{n:04d}"
        for ln in self.lines:
            cls = D.CLASS[ln.cls]
            types = sorted(cls.etypes)
            etype = self.rng.choices(types, [cls.etypes[t] for t in types])[0]
            home = NON_PRIVATE_HOMES.get(etype, {}).get(ln.region)
            ln.etype = etype if home else D.PRIVATE
            ln.enterprise = home or anchors[(ln.cls, ln.region, D.PRIVATE)]
        # count anchors' activity per quarter
        active = defaultdict(set)
        etype_of = {}
        for ln in self.lines:
            active[ln.block].add(ln.enterprise)
            etype_of[ln.enterprise] = ln.etype
        group = {e: ("private" if t == "private" else "other") for e, t in etype_of.items()}

        def count(g, blocks):
            return len({e for b in blocks for e in active[b] if group[e] == g})

        satellites = []
        for g in ("private", "other"):
            need_c = ENTERPRISES[(g, "Q1_25")] - count(g, ["Q1_25"])
            need_d = ENTERPRISES[(g, "H1_25")] - ENTERPRISES[(g, "Q1_25")] - (count(g, ["Q1_25", "Q2_25"]) - count(g, ["Q1_25"]))
            need_a = ENTERPRISES[(g, "Q1_24")] - count(g, ["Q1_24"])
            need_b = ENTERPRISES[(g, "H1_24")] - ENTERPRISES[(g, "Q1_24")] - (count(g, ["Q1_24", "Q2_24"]) - count(g, ["Q1_24"]))
            if min(need_a, need_b, need_c, need_d) < 0:
                raise ValueError(f"demo design: too many {g} anchor enterprises for the published counts")
            both = min(need_a, need_c)
            patterns = [("Q1_24", "Q1_25")] * both + [("Q1_25",)] * (need_c - both) + [("Q1_24",)] * (need_a - both)
            patterns += [("Q2_25",)] * need_d + [("Q2_24",)] * need_b
            satellites += [(g, pat) for pat in patterns]
        donors = defaultdict(list)
        for ln in self.lines:
            donors[(ln.block, group[ln.enterprise])].append(ln)
        for g, pattern in satellites:
            n += 1
            ent = f"QH{n:04d}"
            for block in pattern:
                src = self.rng.choice(donors[(block, g)])
                months = (self.rng.choice(src.months),)
                self.lines.append(D.Line(src.cls, block, src.region, src.partner, src.product, months,
                                         src.weight * 0.02, ent, src.etype))


def build_support(seed: int = D.SEED) -> Support:
    s = Support(random.Random(seed))
    s.schedule_partners()
    s.build_lines()
    s.assign_enterprises()
    return s
