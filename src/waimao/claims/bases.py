"""What a share, a pull, a contribution or a growth gap is measured against, read from its own words.

`占全省出口总值的38%` is a share of the province's exports, `占同期我国进出口总值的28.1%` of the
nation's trade, `占新增总数的96%` of something that is no trade figure at all. A consistency check
may only compare a figure with the whole its text names: when the words name a whole the checker
cannot pin down (a base that is no trade figure, 全区 of a subject that is no autonomous region, a
gap to the subject itself), the check does not run and says why, rather than guess.

Subjects are compared as region codes where the package knows the region (北京 = 北京地区 =
北京市), else as written: `subject_key`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from waimao.claims import lexicon
from waimao.claims.extract import Claim
from waimao.claims.normalize import clean_line
from waimao.model.regions import NATION, REGIONS, Region, resolve_region

#: Words that name the whole nation in a base or a gap's reference.
NATION_WORDS = re.compile(r"全国|中国|我国")
#: Words of a base that name no figure (同期全省外贸总值 → 全省, 外贸).
FILLERS = re.compile(r"同期|总值|总额|总量|总体|总|值|额|比重|规模|比|的|全部|整体|平均水平|平均|水平"
                     r"|增速|增幅|增长|同类|地区|分别为|分别|为")
#: Words for the subject's own province or city that the name tables do not list.
SELF_ALIASES = {"该省": "全省", "该市": "全市", "本地区": ""}
#: The flow a base names, most specific first (外贸出口 is exports, 外贸 alone is trade).
FLOW_WORDS = (("进出口", "total"), ("出口", "export"), ("进口", "import"), ("外贸", "total"), ("贸易", "total"))


@dataclass(frozen=True)
class Whole:
    """The whole a figure is measured against: subject key, flow (None: the claim's own) and slice."""

    subject: str
    flow: str | None
    breakdown: tuple[str, str] | None


@lru_cache(maxsize=4096)
def subject_key(name: str | None) -> str | None:
    """The region code of a subject the package knows, else the name as written (None stays None)."""
    if name is None:
        return None
    try:
        return resolve_region(name).code
    except LookupError:
        return name


def _region(name: str | None) -> Region | None:
    code = subject_key(name)
    return REGIONS.get(code) if code else None


def _words(c: Claim) -> str:
    """The claim's own words, cleaned (full-width → ASCII, and simplified where the reader simplifies)."""
    return clean_line(c.text, 0).text


def _base_words(c: Claim) -> str | None:
    """The words between 占 and the number (占全省出口总值的38% → 全省出口总值), or after 、 in a
    continued share (、全市的78% → 全市); None when the claim's words are not a 占 phrase."""
    words = _words(c)
    m = re.search(r"占(?:到|据|了)?(.*?)的?\d", words) or re.match(r"、(.*?)的?\d", words)
    return m[1] if m else None


def _self_region(level: str, subject: Region | None, name: str | None) -> tuple[str | None, str]:
    """(subject key, '') of 全省/全市/全州 said of `subject`, or (None, why not)."""
    if subject is None:
        return None, f"{name or 'the subject'} is not a region the package knows, so its 全省/全市 is not known"
    if level == "province":
        if subject.level == "nation":
            return None, "全省 said of the nation"
        return subject.code[:2], ""
    if subject.level == "prefecture" or (subject.level == "province" and subject.name_zh.endswith("市")):
        return subject.code, ""
    if subject.level == "zone" and subject.parent:
        return subject.parent, ""
    return None, f"全市 said of {name}, which is no city"


def read_whole(c: Claim, words: str, *, default_subject: bool = True) -> Whole | str:
    """The whole named by `words` (a base or a reference) for claim `c`, or the reason it is not established.

    Named: the nation, a region, 全省/全市/我省/全区 of the claim's subject; a flow; another product group.
    Nothing named: the claim's own subject (when `default_subject`), its flow, no slice. Words left
    over that name nothing the checker knows (新增总数, 企业) make the whole not established.
    """
    subject = _region(c.subject)
    for alias, word in SELF_ALIASES.items():
        words = words.replace(alias, word)
    flow = next((f for word, f in FLOW_WORDS if word in words), None)
    covered = [False] * len(words)

    def cover(a: int, b: int) -> None:
        covered[a:b] = [True] * (b - a)

    found: str | None = None
    for m in NATION_WORDS.finditer(words):
        found = NATION
        cover(m.start(), m.end())
    for m in re.finditer(r"外贸|贸易", words):
        cover(m.start(), m.end())
    breakdown = None
    for m in lexicon.scan(words, list(covered)):
        cover(m.start, m.end)
        if m.kind == "flow":
            continue
        if m.kind == "region" and found is None:
            found = m.name
        elif m.kind == "self" and found is None:
            found, why = _self_region(m.name, subject, c.subject)
            if found is None:
                return why
        elif m.kind == "product_group" and breakdown is None:
            if c.breakdown is None or c.breakdown[1] != m.name:
                breakdown = ("product_group", m.name)
        elif m.kind not in ("region", "self", "product_group"):
            return f"the whole {words!r} names a {m.kind.replace('_', ' ')} ({m.name})"
    if found is None and "全区" in words:
        province = REGIONS.get(subject.code[:2]) if subject and subject.level != "nation" else None
        if province is None or "自治区" not in province.name_zh:
            return f"全区 said of {c.subject}: which region it means is not established"
        found = province.code
        i = words.index("全区")
        cover(i, i + 2)
    leftover = FILLERS.sub("", "".join(ch for ch, done in zip(words, covered) if not done))
    leftover = re.sub(r"[\s()（）“”\"'《》、,]", "", leftover)
    if leftover:
        return f"the whole {words!r} is not a trade figure the checker can name ({leftover!r})"
    if found is None:
        if not default_subject:
            return f"{words!r} names no region"
        found = subject_key(c.subject)
    if found is None:
        return "the subject is not established"
    return Whole(found, flow, breakdown)


def share_whole(c: Claim) -> Whole | str:
    """The whole a share names; a share whose whole is its own part (no slice, no other region) is not run."""
    base = _base_words(c)
    if base is None:
        return "the share's base is not worded 占…的 (its whole is not established)"
    whole = read_whole(c, base)
    if isinstance(whole, str):
        return whole
    if c.metric == "national_share_pct" and whole.subject != NATION:
        whole = Whole(NATION, whole.flow, whole.breakdown)
    own = subject_key(c.subject)
    if whole.subject == own and whole.breakdown is None and c.breakdown is None:
        return (f"{c.subject}'s share of {c.subject}: the slice it is a share of is not established "
                "(a part the reader could not name)")
    if whole.subject != own and c.breakdown is not None:
        return f"a slice of {c.subject} as a share of another region: which slice the whole is, is not established"
    return whole


def gap_reference(c: Claim) -> Whole | str:
    """The growth a gap (高于全省/高出全国/低于广西 N个百分点) is measured against."""
    m = re.search(r"(?:高出|高于|低于)(.*?)\d", _words(c))
    ref = m[1] if m else ""
    if re.search(r"去年|上年|同期|上月|前\d|一季度|上半年", ref):
        return f"a gap to another period ({ref!r}) is not a gap between two growths of this period"
    if c.breakdown is not None and FILLERS.sub("", ref) == "":
        # 高于整体 / 高于平均: a slice against its subject's own growth
        return Whole(subject_key(c.subject), None, None)
    whole = read_whole(c, ref, default_subject=False)
    if isinstance(whole, str):
        if c.breakdown is None and c.metric == "growth_gap_pp" and FILLERS.sub("", ref) == "":
            subject = _region(c.subject)
            if subject is not None and subject.level in ("prefecture", "zone"):
                return Whole(subject.code[:2], None, None)  # a prefecture's gap to its province (seeds: 高于全省)
        return whole
    if whole.subject == subject_key(c.subject) and whole.breakdown == c.breakdown:
        return f"the gap's reference ({ref or 'none named'}) is {c.subject} itself"
    return whole


def pull_whole(c: Claim) -> Whole | str:
    """The whole a 拉动/贡献率 names (拉动全省外贸增长, 对我省出口增长贡献度); a pull of the subject on itself
    is not run."""
    words = _words(c)
    m = re.search(r"(?:拉动|下拉)(.*?)增长", words) or re.search(r"对(.*?)贡献", words)
    whole = read_whole(c, m[1] if m else "")
    if isinstance(whole, str):
        return whole
    if c.breakdown is None:
        return f"a pull of {c.subject} on itself: the slice that pulled is not established"
    if whole.subject != subject_key(c.subject):
        return f"a pull of a slice of {c.subject} on another region is not checked"
    return whole
