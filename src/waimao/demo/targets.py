"""The published Qinghai figures the demo is calibrated to (seeds 000–004), as calibration targets.

These are facts from the bulletins (the same figures as shared/spec/published_figures.tsv, whose
`data`/`enterprise` rows a test checks the built demo against). Counts are not here: they are
built into the support (`support.py`). Each target names a slice of trade (period, region prefix,
flow, product group, partners, enterprise type), a metric and the published value; the published
precision gives the interval the data must land in.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from waimao.demo import design as D

#: Published periods as unions of calibration blocks.
PERIOD_BLOCKS = {
    "2022": ("Y22",), "2023": ("Y23",), "2024": ("Q1_24", "Q2_24", "H2_24"),
    "2024Q1": ("Q1_24",), "2024H1": ("Q1_24", "Q2_24"), "2025Q1": ("Q1_25",), "2025H1": ("Q1_25", "Q2_25"),
}
BASE = {"2025Q1": "2024Q1", "2025H1": "2024H1", "2024": "2023", "2023": "2022"}

QH, XINING, ZONE, HAIXI, HAIDONG, HAINAN, HAIBEI, YUSHU = "63", "6301", "63012", "6308", "6302", "6305", "6303", "6307"
HUANGNAN, GUOLUO = "6304", "6306"


@dataclass(frozen=True)
class Slice:
    """A set of trade: months, region prefix, flow (None = both), product group, partners, enterprise type."""

    period: str
    region: str = QH
    flow: str | None = None
    group: str | None = None
    partners: str | None = None  # a partner code, '+'-joined codes, or EU / ASEAN / BRI / NEW
    etype: str | None = None
    month: tuple | None = None  # (year, month) for monthly slices

    def base(self) -> "Slice":
        if self.month:
            return replace(self, month=(self.month[0] - 1, self.month[1]))
        return replace(self, period=BASE[self.period])

    def whole(self) -> "Slice":
        return replace(self, group=None, partners=None, etype=None)


@dataclass(frozen=True)
class Target:
    id: str
    metric: str
    slice: Slice
    value: float
    decimals: int
    unit: str = ""
    whole: Slice | None = None  # the whole a share/pull/contribution/gap refers to
    extra: dict = field(default_factory=dict)


def S(period, **kw) -> Slice:
    return Slice(period, **kw)


def _t(id, metric, slc, value, unit, whole=None, decimals=None):
    if decimals is None:  # bulletins drop a trailing '.0': "60亿元" is 60.0 to one decimal
        text = repr(float(value))
        decimals = 1 if float(value).is_integer() else len(text.split(".")[1])
    return Target(id, metric, slc, float(value), decimals, unit, whole)


def targets() -> list[Target]:
    q1, h1, y24 = "2025Q1", "2025H1", "2024"
    T = []
    a = T.append
    # --- province headline (000, 002, 003)
    a(_t("q1_total", "value", S(q1), 18.8, "亿元"))
    a(_t("q1_total_yoy", "yoy_pct", S(q1), 87.8, "%"))
    a(_t("q1_export", "value", S(q1, flow="export"), 16.5, "亿元"))
    a(_t("q1_export_yoy", "yoy_times", S(q1, flow="export"), 2.1, "倍"))
    a(_t("q1_import", "value", S(q1, flow="import"), 2.3, "亿元"))
    a(_t("q1_import_yoy", "yoy_pct", S(q1, flow="import"), -50.3, "%"))
    a(_t("q1_balance", "balance", S(q1), 14.2, "亿元"))
    a(_t("y24_total", "value", S(y24), 60, "亿元"))
    a(_t("y24_total_yoy", "yoy_pct", S(y24), 23.2, "%"))
    a(_t("y24_total_yoy_change", "yoy_change_pp", S(y24), 2.8, "个百分点"))
    a(_t("h1_total", "value", S(h1), 35.9, "亿元"))
    a(_t("h1_total_yoy", "yoy_pct", S(h1), 57.7, "%"))
    a(_t("h1_export", "value", S(h1, flow="export"), 31.8, "亿元"))
    a(_t("h1_export_yoy", "yoy_times", S(h1, flow="export"), 1.1, "倍"))
    a(_t("h1_import", "value", S(h1, flow="import"), 4.1, "亿元"))
    a(_t("h1_import_yoy", "yoy_pct", S(h1, flow="import"), -47, "%", decimals=1))
    # --- private enterprises
    pq1, ph1 = S(q1, etype="private"), S(h1, etype="private")
    a(_t("q1_private", "value", pq1, 16.3, "亿元"))
    a(_t("q1_private_yoy", "yoy_times", pq1, 1.8, "倍"))
    a(_t("q1_private_share", "share_pct", pq1, 86.3, "%"))
    a(_t("q1_private_share_change", "share_change_pp", pq1, 27.6, "个百分点"))
    a(_t("q1_private_pull", "pull_pp", pq1, 103.3, "个百分点"))
    a(_t("h1_private", "value", ph1, 31.2, "亿元"))
    a(_t("h1_private_yoy", "yoy_pct", ph1, 89.3, "%"))
    a(_t("h1_private_share", "share_pct", ph1, 87, "%", decimals=0))  # 86.7: pull 64.5 forces it
    a(_t("h1_private_pull", "pull_pp", ph1, 64.5, "个百分点"))
    a(_t("h1_private_contrib", "contribution_pct", ph1, 112, "%", decimals=1))
    # --- partners
    new_q1 = S(q1, partners="NEW")
    a(_t("q1_new_partners_value", "value", new_q1, 6628, "万元"))
    top3 = S(q1, partners="EU+ASEAN+" + D.RUS)
    a(_t("q1_top3", "value", top3, 13.6, "亿元"))
    a(_t("q1_top3_share", "share_pct", top3, 72.2, "%"))
    bq1, bh1 = S(q1, partners="BRI"), S(h1, partners="BRI")
    a(_t("q1_bri", "value", bq1, 15.8, "亿元"))
    a(_t("q1_bri_yoy", "yoy_times", bq1, 1.1, "倍"))
    a(_t("q1_bri_gap", "growth_gap_pp", bq1, 26.1, "个百分点"))
    a(_t("q1_bri_share", "share_pct", bq1, 84, "%", decimals=1))
    a(_t("h1_bri", "value", bh1, 29.6, "亿元"))
    a(_t("h1_bri_yoy", "yoy_pct", bh1, 78.7, "%"))
    a(_t("h1_bri_share", "share_pct", bh1, 82.5, "%"))
    a(_t("h1_bri_share_change", "share_change_pp", bh1, 9.7, "个百分点"))
    for code, v, g, unit in ((D.HUN, 14.3, 25.9, "倍"), (D.MYS, 3.3, 15.7, "%"), (D.RUS, 2.6, 1.8, "倍"), (D.VNM, 2.2, 7.9, "倍")):
        a(_t(f"h1_{code}", "value", S(h1, partners=code), v, "亿元"))
        a(_t(f"h1_{code}_yoy", "yoy_times" if unit == "倍" else "yoy_pct", S(h1, partners=code), g, unit))
    # --- products, province
    ex = dict(flow="export")
    im = dict(flow="import")
    prod = [
        ("q1_trout", q1, ex, "冷水鱼（鳟鱼类）", 1.2, "亿元", "yoy_times", 2.1),
        ("q1_consumer_imp", q1, im, "消费品", 1, "亿元", "yoy_pct", 54.5),
        ("q1_polysi_imp", q1, im, "多晶硅", 4563, "万元", "yoy_pct", 18.7),
        ("q1_plastics_imp", q1, im, "初级形状的塑料", 4226.8, "万元", "yoy_times", 2),
        ("y24_liion", y24, ex, "锂离子蓄电池", 6.2, "亿元", "yoy_times", 77.5),
        ("q1_liion", q1, ex, "锂离子蓄电池", 6.3, "亿元", "yoy_times", 69.2),
        ("q1_polysi_exp", q1, ex, "多晶硅", 2.4, "亿元", "yoy_times", 3.5),
        ("q1_pv", q1, ex, "光伏组件", 3047.6, "万元", "yoy_times", 1.2),
        ("y24_polysi", y24, ex, "多晶硅", 8.5, "亿元", "yoy_times", 73.7),
        ("y24_agri", y24, ex, "农产品", 6.2, "亿元", "yoy_times", 1.6),
        ("h1_agri", h1, ex, "农产品", 3.4, "亿元", "yoy_pct", 56),
        ("h1_trout", h1, ex, "冷水鱼（鳟鱼类）", 1.9, "亿元", "yoy_times", 1.7),
        ("h1_goji", h1, ex, "枸杞", 1477.4, "万元", "yoy_pct", 37.8),
        ("h1_liion", h1, ex, "锂离子蓄电池", 14.4, "亿元", "yoy_times", 32),
        ("h1_saltlake", h1, ex, "盐湖化工产品", 5.1, "亿元", "yoy_times", 2.5),
        ("h1_mg", h1, ex, "镁系产品", 1.9, "亿元", "yoy_times", 6.6),
        ("h1_pvc", h1, ex, "聚氯乙烯", 1.7, "亿元", "yoy_times", 2.3),
        ("h1_soda", h1, ex, "碳酸钠", 0.9, "亿元", "yoy_times", 2),
        ("h1_naoh", h1, ex, "氢氧化钠", 0.5, "亿元", "yoy_times", 1.8),
        ("h1_agri_imp", h1, im, "农产品", 1.7, "亿元", "yoy_pct", 18.3),
        ("h1_meat_imp", h1, im, "肉类", 9737.3, "万元", "yoy_pct", 14.8),
        ("h1_aquatic_imp", h1, im, "水产品", 3336.3, "万元", "yoy_pct", 5.1),
        ("h1_oil_imp", h1, im, "食用油", 1480.6, "万元", "yoy_times", 2.5),
        ("h1_mech_imp", h1, im, "机电产品", 8831.9, "万元", "yoy_times", 1.4),
    ]
    for id, period, flow, group, v, unit, gm, g in prod:
        slc = S(period, group=group, **flow)
        a(_t(id, "value", slc, v, unit, decimals=1))
        a(_t(id + "_yoy", gm, slc, g, "%" if gm == "yoy_pct" else "倍", decimals=1))
    a(_t("y24_rod", "value", S(y24, group="单晶硅棒", **ex), 2.1, "亿元"))
    a(_t("y24_clean", "value", S(y24, group="清洁能源产品", **ex), 16.8, "亿元"))
    a(_t("y24_clean_share", "share_pct", S(y24, group="清洁能源产品", **ex), 38.6, "%"))
    a(_t("q1_liion_share", "share_pct", S(q1, group="锂离子蓄电池", **ex), 38, "%", decimals=1))
    a(_t("q1_liion_contrib", "contribution_pct", S(q1, group="锂离子蓄电池", **ex), 55.4, "%"))
    a(_t("h1_liion_share", "share_pct", S(h1, group="锂离子蓄电池", **ex), 45.2, "%"))
    a(_t("h1_wafer", "value", S(h1, group="单晶硅片", **ex), 0.6, "亿元"))
    a(_t("h1_agri_imp_share", "share_pct", S(h1, group="农产品", **im), 41.6, "%"))
    a(_t("h1_mech_imp_share", "share_pct", S(h1, group="机电产品", **im), 21.4, "%"))
    a(_t("h1_agmach_imp", "value", S(h1, group="农业机械设备", **im), 4945, "万元", decimals=1))
    # quantities (tonnes)
    veg = dict(group="冷凉蔬菜", **ex)
    a(_t("q1_veg_qty", "quantity", S(q1, **veg), 1545.6, "吨"))
    a(_t("y24_veg_qty", "quantity", S(y24, **veg), 2486.6, "吨"))
    a(_t("y24_veg_qty_yoy", "quantity_yoy_times", S(y24, **veg), 2.7, "倍"))
    a(_t("h1_veg_qty", "quantity", S(h1, **veg), 1944.6, "吨"))
    a(_t("h1_veg_qty_yoy", "quantity_yoy_times", S(h1, **veg), 1.7, "倍"))
    a(_t("h1_potato_qty", "quantity", S(h1, group="马铃薯", **ex), 3763.5, "吨"))
    # --- prefectures
    for id, period, region, v, unit, gm, g in (
        ("q1_xining", q1, XINING, 15, "亿元", "yoy_pct", 80.4), ("q1_hainan", q1, HAINAN, 1.3, "亿元", "yoy_times", 1.7),
        ("q1_haixi", q1, HAIXI, 1.2, "亿元", "yoy_times", 1.7), ("q1_haidong", q1, HAIDONG, 1.3, "亿元", "yoy_pct", 78.4),
        ("q1_haibei", q1, HAIBEI, 444.1, "万元", "yoy_times", 14.6), ("q1_yushu", q1, YUSHU, 350.7, "万元", "yoy_pct", 24.5),
        ("h1_xining", h1, XINING, 28.6, "亿元", "yoy_pct", 52.8), ("h1_haidong", h1, HAIDONG, 2.6, "亿元", "yoy_pct", 30.5),
        ("h1_hainan", h1, HAINAN, 2.4, "亿元", "yoy_times", 1.4), ("h1_haixi", h1, HAIXI, 2.2, "亿元", "yoy_times", 1.5),
        ("h1_haibei", h1, HAIBEI, 889, "万元", "yoy_times", 9.4),
    ):
        a(_t(id, "value", S(period, region=region), v, unit, decimals=1 if unit == "万元" or v != int(v) or unit == "亿元" else 0))
        a(_t(id + "_yoy", gm, S(period, region=region), g, "%" if gm == "yoy_pct" else "倍", decimals=1))
    a(_t("h1_xining_share", "share_of_pct", S(h1, region=XINING), 79.6, "%", whole=S(h1)))
    for region in (HUANGNAN, GUOLUO, YUSHU):  # 5个市州呈增长态势: the other three did not grow in H1
        T.append(Target(f"h1_{region}_not_growing", "not_growing", S(h1, region=region), 0.0, 0))
    # --- 西宁经济技术开发区 (001)
    zh1 = S(h1, region=ZONE)
    a(_t("zone_h1_yoy", "yoy_pct", zh1, 65, "%", decimals=0))  # the zone article rounds to whole numbers
    a(_t("zone_h1_share_prov", "share_of_pct", zh1, 62, "%", whole=S(h1), decimals=0))
    a(_t("zone_h1_share_city", "share_of_pct", zh1, 78, "%", whole=S(h1, region=XINING), decimals=0))
    a(_t("zone_h1_export_yoy", "yoy_times", S(h1, region=ZONE, flow="export"), 1.6, "倍"))
    a(_t("zone_h1_newenergy_share", "share_pct", S(h1, region=ZONE, group="新能源产品"), 87, "%", decimals=0))
    zl = S(h1, region=ZONE, flow="export", group="锂离子蓄电池及电池材料")
    a(_t("zone_h1_liion", "value", zl, 15.2, "亿元"))
    a(_t("zone_h1_liion_yoy", "yoy_times", zl, 26, "倍", decimals=1))
    a(_t("zone_h1_liion_share", "share_pct", zl, 72, "%", decimals=0))
    a(_t("zone_h1_wafer", "value", S(h1, region=ZONE, flow="export", group="单晶硅片"), 0.6, "亿元"))
    # --- 海西州 (004)
    hq1 = S(q1, region=HAIXI)
    a(_t("hx_q1_gap_prov", "growth_gap_pp", hq1, 86.5, "个百分点", whole=S(q1)))
    a(_t("hx_q1_new_partners_value", "value", S(q1, region=HAIXI, partners="NEW"), 331.7, "万元"))
    ae = S(q1, region=HAIXI, partners="ASEAN+EU")
    a(_t("hx_q1_top2", "value", ae, 9144.1, "万元"))
    a(_t("hx_q1_top2_share", "share_pct", ae, 77.2, "%"))
    a(_t("hx_q1_asean", "value", S(q1, region=HAIXI, partners="ASEAN"), 6826.5, "万元"))
    a(_t("hx_q1_asean_yoy", "yoy_times", S(q1, region=HAIXI, partners="ASEAN"), 2.9, "倍"))
    a(_t("hx_q1_eu", "value", S(q1, region=HAIXI, partners="EU"), 2317.6, "万元"))
    a(_t("hx_q1_eu_yoy", "yoy_pct", S(q1, region=HAIXI, partners="EU"), 94.1, "%"))
    a(_t("hx_q1_bri", "value", S(q1, region=HAIXI, partners="BRI"), 7917.5, "万元"))
    a(_t("hx_q1_bri_share", "share_pct", S(q1, region=HAIXI, partners="BRI"), 66.8, "%"))
    a(_t("hx_q1_agri", "value", S(q1, region=HAIXI, group="农产品", **ex), 811.1, "万元"))
    a(_t("hx_q1_agri_yoy", "yoy_pct", S(q1, region=HAIXI, group="农产品", **ex), 21.0, "%", decimals=1))
    sl = S(q1, region=HAIXI, group="盐湖化工产品", **ex)
    a(_t("hx_q1_saltlake", "value", sl, 7400.9, "万元"))
    a(_t("hx_q1_saltlake_yoy", "yoy_times", sl, 2, "倍", decimals=1))
    soda = S(q1, region=HAIXI, group="碳酸钠", **ex)
    a(_t("hx_q1_soda", "value", soda, 6534.9, "万元"))
    a(_t("hx_q1_soda_yoy", "yoy_times", soda, 3, "倍", decimals=1))
    a(_t("hx_q1_soda_share", "share_of_pct", soda, 88.3, "%", whole=sl))
    # --- orders the texts state (largest first, top partners, 第一大出口产品)
    order = []
    order.append(("q1_bloc_top3", S(q1, partners="EU"), S(q1, partners="ASEAN")))
    order.append(("q1_bloc_top3b", S(q1, partners="ASEAN"), S(q1, partners=D.RUS)))
    for a_, b_ in zip(D.NEW_Q1_25, D.NEW_Q1_25[1:]):
        order.append((f"q1_new_{a_}", S(q1, partners=a_), S(q1, partners=b_)))
    for a_, b_ in zip(D.NEW_HAIXI_Q1_25, D.NEW_HAIXI_Q1_25[1:]):
        order.append((f"hx_new_{a_}", S(q1, region=HAIXI, partners=a_), S(q1, region=HAIXI, partners=b_)))
    for a_, b_ in zip(D.NEW_VEG_2024, D.NEW_VEG_2024[1:]):
        order.append((f"veg_new_{a_}", S(y24, partners=a_, **veg), S(y24, partners=b_, **veg)))
    for a_, b_ in zip(D.NEW_AGRI_H1_25, D.NEW_AGRI_H1_25[1:]):
        order.append((f"agri_new_{a_}", S(h1, partners=a_, group="农产品", **ex), S(h1, partners=b_, group="农产品", **ex)))
    order.append(("hx_asean_eu", S(q1, region=HAIXI, partners="ASEAN"), S(q1, region=HAIXI, partners="EU")))
    for id, big, small in order:
        T.append(Target(id, "greater", big, 0.0, 0, whole=small))
    # --- streaks: lithium batteries 9 months to 2025-03, polysilicon 4 months
    for group, n, tag in (("锂离子蓄电池", 9, "liion"), ("多晶硅", 4, "polysi")):
        months = [(2025, 3), (2025, 2), (2025, 1), (2024, 12), (2024, 11), (2024, 10), (2024, 9), (2024, 8),
                  (2024, 7), (2024, 6)][: n + 1]
        for i, (y, m) in enumerate(months):
            metric = "grows" if i < n else "not_growing"
            T.append(Target(f"streak_{tag}_{y}{m:02d}", metric, S(f"{y}M{m:02d}", group=group, flow="export",
                                                                    month=(y, m)), 0.0, 0))
    return T
