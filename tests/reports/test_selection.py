"""Which product groups a bulletin states, chosen by the subject's own data: a province that is not Qinghai.

A tiny warehouse of 广东省 (44), every amount in 万元 chosen here, shares worked out by hand below.
Nothing of Qinghai's groups (锂电、光伏、冷水鱼 …) is in it, so whatever the bulletin states comes from
the nationwide groups and the rules of data/bulletin_rules.toml (exports: share ≥ 5 %, at most 6;
imports: share ≥ 10 %, at most 4; a broad group within 5 % of a narrower chosen one is left out).
"""

from __future__ import annotations

import pytest

from waimao import api
from waimao.indicators import Breakdown, compute_figures
from waimao.reports import compose, load_rules, to_markdown
from waimao.reports.selection import Picker, shown_parent

# month, flow, product, 万元, kilograms (None: no quantity); the base year has every line at a different amount
ROWS = [
    ("2025-01", "export", "84713090", 3000, None),  # laptops: 自动数据处理设备 ⊃ 笔记本电脑, 机电产品, 高新技术产品
    ("2025-02", "export", "85423100", 2100, None),  # processors: 集成电路, 机电产品, 高新技术产品
    ("2025-03", "export", "85171300", 1500, None),  # smartphones: 手机, 机电产品, 高新技术产品, 消费品
    ("2025-01", "export", "61091000", 1200, None),  # cotton T-shirts: 服装 ⊂ 纺织服装 ⊂ 劳动密集型产品, 消费品
    ("2025-02", "export", "94036000", 800, None),  # wooden furniture: 家具 ⊂ 劳动密集型产品, 消费品
    ("2025-03", "export", "30024100", 300, None),  # vaccines: 医药品, 高新技术产品
    ("2025-01", "export", "07096000", 100, None),  # peppers: 冷凉蔬菜 ⊂ 农产品, 消费品
    ("2025-02", "import", "27090000", 5000, 10_000_000),  # crude oil
    ("2025-03", "import", "85423100", 3000, None),
    ("2025-01", "import", "12019019", 2000, 4_000_000),  # soybeans: 大豆 ⊂ 粮食 ⊂ 农产品
    ("2024-01", "export", "84713090", 2500, None),
    ("2024-02", "export", "85423100", 1500, None),
    ("2024-03", "export", "85171300", 1600, None),
    ("2024-01", "export", "61091000", 1000, None),
    ("2024-02", "export", "94036000", 900, None),
    ("2024-03", "export", "30024100", 200, None),
    ("2024-01", "export", "07096000", 100, None),
    ("2024-02", "import", "27090000", 4000, 9_000_000),
    ("2024-03", "import", "85423100", 2000, None),
    ("2024-01", "import", "12019019", 2500, 5_000_000),
]

# Exports 2025Q1 = 3000 + 2100 + 1500 + 1200 + 800 + 300 + 100 = 9000 万元. By group:
#   高新技术产品 3000 + 2100 + 1500 + 300 = 6900 (76.7 %); 机电产品 3000 + 2100 + 1500 = 6600 (73.3 %);
#   消费品 1500 + 1200 + 800 + 100 = 3600 (40 %); 自动数据处理设备及其零部件 = 笔记本电脑 = 3000 (33.3 %);
#   集成电路 2100 (23.3 %); 劳动密集型产品 1200 + 800 = 2000 (22.2 %); 手机 1500 (16.7 %);
#   纺织服装 = 服装及衣着附件 = 1200 (13.3 %); 家具 800 (8.9 %); 医药品 300 (3.3 %); 农产品 100 (1.1 %).
# 自动数据处理设备 (≈ 笔记本电脑) and 纺织服装 (≈ 服装) are wrappers; the six largest others are
# 高新, 机电, 消费品, 笔记本, 集成电路, 劳动密集型; 笔记本 and 集成电路 follow 机电产品 as its 其中 items.
EXPORTS = ["高新技术产品", "机电产品", "笔记本电脑", "集成电路", "消费品", "劳动密集型产品"]
# Imports 2025Q1 = 5000 + 3000 + 2000 = 10000 万元: 原油 50 %, 集成电路 = 机电产品 = 高新技术产品 30 %
# (机电 and 高新 wrap 集成电路), 大豆 = 粮食 = 农产品 20 % (粮食 and 农产品 wrap 大豆).
IMPORTS = ["原油", "集成电路", "大豆"]


def write_canonical(path, rows) -> None:
    lines = ["month,flow,region,partner,product,enterprise_type,enterprise_id,value_cny,qty1,unit1"]
    for month, flow, product, wan, kg in rows:
        qty, unit = ("", "") if kg is None else (f"{kg}", "千克")
        lines.append(f"{month},{flow},44,304,{product},private,E1,{wan * 10_000}.00,{qty},{unit}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.fixture(scope="module")
def guangdong(tmp_path_factory):
    folder = tmp_path_factory.mktemp("selection")
    write_canonical(folder / "records.csv", ROWS)
    db = folder / "w.duckdb"
    [outcome] = api.ingest(folder / "records.csv", db=db)
    assert outcome.rows == len(ROWS)
    with api.open_warehouse(db) as wh:
        yield compute_figures(wh, "广东", "2025Q1")


def names(figures) -> list[str]:
    return [f.breakdown.name for f in figures]


def test_the_group_shares_are_those_worked_out_by_hand(guangdong):
    def share(flow, name):
        return guangdong.find(flow, Breakdown("product_group", name), "share_pct").value

    assert share("export", "高新技术产品") == pytest.approx(100 * 6900 / 9000)
    assert share("export", "机电产品") == pytest.approx(100 * 6600 / 9000)
    assert share("export", "劳动密集型产品") == pytest.approx(100 * 2000 / 9000)
    assert share("import", "原油") == pytest.approx(50)


def test_a_province_that_is_not_qinghai_gets_its_own_groups(guangdong):
    picker = Picker(guangdong, load_rules())
    exports, imports = picker.product_groups("export"), picker.product_groups("import")
    assert names(exports) == EXPORTS
    assert names(imports) == IMPORTS


def test_children_follow_their_parent_as_its_items(guangdong):
    exports = Picker(guangdong, load_rules()).product_groups("export")
    parents = {f.breakdown.name: shown_parent(f, exports) for f in exports}
    assert parents == {"高新技术产品": None, "机电产品": None, "笔记本电脑": "机电产品", "集成电路": "机电产品",
                       "消费品": None, "劳动密集型产品": None}


def test_tonnage_is_stated_for_bulk_goods_only(guangdong):
    picker = Picker(guangdong, load_rules())
    crude = picker.tonnage("import", Breakdown("product_group", "原油"))
    assert crude is not None and crude.value == pytest.approx(10_000)  # 10,000,000 kg = 10,000 吨
    assert picker.tonnage("import", Breakdown("product_group", "集成电路")) is None


def test_the_bulletin_states_the_chosen_groups(guangdong):
    text = to_markdown(compose(guangdong, load_rules(), "zh").bulletin)
    assert "笔记本电脑出口" in text and "原油进口" in text and "大豆进口" in text
    assert "锂离子蓄电池" not in text and "冷水鱼" not in text
