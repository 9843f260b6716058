"""The house style of a release: who issues it, its dateline, its numbered headings and its notes block.

A statistics office's release carries its issuing body and date under the title and a notes block
(数据来源：海关统计; 数据为初步统计; 口径; what the tables' marks mean) after the text. These are an
office's choices, not the figures', so they live in data/house_style.toml; Word, Excel and HTML
read the same `HouseStyle`, and only lay it out.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from waimao.errors import WaimaoError
from waimao.indicators import Breakdown
from waimao.indicators.labels import english_name
from waimao.reports.rules import config_text
from waimao.reports.tables import MARK_NOTES, StatTable

_ZH_NUMERALS = "一二三四五六七八九十"
_EN_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
              "November", "December")


@dataclass(frozen=True)
class HouseStyle:
    issuers: dict[str, dict[str, str]]  # lang → region → issuing body; "" → the default
    datelines: dict[str, str]
    notes: dict[str, list[str]]

    def issuer(self, subject: str, lang: str) -> str:
        table = self.issuers[lang]
        name = subject if lang == "zh" else english_name(Breakdown("region", subject))
        return table.get(subject, table[""]).format(subject=name)

    def dateline(self, subject: str, lang: str, issued: date) -> str:
        day = f"{issued.year}年{issued.month}月{issued.day}日" if lang == "zh" else \
            f"{issued.day} {_EN_MONTHS[issued.month - 1]} {issued.year}"
        return self.datelines[lang].format(issuer=self.issuer(subject, lang), date=day)

    def document_notes(self, lang: str, tables: list[StatTable] = ()) -> list[str]:
        """The notes block: the office's notes, then what each mark the tables print means."""
        marks = dict.fromkeys(m for t in tables for m in t.marks())
        i = 0 if lang == "zh" else 1
        return [*self.notes[lang], *(MARK_NOTES[m][i] + ("。" if lang == "zh" else ".") for m in MARK_NOTES
                                     if m in marks)]


def heading(number: int, title: str, lang: str) -> str:
    """A section heading numbered as releases number them: 一、总体情况 / 1. Overview."""
    if lang != "zh":
        return f"{number}. {title}"
    if number <= 10:
        numeral = _ZH_NUMERALS[number - 1]
    else:
        tens, ones = divmod(number, 10)
        numeral = ("" if tens == 1 else _ZH_NUMERALS[tens - 1]) + "十" + (_ZH_NUMERALS[ones - 1] if ones else "")
    return f"{numeral}、{title}"


def note_lines(notes: list[str]) -> list[str]:
    """Numbered notes: 注：1. … / Notes: 1. …, one line each."""
    return [f"{i}. {note}" for i, note in enumerate(notes, start=1)]


def load_house_style(path: str | Path | None = None) -> HouseStyle:
    """The packaged house style, or that of `path` (a full copy of data/house_style.toml)."""
    raw, source = config_text("house_style.toml", path, "house style file")
    try:
        data = tomllib.loads(raw)
        issuers = {lang: {"": str(data["issuer"][f"default_{lang}"]),
                          **{k: str(v) for k, v in data["issuer"].get(lang, {}).items()}} for lang in ("zh", "en")}
        return HouseStyle(issuers, {lang: str(data["dateline"][lang]) for lang in ("zh", "en")},
                          {lang: [str(n) for n in data["notes"][lang]] for lang in ("zh", "en")})
    except (tomllib.TOMLDecodeError, KeyError, TypeError) as e:
        raise WaimaoError(f"{source}: not a valid house style file ({type(e).__name__}: {e})") from None


__all__ = ["HouseStyle", "heading", "load_house_style", "note_lines"]
