"""A bulletin as data: sections of paragraphs made of text parts, each number tied to its figure record.

The renderers (Markdown now; HTML, Word and Excel read the same structure) only lay these parts
out, so every number printed is a figure the engine computed, and `trace()` can list each
number with the record it came from.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from waimao.indicators import Figure


@dataclass(frozen=True)
class Part:
    """A run of text; `figure` is set when the text states that figure."""

    text: str
    figure: Figure | None = None


@dataclass
class Paragraph:
    parts: list[Part] = field(default_factory=list)

    def say(self, text: str) -> Paragraph:
        self.parts.append(Part(text))
        return self

    def cite(self, figure: Figure, text: str | None = None) -> Paragraph:
        """State a figure, in its own wording unless `text` words the same number differently."""
        self.parts.append(Part(figure.text if text is None else text, figure))
        return self

    def then(self, *figures: Figure | None, sep: str = "，") -> Paragraph:
        """State each figure that exists, each after `sep` (a clause list: ，增长1.8倍，占…)."""
        for figure in figures:
            if figure is not None:
                self.say(sep).cite(figure)
        return self

    @property
    def text(self) -> str:
        return "".join(p.text for p in self.parts)


@dataclass
class Section:
    title: str
    paragraphs: list[Paragraph] = field(default_factory=list)


@dataclass
class Bulletin:
    title: str
    subject: str
    period: str
    lang: str
    sections: list[Section] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def trace(self) -> list[dict[str, Any]]:
        """Every number of the text with its figure record, in reading order."""
        out = []
        for s, section in enumerate(self.sections):
            for p, paragraph in enumerate(section.paragraphs):
                for part in paragraph.parts:
                    if part.figure is not None:
                        out.append({"section": s, "paragraph": p, "text": part.text, "figure": part.figure.to_dict()})
        return out


__all__ = ["Bulletin", "Paragraph", "Part", "Section"]
