"""Bulletins: the press release of a region and period, composed from figure records and rendered."""

from waimao.reports.bulletin_en import compose_en
from waimao.reports.bulletin_zh import compose_zh
from waimao.reports.charts import Chart, Series, bulletin_charts
from waimao.reports.document import Bulletin, Paragraph, Part, Section
from waimao.reports.markdown import to_markdown
from waimao.reports.release import FORMATS, LANGS, Release, compose, render
from waimao.reports.rules import Rules, load_rules
from waimao.reports.tables import Cell, Column, Row, StatTable, statistical_tables

__all__ = ["FORMATS", "LANGS", "Bulletin", "Cell", "Chart", "Column", "Paragraph", "Part", "Release", "Row", "Rules",
           "Section", "Series", "StatTable", "bulletin_charts", "compose", "compose_en", "compose_zh", "load_rules",
           "render", "statistical_tables", "to_markdown"]
