"""Newspaper text cleanup that remembers where every character came from.

Pages arrive with full-width digits and punctuation, spaces inside numbers (`增 长 2.1 倍`)
and lines broken mid-word. Matching is done on a cleaned text; a claim's span must still
point into the original, so every cleaned character carries its original offset.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True)
class Mapped:
    """Cleaned text with, for each character, its offset in the original input."""

    text: str
    pos: tuple[int, ...]

    def __len__(self) -> int:
        return len(self.text)

    def __getitem__(self, s: slice) -> Mapped:
        return Mapped(self.text[s], self.pos[s])

    def __add__(self, other: Mapped) -> Mapped:
        return Mapped(self.text + other.text, self.pos + other.pos)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original [start, end) of the cleaned characters start..end-1."""
        return self.pos[start], self.pos[end - 1] + 1

    @staticmethod
    def empty() -> Mapped:
        return Mapped("", ())


def _ascii_alnum(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def clean_line(line: str, offset: int) -> Mapped:
    """One line: NFKC (full-width → ASCII), whitespace dropped except one space between two ASCII words."""
    chars: list[str] = []
    pos: list[int] = []
    pending_space = False
    for i, ch in enumerate(line):
        if ch.isspace():
            pending_space = bool(chars)
            continue
        for out in unicodedata.normalize("NFKC", ch):
            if out.isspace():
                pending_space = bool(chars)
                continue
            if pending_space and chars and _ascii_alnum(chars[-1]) and _ascii_alnum(out):
                chars.append(" ")
                pos.append(offset + i)
            pending_space = False
            chars.append(out)
            pos.append(offset + i)
    return Mapped("".join(chars), tuple(pos))


def display_width(line: str) -> float:
    """Width in full-width cells: newspaper columns are a fixed number of cells wide."""
    return sum(0.5 if (ch.isascii() or unicodedata.east_asian_width(ch) in "NaH") else 1.0 for ch in line.strip())
