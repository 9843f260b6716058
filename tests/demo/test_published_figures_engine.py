"""The indicator engine reproduces every computable published figure from the demo warehouse.

For each row of published_figures.tsv whose `needs` is data, enterprise, peers or national, the
engine's figure with the same subject, period, flow, breakdown and metric must round to the
published value. yoy_pct and yoy_times are one quantity in two wordings: the underlying growth
is compared. The two rows marked `inconsistent` are checked to disagree (see the closing note
of issue 3), so a change that made them "match" would be noticed too.
"""

from __future__ import annotations

import pytest

from published_rows import matches

from waimao.indicators import Breakdown

YUAN = {"亿元": 1e8, "万元": 1e4, "元": 1}
GROWTH = {"yoy_pct": "yoy", "yoy_times": "yoy", "quantity_yoy_pct": "quantity_yoy", "quantity_yoy_times": "quantity_yoy"}


def engine_value(figure_set, row) -> float:
    """The engine's number for a row, in the row's metric (a growth converted between % and 倍)."""
    breakdown = Breakdown(row["breakdown_kind"], row["breakdown"]) if row["breakdown_kind"] else None
    metric = row["metric"]
    if metric in GROWTH:
        stem = GROWTH[metric]
        for candidate in (f"{stem}_pct", f"{stem}_times"):
            figure = figure_set.find(row["flow"], breakdown, candidate, period=row["period"])
            if figure is not None:
                growth = figure.value / 100 if candidate.endswith("_pct") else figure.value
                return 100 * growth if metric.endswith("_pct") else growth
        raise AssertionError(f"{row['id']}: no growth figure for {breakdown}")
    figure = figure_set.find(row["flow"], breakdown, metric, period=row["period"])
    assert figure is not None, f"{row['id']}: the engine has no {metric} figure for {row['flow']} {breakdown}"
    if figure.unit in YUAN and row["unit"] in YUAN:  # 0.955亿 is stated 9550万元 by default, 1亿元 by choice
        return figure.value * YUAN[figure.unit] / YUAN[row["unit"]]
    return figure.value


@pytest.mark.published_rows("data", "enterprise", "peers", "national")
def test_published_figure_is_computed(published_row, demo_figures):
    row = published_row
    computed = engine_value(demo_figures(row["subject"], row["period"]), row)
    assert matches(computed, row), f"{row['id']}: published {row['value']}{row['unit']}, engine gives {computed!r}"


@pytest.mark.published_rows("inconsistent")
def test_inconsistent_rows_are_not_reproduced(published_row, demo_figures):
    row = published_row
    computed = engine_value(demo_figures(row["subject"], row["period"]), row)
    assert not matches(computed, row)


def test_h1_partner_count_cannot_be_below_q1(demo_figures):
    h1 = demo_figures("青海省", "2025H1").find("total", None, "partner_count")
    q1 = demo_figures("青海省", "2025Q1").find("total", None, "partner_count")
    assert q1.value == 113 and h1.value >= q1.value
