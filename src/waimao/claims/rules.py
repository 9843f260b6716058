"""The phrases that carry a trade figure, one regular expression each, in priority order.

A rule matches the cue words and the number together (占全省出口总值的38%, 拉动…增长64.5个百分点),
so the words inside a cue (全省, 出口) are not read as the subject or the slice. A number
with no trade cue (人均可支配收入10123元, 5200吨货物列车, 总投资23亿元) matches no rule.
"""

from __future__ import annotations

import re

#: A number. It never starts right after a digit: a match starting inside a run of digits could only
#: end where the match starting at the run's first digit ends, and trying every digit of a long run
#: would take time quadratic in its length.
N = r"(?<!\d)(?P<n>\d+(?:\.\d+)?)"
ZH_NUM = "一二三四五六七八九十两"
RANK = rf"(?P<rank>首位|第[{ZH_NUM}\d]+位?)"
#: Money units, longest first; a bare 亿/万亿 is 亿元/万亿元 (1012.2亿、754.2亿和467.7亿元) but never the start of
#: 亿美元 or 亿人民币 read short.
MONEY = r"(?:万亿元|亿元|万元|万亿美元|亿美元|万美元|万亿(?![美元])|亿(?![美元]))"
#: Physical quantities a release states (钢材出口35.6万吨, 手机416万台, 汽车2.3万辆, 飞机12架).
QUANTITY = r"(?:万吨|吨|万台|台|万辆|辆|架|万艘|艘)"
#: The verbs of a change over a year (增长, Hong Kong wire copy's 按年升/跌, a balance's 扩大/收窄), with the
#: comparison words that may precede them; 升 and 跌 alone only when not part of 提升/上升/回升/下跌.
GROWTH_VERB = (r"(?:同比|按年|比上年|较上年|比去年同期|较去年同期|较上年同期|比上年同期)?"
               r"(?P<dir>增长|下降|增加|减少|回落|扩大|收窄|上升|上涨|下跌|下滑|(?<![提上回])升|(?<!下)跌"
               r"|增幅|增速|涨幅|降幅)(?:同比)?")
NOPUNCT = r"[^\d,;:。!?%]"

