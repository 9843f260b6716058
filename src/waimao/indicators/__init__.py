"""The official indicators (INDICATORS.md §3) for any region and period, as figure records.

`compute_figures(engine, region, period)` returns a `FigureSet`; each `Figure` carries the
key of claims_schema.md, its unrounded value and the bulletin's wording.

The names below are imported on first use (PEP 562): `waimao --help` and `import waimao.api`
read the constants of `records` without loading the figure families.
"""

from __future__ import annotations

from waimao.lazy import lazy_names

#: name → the submodule that defines it
_WHERE = {"BREAKDOWN_KINDS": "records", "FLOWS": "records", "METRIC_ORDER": "records", "Breakdown": "records",
          "Figure": "records", "to_table": "records", "FigureSet": "figureset", "compute_figures": "figureset"}

__all__ = ["BREAKDOWN_KINDS", "FLOWS", "METRIC_ORDER", "Breakdown", "Figure", "FigureSet", "compute_figures",
           "to_table"]


__getattr__, __dir__ = lazy_names(globals(), _WHERE, __all__)
