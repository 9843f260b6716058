"""English-language releases, read by glossing them into the wording of a Chinese release.

Customs and government English pages (China Daily, provincial English sites, translated 海关
releases) say exactly what the Chinese releases say, in a fixed vocabulary: "exports 12.13
trillion yuan, an increase of 6.9%", "up 16.4% year-on-year", "14.1 percentage points higher than
national average". Rather than a second reader, each English line is rewritten into that Chinese
wording (出口12.13万亿元,增长6.9%) with every output character carrying the offset of the English
it came from, so the one reader (rules, names, periods) reads both languages and spans still point
at the English text. Words outside the vocabulary are dropped: they carry no figure.

Amounts follow the corpus convention: "trillion yuan" → 万亿元 (same numeral), "billion yuan / U.S.
dollars" → 亿元/亿美元 with the numeral ×10 (572.81 billion → 5728.1亿), "million" → 万 ×100.
"""

from __future__ import annotations

import re
from functools import lru_cache

from waimao.claims.normalize import Mapped
from waimao.model import partner_groups, products
from waimao.model.partners import PARTNERS
from waimao.model.regions import REGIONS

_NUM = r"(\d+(?:\.\d+)?)"
_CURRENCY = r"(yuan|RMB|renminbi|(?:U\.?S\.? )?dollars|USD)"
_SCALE = {"trillion": ("万亿", 0), "billion": ("亿", 1), "million": ("万", 2)}
_MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september",
           "october", "november", "december"]
_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "two": 2, "three": 3, "four": 4, "five": 5,
             "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11}

#: Phrases → their wording in a Chinese release, longest first. Matched case-insensitively on word bounds.
_PHRASES: list[tuple[str, str]] = [
    (r"in dollar terms|in U\.?S\.? dollar terms|in terms of U\.?S\.? dollars", "以美元计价,"),
    (r"in yuan terms|in RMB terms|in renminbi terms", "以人民币计价,"),
    (r"trade surplus", "贸易顺差"), (r"trade deficit", "贸易逆差"),
    (r"import and export value|imports and exports|import and export|export-import value|export-import"
     r"|total foreign trade|foreign trade|total trade value|total trade|trade value|trade volume", "进出口"),
    (r"trade (?:ties )?with", "进出口对"), (r"bilateral trade with", "进出口对"),
    (r"export value|exports|export", "出口"), (r"import value|imports|import", "进口"),
    (r"percentage points?", "个百分点"), (r"percent", "%"),
    (r"year-on-year|year on year|YOY|\(the same below\)", ""),
    (r"month-on-month|from the previous month", "环比"),
    (r"an increase of|increase of|increased by|increased|increasing|growth of|grew by|grew|rose by|rose|rising"
     r"|surged by|surged|soared by|soared|jumped by|jumped|edged up by|edged up|up by|up", "增长"),
    (r"a (?:slight )?decline of|decline of|declined by|declined|declining|decreased by|decreased|decrease of"
     r"|fell by|fell|dropped by|dropped|edged down by|edged down|down by|down", "下降"),
    (r"an expansion of|expanding by|expanding|expanded by|expanded", "扩大"),
    (r"narrowed by|narrowed|narrowing", "收窄"),
    (r"accounting for|accounted for|accounts for|making up|representing", "占"),
    (r"of the total|of the city's total|of the province's total|of the country's total", ""),
    (r"general trade|ordinary trade", "一般贸易"), (r"processing trade", "加工贸易"),
    (r"bonded logistics", "保税物流"),
    (r"private enterprises|private companies|private firms", "民营企业"),
    (r"foreign-invested enterprises|foreign-funded enterprises|foreign enterprises", "外商投资企业"),
    (r"state-owned enterprises", "国有企业"),
    (r"in the first half of (?:the year|this year)|in the first half year|the first half of the year"
     r"|in the first half|the first half|first half of the year|first half year|first half", "上半年"),
    (r"(?:East|North|South|West|Southwest|Northwest|Northeast|Southeast|Central|Eastern|Southern|Northern|Western)"
     r" China", ""),
    (r"China's|China|the country's|nationwide", "中国"),
    (r"(?:other )?BRICS (?:nations|countries)", "金砖国家"),
    (r"among them|therein|of which|under this category|in this category|in this sector|under this sector", "其中"),
    (r"respectively", "分别"),
    (r"and|as well as", "和"),
]


_THIS = re.compile(r"(?:under|in) this (?:category|sector)", re.IGNORECASE)


