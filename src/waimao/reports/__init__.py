"""Bulletins: the press release of a region and period, composed from figure records and rendered."""

from waimao.reports.bulletin_zh import compose_zh
from waimao.reports.document import Bulletin, Paragraph, Part, Section
from waimao.reports.markdown import to_markdown
from waimao.reports.rules import Rules, load_rules

__all__ = ["Bulletin", "Paragraph", "Part", "Rules", "Section", "compose_zh", "load_rules", "to_markdown"]
