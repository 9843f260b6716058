"""A realistic set of customs-platform downloads for 宁夏 (64), generated from a known truth.

The truth is trade cells (month, flow, partner, HS code, trade mode) in yuan with fen. Each
download is what the platform gives for one query: the cells of one flow, grouped by the query's
fields, each row rounded to the whole yuan (or converted to dollars and rounded), written in GBK
with a trailing comma on every line, thousands separators and quoted names, and named by the
convention the reader knows (宁夏_出口_2025M01-M03_贸易伙伴.csv). The platform's rules make the set
several files per question: one flow and one currency per query, HS codes split into two
chapter files. Tests compute their expected figures from the rows written (`Download.rows`) with
plain arithmetic, never from the engine.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

PROVINCE = "64"
PROVINCES = {"11": "北京市", "12": "天津市", "13": "河北省", "14": "山西省", "15": "内蒙古自治区", "21": "辽宁省",
             "22": "吉林省", "23": "黑龙江省", "31": "上海市", "32": "江苏省", "33": "浙江省", "34": "安徽省",
             "35": "福建省", "36": "江西省", "37": "山东省", "41": "河南省", "42": "湖北省", "43": "湖南省",
             "44": "广东省", "45": "广西壮族自治区", "46": "海南省", "50": "重庆市", "51": "四川省", "52": "贵州省",
             "53": "云南省", "54": "西藏自治区", "61": "陕西省", "62": "甘肃省", "63": "青海省", "64": "宁夏回族自治区",
             "65": "新疆维吾尔自治区"}
PARTNERS = {"344": "俄罗斯联邦", "116": "日本", "133": "韩国", "502": "美国", "304": "德国", "122": "马来西亚",
            "141": "越南"}
#: Partners with trade in 2025 only (新增贸易伙伴).
NEW_PARTNERS = ("141",)
#: HS code → name, unit, flows it trades in.
PRODUCTS = {
    "12119031": ("枸杞", "千克", ("export",)),
    "02013000": ("鲜或冷藏的去骨牛肉", "千克", ("export", "import")),
    "28046190": ("多晶硅", "千克", ("export",)),
    "28369100": ("碳酸锂", "千克", ("import",)),
    "72021100": ("按重量计含碳量在2%以上的锰铁", "千克", ("export",)),
    "81110010": ("电解锰", "千克", ("export",)),
    "85076000": ("锂离子蓄电池", "个", ("export", "import")),
    "84714190": ("其他自动数据处理设备", "台", ("import",)),
    "26020000": ("锰矿砂及其精矿", "千克", ("import",)),
}
#: A product first traded in 2025 (去年同期无出口).
NEW_PRODUCT = "28046190"
MODES = {"10": "一般贸易", "14": "来料加工贸易", "15": "进料加工贸易", "33": "保税监管场所进出境货物"}
#: Yuan per dollar by year: the dollar figures' growth differs from the yuan figures', as it does in real releases.
USD_RATE = {2024: Decimal("7.10"), 2025: Decimal("7.25")}
YEARS = (2024, 2025)
MONTHS = (1, 2, 3)
FIELDS = {"region": ("注册地编码", "注册地名称"), "partner": ("贸易伙伴编码", "贸易伙伴名称"),
          "product": ("商品编码", "商品名称"), "trade_mode": ("贸易方式编码", "贸易方式名称")}
NAMES = {"region": PROVINCES, "partner": PARTNERS, "product": {c: p[0] for c, p in PRODUCTS.items()},
         "trade_mode": MODES}
FIELD_WORDS = {"region": "注册地", "partner": "贸易伙伴", "product": "商品", "trade_mode": "贸易方式"}


@dataclass(frozen=True)
class Cell:
    month: date
    flow: str
    partner: str
    product: str
    trade_mode: str
    value: Decimal  # yuan, with fen
    kg: Decimal


@dataclass
class Download:
    """One platform file: its query (flow, months, grouping field, currency) and the rows it holds."""

    flow: str
    year: int
    field: str  # 'region' (all provinces) or the 宁夏 query's grouping field
    currency: str = "CNY"
    chapters: tuple[int, int] | None = None
    months: tuple[int, ...] = MONTHS
    rows: list[dict] = field(default_factory=list)

    @property
    def name(self) -> str:
        who = "全国" if self.field == "region" else "宁夏"
        flow = "出口" if self.flow == "export" else "进口"
        span = f"{self.year}M{self.months[0]:02d}-M{self.months[-1]:02d}"
        part = f"_{self.chapters[0]:02d}-{self.chapters[1]:02d}章" if self.chapters else ""
        money = "_美元" if self.currency == "USD" else ""
        return f"{who}_{flow}_{span}_{FIELD_WORDS[self.field]}{part}{money}.csv"

    def total(self, month: date | None = None, province: str = PROVINCE, **keys) -> Decimal:
        """The sum of the rows (of one month, of 宁夏, of the given keys), as the file states it."""
        return sum((r["value"] for r in self.rows if (month is None or r["month"] == month)
                    and r.get("region", PROVINCE) == province
                    and all(r.get(k) == v for k, v in keys.items())), Decimal(0))


def truth(seed: int = 7, extra_codes: int = 0) -> list[Cell]:
    """宁夏's trade in 2024Q1 and 2025Q1, with `extra_codes` small export lines of chapter 90 in 2025 (to
    make one chapter file longer than the platform's 10,000 rows)."""
    rng = random.Random(seed)
    cells = []
    for year in YEARS:
        for month in MONTHS:
            for flow in ("export", "import"):
                for product, (_, _, flows) in PRODUCTS.items():
                    if flow not in flows or (product == NEW_PRODUCT and year == 2024):
                        continue
                    partners = [p for p in PARTNERS if year == 2025 or p not in NEW_PARTNERS]
                    for partner in rng.sample(partners, k=rng.randint(1, 4)):
                        value = Decimal(rng.randint(100_000_000, 9_000_000_000)) / 100
                        kg = Decimal(rng.randint(1_000, 5_000_000))
                        cells.append(Cell(date(year, month, 1), flow, partner, product, rng.choice(list(MODES)),
                                          value, kg))
    for i in range(extra_codes):
        code = f"90{i:06d}"
        for month in MONTHS:
            cells.append(Cell(date(2025, month, 1), "export", "116", code, "10",
                              Decimal(rng.randint(100_00, 900_00)) / 100, Decimal(10)))
    return cells