def _shift(number: str, places: int) -> str:
    """The decimal numeral `number` × 10**places, written with the digits it has (572.81, 1 → 5728.1)."""
    whole, _, frac = number.partition(".")
    digits = whole + frac + "0" * max(0, places - len(frac))
    point = len(whole) + places
    out = digits[:point].lstrip("0") or "0"
    rest = digits[point:]
    return f"{out}.{rest}" if rest else out


@lru_cache(maxsize=1)
def _names() -> list[tuple[str, str]]:
    """English names of regions, partners, partner groups and product groups → the Chinese name."""
    pairs: dict[str, str] = {}
    for region in REGIONS.values():
        if region.name_en and region.level != "nation":
            zh = region.common_zh or region.name_zh
            for suffix in (" Province", " Municipality", " City", ""):
                pairs.setdefault(region.name_en + suffix, zh)
    for group in partner_groups.GROUPS.values():
        for name in (group.name_en, *group.aliases):
            if name and name.isascii() and len(name) > 2:
                pairs.setdefault(name, group.name)
    for group in products.GROUPS.values():
        for name in (group.name_en, *group.aliases):
            if name and name.isascii() and len(name) > 3:
                pairs.setdefault(name, group.name)
    for partner in PARTNERS.values():
        if partner.iso3:
            for name in (partner.name_en, *partner.aliases, partner.iso3 if partner.iso3 == "USA" else ""):
                if name and name.isascii() and len(name) > 2:
                    pairs.setdefault(name, partner.name_zh)
    for name, zh in (("the United States", "美国"), ("the US", "美国"), ("the U.S.", "美国"), ("the EU", "欧盟"),
                     ("the European Union", "欧盟"), ("ASEAN countries", "东盟"), ("South Korea", "韩国")):
        pairs[name] = zh
    return sorted(pairs.items(), key=lambda p: -len(p[0]))


@lru_cache(maxsize=1)
def _pattern() -> re.Pattern:
    amount = rf"(?P<amount>(?:\$\s?)?{_NUM}\s?(?P<scale>trillion|billion|million)(?:\s?{_CURRENCY})?)"
    gap = (rf"(?P<gap>{_NUM}\s?percentage points?\s(?P<gdir>higher|lower) than (?:the )?"
           r"(?P<gref>national average|national level|the national|nationwide)(?:\s(?:growth|rate))?)")
    moved = (rf"(?P<moved>(?P<mverb>[a-z]+(?: by)?)\s{_NUM}\s?(?:percent|%)\s(?:year-on-year\s)?to\s"
             rf"(?P<mamount>{_NUM}\s?(?:trillion|billion|million)\s?{_CURRENCY}))")
    period = (r"(?P<period>(?:in\s)?(?:the\s)?(?P<pfirst>first)\s(?P<pn>\w+)\s(?P<punit>months|quarters)"
              r"|(?:in\s)?(?P<month>" + "|".join(_MONTHS) + r")(?:\s(?:alone|\d{4}))?"
              r"|(?:in\s)?(?:the\s)?(?P<qn>first|second|third|fourth)\squarter)")
    months = "|".join(_MONTHS)
    mom = (rf"(?P<mom>(?P<momverb>up|down|increased|decreased|rose|fell|grew)(?: by)?\s{_NUM}\s?(?:%|percent)"
           rf"\s(?:month-on-month\s)?from\s(?:{months}|the previous month|last month))")
    names = "|".join(re.escape(n) for n, _ in _names())
    phrases = "|".join(f"(?:{p})" for p, _ in _PHRASES)
    return re.compile(rf"{mom}|{gap}|{moved}|{amount}|{period}|(?P<name>\b(?:{names})\b)"
                      rf"|(?P<phrase>\b(?:{phrases})(?![\w-]))"
                      rf"|(?P<num>{_NUM}\s?%?)|(?P<punct>[,;:])|(?P<stop>\.(?=\s|$))", re.IGNORECASE)


def _amount(m: re.Match, number: str, scale: str, currency: str | None, dollar: bool) -> str:
    unit, places = _SCALE[scale.lower()]
    usd = dollar or (currency is not None and "dollar" in currency.lower()) or (currency or "").upper() == "USD"
    return _shift(number, places) + unit + ("美元" if usd else "元")


def is_english(text: str) -> bool:
    """A line written in English: mostly Latin letters, no Chinese characters."""
    letters = sum(ch.isascii() and ch.isalpha() for ch in text)
    return letters >= 20 and not re.search(r"[\u3400-\u9fff]", text)


