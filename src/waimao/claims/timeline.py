"""When and in which currency each part of an article speaks: period words and 以美元计价.

A release moves between periods as it goes (今年前5个月 … 5月份 … 当月 …) and a national one
between currencies (以美元计价 … 以人民币计价). Both are read once per article as a list of
events by position; a claim takes the last event before it. Two kinds of event are local:
a month named as the point of comparison (高于4月的1.5%) holds only to the end of its clause,
and a currency named at the head of a paragraph holds only within that paragraph.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from waimao.model.periods import Period

_ZH_N = "一二三四五六七八九十两"
PERIOD_WORDS = re.compile(
    r"(?<![较比了])(?<![^高低]于)(?:(?P<y>20\d{2})年)?(?P<this>今年)?(?P<last>去年)?(?P<body>前三季度|第?[一二三四]季度|上半年|下半年|半年报"
    rf"|(?<![提之以])[前首](?![一1]个月)(?:\d{{1,2}}|[{_ZH_N}]{{1,2}})个?月|\d{{1,2}}月?[-–—~至到]\d{{1,2}}月(?!\d)"
    r"|(?<![自从])\d{1,2}月(?![\d份]*日)(?!\d)(?!份?(?:起|以来|开始))"
    r"|(?<![自从第\d一二三四五六七八九十])(?:十[一二]|[一二三四五六七八九十])月份?(?![\d一二三四五六七八九十]*日)(?!份?(?:起|以来|开始)))"
    r"|截至(?P<upto>\d{1,2})月(?:底|末)"
    r"|(?P<month_of>当月|单月|同月)"
    r"|(?<![较比])(?<![^高低]于)(?P<yy>20\d{2})年(?P<whole>全年)?(?!\d{1,2}月\d{1,2}日)"
    r"|(?<![较比自从])(?<![^高低]于)去年(?!同期|以来|\d{1,2}月份?(?:以来|起))"
)
#: 以美元计价, 按美元计, 按照人民币计算: the currency of the amounts that follow in the paragraph.
CURRENCY_WORDS = re.compile(r"(?:以|按照?)(?P<cur>美元|人民币)计(?:价|算)?")
#: A month named as a comparison (4月的1.5%): it is the period of the next figure only.
_LOCAL_MONTH = re.compile(r"\d{1,2}月的")
_CLAUSE_END = re.compile(r"[,;:。!?]")
_YARDSTICK = re.compile(r"(?:接近|超过|超出|高于|低于|相当于|逼近|不及|好于)$")


@dataclass
class _Event:
    start: int
    value: object
    until: int | None = None  # a local event stops applying here


class _Events:
    def __init__(self, events: list[_Event]):
        self.events = events
        self.starts = [e.start for e in events]

    def at(self, pos: int, *, before_first: bool = True):
        """The value of the last event at or before `pos` that still holds there."""
        i = bisect_right(self.starts, pos) - 1
        while i >= 0 and self.events[i].until is not None and pos >= self.events[i].until:
            i -= 1
        if i < 0:
            return self.events[0].value if before_first and self.events else None
        return self.events[i].value


class Timeline:
    """The periods and currencies of one article body; `paragraphs` are the body offsets where a paragraph starts."""

    def __init__(self, text: str, page_year: int | None, paragraphs: list[int] | None = None):
        self.text, self.page_year = text, page_year
        self.periods = _Events(self._periods())
        self.currencies = _Events(self._currencies(sorted(paragraphs or [])))

    def period_at(self, pos: int) -> Period | None:
        """The last period named at or before `pos`; before the first one, the first one."""
        return self.periods.at(pos)

    def currency_at(self, pos: int) -> str | None:
        """'USD' or 'CNY' when the paragraph says which currency its amounts are in, else None."""
        return self.currencies.at(pos, before_first=False)

    def _periods(self) -> list[_Event]:
        events: list[_Event] = []
        year = self.page_year
        for m in PERIOD_WORDS.finditer(self.text):
            try:
                if m["body"] and m["last"]:  # 超过去年前三季度总额: last year's months, as a yardstick or not
                    if self.page_year:
                        body = m["body"].replace("首", "前", 1)
                        events.append(_Event(m.start(), Period.parse_zh(body, year=self.page_year - 1),
                                             self._compared(m.start(), m.end())))
                elif m["body"]:
                    if m["y"]:
                        year = int(m["y"])
                    elif m["this"] and self.page_year:
                        year = self.page_year
                    if year is None:
                        continue
                    body = "上半年" if m["body"] == "半年报" else m["body"].replace("首", "前", 1)
                    if re.fullmatch(rf"前[\d{_ZH_N}]{{1,2}}月", body):  # 前10月 = 前10个月
                        body = body[:-1] + "个月"
                    local = _LOCAL_MONTH.match(self.text, m.start("body")) and not m["y"]
                    until = self._clause_end(m.end()) if local else None
                    events.append(_Event(m.start(), Period.parse_zh(body, year=year), until))
                elif m["upto"]:
                    if year is not None:
                        events.append(_Event(m.start(), Period(year, 1, int(m["upto"]))))
                elif m["month_of"]:
                    current = self.periods_so_far(events)
                    if current is not None:
                        events.append(_Event(m.start(), Period.month(current.year, current.end)))
                elif m["yy"]:
                    year = int(m["yy"])
                    events.append(_Event(m.start(), Period.whole_year(year), self._compared(m.start(), m.end())))
                elif self.page_year:
                    events.append(_Event(m.start(), Period.whole_year(self.page_year - 1),
                                         self._compared(m.start(), m.end())))
            except ValueError:
                continue
        return events

    def _clause_end(self, pos: int) -> int:
        end = _CLAUSE_END.search(self.text, pos)
        return end.start() if end else len(self.text)

    def _compared(self, start: int, end: int) -> int | None:
        """A year named as the yardstick (接近去年全年133.7亿美元的水平, 超过2019年) holds for its clause only."""
        return self._clause_end(end) if _YARDSTICK.search(self.text, max(0, start - 4), start) else None

    @staticmethod
    def periods_so_far(events: list[_Event]) -> Period | None:
        """The period in force at the end of `events` (local ones are over by then)."""
        for e in reversed(events):
            if e.until is None:
                return e.value  # type: ignore[return-value]
        return None

    def _currencies(self, paragraphs: list[int]) -> list[_Event]:
        events = []
        for m in CURRENCY_WORDS.finditer(self.text):
            i = bisect_right(paragraphs, m.start())
            until = paragraphs[i] if i < len(paragraphs) else None
            events.append(_Event(m.start(), "USD" if m["cur"] == "美元" else "CNY", until))
        return events
