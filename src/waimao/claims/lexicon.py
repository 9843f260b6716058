"""The names a trade article uses for its subjects and slices, read from the package's tables.

Regions, partners, partner groups and product groups come from waimao.model; only words that
are claims-specific (我省, 新增市场, 民营企业 …) are listed here. Names are matched longest
first, so 印度尼西亚 is never read as 印度 nor 冷凉蔬菜 as 蔬菜.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from waimao.model import partner_groups, products
from waimao.model.partners import PARTNERS
from waimao.model.regions import REGIONS, Region
from waimao.model.trade_modes import every_mode

#: Words that stand for the article's own region: level of the region they name.
SELF_WORDS = {"我省": "province", "全省": "province", "本省": "province",
              "我市": "prefecture", "全市": "prefecture", "本市": "prefecture",
              "我州": "prefecture", "全州": "prefecture", "本州": "prefecture", "该州": "prefecture"}
ENTERPRISE_TYPES = {"民营企业": "民营企业", "私营企业": "民营企业", "国有企业": "国有企业",
                    "外商投资企业": "外商投资企业", "外资企业": "外商投资企业", "民企": "民营企业", "国企": "国有企业",
                    "外企": "外商投资企业", "三资企业": "外商投资企业",
                    # a port's or district's releases split its trade by where the firms are registered
                    "异地企业": "异地企业", "本地企业": "本地企业"}
#: Partners with no trade a year earlier, as a slice (新增贸易伙伴进出口值6628万元).
NEW_PARTNERS = {"新增贸易伙伴": "新增贸易伙伴", "新增市场": "新增贸易伙伴"}
FLOW_WORDS = {"进出口": "total", "出口": "export", "进口": "import", "顺差": "balance", "逆差": "balance",
              "贸易额": "total", "贸易总额": "total", "贸易总值": "total", "外贸总值": "total", "外贸总额": "total"}
#: Trade modes as releases name them: the statistical table's names plus the aggregates releases use
#: (加工贸易 = 来料 + 进料加工, 保税物流, 跨境电商, 市场采购).
TRADE_MODE_WORDS = {"一般贸易": "一般贸易", "加工贸易": "加工贸易", "来料加工": "来料加工贸易",
                    "进料加工": "进料加工贸易", "保税物流": "保税物流", "边境小额贸易": "边境小额贸易",
                    "市场采购": "市场采购", "跨境电商": "跨境电商", "跨境电子商务": "跨境电商", "边贸": "边境小额贸易"}
#: Words for the whole country as a subject: a national release names it by its agency or as 我国.
NATION_WORDS = ("中国", "我国", "全国", "海关总署", "国家海关总署")
#: Words that point back to the list of names just given (对上述国家(地区)分别进出口…).
ANAPHORS = ("上述国家", "上述地区", "上述市场", "上述国家和地区", "上述商品", "上述产品", "以上国家",
            "三者", "两者", "二者")
#: Partner names of the Hong Kong and Taiwan press that the partner table (mainland usage) lacks.
PRESS_NAMES = {"南韩": "韩国", "纽西兰": "新西兰", "星加坡": "新加坡", "澳洲": "澳大利亚", "俄国": "俄罗斯",
               "印尼": "印度尼西亚"}
#: One-character names of partners in 中美/中欧 (China–US, China–EU trade) and 对美/自美 (to/from the US).
PARTNER_SHORT = {"美": "美国", "欧": "欧盟", "日": "日本", "俄": "俄罗斯", "韩": "韩国"}
#: A one-character partner name is read only before a trade word (中美双边, 对美出口, 中欧贸易), never in
#: 中欧班列 or 对美国 (where the full name is read).
_SHORT_BEFORE = "出进贸双经外顺逆"
#: The wording of a release about a customs district or port rather than a region: 上海海关关区, 宁波口岸.
DISTRICT_SUFFIXES = {"海关关区": "海关关区", "关区": "海关关区", "口岸": "口岸"}
#: What follows a city's short name when it is the subject or a place (宁波进出口, 郑州市, 宁波口岸, 西安、宝鸡):
#: a flow, a preposition, a region word, punctuation or a period.
_AFTER_SUBJECT = "进出外对与自同关口海实累全一加保民国,、和及等的在今前上下。;:!?()0123456789"
_AFTER_SUBJECT_WORDS = ("地区", "市场")
#: Names that are words of other meanings in running text.
_SKIP: set[str] = set()
_CJK = re.compile(r"[\u4e00-\u9fff]")
#: A single commodity named by its code, as bulletins name a driver (HS编码26169000商品).
_HS_CODE = re.compile(r"HS编码(\d{8})")


@dataclass(frozen=True)
class Mention:
    """A name found in a sentence: kind is region, self, partner, partner_group, product_group,
    enterprise_type or flow; `members` is set when several names are listed (匈牙利、马来西亚)."""

    kind: str
    name: str
    start: int
    end: int
    members: tuple[Mention, ...] = ()
    etc: bool = False  # the list ends in 等: examples of a wider group


def _key(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


@lru_cache(maxsize=1)
def names() -> dict[str, tuple[str, str]]:
    """Surface form → (kind, reference name)."""
    table: dict[str, tuple[str, str]] = {}

    def add(surface: str, kind: str, name: str) -> None:
        surface = _key(surface)
        acronym = surface.isascii() and surface.isalpha() and surface.isupper() and len(surface) >= 4
        if len(surface) >= 2 and (_CJK.search(surface) or acronym) and surface not in _SKIP:
            table.setdefault(surface, (kind, name))

    for word, name in NEW_PARTNERS.items():
        add(word, "partner_group", name)
    for word, name in ENTERPRISE_TYPES.items():
        add(word, "enterprise_type", name)
    for word, level in SELF_WORDS.items():
        add(word, "self", level)
    for word, flow in FLOW_WORDS.items():
        add(word, "flow", flow)
    for word in NATION_WORDS:
        add(word, "region", "CN")
    for word in ANAPHORS:
        add(word, "anaphor", word)
    for word, name in TRADE_MODE_WORDS.items():
        add(word, "trade_mode", name)
    for mode in every_mode():  # the statistical trade modes and the declaration codes' names
        add(mode.name_zh, "trade_mode", mode.name_zh)
    for region in REGIONS.values():
        if region.level == "nation":
            continue
        forms = [region.name_zh] if region.level == "county" else [region.name_zh, region.common_zh, *region.aliases]
        if region.level == "province":
            forms.append(region.short_zh)
        for form in forms:
            if form:
                add(form, "region", region.code)
    # A prefecture's short name (宁波, 郑州) is also a word in product names (哈密瓜, 普洱茶, 绍兴酒): it is
    # read only before the words a release puts after a subject (scan, _short_name_ok).
    for region in REGIONS.values():
        if region.level == "prefecture" and region.short_zh and len(region.short_zh) >= 2:
            if _key(region.short_zh) not in table:
                add(region.short_zh, "region_short", region.code)
    for group in partner_groups.GROUPS.values():
        for form in (group.name, *group.aliases):
            add(form, "partner_group", group.name)
    for group in products.GROUPS.values():
        for form in (group.name, *group.aliases):
            add(form, "product_group", group.name)
    for partner in PARTNERS.values():
        if partner.iso3:
            for form in partner.names:
                add(form, "partner", partner.name_zh)
    # Names of the Hong Kong / Taiwan press (big5 gateways, 中新社 繁体).
    for form, name in PRESS_NAMES.items():
        table.setdefault(_key(form), ("partner", name))
    # The older term keeps its own name (the set of countries it meant differs from 共建“一带一路”国家).
    for form in ("“一带一路”沿线国家", "一带一路沿线国家", "\"一带一路\"沿线国家", "「一带一路」沿线国家"):
        table[_key(form)] = ("partner_group", "“一带一路”沿线国家")
    for short, name in PARTNER_SHORT.items():
        kind = table.get(name, ("partner", name))[0]
        for lead in "对自与同":
            table.setdefault(lead + short, (kind, name))
        table.setdefault("中" + short, ("pair", name))
    return table


def _nation_as_scope(text: str, start: int, end: int) -> bool:
    """全国/我国 as the yardstick of a comparison (领跑全国, 居全国第一, 高于全国平均, 全国首位), not as a subject.
    (全省 only after 居/列/跑: 位居全省前3位; 全省平均增速 is the whole a gap names.)"""
    return ((start > 0 and text[start - 1] in "占居列于跑超在比较")
            or text.startswith(("平均", "第", "首", "前", "同类"), end))


#: What follows a country that is the subject of a clause rather than a partner: 越南货物进出口…, 越南出口….
_COUNTRY_SUBJECT_NEXT = ("货物", "外贸", "对外贸易", "进出口", "出口", "进口")
#: What may stand before it: the start of a clause or sentence, a date (2025年越南…), or 据 (据越南海关统计).
_COUNTRY_SUBJECT_BEFORE = ",.;:!?年月度据"


def _country_as_subject(text: str, start: int, end: int) -> bool:
    """A country named at the head of a clause and followed by its own trade (越南出口1000亿美元), not after
    对/与/自 or inside a list (越南、泰国…) and not after 其中 (其中，越南进出口…: a partner of the page's region).
    Whether it is the subject or still a partner of the article's region is decided by the reader."""
    if start > 0 and text[start - 1] not in _COUNTRY_SUBJECT_BEFORE:
        return False
    if text[max(0, start - 3):start].startswith("其中"):
        return False
    return text.startswith(_COUNTRY_SUBJECT_NEXT, end) or text.startswith("海关", end)


def _short_ok(text: str, hit: str, end: int) -> bool:
    """A one-character partner (对美, 中欧) only before a trade word."""
    if len(hit) != 2 or hit[0] not in "对自与同中" or hit[1] not in PARTNER_SHORT:
        return True
    return end < len(text) and text[end] in _SHORT_BEFORE


@lru_cache(maxsize=1)
def _lengths() -> dict[str, tuple[int, ...]]:
    """For the first two characters of every name, the lengths of the names starting with them, longest first.

    A position of the text is then tried only against the lengths some name there could have,
    instead of every length up to the longest name.
    """
    lengths: dict[str, set[int]] = {}
    for name in names():
        lengths.setdefault(name[:2], set()).add(len(name))
    return {start: tuple(sorted(sizes, reverse=True)) for start, sizes in lengths.items()}


def scan(text: str, masked: list[bool]) -> list[Mention]:
    """Every name in `text` outside masked characters, longest match first, lists merged."""
    table = names()
    lengths = _lengths()
    found: list[Mention] = []
    i = 0
    while i < len(text):
        if masked[i]:
            i += 1
            continue
        hit = None
        for size in lengths.get(text[i:i + 2], ()):
            piece = text[i:i + size]
            if len(piece) == size and piece in table and not any(masked[i:i + size]):
                hit = piece
                break
        if hit is None:
            i += 1
            continue
        kind, name = table[hit]
        end = i + len(hit)
        if kind == "region_short":
            if not (end == len(text) or text[end] in _AFTER_SUBJECT or text.startswith(_AFTER_SUBJECT_WORDS, end)):
                i += 1
                continue
            kind = "region"
        if kind in ("pair", "partner", "partner_group") and not _short_ok(text, hit, end):
            i += 1
            continue
        if kind == "partner" and len(hit) > 1 and _country_as_subject(text, i, end):
            kind = "country"  # the reader makes it the subject only in an article about that country
        if (kind == "region" and name == "CN" and _nation_as_scope(text, i, end)) or \
                (kind == "self" and i > 0 and text[i - 1] in "居列跑"):
            i = end
            continue
        if kind == "region" and name != "CN":
            suffix = next((sfx for sfx in DISTRICT_SUFFIXES if text.startswith(sfx, end)), None)
            if suffix is not None:
                short = REGIONS[name].short_zh or hit
                found.append(Mention("district", short + DISTRICT_SUFFIXES[suffix], i, end + len(suffix)))
                i = end + len(suffix)
                continue
        if kind == "region" and text.startswith("海关", end):
            i = end
            continue
        found.append(Mention(kind, name, i, end))
        i = end
    codes = [Mention("product", m.group(1), m.start(), m.end()) for m in _HS_CODE.finditer(text)
             if not any(masked[m.start():m.end()])]
    return merge_lists(text, sorted(found + codes, key=lambda m: m.start))


_LIST_KINDS = {"partner": "partners", "partner_group": "partners", "region": "regions", "product_group": "products",
               "enterprise_type": "enterprises", "trade_mode": "trade_modes", "flow": "flows"}


def merge_lists(text: str, found: list[Mention]) -> list[Mention]:
    """A、B、C和D of one family become one list mention (a list already made takes more members)."""
    out: list[Mention] = []
    for m in found:
        prev = out[-1] if out else None
        if (prev is not None and m.kind == "list" and prev.kind in _LIST_KINDS and not prev.members
                and text[prev.end:m.start] in ("、", "和", "与", "及", "以及") and _LIST_KINDS[prev.kind] == m.name):
            out[-1] = Mention("list", m.name, prev.start, m.end, (prev, *m.members))
            continue
        prev = out[-1] if out else None
        if (prev is not None and m.kind in _LIST_KINDS and text[prev.end:m.start] in ("、", "和", "与", "及", "以及")
                and _LIST_KINDS.get(prev.kind if not prev.members else prev.members[0].kind) == _LIST_KINDS[m.kind]):
            members = (prev.members or (prev,)) + (m,)
            out[-1] = Mention("list", _LIST_KINDS[m.kind], members[0].start, m.end, members)
            continue
        out.append(m)
    return [Mention(m.kind, m.name, m.start, m.end, m.members, etc=text.startswith("等", m.end)) if m.members else m
            for m in out]


def union_group(members: tuple[Mention, ...]) -> str | None:
    """The product group that is exactly the union of the listed groups (光伏制造产品、锂电产品 → 新能源产品)."""
    listed = {m.name for m in members}
    for group in products.GROUPS.values():
        if group.union and set(group.union) == listed:
            return group.name
    return None


def region(code: str) -> Region:
    return REGIONS[code]


def subject_name(r: Region) -> str:
    """The reference name a figure record carries (中国, 青海省, 西宁市, 海西州)."""
    if r.level == "nation":
        return r.name_zh
    return r.common_zh or r.name_zh