def _round(x: Decimal) -> Decimal:
    return x.quantize(Decimal(1), rounding=ROUND_HALF_UP)


def _money(yuan: Decimal, currency: str, year: int) -> Decimal:
    return _round(yuan if currency == "CNY" else yuan / USD_RATE[year])


def cut(cells: list[Cell], download: Download, seed: int = 11) -> Download:
    """The download's rows: 宁夏's cells grouped by the field (rounded per row); all provinces for 'region'."""
    chosen = [c for c in cells if c.flow == download.flow and c.month.year == download.year
              and c.month.month in download.months
              and (download.chapters is None or download.chapters[0] <= int(c.product[:2]) <= download.chapters[1])]
    sums: dict[tuple, list[Decimal]] = {}
    for c in chosen:
        key = (c.month, PROVINCE if download.field == "region" else getattr(c, download.field))
        acc = sums.setdefault(key, [Decimal(0), Decimal(0)])
        acc[0] += c.value
        acc[1] += c.kg
    rows = [{"month": month, download.field: key, "value": _money(v, download.currency, month.year), "kg": _round(kg)}
            for (month, key), (v, kg) in sorted(sums.items())]
    if download.field == "region":  # the other provinces, much larger, with their own growth
        rng = random.Random(f"{seed}-{download.flow}-{download.year}-{download.currency}")
        for province in PROVINCES:
            if province == PROVINCE:
                continue
            for month in download.months:
                yuan = Decimal(rng.randint(2_000_000_000, 90_000_000_000)) * (Decimal("1.05") if download.year == 2025
                                                                              else 1)
                rows.append({"month": date(download.year, month, 1), "region": province,
                             "value": _money(yuan, download.currency, download.year), "kg": Decimal(0)})
    return replace(download, rows=rows)


def standard_set(cells: list[Cell]) -> list[Download]:
    """The 24 downloads a platform user makes for a Q1 bulletin with growth: per flow and year, all provinces
    by month, 宁夏 by partner, by HS code in two chapter files, by trade mode; all provinces in dollars too."""
    out = []
    for year in YEARS:
        for flow in ("export", "import"):
            out += [cut(cells, Download(flow, year, "region")), cut(cells, Download(flow, year, "partner")),
                    cut(cells, Download(flow, year, "product", chapters=(1, 49))),
                    cut(cells, Download(flow, year, "product", chapters=(50, 98))),
                    cut(cells, Download(flow, year, "trade_mode")),
                    cut(cells, Download(flow, year, "region", currency="USD"))]
    return out


def write(folder: Path, download: Download, *, name: str | None = None, limit: int | None = None) -> Path:
    """The file as the platform writes it (GBK, CRLF, trailing commas); `limit` cuts it as the platform's cap does."""
    code, label = FIELDS[download.field]
    header = ["数据年月", code, label]
    if download.field == "product":
        header += ["第一数量", "第一计量单位"]
    header.append("人民币" if download.currency == "CNY" else "美元")
    lines = [",".join(f'"{h}"' for h in header) + ","]
    rows = download.rows[:limit] if limit else download.rows
    for r in rows:
        key = r[download.field]
        cells = [f"{r['month']:%Y%m}", key, f'"{NAMES[download.field].get(key, key)}"']
        if download.field == "product":
            unit = PRODUCTS.get(key, ("", "千克"))[1]
            cells += [f'"{r["kg"]:,}"', f'"{unit}"']
        cells.append(f'"{r["value"]:,}"')
        lines.append(",".join(cells) + ",")
    path = folder / (name or download.name)
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("gbk"))
    return path


def load_set(folder: Path, downloads: list[Download], **named) -> list:
    """Write the downloads (a download may be given another name or a row limit) and ingest them all into
    folder/w.duckdb; the load outcomes."""
    from waimao import api

    paths = [write(folder, d, **named.get(d.name, {})) for d in downloads]
    return api.ingest(paths, db=folder / "w.duckdb")


__all__ = ["Cell", "Download", "MODES", "NEW_PARTNERS", "NEW_PRODUCT", "PARTNERS", "PRODUCTS", "PROVINCE",
           "PROVINCES", "USD_RATE", "cut", "load_set", "standard_set", "truth", "write"]
