"""Figure sets of the demo computed once per session: several report tests compose from the same ones."""

from __future__ import annotations

import pytest

from waimao import api
from waimao.reports import compose, load_rules


@pytest.fixture(scope="session")
def demo_release(demo_db):
    """`demo_release(region, period, lang)` → the Release, from a figure set computed once per (region, period)."""
    figure_sets = {}

    def make(region: str, period: str, lang: str = "zh"):
        if (region, period) not in figure_sets:
            figure_sets[(region, period)] = api.figures(region, period, db=demo_db)
        return compose(figure_sets[(region, period)], load_rules(), lang)

    return make
