"""A release: what a customs office publishes for one region and period, and its file formats.

The text (zh or en), the statistical tables and the charts all come from one figure set, so a
Word file, a workbook and a web page of the same release cannot disagree. Each format has its
own module; `render` only dispatches.
"""

from __future__ import annotations

from dataclasses import dataclass

from waimao.errors import WaimaoError
from waimao.indicators import FigureSet
from waimao.reports.bulletin_en import compose_en
from waimao.reports.bulletin_zh import compose_zh
from waimao.reports.charts import Chart, bulletin_charts
from waimao.reports.document import Bulletin
from waimao.reports.formats import FORMATS, LANGS
from waimao.reports.rules import Rules
from waimao.reports.table_blocks import TableSets
from waimao.reports.tables import StatTable, statistical_tables


@dataclass
class Release:
    bulletin: Bulletin
    tables: list[StatTable]
    charts: list[Chart]

    @property
    def lang(self) -> str:
        return self.bulletin.lang

    @property
    def stem(self) -> str:
        """A file name without suffix: 青海省_2025Q1_zh."""
        return f"{self.bulletin.subject}_{self.bulletin.period}_{self.lang}"


def compose(fs: FigureSet, rules: Rules, lang: str = "zh", sets: TableSets | None = None) -> Release:
    """The release of `fs`; `sets` (the caller's further figure sets: last month, a year earlier, USD)
    give the breakdown tables their 统计月报 blocks (当月, 上年同期, US dollars). The text and the charts
    are of `fs` alone."""
    if lang not in LANGS:
        raise WaimaoError(f"unknown language {lang!r}; use one of {', '.join(LANGS)}")
    bulletin = (compose_zh if lang == "zh" else compose_en)(fs, rules)
    tables = statistical_tables(fs, sets)
    return Release(bulletin, tables, bulletin_charts(tables))


def render(release: Release, fmt: str) -> bytes:
    """The release as a file's bytes in `fmt` (one of FORMATS)."""
    if fmt == "md":
        from waimao.reports.markdown import to_markdown

        return to_markdown(release.bulletin).encode("utf-8")
    if fmt == "html":
        from waimao.reports.html import to_html

        return to_html(release).encode("utf-8")
    if fmt == "docx":
        from waimao.reports.word import to_docx

        return to_docx(release)
    if fmt == "xlsx":
        from waimao.reports.excel import to_xlsx

        return to_xlsx(release)
    raise WaimaoError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")


__all__ = ["FORMATS", "LANGS", "Release", "TableSets", "compose", "render"]
