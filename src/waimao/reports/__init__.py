"""Bulletins: the press release of a region and period, composed from figure records and rendered.

The names below are imported on first use (PEP 562), so `waimao --help` reads FORMATS and LANGS
without loading the composers.
"""

from __future__ import annotations

from waimao.lazy import lazy_names

#: name → the submodule that defines it
_WHERE = {
    "compose_en": "bulletin_en", "compose_zh": "bulletin_zh", "Chart": "charts", "Series": "charts",
    "bulletin_charts": "charts", "Bulletin": "document", "Paragraph": "document", "Part": "document",
    "Section": "document", "to_markdown": "markdown", "FORMATS": "formats", "LANGS": "formats", "Release": "release",
    "compose": "release", "render": "release", "Rules": "rules", "load_rules": "rules", "Cell": "tables",
    "Column": "tables", "Row": "tables", "StatTable": "tables", "statistical_tables": "tables",
    "TableSets": "table_blocks", "cumulative_period": "table_blocks",
}

__all__ = ["FORMATS", "LANGS", "Bulletin", "Cell", "Chart", "Column", "Paragraph", "Part", "Release", "Row", "Rules",
           "Section", "Series", "StatTable", "TableSets", "bulletin_charts", "compose", "compose_en", "compose_zh", "cumulative_period", "load_rules",
           "render", "statistical_tables", "to_markdown"]


__getattr__, __dir__ = lazy_names(globals(), _WHERE, __all__)
