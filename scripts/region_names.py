"""Chinese and English names of regions and zones, for scripts/generate_regions.py.

Why a module of its own: the naming rules (short names without the 市/自治州 suffix and the ethnic
groups, the English suffix of each kind, pinyin with the customary exceptions, the kind of a zone from
the words of its customs name) are facts about names, separate from how the customs codes are placed.
Needs pypinyin (generation time only).
"""

from __future__ import annotations

import re

from pypinyin import lazy_pinyin

ETHNIC = {  # name in 自治州/自治县 → English
    "蒙古": "Mongol", "藏": "Tibetan", "回": "Hui", "彝": "Yi", "苗": "Miao", "土家": "Tujia", "侗": "Dong",
    "布依": "Bouyei", "壮": "Zhuang", "哈尼": "Hani", "傣": "Dai", "白": "Bai", "景颇": "Jingpo", "傈僳": "Lisu",
    "朝鲜": "Korean", "哈萨克": "Kazak", "柯尔克孜": "Kirgiz", "羌": "Qiang", "黎": "Li", "瑶": "Yao",
    "维吾尔": "Uygur", "满": "Manchu", "畲": "She", "仡佬": "Gelao", "水": "Sui", "土": "Tu", "撒拉": "Salar",
    "东乡": "Dongxiang", "保安": "Bonan", "裕固": "Yugur", "纳西": "Naxi", "拉祜": "Lahu", "佤": "Va",
    "布朗": "Blang", "普米": "Pumi", "怒": "Nu", "独龙": "Derung", "锡伯": "Xibe", "塔吉克": "Tajik",
    "达斡尔": "Daur", "鄂温克": "Ewenki", "鄂伦春": "Oroqen", "毛南": "Maonan", "仫佬": "Mulao", "京": "Gin",
}
_ETHNIC_RE = re.compile("(?:" + "|".join(sorted(ETHNIC, key=len, reverse=True)) + ")族?$")

#: Official or customary English forms where the pinyin of the Chinese name is not what is used.
ENGLISH = {
    "呼和浩特": "Hohhot", "呼伦贝尔": "Hulunbuir", "鄂尔多斯": "Ordos", "巴彦淖尔": "Bayannur",
    "乌兰察布": "Ulanqab", "兴安": "Hinggan", "锡林郭勒": "Xilingol", "阿拉善": "Alxa", "拉萨": "Lhasa",
    "日喀则": "Xigaze", "昌都": "Qamdo", "林芝": "Nyingchi", "那曲": "Nagqu", "阿里": "Ngari",
    "乌鲁木齐": "Urumqi", "克拉玛依": "Karamay", "吐鲁番": "Turpan", "博尔塔拉": "Bortala",
    "巴音郭楞": "Bayingolin", "阿克苏": "Aksu", "克孜勒苏": "Kizilsu", "喀什": "Kashgar", "和田": "Hotan",
    "伊犁": "Ili", "塔城": "Tacheng", "阿勒泰": "Altay", "果洛": "Golog", "甘孜": "Garze", "阿坝": "Ngawa",
    "大兴安岭": "Da Hinggan Ling", "二连浩特": "Erenhot", "陕西": "Shaanxi", "番禺": "Panyu", "六安": "Lu'an",
    "蚌埠": "Bengbu",
    "丽水": "Lishui", "丽江": "Lijiang", "乐山": "Leshan", "厦门": "Xiamen", "重庆": "Chongqing",
    "长沙": "Changsha", "长春": "Changchun", "长治": "Changzhi", "朝阳": "Chaoyang", "六盘水": "Liupanshui",
    "东莞": "Dongguan", "大理": "Dali", "石嘴山": "Shizuishan", "漯河": "Luohe", "亳州": "Bozhou",
    "儋州": "Danzhou", "涪陵": "Fuling", "綦江": "Qijiang", "秀山": "Xiushan", "曾都": "Zengdu",
    "长寿": "Changshou", "乐东": "Ledong", "单县": "Shanxian", "屯昌": "Tunchang", "蓟州": "Jizhou",
    "郧阳": "Yunyang", "巴中": "Bazhong", "珲春": "Hunchun", "莎车": "Shache", "洋浦": "Yangpu",
    "沙坪坝": "Shapingba", "闵行": "Minhang", "中关村": "Zhongguancun", "霍尔果斯": "Horgos", "大渡口": "Dadukou",
    "濮阳": "Puyang", "铜梁": "Tongliang", "五家渠": "Wujiaqu",
}