#: (name, pattern); earlier rules win where matches overlap.
RULES: list[tuple[str, re.Pattern]] = [(name, re.compile(p)) for name, p in [
    ("meta", rf"经海关备案的进出口企业数?达?{N}家"),
    ("meta", rf"通关时间{N}小时"),
    ("lead_growth", rf"以{N}%的增速领跑(?P<scope>全国)"),
    # A list of flows (进出口、出口增速…) is read from its first flow only: a match starting at a later
    # one (after 出口、 or 进口、) or inside 进出口 would end where that one's does, and trying each
    # would take time quadratic in the length of the list.
    ("rank", (rf"(?P<flows>(?<!出口、)(?<!进口、)(?:进出口|(?<!进)出口|进口)(?:、(?:进出口|出口|进口))*)?(?P<qty>量)?增速均?"
              rf"(?:位居|位列|居|列|排名|排)(?P<scope>全国|全省|全市|全州)(?P<same>同类商品)?{RANK}")),
    ("rank_lead", r"增速领跑(?P<scope>全国)"),
    ("value_rank", rf",居(?P<scope>全国){RANK}"),
    ("share_change", (rf"(?<=%,)(?:较|比)(?:去年|上年)同期"
                      rf"(?P<dir>增加|提升|提高|上升|扩大|下降|减少|回落|降低){N}个百分点")),
    ("share_change", (rf"占比(?:较?(?:去年|上年)(?:同期)?)?"
                      rf"(?P<dir>增加|提升|提高|上升|扩大|下降|减少|回落|降低){N}个百分点")),
    ("pull", rf"(?P<dir>拉动|下拉|拉高|拉低|拖累)(?P<base>{NOPUNCT}{{0,16}}?)(?:增长|下滑|下降|增速)?{N}个百分点"),
    ("contribution", rf"(?:对(?P<base>{NOPUNCT}{{0,16}}?))?贡献(?:率|度)(?:达到|达|为)?{N}%"),
    ("yoy_change", rf"增幅较去年(?:同期)?(?P<dir>提升|提高|加快|扩大|回落|下降|收窄){N}个百分点"),
    # The pace against another period than a year earlier (降幅较前2个月缩窄10.1个百分点, 增速比一季度加快2.5个百分点)
    # or growth against another base year (较2019年同期增长1.5%): trade figures no metric fits (`other`).
    ("pace_change", (rf"(?:增幅|降幅|增速|涨幅)(?:较|比)(?!去年同期|上年同期)[^,;:。!?%]{{0,8}}?(?:已|继续)?"
                     rf"(?P<dir>收窄|缩窄|扩大|提升|提高|加快|回落|放缓|下降|上升){N}个百分点")),
    ("base_growth", rf"(?:较|比)(?:20\d{{2}})年(?:同期)?(?P<dir>增长|下降|增加|减少){N}%"),
    ("gap", rf"(?:增速)?(?P<dir>高出|高于|低于)(?P<ref>{NOPUNCT}{{0,12}}?){N}个百分点"),
    # 增幅较全国高1.6个百分点: the same gap, the yardstick first.
    ("gap", (rf"(?:增幅|增速)(?:较|比)(?P<ref>全国|全省|全市|全区|我国|[^\d,;:。!?%]{{1,6}}?)"
             rf"(?P<dir>高出|高|低){N}个百分点")),
    ("share", rf"(?:出口值|进口值|进出口值)?占(?:到|据了|据)?(?P<base>{NOPUNCT}{{0,24}}?)的?{N}%"),
    ("share_more", rf"、(?P<base>[^\d,;:。!?%、]{{1,12}}?)的{N}%"),
    ("streak", rf"连续{N}个月(?:保持|实现)?正?增长"),
    ("first_time", r"(?:去年同期|上年)无(?P<flow>进出口|出口|进口)"),
    ("first_time", r"为[^\d,;:。]{0,6}?首次(?P<flow>出口|进口)"),
    ("first_time", r"零的突破"),
    ("new_partners", (rf"新(?:增|开拓了?)(?P<names>[^\d,;:。!?]{{2,80}}?)等?{N}个"
                      r"(?P<what>贸易伙伴|国家和地区市场|国家和地区|国家\(地区\)|国家)")),
    ("partner_count", rf"(?:共与|与|同)?{N}个国家(?:\(地区\)|和地区)?有贸易往来"),
    ("partner_count", rf"(?P<export>远销|销往|出口到|出口至)(?:全球)?{N}个国家(?:和地区|\(地区\))?"),
    ("partner_count", rf"向{N}个国家(?:和地区|\(地区\))?(?P<flow>出口|进口)"),
    ("partner_count", rf"扩展至{N}个国家(?:和地区|\(地区\))?"),
    ("partner_count", rf"(?<=国家)为{N}个"),
    ("firms", rf"有进出口实绩的?(?:外贸)?企业(?:数量|数)?(?:为|达到|达)?(?P<bound>近|超|逾|约)?{N}(?P<wan>万)?家"),
    ("firms", rf"有{N}家(?P<et>民营企业|国有企业|外商投资企业)开展进出口业务"),
    ("firms", rf"其中(?P<et>民营企业|国有企业|外商投资企业){N}家"),
    ("count_change", rf"(?:同比|较去年同期|比去年同期|较上年|比上年)?(?P<dir>增加|减少){N}家"),
    ("product_count", rf"种类达{N}种"),
    ("new_product_count", rf"(?:较去年同期)?新增{N}种"),
    ("product_count", rf"{N}种(?=[^\d,;:。]{{0,4}})"),
    ("region_count", rf"共?{N}个市州均?开展(?:外贸业务|进出口贸易|进出口业务|外贸)"),
    ("growing_region_count", rf"{N}个市州(?:呈|实现|保持)增长"),
    ("partner_rank", rf"(?:为|成为)(?P<who>[^\d,;:。]{{0,6}}?)前(?P<k>\d+|[{ZH_NUM}])大贸易伙伴"),
    ("quantity", rf"(?P<flow>进出口|出口|进口)量?(?P<mid>[^\d,;:。!?%]{{0,8}}?)(?:达到|达)?{N}(?P<u>{QUANTITY})"),
    # 进口大宗商品4147.8万吨…;其中,能源产品2457.7万吨: further items of the same flow, each at a clause's head.
    ("quantity_item", rf"(?<=[,;:])(?:其中,?)?(?:(?!出口|进口)[\u4e00-\u9fff]){{2,8}}?{N}(?P<u>{QUANTITY})"),
    # 进出口、出口和进口…分别完成2691.8亿元、1542.5亿元、1149.3亿元: amounts of the flows (or names) listed before;
    # ahead of `value`, so that 出口、进口也分别以98.7亿美元… leaves the list of flows to be read.
    ("list_value", rf"(?<=[、和及,]|[也均口值额])分别(?:完成|为|是|达到|达|实现)?{N}(?P<u>{MONEY})"),
    # 比上月减少71.1亿美元: a change against the previous month, in money (`other`).
    ("month_change", rf"(?:比|较|相比)上月(?:大幅)?(?P<dir>增加|减少){N}(?P<u>{MONEY})"),
    # 进口增速快于出口14.8个百分点: one flow's growth against the other's (`other`).
    ("flow_gap", rf"(?:进口|出口)增速(?P<dir>快于|高于|慢于|低于)(?:出口|进口)(?:增速)?{N}个百分点"),
    # 外企进出口有2.8%的下降
    ("growth_noun", rf"有{N}%的(?P<dir>增长|下降)"),
    ("balance", rf"(?:贸易)?(?P<kind>顺差|逆差)(?:为|达到|达)?{N}(?P<u>{MONEY})"),
    ("value", (rf"(?P<flow>进出口|出口|进口)"
               rf"(?P<mid>[^\d,;:。!?%]{{0,12}}?){N}(?P<u>{MONEY})(?P<more>以上)?")),
    # 外贸/贸易 alone name a flow only right before the figure (外贸总值2.75万亿元, 双边贸易总额352.7亿美元),
    # not in 外贸企业办理国际结算2.1亿美元.
    ("value", (rf"(?P<flow>外贸(?!进出口|出口|进口)|贸易(?=总值|总额|额|值))"
               rf"(?P<mid>(?:总值|总额|额|值)?(?:人民币)?(?:已|共|累计)?(?:为|达到|达|实现|共计|合计)?)"
               rf"{N}(?P<u>{MONEY})(?P<more>以上)?")),
    # 高于4月的1.5%: the growth of an earlier month, stated as the comparison (its period is local, timeline.py).
    ("prior_growth", rf"(?:高于|低于|快于|慢于|好于)(?:上月|\d{{1,2}}月份?)的{N}%"),
    # 年均增长20%: a compound annual rate over several years.
    ("cagr", rf"年均(?:增长|增速|增幅)(?:为|达到|达)?{N}%"),
    # 环比: against the previous month or quarter, not a year earlier — a figure no metric fits (`other`).
    ("mom", rf"环比(?:继续|分别|也)?(?P<dir>增长|下降|增加|减少|回落|上升|下滑){N}%"),
    ("growth", rf"{GROWTH_VERB}(?:\(下同\))?(?:分别)?(?:高达|达到|达|了|为)?{N}(?P<u>%|倍)"),
    ("more", rf"[、和及]{N}(?P<u>{MONEY}|%|倍)"),
]]

