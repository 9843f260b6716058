"""Does a figure belong to the slice the reader gave it? The words around it must name nothing else.

The reader gives a figure the last slice it knows in the sentence, or none. A slice it does not
know (`以加工贸易方式进出口3759.7亿元`, `对RCEP贸易伙伴进出口1475.5亿元`, `出口高新技术产品139.1亿元`
after 机电产品, `其中船舶出口尤为亮眼,出口438.6亿元`) then reads as the subject's total or as the
previous slice's figure; compared with the real one, such a figure raises false alarms. So:

- a figure is its slice's (or, without a slice, its subject's) only when the words of its clause
  before it, and for an amount the words between its flow word and its number, are accounted for:
  names of regions (the subject, 我省, 全国), period words, words that carry no slice (其中, 同期,
  外贸, 实现, 据统计 …) and — for a figure with a slice — the names of known slices. A figure
  without a slice whose words name a slice is not its subject's either;
- an unknown word before a flow word in an earlier clause of the sentence (`但汽车进口出现下跌`)
  sets the topic of the clauses after it, until a clause names a region: a figure there whose own
  clause names no slice is not established; likewise an enumerated point (`三是边境小额贸易…。`) sets
  the topic of the sentences after it, up to the next point or line;
- a growth, share or gap belongs to the amount it follows in its sentence (same flow and slice), so it
  is judged with that amount, or by its own clause when no such amount precedes it.

Words in parentheses are asides (`北京地区(包含中央在京单位)`, `(人民币,下同)`) and are skipped.
Words in Latin script (an English release, RCEP) are not accounted for: the checks that need such
figures do not run.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from waimao.claims import lexicon
from waimao.claims.bases import subject_key
from waimao.claims.extract import Claim
from waimao.claims.normalize import clean_line
from waimao.model import products
from waimao.model.regions import NATION as NATION_CODE
from waimao.model.regions import REGIONS

CLAUSE_END = re.compile(r"[,，;；:：。！？!?]|\n\s*\n")
SENTENCE_END = re.compile(r"[。！？!?；;]|\n\s*\n")
POINT = re.compile(r"(?:^|(?<=[。！？!?\n]))\s*(?:[一二三四五六七八九十]是|第[一二三四五六七八九十]，?)")
ASIDE = re.compile(r"[(（][^()（）]{0,40}[)）]")
PERIOD = re.compile(
    r"(?:\d{4}年)?(?:今年|去年|上年|全年|当月|单月|本月|该月|前三季度|第?[一二三四]季度|[上下]半年"
    r"|(?:前|首)(?:\d{1,2}|[一二三四五六七八九十两]{1,2})个?月份?|\d{1,2}\s*[-–—~至]\s*\d{1,2}月份?"
    r"|\d{1,2}月(?:份)?(?:\d{1,2}日)?|截至\d{1,2}月底?)|\d{4}年")
#: Words that carry no slice: connectives, verbs of stating, 外贸/贸易/总值, sources, currency notes.
NEUTRAL = re.compile(
    r"其中|同期|累计|实现了?|完成|达到|达|总计|合计|共计|共|外贸|对外贸易|贸易|货物|进出口总|总值|总额|金额|规模|"
    r"以来|期间|据统计|据|统计|数据|显示|海关总署|海关|发布|公布|消息|方面|来看|看|从|在|的|地区|同比|较|比|"
    r"下同|人民币|美元|计价|计算|计|按照|按|分别|也|都|均|仍|继续|已经|已|再|首次|此外|另外|同时|全部|"
    r"总体|整体|其|为|值|额|和|与|及|以|则|而|又|月度|年度|当年|全年|今年以来|年内|呈现|态势|"
    r"增长|下降|去年同期|上年同期|亿元|万元|亿美元|万美元|万亿元|亿|万|元|、|对|自|向|同|双边|"
    r"等主要贸易伙伴|主要贸易伙伴|贸易伙伴|伙伴|等|主要|各国|三者|两者|二者|其他成员国|成员国|"
    r"万吨|万台|万辆|万件|吨|台|辆|架|件|套|艘")
#: Numerals inside names of partner sets (中东欧17国, 中亚5国, RCEP其他14个成员国).
COUNTED = re.compile(r"\d+个?(?:国家|国|成员国)")
NATION = re.compile(r"全国|中国|我国")
#: Words for the article's own region that the name tables do not list.
SUBJECT_WORDS = re.compile(r"该省|该市|该区|本地区|全区|本区")
FLOW = re.compile(r"进出口|出口|进口")
NUMBER = re.compile(r"\d+(?:\.\d+)?")
#: Longest lead-in read before a figure; a clause longer than this is cut, and its cut words are not
#: accounted for (so the figure is not established).
LOOKBACK = 80


def _clean(raw: str) -> str:
    return clean_line(ASIDE.sub("", raw), 0).text.translate(QUOTES)


QUOTES = str.maketrans({"「": "“", "」": "”", "『": "“", "』": "”"})


def _slices(words: str) -> set[str]:
    """Reference names of the known slices (partners, groups, products, enterprise types) `words` name."""
    found = set()
    for m in lexicon.scan(words, [False] * len(words)):
        if m.kind not in ("region", "self", "flow"):
            found |= {x.name for x in m.members} if m.members else {m.name}
    return found


def _inside(name: str, whole: str) -> bool:
    """A named slice is the claim's slice, one of its members (欧盟+东盟), or a product group inside it."""
    if name == whole or name in whole.split("+"):
        return True
    try:
        inner, outer = products.resolve_group(name), products.resolve_group(whole)
    except LookupError:
        return False
    return all(p.startswith(outer.include) for p in inner.include)




