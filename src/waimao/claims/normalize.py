"""Newspaper text cleanup that remembers where every character came from.

Pages arrive with full-width digits and punctuation, spaces inside numbers (`增 长 2.1 倍`),
lines broken mid-word, in traditional characters (big5 gateways, Hong Kong wire copy) and, from
pages converted GBK → Big5 by a mirror, with pinyin glosses after characters (`貿(mào)易`).
Matching is done on a cleaned, simplified text; a claim's span must still point into the
original, so every cleaned character carries its original offset.
"""

from __future__ import annotations

import re
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


#: A pinyin gloss right after a Chinese character: 貿(mào), 關(guān), 發(fā) — an artefact of GBK → Big5
#: conversion on mirror sites. Only lower-case Latin letters with at least one tone mark qualify, so that
#: an English word or a code in brackets after a character (港(HK), 美元(USD)) is kept.
_TONED = "àáǎāèéěēìíǐīòóǒōùúǔūǖǘǚǜ"
PINYIN_GLOSS = re.compile(rf"(?<=[\u3400-\u9fff])[(（](?=[a-zü]*[{_TONED}])[a-zü{_TONED}]{{1,7}}[)）]")


@lru_cache(maxsize=1)
def _t2s():
    """OpenCC's traditional → simplified converter (t2s: characters and common phrases)."""
    import opencc

    return opencc.OpenCC("t2s")


@lru_cache(maxsize=8192)
def _simplified_char(ch: str) -> str:
    out = _t2s().convert(ch)
    return out if len(out) == 1 else ch


def simplify(text: str) -> str:
    """`text` in simplified characters, one character for one, so that offsets still hold.

    OpenCC t2s converts phrase by phrase and almost always keeps the length; when a phrase changes
    length (rare), the text is converted character by character instead, which always keeps it.
    """
    if text.isascii():
        return text
    out = _t2s().convert(text)
    if len(out) == len(text):
        return out
    return "".join(_simplified_char(ch) for ch in text)


def clean_line(line: str, offset: int, *, words: bool = False) -> Mapped:
    """One line: pinyin glosses dropped, NFKC (full-width → ASCII), whitespace dropped except one space
    between two ASCII words, traditional characters simplified.

    Each character is normalised on its own (so that it keeps its offset); ASCII is its own NFKC
    form, and the few thousand other characters a page uses are normalised once each. With `words`
    (English text), every run of whitespace between two characters is kept as one space.
    """
    chars: list[str] = []
    pos: list[int] = []
    pending_space = False
    glossed = [False] * len(line)
    for m in PINYIN_GLOSS.finditer(line):
        glossed[m.start():m.end()] = [True] * (m.end() - m.start())
    for i, ch in enumerate(line):
        if glossed[i]:
            continue
        if ch.isspace():
            pending_space = bool(chars)
            continue
        for out in ch if ch.isascii() else _nfkc(ch):
            if out.isspace():
                pending_space = bool(chars)
                continue
            if pending_space and chars and (words or (_ascii_alnum(chars[-1]) and _ascii_alnum(out))):
                chars.append(" ")
                pos.append(offset + i)
            pending_space = False
            chars.append(out)
            pos.append(offset + i)
    return Mapped(simplify("".join(chars)), tuple(pos))


def display_width(line: str) -> float:
    """Width in full-width cells: newspaper columns are a fixed number of cells wide."""
    return sum(0.5 if (ch.isascii() or unicodedata.east_asian_width(ch) in "NaH") else 1.0 for ch in line.strip())