#: Zone kinds by the words of the customs name, most specific first: (word, kind, English, short suffix).
ZONE_KINDS = [
    ("综合保税区", "综合保税区", "Comprehensive Bonded Zone", "综保区"),
    ("保税港区", "保税港区", "Bonded Port Area", ""),
    ("保税物流中心", "保税物流中心", "Bonded Logistics Center", ""),
    ("保税物流园", "保税物流园区", "Bonded Logistics Park", ""),
    ("出口加工区", "出口加工区", "Export Processing Zone", ""),
    ("保税区", "保税区", "Bonded Zone", ""),
    ("经济技术开发区", "经济技术开发区", "Economic and Technological Development Zone", "经开区"),
    ("高新技术产业开发区", "高新技术产业开发区", "High-tech Industrial Development Zone", "高新区"),
    ("高新技术开发区", "高新技术产业开发区", "High-tech Industrial Development Zone", "高新区"),
    ("高技术产业开发区", "高新技术产业开发区", "High-tech Industrial Development Zone", "高新区"),
    ("新技术产业园区", "高新技术产业开发区", "New Technology Industrial Park", ""),
    ("科技工业园", "高新技术产业开发区", "Science and Technology Industrial Park", ""),
    ("科技园区", "高新技术产业开发区", "Science and Technology Park", ""),
    ("国家自主创新示范区", "国家自主创新示范区", "National Innovation Demonstration Zone", ""),
    ("边境经济合作区", "边境经济合作区", "Border Economic Cooperation Zone", ""),
    ("合作中心", "边境合作区", "International Border Cooperation Center", ""),
    ("跨境工业区", "跨境工业区", "Cross-border Industrial Zone", ""),
    ("经济开发区", "经济技术开发区", "Economic Development Zone", "经开区"),
    ("开发区", "经济技术开发区", "Development Zone", "开发区"),
    ("新区", "国家级新区", "New Area", ""),
    ("实验区", "国家级新区", "Comprehensive Experimental Zone", ""),
    ("试验区", "国家级新区", "Pilot Zone", ""),
    ("特区", "经济特区", "Special Economic Zone", ""),
    ("陆港", "保税物流中心", "Inland Port", ""),
    ("农业高新技术产业示范区", "高新技术产业开发区", "Agricultural Hi-tech Industries Demonstration Zone", ""),
    ("工业园区加工区", "出口加工区", "Industrial Park Processing Zone", ""),
    ("工业园区", "经济技术开发区", "Industrial Park", ""),
    ("物流中心", "保税物流中心", "Logistics Center", ""),
    ("空港", "其他园区", "Airport Zone", ""),
]

# -- names -----------------------------------------------------------------------------------------


def pinyin(text: str) -> str:
    """Pinyin of a Chinese place name as one capitalised word (Xi'an, Guangzhou)."""
    if text in ENGLISH:
        return ENGLISH[text]
    for zh, en in sorted(ENGLISH.items(), key=lambda kv: -len(kv[0])):
        if text.startswith(zh) and len(text) > len(zh):
            return en + pinyin(text[len(zh):]).lower().replace(" ", "")
    out = ""
    for i, syllable in enumerate(s for s in lazy_pinyin(text) if s.strip()):
        syllable = re.sub(r"[^a-züv']", "", syllable.lower()).replace("ü", "v").replace("v", "u")
        if i and syllable[:1] in ("a", "o", "e"):
            out += "'"
        out += syllable
    return out[:1].upper() + out[1:]


#: Chinese place names known to the generator (filled from the inputs), for splitting zone names into words.
PLACES: set[str] = set()