def _unaccounted(words: str, slices_known: bool, short: str = "") -> str | None:
    """The words left when names, periods and neutral words are taken out (None: nothing left).
    Names of slices count as accounted for when `slices_known`, else they are what is left; `short` is
    the one-character form of the claim's own partner (对美, 自美, 中欧), accounted for too."""
    if re.search(r"[A-Za-z]{2,}", words):
        return words.strip() or "English text"
    words = SUBJECT_WORDS.sub("", NATION.sub("", PERIOD.sub("", COUNTED.sub("", words))))
    covered = [False] * len(words)
    for m in lexicon.scan(words, [False] * len(words)):
        if m.kind in ("region", "self", "flow") or slices_known:
            covered[m.start:m.end] = [True] * (m.end - m.start)
        else:
            return words
    rest = NEUTRAL.sub("", "".join(ch for ch, done in zip(words, covered) if not done))
    rest = re.sub(r"[\s\d.%“”\"'《》]", "", rest)
    if short:
        rest = rest.replace(short, "")
    return rest or None


#: The nation as the subject of a figure (全国进出口, 我国外贸, 中国5月进出口), not as a yardstick.
NATION_SUBJECT = re.compile(r"(?:全国|中国|我国)(?=[^,;:。!?]{0,8}?(?:外贸|进出口|出口|进口|贸易))")
#: A region named right after these is a yardstick (高于全国, 占全省, 居全国, 较广西), not the subject.
YARDSTICK = re.compile(r"[于出占居较比同与列排在](?:同期|去年同期|上年同期)?$")


def _subject_mentions(words: str) -> list[str]:
    """The subjects `words` name, in order: region codes, NATION_CODE, or "self" (我省, 全市, 该省)."""
    found = []
    for m in lexicon.scan(words, [False] * len(words)):
        if m.kind in ("region", "self") and not YARDSTICK.search(words[:m.start]):
            found.append((m.start, m.name if m.kind == "region" else "self"))
    for pattern, what in ((NATION_SUBJECT, NATION_CODE), (SUBJECT_WORDS, "self")):
        found += [(m.start(), what) for m in pattern.finditer(words) if not YARDSTICK.search(words[:m.start()])]
    return [what for _, what in sorted(found)]


def _same_subject(named: str, subject: str | None) -> bool:
    key = subject_key(subject)
    if named == "self":
        return key != NATION_CODE
    return named == key


def _names_region(words: str) -> bool:
    return bool(NATION.search(words) or SUBJECT_WORDS.search(words)) or any(m.kind in ("region", "self")
                                             for m in lexicon.scan(words, [False] * len(words)))