def gloss(line: Mapped) -> Mapped:
    """The line rewritten in a Chinese release's wording; each character keeps the offset it came from."""
    text = line.text
    names = {n.lower(): zh for n, zh in _names()}
    phrase_table = [(re.compile(rf"(?:{p})$", re.IGNORECASE), zh) for p, zh in _PHRASES]
    parts: list[Mapped] = []

    clause_start = 0  # index in parts where the current clause begins
    sentence_start = 0

    def emit(s: str, at: int) -> None:
        if s:
            parts.append(Mapped(s, (line.pos[at],) * len(s)))

    def emit_period(s: str, at: int) -> None:
        """English puts the period after the figure (… 2.46 trillion yuan in the first seven months); a
        Chinese release puts it first, where the reader looks for it: at the head of the clause."""
        nonlocal clause_start
        parts.insert(clause_start, Mapped(s + ",", (line.pos[at],) * (len(s) + 1)))
        clause_start += 1

    def emit_number(s: str, start: int, end: int) -> None:
        """A numeral: its characters map onto the original numeral's, the last ones onto its end."""
        pos = tuple(line.pos[min(start + k, end - 1) if k < len(s) - 1 else end - 1] for k in range(len(s)))
        parts.append(Mapped(s, pos))

    for m in _pattern().finditer(text):
        g = m.groupdict()
        if g["mom"]:
            verb = "下降" if g["momverb"].lower() in ("down", "decreased", "fell") else "增长"
            i = m.re.groupindex["momverb"] + 1
            emit("环比" + verb, m.start())
            emit_number(m.group(i) + "%", m.start(i), m.end(i))
        elif g["gap"]:
            word = "高于" if g["gdir"].lower() == "higher" else "低于"
            emit(word + "全国", m.start())
            i = m.re.groupindex["gap"] + 1
            emit_number(m.group(i), m.start(i), m.end(i))
            emit("个百分点", m.end() - 1)
        elif g["moved"]:
            verb = next((zh for rx, zh in phrase_table if rx.match(g["mverb"])), None)
            verb = "增长" if verb == "扩大" else verb
            if verb not in ("增长", "下降"):
                continue
            if not any(f in p.text for p in parts[clause_start:] for f in ("进出口", "出口", "进口")):
                emit("进出口", m.start())  # processing trade declined 2.9 percent to …: the amount traded
            pct_i = m.re.groupindex["mverb"] + 1
            amt = re.match(rf"{_NUM}\s?(trillion|billion|million)\s?{_CURRENCY}", g["mamount"], re.IGNORECASE)
            a0 = m.start("mamount")
            emit_number(_amount(amt, amt[1], amt[2], amt[3], False), a0, m.end())
            emit(",", a0)
            emit(verb, m.start("mverb"))
            emit_number(m.group(pct_i) + "%", m.start(pct_i), m.end(pct_i))
        elif g["amount"]:
            am = re.search(rf"{_NUM}\s?(trillion|billion|million)(?:\s?{_CURRENCY})?", g["amount"], re.IGNORECASE)
            s = _amount(am, am[1], am[2], am[3], g["amount"].startswith("$"))
            if g["amount"].startswith("$"):  # a conversion in brackets restates the figure before it
                emit("(", m.start())
                emit_number(s, m.start(), m.end())
                emit(")", m.end() - 1)
            else:
                emit_number(s, m.start(), m.end())
        elif g["period"]:
            if g["pfirst"]:
                n = _ORDINALS.get(g["pn"].lower()) or (int(g["pn"]) if g["pn"].isdigit() else None)
                if n:
                    emit_period(f"前{n}个月" if g["punit"].lower() == "months" else f"前{n}季度", m.start())
            elif g["month"]:
                emit_period(f"{_MONTHS.index(g['month'].lower()) + 1}月份", m.start())
            elif g["qn"]:
                emit_period("一二三四"[_ORDINALS[g["qn"].lower()] - 1] + "季度", m.start())
        elif g["name"]:
            emit(names.get(g["name"].lower(), ""), m.start())
        elif g["phrase"]:
            zh = next((zh for rx, zh in phrase_table if rx.match(g["phrase"])), "")
            if zh == "上半年":
                emit_period(zh, m.start())
            elif zh == "其中" and _THIS.fullmatch(g["phrase"]):
                # Exports under this category surged…: the sentence goes on about the previous one's slice.
                parts.insert(sentence_start, Mapped("其中,", (line.pos[m.start()],) * 3))
                clause_start += 1
            else:
                emit(zh, m.start())
        elif g["num"]:
            s = g["num"].replace(" ", "")
            emit_number(s, m.start(), m.end())
        elif g["punct"]:
            emit(g["punct"], m.start())
            clause_start = len(parts)
        elif g["stop"]:
            emit("。", m.start())
            clause_start = sentence_start = len(parts)
    return Mapped.join(parts)