#: Rules tried only right after another claim, to continue it (、3.3亿元, 、全市的78%).
CONTINUATIONS = {"value_rank", "share_more", "more"}

#: Words in a value's lead-in that make it a bound, not a figure (均突破2亿元).
BOUND_WORDS = ("突破", "超过", "超", "逾", "近", "约", "不足", "以上")

#: Words that make a figure a target or a forecast, not a statistic (向160亿美元的目标迈进, 全年可突破150亿美元,
#: 有望实现, 高于市场预期增长5.7%): a match in a clause with one of them is no claim.
FORECAST_WORDS = ("目标", "预期", "预计", "有望", "可突破", "将突破", "可望", "力争", "预测", "或将")

ZH_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"两": 2, "十": 10}


def zh_int(token: str) -> int:
    """Small numbers in Arabic or Chinese numerals (三, 十二)."""
    if token.isdigit():
        return int(token)
    if "十" in token:
        tens, _, units = token.partition("十")
        return (ZH_DIGITS[tens] if tens else 1) * 10 + (ZH_DIGITS[units] if units else 0)
    return ZH_DIGITS[token]


def rank_number(token: str) -> int:
    """首位, 第一, 第二位 → 1, 1, 2."""
    if token == "首位":
        return 1
    return zh_int(token.removeprefix("第").removesuffix("位"))
