"""A bulletin as Markdown: a title, a note that the data are synthetic when they are, one heading per section."""

from __future__ import annotations

from waimao.reports.document import Bulletin


def to_markdown(bulletin: Bulletin) -> str:
    lines = [f"# {bulletin.title}", ""]
    for section in bulletin.sections:
        lines += [f"## {section.title}", ""]
        for paragraph in section.paragraphs:
            lines += [paragraph.text, ""]
    return "\n".join(lines).rstrip() + "\n"


__all__ = ["to_markdown"]
