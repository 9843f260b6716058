"""The official indicators (INDICATORS.md §3) for any region and period, as figure records.

`compute_figures(engine, region, period)` returns a `FigureSet`; each `Figure` carries the
key of claims_schema.md, its unrounded value and the bulletin's wording.
"""

from waimao.indicators.figureset import METRIC_ORDER, FigureSet, compute_figures
from waimao.indicators.records import BREAKDOWN_KINDS, FLOWS, Breakdown, Figure, to_table

__all__ = ["BREAKDOWN_KINDS", "FLOWS", "METRIC_ORDER", "Breakdown", "Figure", "FigureSet", "compute_figures",
           "to_table"]
