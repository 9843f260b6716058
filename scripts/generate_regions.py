"""Generate src/waimao/model/data/regions.csv and region_counties.csv from public lists.

Why a script: the region table has 1,120 rows (every customs domestic region code, every
prefecture-level unit of GB/T 2260, the development and bonded zones the customs codes name), too
many to keep by hand, and the customs codes do not follow GB/T 2260 (番禺 is 4423 but lies in
广州 4401; 41249 is a county of 焦作). The script joins three public lists, applies the overrides
written below (each with its reason), checks the result and writes the two CSVs. It runs at
development time only; the package reads the CSVs.

Inputs (see docs/reference-tables.md for where to get them and their dates):
  --customs    CusDistrict.json: China Customs Single Window parameter table of domestic region
               codes (境内目的地/货源地), 1,088 codes, as published in guoyunhe/singlewindow.
  --divisions  CusQualAdDivCode.json: the Single Window's table of GB/T 2260 divisions with the
               4-character customs domestic region (DOM_REGION_CD) each county belongs to.
  --nbs        a directory with provinces.csv, cities.csv, areas.csv: the National Bureau of
               Statistics' statistical division codes (统计用区划代码, 2023 edition), as published in
               modood/Administrative-divisions-of-China.

Usage:
  python scripts/generate_regions.py --customs CusDistrict.json --divisions CusQualAdDivCode.json \
      --nbs dist/ --out src/waimao/model/data
Needs pypinyin (pip install 'waimao[refdata]') for the English names (scripts/region_names.py).
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

from region_names import PLACES, admin_names, stem, zone_names

# -- hand-kept rows and facts ----------------------------------------------------------------------

#: The nation and the provinces, as the customs statistics platform names them (kept by hand).
HEAD = """\
code,level,kind,parent,gb_code,name_zh,common_zh,short_zh,name_en,aliases
CN,nation,国家,,,中国,全国,全国,China,中华人民共和国|PRC|People's Republic of China|nationwide
11,province,直辖市,CN,110000,北京市,北京市,北京,Beijing,
12,province,直辖市,CN,120000,天津市,天津市,天津,Tianjin,
13,province,省,CN,130000,河北省,河北省,河北,Hebei,
14,province,省,CN,140000,山西省,山西省,山西,Shanxi,
15,province,自治区,CN,150000,内蒙古自治区,内蒙古自治区,内蒙古,Inner Mongolia,Nei Mongol|Inner Mongolia Autonomous Region
21,province,省,CN,210000,辽宁省,辽宁省,辽宁,Liaoning,
22,province,省,CN,220000,吉林省,吉林省,吉林,Jilin,
23,province,省,CN,230000,黑龙江省,黑龙江省,黑龙江,Heilongjiang,
31,province,直辖市,CN,310000,上海市,上海市,上海,Shanghai,
32,province,省,CN,320000,江苏省,江苏省,江苏,Jiangsu,
33,province,省,CN,330000,浙江省,浙江省,浙江,Zhejiang,
34,province,省,CN,340000,安徽省,安徽省,安徽,Anhui,
35,province,省,CN,350000,福建省,福建省,福建,Fujian,
36,province,省,CN,360000,江西省,江西省,江西,Jiangxi,
37,province,省,CN,370000,山东省,山东省,山东,Shandong,
41,province,省,CN,410000,河南省,河南省,河南,Henan,
42,province,省,CN,420000,湖北省,湖北省,湖北,Hubei,
43,province,省,CN,430000,湖南省,湖南省,湖南,Hunan,
44,province,省,CN,440000,广东省,广东省,广东,Guangdong,
45,province,自治区,CN,450000,广西壮族自治区,广西壮族自治区,广西,Guangxi,Guangxi Zhuang Autonomous Region
46,province,省,CN,460000,海南省,海南省,海南,Hainan,
50,province,直辖市,CN,500000,重庆市,重庆市,重庆,Chongqing,
51,province,省,CN,510000,四川省,四川省,四川,Sichuan,
52,province,省,CN,520000,贵州省,贵州省,贵州,Guizhou,
53,province,省,CN,530000,云南省,云南省,云南,Yunnan,
54,province,自治区,CN,540000,西藏自治区,西藏自治区,西藏,Tibet,Xizang|Xizang Autonomous Region|Tibet Autonomous Region
61,province,省,CN,610000,陕西省,陕西省,陕西,Shaanxi,
62,province,省,CN,620000,甘肃省,甘肃省,甘肃,Gansu,
63,province,省,CN,630000,青海省,青海省,青海,Qinghai,
64,province,自治区,CN,640000,宁夏回族自治区,宁夏回族自治区,宁夏,Ningxia,Ningxia Hui Autonomous Region
65,province,自治区,CN,650000,新疆维吾尔自治区,新疆维吾尔自治区,新疆,Xinjiang,Xinjiang Uygur Autonomous Region
"""

MUNICIPALITIES = {"11", "12", "31", "50"}
#: NBS groups these under a pseudo-prefecture; each county under it is its own unit here.
PSEUDO = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}

#: Customs 4-character prefixes placed by hand: GB/T 2260 prefecture (4 digits) or county (6 digits).
#: Needed where the customs name is a former unit or a typo, or the division table disagrees with it.
PREFIX_GB = {
    "1103": "110101",  # 崇文区, merged into 东城区 in 2010
    "1104": "110102",  # 宣武区, merged into 西城区 in 2010
    "1114": "110112",  # 通县 = 通州区
    "1218": "120119",  # 蓟县 = 蓟州区 since 2016
    "1331": "1306",  # 河北雄安新区: 雄县, 容城, 安新 of 保定
    "2118": "211281",  # 铁法 = 调兵山市 of 铁岭 (the division table maps 211281 here)
    "2120": "211282",  # 开源 (sic) = 开原市 of 铁岭
    "2313": "2301",  # 松花江地区, merged into 哈尔滨 in 1996
    "3102": "310101", "3103": "310101",  # 南市, 卢湾: merged into 黄浦区
    "3108": "310106",  # 闸北, merged into 静安区 in 2015
    "3115": "310115", "3116": "310115",  # 川沙, 南汇: 浦东新区
    "3254": "3204",  # 武进综合保税区 (常州)
    "3256": "3206",  # 江苏海安保税物流中心 (海安, 南通)
    "3352": "3302",  # 宁波镇海保税物流中心
    "3415": "340181",  # 巢湖: the county-level 巢湖市 of 合肥 since 2011
    "3720": "370116",  # 莱芜: merged into 济南 in 2019
    "3727": "371082",  # 荣城 (sic) = 荣成市 of 威海
    "4124": "410882",  # named 泌阳, but the division table maps 沁阳市 (410882, 焦作) here; 泌阳县 → 4115
    "4214": "4228",  # 鄂西 = 恩施土家族苗族自治州
    "4250": "4201",  # 武汉新港空港综合保税区
    "4318": "430681",  # 汩罗 (sic) = 汨罗市 of 岳阳
    "4453": "4403",  # 深圳盐田综合保税区（一期）
    "4469": "4419",  # 东莞清溪保税物流中心
    "5010": "500110",  # 万盛区, merged into 綦江区 in 2011
    "5011": "500111",  # 双桥区, merged into 大足区 in 2011
    "5034": "500154",  # 开县 = 开州区
    "5116": "5117",  # 达县 (达州)
    "5151": "5101",  # 成都铁路保税物流中心
    "5250": "5201",  # 贵安新区 (贵阳)
    "5318": "5331",  # 畹町, merged into 瑞丽 (德宏) in 1999
    "5351": "5301",  # 腾俊国际陆港 (昆明)
    "6403": "6403",  # 吴中 (sic) = 吴忠市
}
#: Prefixes of former units that lie in several of today's prefectures: rows of their own.
FORMER = {"1407": ("雁北地区", "Yanbei (former prefecture)")}

#: Names of former units (merged into another district or city) whose customs name is not the full name.
FORMER_NAMES = {"12089": "汉沽区", "12099": "大港区", "31029": "南市区", "31039": "卢湾区", "31089": "闸北区",
                "31159": "川沙县", "31169": "南汇区", "53189": "畹町市", "23139": "松花江地区"}
#: Extra names (former names and common forms) by stored code.
ALIASES = {
"15129": ["伊克昭盟"], "15089": ["哲里木盟"], "15079": ["呼伦贝尔盟"],
    "15109": ["乌兰察布盟"], "15119": ["巴彦淖尔盟"], "42069": ["襄樊", "襄樊市"], "53099": ["思茅", "思茅市"],
}
#: Hand-kept values for rows that the bulletins already print (the Qinghai demo): field → value.
KEEP = {
    "63039": {"aliases": "Haibei"}, "63049": {"aliases": "Huangnan"},
    "63069": {"aliases": "Golog|Guoluo"}, "63079": {"aliases": "Yushu"}, "63089": {"aliases": "Haixi"},
    "63019": {"aliases": "Xining City"}, "63029": {"aliases": "Haidong City"},
    "63909": {"name_zh": "青海其他", "common_zh": "青海其他", "short_zh": "青海其他",
              "name_en": "Other areas of Qinghai"},
    "63012": {"short_zh": "西宁经开区", "aliases": "西宁开发区",
              "name_en": "Xining Economic and Technological Development Zone"},
    "63013": {"short_zh": "青海高新区", "name_en": "Qinghai High-tech Industrial Development Zone"},
    "63016": {"short_zh": "西宁综保区", "name_en": "Xining Comprehensive Bonded Zone"},
    "6302W": {"short_zh": "曹家堡保税物流中心", "name_en": "Qinghai Caojiabao Bonded Logistics Center (Type B)"},
    "63082": {"short_zh": "格尔木昆仑经开区", "aliases": "昆仑经济技术开发区",
              "name_en": "Golmud Kunlun Economic and Technological Development Zone"},
}

# -- building ----------------------------------------------------------------------------------------


class Inputs:
    def __init__(self, customs: Path, divisions: Path, nbs: Path):
        self.customs = json.loads(customs.read_text(encoding="utf-8"))
        self.divisions = json.loads(divisions.read_text(encoding="utf-8"))
        self.cities = {r["code"]: r["name"] for r in csv.DictReader((nbs / "cities.csv").open(encoding="utf-8"))}
        self.areas = {r["code"]: (r["name"], r["cityCode"])
                      for r in csv.DictReader((nbs / "areas.csv").open(encoding="utf-8"))}
        provinces = [r["name"] for r in csv.DictReader((nbs / "provinces.csv").open(encoding="utf-8"))]
        for name in [*provinces, *self.cities.values(), *(n for n, _ in self.areas.values())]:
            if name not in PSEUDO:
                bare = re.sub("(省|市|自治区|壮族|回族|维吾尔)+$", "", name)
                PLACES.update({name, admin_names(name)["short_zh"], bare})


def match_prefix(inputs: Inputs, prefix: str, unit_name: str | None) -> tuple[str, str]:
    """(GB target, how): a prefecture (4 digits) or county (6 digits) for a customs prefix."""
    province = prefix[:2]
    if prefix in PREFIX_GB:
        return PREFIX_GB[prefix], "override"
    if unit_name:
        s = stem(unit_name)
        for code, name in sorted(inputs.cities.items()):
            if code[:2] == province and name not in PSEUDO and name.startswith(s):
                return code, "name"
        for code, (name, city) in sorted(inputs.areas.items()):
            if code[:2] == province and (name.startswith(s) or name == unit_name):
                return code, "county"
    votes = Counter(d["AD_DIV_CD"][:4] for d in inputs.divisions if d.get("DOM_REGION_CD") == prefix)
    if not votes:
        raise SystemExit(f"customs prefix {prefix} ({unit_name}): no name match and no division; add to PREFIX_GB")
    best = votes.most_common(1)[0][0]
    if inputs.cities.get(best) in PSEUDO:
        counties = [d["AD_DIV_CD"] for d in inputs.divisions if d.get("DOM_REGION_CD") == prefix]
        return counties[0], "division"
    return best, "division"


def unit_of(inputs: Inputs, target: str) -> str:
    """The unit a GB target counts in: its prefecture, or the county itself under a pseudo-prefecture."""
    if len(target) == 4:
        return target
    city = target[:4]
    return target if inputs.cities.get(city) in PSEUDO or city not in inputs.cities else city


def build(inputs: Inputs) -> tuple[list[dict], list[tuple[str, str]]]:
    rows = list(csv.DictReader(io.StringIO(HEAD)))
    by_prefix: dict[str, list[dict]] = defaultdict(list)
    for d in inputs.customs:
        by_prefix[d["DISTRICT_CODE"][:4]].append(d)
    unit_code = {}
    for prefix, codes in by_prefix.items():
        names = {d["DISTRICT_CODE"]: d["DISTRICT_NAME"] for d in codes}
        own = prefix + "9" if prefix + "9" in names else prefix + "1" if prefix[:2] == "46" and prefix + "1" in names \
            else None
        unit_code[prefix] = own
    # 1. each prefix → its GB unit
    placed: dict[str, tuple[str, str, str]] = {}  # prefix → (unit, target, how)
    for prefix in sorted(by_prefix):
        own = unit_code[prefix]
        name = next(d["DISTRICT_NAME"] for d in by_prefix[prefix] if d["DISTRICT_CODE"] == own) if own else None
        if prefix[2:4] == "90" or prefix in FORMER:
            placed[prefix] = ("other:" + prefix, "", "other")
            continue
        target, how = match_prefix(inputs, prefix, name)
        placed[prefix] = (unit_of(inputs, target), target, how)
    # 2. group prefixes by unit; the main prefix names the unit row
    units: dict[str, list[str]] = defaultdict(list)
    for prefix, (unit, _, _) in placed.items():
        units[unit].append(prefix)
    customs_name = {d["DISTRICT_CODE"]: d["DISTRICT_NAME"] for d in inputs.customs}
    prefix_owner: dict[str, str] = {}
    county_rows, unit_rows = [], []
    for unit, prefixes in sorted(units.items(), key=lambda kv: min(kv[1])):
        def rank(p: str) -> tuple:
            _, target, how = placed[p]
            return (unit_code[p] is None, target != unit, how == "override", p)
        prefixes.sort(key=rank)
        main = prefixes[0]
        code = unit_code[main]
        if code is None:
            raise SystemExit(f"unit {unit}: no customs unit code among {prefixes}")
        province = main[:2]
        if placed[main][2] == "other":
            if main in FORMER:
                zh, en = FORMER[main]
                names = {"kind": "原地区", "short_zh": zh[:-2], "common_zh": zh, "name_en": en}
                row = {"name_zh": zh, **names, "gb_code": ""}
            else:
                pname = next(r for r in rows if r["code"] == province)
                zh = pname["short_zh"] + "其他"
                row = {"name_zh": zh, "kind": "其他", "short_zh": zh, "common_zh": zh, "gb_code": "",
                       "name_en": f"Other areas of {pname['name_en']}"}
        elif len(unit) == 4:
            row = {"name_zh": inputs.cities[unit], **admin_names(inputs.cities[unit]), "gb_code": unit + "00"}
        else:
            row = {"name_zh": inputs.areas[unit][0], **admin_names(inputs.areas[unit][0]), "gb_code": unit}
            if province not in MUNICIPALITIES:
                row["kind"] = "省直辖" + row["kind"]
        row.update(code=code, level="prefecture", parent=province, customs_zh=customs_name[code],
                   prefixes="|".join(sorted(prefixes)) if len(prefixes) > 1 else "",
                   aliases="|".join(ALIASES.get(code, [])))
        unit_rows.append(row)
        for p in prefixes:
            prefix_owner[p] = code
            own = unit_code[p]
            if p == main or own is None:
                continue
            _, target, how = placed[p]
            if len(target) == 6 and target in inputs.areas and target != unit:
                names = admin_names(inputs.areas[target][0])
                names.update(name_zh=inputs.areas[target][0], gb_code=target)
                names["kind"] = "县级" + names["kind"] if names["kind"] == "市" else names["kind"]
            else:
                zh = FORMER_NAMES.get(own) or re.sub("其他$", "", customs_name[own])
                names = {**admin_names(zh), "name_zh": zh, "kind": "原行政区", "gb_code": ""}
            county_rows.append({**names, "code": own, "level": "county", "parent": code,
                                "customs_zh": customs_name[own], "prefixes": "", "aliases": ""})
    # 3. zones: every other code, in the unit that owns its prefix
    zone_rows = []
    taken = {r["code"] for r in unit_rows + county_rows}
    for d in inputs.customs:
        code = d["DISTRICT_CODE"]
        if code in taken:
            continue
        zone_rows.append({"code": code, "level": "zone", "parent": prefix_owner[code[:4]], "gb_code": "",
                          "name_zh": d["DISTRICT_NAME"], **zone_names(d["DISTRICT_NAME"], code[:2]),
                          "customs_zh": d["DISTRICT_NAME"], "prefixes": "", "aliases": ""})
    out = rows + unit_rows + county_rows + zone_rows
    for row in out:
        row.update(KEEP.get(row["code"], {}))
    # 4. GB/T 2260 counties → stored code: the county row or unit they are, else the row their customs
    #    prefix names when that lies in the county's own prefecture, else their prefecture's row.
    gb_row = {r["gb_code"]: r["code"] for r in unit_rows + county_rows if r["gb_code"]}
    unit_of_row = {r["code"]: r["code"] for r in unit_rows} | {r["code"]: r["parent"] for r in county_rows}
    prefecture_row = {r["gb_code"][:4]: r["code"] for r in unit_rows if r["gb_code"].endswith("00")}
    county_row = {r["code"][:4]: r["code"] for r in county_rows}
    division = {d["AD_DIV_CD"]: d.get("DOM_REGION_CD") for d in inputs.divisions}
    counties: dict[str, str] = {}
    for county in sorted(set(inputs.areas) | {c for c, p in division.items() if p and not c.endswith("00")}):
        if county in gb_row:
            counties[county] = gb_row[county]
            continue
        home = prefecture_row.get(county[:4])
        prefix = division.get(county) or ""
        via = county_row.get(prefix) or prefix_owner.get(prefix)
        if via and (home is None or unit_of_row[via] == home):
            counties[county] = via
        elif home:
            counties[county] = home
    return out, sorted(counties.items())


COLUMNS = ["code", "level", "kind", "parent", "gb_code", "name_zh", "common_zh", "short_zh", "name_en", "aliases",
           "customs_zh", "prefixes"]

HEADER = """\
# Domestic regions of China for waimao: generated by scripts/generate_regions.py; edit the script, not this file.
# Sources: China Customs Single Window parameter tables CusDistrict and CusQualAdDivCode (guoyunhe/singlewindow
# commit 550b26f, 2022-06-06); NBS statistical division codes 2023 (modood/Administrative-divisions-of-China
# commit 57a0aa9). See docs/reference-tables.md.
# code: what trade records store (CN; province 2 digits; other rows their customs domestic region code).
# level: nation, province, prefecture, county (a customs unit below a prefecture), zone.
# prefixes: the record-code prefixes a prefecture covers when not just the first four characters of its code.
"""


def write(out_dir: Path, rows: list[dict], counties: list[tuple[str, str]]) -> None:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, COLUMNS, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({c: row.get(c, "") for c in COLUMNS})
    (out_dir / "regions.csv").write_text(HEADER + buf.getvalue(), encoding="utf-8")
    lines = ["# GB/T 2260 county-level codes → stored region code (generated by scripts/generate_regions.py)",
             "gb_code,code"] + [f"{gb},{code}" for gb, code in counties]
    (out_dir / "region_counties.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customs", type=Path, required=True)
    parser.add_argument("--divisions", type=Path, required=True)
    parser.add_argument("--nbs", type=Path, required=True)
    parser.add_argument("--out", type=Path, default=Path("src/waimao/model/data"))
    args = parser.parse_args(argv)
    rows, counties = build(Inputs(args.customs, args.divisions, args.nbs))
    write(args.out, rows, counties)
    levels = Counter(r["level"] for r in rows)
    print(f"wrote {len(rows)} regions ({dict(levels)}) and {len(counties)} county codes to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
