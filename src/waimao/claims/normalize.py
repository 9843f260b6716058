"""Newspaper text cleanup that remembers where every character came from.

Pages arrive with full-width digits and punctuation, spaces inside numbers (`增 长 2.1 倍`)
and lines broken mid-word. Matching is done on a cleaned text; a claim's span must still
point into the original, so every cleaned character carries its original offset.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain


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

    @staticmethod
    def join(parts: list[Mapped]) -> Mapped:
        """The parts one after another, copied once (adding them one by one copies the text so far each time)."""
        return Mapped("".join(p.text for p in parts), tuple(chain.from_iterable(p.pos for p in parts)))

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original [start, end) of the cleaned characters start..end-1."""
        return self.pos[start], self.pos[end - 1] + 1

    @staticmethod
    def empty() -> Mapped:
        return Mapped("", ())


def _ascii_alnum(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


@lru_cache(maxsize=4096)
def _nfkc(ch: str) -> str:
    return unicodedata.normalize("NFKC", ch)


def clean_line(line: str, offset: int) -> Mapped:
    """One line: NFKC (full-width → ASCII), whitespace dropped except one space between two ASCII words.

    Each character is normalised on its own (so that it keeps its offset); ASCII is its own NFKC
    form, and the few thousand other characters a page uses are normalised once each.
    """
    chars: list[str] = []
    pos: list[int] = []
    pending_space = False
    for i, ch in enumerate(line):
        if ch.isspace():
            pending_space = bool(chars)
            continue
        for out in ch if ch.isascii() else _nfkc(ch):
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
