"""Figures worded (and HS-code figures written) when first read are the figures written all at once.

`compute_figures(..., eager=True)` words every figure on the spot and writes every deferred kind:
the figure set as it was before wording became lazy. The lazy set must give the same figures, in
the same order, with the same text, whatever a caller reads first: a bulletin reads a few kinds
through `select` and `find`, the API and the CSV export read them all.
"""

from __future__ import annotations

import pickle

import pytest

from waimao.api import open_warehouse
from waimao.indicators import Breakdown, compute_figures
from waimao.indicators.records import Figure, Words


def _dicts(fs) -> list[dict]:
    return [figure.to_dict() for figure in fs.figures]


def _read_piecemeal(fs) -> None:
    """Read the lazy set as a bulletin does: some kinds by select and find, texts here and there, backwards."""
    groups = fs.select(kind="product_group", flow="total", metric="value", top=3)
    for figure in reversed(groups):
        assert figure.text_en is not None
    fs.find("total", None, "value")
    fs.find("export", Breakdown("partner_group", "欧盟"), "share_pct")
    for figure in fs.select(kind="partner", metric="pull_pp")[::7]:
        assert figure.text
    for figure in reversed(fs.select(kind="product", flow="export")[:50]):
        assert figure.text


@pytest.mark.parametrize("region, period", [
    ("青海省", "2025Q2"), ("青海省", "2025H1"), ("青海省", "2024"), ("青海省", "2025M03"),
    ("西宁市", "2025H1"), ("海西州", "2024Q4"), ("全国", "2025Q1"),
])
@pytest.mark.parametrize("piecemeal", [False, True])
def test_lazy_figures_are_the_eager_ones(demo_db, region, period, piecemeal):
    with open_warehouse(demo_db, read_only=True) as warehouse:
        eager = compute_figures(warehouse, region, period, eager=True)
        lazy = compute_figures(warehouse, region, period)
    assert not lazy._context.deferred or not eager._context.deferred
    if piecemeal:
        _read_piecemeal(lazy)
    assert _dicts(lazy) == _dicts(eager)
    assert lazy.figures == eager.figures  # every field compared, texts made on the way
    assert [n.to_dict() for n in lazy.notes] == [n.to_dict() for n in eager.notes]


def test_the_table_and_a_partner_set_agree(demo_db):
    with open_warehouse(demo_db, read_only=True) as warehouse:
        eager = compute_figures(warehouse, "青海省", "2025Q2", eager=True)
        lazy = compute_figures(warehouse, "青海省", "2025Q2")
        named = Breakdown("partner_group", "欧盟+东盟+俄罗斯")
        assert lazy.find("total", named, "value") == eager.find("total", named, "value")
    assert lazy.table().to_pylist() == eager.table().to_pylist()


def test_a_figure_behaves_as_a_frozen_record():
    later = Figure("青海省", "2025Q2", "total", None, "value", 1.5, "亿元",
                   Words(lambda a, b: (f"进出口总值{a}亿元", f"trade CNY {b} billion"), "1.5", "0.15"))
    now = Figure("青海省", "2025Q2", "total", None, "value", 1.5, "亿元", "进出口总值1.5亿元",
                 "trade CNY 0.15 billion")
    assert later == now and later.text == "进出口总值1.5亿元" and later.text_en == "trade CNY 0.15 billion"
    assert repr(later) == repr(now) and "text='进出口总值1.5亿元'" in repr(now)
    assert pickle.loads(pickle.dumps(later)) == now
    with pytest.raises(AttributeError):
        later.value = 2.0
    with pytest.raises(TypeError):
        hash(now)  # as the frozen dataclass it was: `detail` is a dict
    assert Figure("x", "p", "total", None, "value", 1.0, "亿元", "a", source=None).detail == {}