class LeadIns:
    """Which figures of a text are not established in their slice, and the words that say so."""

    def __init__(self, raw: str, claims: list[Claim]):
        self.raw = raw
        self.clause_starts = [0] + [m.end() for m in CLAUSE_END.finditer(raw)]
        self.sentence_starts = [0] + [m.end() for m in SENTENCE_END.finditer(raw)]
        self._topics = self._unknown_topics()
        self._topic_starts = [start for start, _, _ in self._topics]
        self._verdict: dict[int, str | None] = {}
        last_amount: dict[tuple, Claim] = {}
        for c in sorted(claims, key=lambda c: c.span[0]):
            if c.metric in ("value", "quantity"):
                self._verdict[id(c)] = self._judge(c, own=self._amount_words(c))
                last_amount[(c.flow, c.breakdown)] = c
                continue
            owner = last_amount.get((c.flow, c.breakdown))
            if owner is not None and self._sentence(owner) == self._sentence(c):
                self._verdict[id(c)] = self._verdict[id(owner)]
            else:
                self._verdict[id(c)] = self._judge(c, own="")

    def _start(self, starts: list[int], pos: int) -> int:
        return starts[bisect_right(starts, pos) - 1]

    def _sentence(self, c: Claim) -> int:
        return self._start(self.sentence_starts, c.span[0])

    def _clause(self, c: Claim) -> str:
        """The clause's words before `c`, at most LOOKBACK characters (a text without punctuation is not
        read back to its start for every figure)."""
        start = max(self._start(self.clause_starts, c.span[0]), c.span[0] - LOOKBACK)
        return _clean(self.raw[start:c.span[0]])

    @staticmethod
    def _amount_words(c: Claim) -> str:
        """An amount's own words between its flow word and its number (出口高新技术产品139.1亿元 → 高新技术产品)."""
        text = _clean(c.text)
        flow, number = FLOW.search(text), NUMBER.search(text)
        return text[flow.end():number.start()] if flow and number and flow.end() <= number.start() else ""

    def _judge(self, c: Claim, own: str) -> str | None:
        clause = self._clause(c)
        named = _subject_mentions(clause)
        last = named[-1] if named else self._entry(c)[2]
        if last is not None and not _same_subject(last, c.subject):
            region = REGIONS.get(last)
            said = (region.common_zh or region.name_zh) if region else last
            return f"the last region named before it is {said}, not {c.subject}"
        if c.breakdown is None:
            words = _unaccounted(clause + own, slices_known=False)
            if words is not None or _names_region(clause):
                return words
            topic = self._topic_at(c)
            return _unaccounted(topic, slices_known=False) if topic else None
        slice_name = c.breakdown[1]
        short = slice_name[:1] if c.breakdown[0] == "partner" else ""
        words = clause + own
        # words before the slice's name describe it (以“中小微”为主的民营企业): read from its last mention on,
        # the name as written too (a slice the reader took from its place, which the name tables do not list)
        ends = [m.end for m in lexicon.scan(words, [False] * len(words))
                if m.kind not in ("region", "self", "flow")
                and any(_inside(x.name, slice_name) for x in (m.members or (m,)))]
        at = words.rfind(slice_name)
        ends += [at + len(slice_name)] if at >= 0 else []
        if ends:
            words = words[max(ends):]
        left = _unaccounted(words, slices_known=True, short=short)
        if left is not None:
            return left
        named = _slices(words)
        if named:
            return None if any(_inside(n, slice_name) for n in named) else "、".join(sorted(named))
        if ends:
            return None  # the clause names the slice itself
        topic = self._topic_at(c)
        if topic is None or _names_region(clause) or any(_inside(n, slice_name) for n in _slices(topic)):
            return None
        return _unaccounted(topic, slices_known=True, short=short)

    def _unknown_topics(self) -> list[tuple[int, str | None, str | None]]:
        """(clause start, topic, subject) for each clause. The topic: the words an earlier clause of the
        sentence, or an enumerated point, put before a flow word when they name a slice (known or not),
        or None; a topic ends when a clause names a region, at a new sentence (outside a point), and a
        point's at the next point or line. The subject: the last subject named before the clause."""
        points = [m.start() for m in POINT.finditer(self.raw)]
        lines = [m.start() for m in re.finditer(r"\n", self.raw)]
        out: list[tuple[int, str | None, str | None]] = []
        sentence_topic: str | None = None
        point_topic: str | None = None
        subject: str | None = None
        sentence = point = line = -1
        bounds = self.clause_starts + [len(self.raw)]
        for start, end in zip(bounds, bounds[1:]):
            here = self._start(self.sentence_starts, start)
            if here != sentence:
                sentence, sentence_topic = here, None
            p = points[bisect_right(points, start) - 1] if points and points[0] <= start else -1
            ln = lines[bisect_right(lines, start) - 1] if lines and lines[0] <= start else -1
            if p != point or ln > line:
                point_topic = None
                point, line = p, ln
            out.append((start, sentence_topic or point_topic, subject))
            words = _clean(self.raw[start:min(end, start + 4 * LOOKBACK)])
            named = _subject_mentions(words)
            if named:
                sentence_topic, subject = None, named[-1]
            flow = FLOW.search(words)
            if p >= 0 and start <= p + 3 < end:
                # the point's own first clause: 三是边境小额贸易持续稳定发展
                point_topic = self._topic(re.sub(r"^[一二三四五六七八九十]是|^第[一二三四五六七八九十]", "", words))
            if flow:
                sentence_topic = self._topic(words[:flow.start()]) or sentence_topic
        return out

    @staticmethod
    def _topic(words: str) -> str | None:
        """`words` when they name a slice (known or not), else None."""
        return words if _unaccounted(words, slices_known=False) is not None else None

    def _entry(self, c: Claim) -> tuple[int, str | None, str | None]:
        i = bisect_right(self._topic_starts, c.span[0]) - 1
        return self._topics[i] if i >= 0 else (0, None, None)

    def _topic_at(self, c: Claim) -> str | None:
        return self._entry(c)[1]

    def unnamed(self, c: Claim) -> str | None:
        """The words around `c` that may name a slice other than the reader's (None: `c` is its slice's)."""
        return self._verdict.get(id(c))