def place_words(text: str) -> str:
    """上海闵行 → 'Shanghai Minhang': known place names become words of their own, the rest one word each."""
    words, i, other = [], 0, ""
    while i < len(text):
        for size in range(min(6, len(text) - i), 1, -1):
            if text[i:i + size] in PLACES:
                if other:
                    words.append(pinyin(other))
                    other = ""
                words.append(pinyin(text[i:i + size]))
                i += size
                break
        else:
            other += text[i]
            i += 1
    if other:
        words.append(pinyin(other))
    return " ".join(words)


def strip_ethnic(name: str) -> tuple[str, list[str]]:
    """海西蒙古族藏族 → (海西, [蒙古, 藏])."""
    found: list[str] = []
    while True:
        m = _ETHNIC_RE.search(name)
        if not m or m.start() < 2:
            return name, found[::-1]
        found.append(m.group(0).rstrip("族"))
        name = name[: m.start()]


def ethnic_en(groups: list[str]) -> str:
    names = [ETHNIC[g] for g in groups]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def admin_names(name: str) -> dict[str, str]:
    """Kind, short and common names and English of a GB/T 2260 unit from its full Chinese name."""
    for suffix, kind, en in (("自治州", "自治州", "Autonomous Prefecture"), ("自治县", "自治县", "Autonomous County"),
                             ("自治旗", "自治旗", "Autonomous Banner")):
        if name.endswith(suffix):
            short, groups = strip_ethnic(name[: -len(suffix)])
            common = short + "州" if kind == "自治州" else name
            return {"kind": kind, "short_zh": short, "common_zh": common,
                    "name_en": f"{pinyin(short)} {ethnic_en(groups)} {en}" if groups else f"{pinyin(short)} {en}"}
    for suffix, kind, en in (("地区", "地区", " Prefecture"), ("盟", "盟", " League"),
                             ("林区", "林区", " Forestry District"),
                             ("新区", "区", " New Area"), ("区", "区", " District"), ("县", "县", " County"),
                             ("旗", "旗", " Banner"), ("市", "市", "")):
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            short = name[: -len(suffix)]
            return {"kind": kind, "short_zh": short, "common_zh": name, "name_en": pinyin(short) + en}
    for suffix, kind, en in (("县", "县", " County"), ("区", "区", " District")):
        if name.endswith(suffix):  # 忠县: a one-character name keeps its suffix in the short form
            return {"kind": kind, "short_zh": name, "common_zh": name, "name_en": pinyin(name[:-1]) + en}
    return {"kind": "", "short_zh": name, "common_zh": name, "name_en": pinyin(name)}


def zone_names(name: str, province: str) -> dict[str, str]:
    """Kind, short name and English of a zone from its customs name."""
    base = re.sub(r"[（(].*?[）)]", "", name)
    paren = re.findall(r"[（(](.*?)[）)]", name)
    for word, kind, en, short_suffix in ZONE_KINDS:
        if word in base:
            place = base[: base.index(word)]
            rest = base[base.index(word) + len(word):]
            break
    else:
        kind, en, short_suffix, place, rest = "其他园区", "Zone", "", base, ""
    place_en = ", ".join(place_words(p) for p in re.split("[、，,或]", place) if p) if place else ""
    en_name = f"{place_en} {en}".strip()
    if rest:
        en_name += " " + place_words(rest)
    extra = [p for p in paren if p]
    if extra:
        inner = extra[0]
        inner_en = ("Type B" if inner == "B型" else
                    "Phase I" if inner == "一期" else
                    place_words(inner[:-1]) + " Park" if inner.endswith("园") else
                    place_words(inner[:-2]) + " Area" if inner.endswith("区域") else
                    place_words(inner))
        en_name += f" ({inner_en})"
    short = name.replace(word, short_suffix, 1) if short_suffix and place else name
    return {"kind": kind, "short_zh": short, "common_zh": name, "name_en": en_name}


def stem(name: str) -> str:
    """The place part of a customs unit name: 郑州其他 → 郑州, 滨海新区(塘沽其他) → 滨海新区."""
    name = re.sub(r"[（(].*?[）)]", "", name)
    name = re.sub(r"^(?:重庆市|山东省)", "", name)
    name = re.sub(r"其他$", "", name)
    for suffix in ("市", "区", "县"):
        if name.endswith(suffix) and len(name) - 1 >= 2:
            return name[:-1]
    return name
