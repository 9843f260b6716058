"""A bulletin as Markdown: a title, one heading per section, and its notes."""

from __future__ import annotations

from waimao.reports.document import Bulletin


def to_markdown(bulletin: Bulletin) -> str:
    """The bulletin, then its notes (what the data left out, where downloads disagree) under 注 / Notes."""
    lines = [f"# {bulletin.title}", ""]
    for section in bulletin.sections:
        lines += [f"## {section.title}", ""]
        for paragraph in section.paragraphs:
            lines += [paragraph.text, ""]
    if bulletin.notes:
        lines += ["## 注" if bulletin.lang == "zh" else "## Notes", ""]
        lines += [f"- {note}" for note in bulletin.notes]
    return "\n".join(lines).rstrip() + "\n"


__all__ = ["to_markdown"]
