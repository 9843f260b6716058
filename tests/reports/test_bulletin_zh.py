"""The Chinese bulletin on the demo: the seeds' statements with their numbers, traceable numbers, rules, CLI.

The expected statements are the published Qinghai bulletins' own words and numbers
(shared/seeds, shared/spec/published_figures.tsv), not output of the code. The golden files
pin the whole text; the tests only compare: after a deliberate change, rewrite them with
`make golden` (tests/reports/golden_files.py) and read the diff.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from golden_files import GOLDEN, LANGS, PERIODS, assert_matches_golden, golden_path

from waimao import api
from waimao.cli import app
from waimao.errors import WaimaoError
from waimao.reports import to_markdown

SEED_STATEMENTS = {
    "2025Q1": [
        "进出口总值18.8亿元", "增长87.8%", "增速居全国首位", "高出全国平均增速86.5个百分点",
        "出口16.5亿元，增长2.1倍", "进口2.3亿元，下降50.3%", "贸易顺差14.2亿元",
        "有进出口实绩的外贸企业131家，其中民营企业122家，较去年同期增加21家",
        "民营企业进出口总值16.3亿元，增长1.8倍", "86.3%", "提升27.6个百分点", "拉动全省外贸增长103.3个百分点",
        "与113个国家（地区）有贸易往来", "11个贸易伙伴，新增贸易伙伴进出口值6628万元",
        "欧盟、东盟、俄罗斯为我省前三大贸易伙伴，合计进出口13.6亿元", "72.2%",
        "共建“一带一路”国家中的57个国家有贸易往来，合计进出口15.8亿元，增长1.1倍", "26.1个百分点", "84%",
        "冷水鱼（鳟鱼类）出口1.2亿元，增长2.1倍", "75%",
        "锂离子蓄电池出口6.3亿元，增长69.2倍", "占全省出口总值的38%", "连续9个月保持增长",
        "多晶硅出口2.4亿元，增长3.5倍", "69.3%",
        "多晶硅进口4563万元，增长18.7%",
        "全省共6个市州开展外贸业务",
        "西宁市进出口15亿元，增长80.4%", "海南州进出口1.3亿元，增长1.7倍", "海西州进出口1.2亿元，增长1.7倍",
        "海东市进出口1.3亿元，增长78.4%", "海北州进出口444.1万元，增长14.6倍", "玉树州进出口350.7万元，增长24.5%",
    ],
    "2025H1": [
        "进出口总值35.9亿元", "增长57.7%", "增速居全国首位", "出口31.8亿元，增长1.1倍", "进口4.1亿元，下降47%",
        "民营企业166家，较去年同期增加28家", "民营企业进出口总值31.2亿元，增长89.3%",
        "拉动全省外贸增长64.5个百分点",
        "67个国家", "合计进出口29.6亿元，增长78.7%", "82.5%",
        "锂离子蓄电池出口14.4亿元，增长32倍", "占全省出口总值的45.2%", "增速居全国第二位",
        "农产品出口3.4亿元，增长56%",
        "西宁市进出口28.6亿元，增长52.8%", "海东市进出口2.6亿元，增长30.5%", "海南州进出口2.4亿元，增长1.4倍",
        "海西州进出口2.2亿元，增长1.5倍", "海北州进出口889万元，增长9.4倍", "5个市州呈增长态势",
        "全省共8个市州开展外贸业务",
    ],
    "2024": [
        "进出口总值60亿元", "增长23.2%", "增速居全国第二位", "高出全国平均增速18.2个百分点",
        "多晶硅出口8.5亿元，增长73.7倍", "34.4%", "锂离子蓄电池出口6.2亿元，增长77.5倍",
        "农产品出口6.2亿元，增长1.6倍",
        "单晶硅棒出口2.1亿元，上年无出口",  # the seed says 去年同期无出口; an annual release compares with 上年
        "多晶硅出口8.5亿元，增长73.7倍", "增速居全国第三位，占全国同类出口总值的34.4%，居全国首位",
        "占全国同类出口总值的12.1%，居全国第三位",
    ],
}


@pytest.fixture(scope="module")
def bulletins(demo_release):
    return {period: demo_release("青海省", period).bulletin for period in SEED_STATEMENTS}


@pytest.mark.parametrize("period", list(SEED_STATEMENTS))
def test_the_seed_statements_are_in_the_bulletin(bulletins, period):
    text = to_markdown(bulletins[period])
    missing = [s for s in SEED_STATEMENTS[period] if s not in text]
    assert not missing, f"{period} bulletin lacks {missing}\n{text}"


@pytest.mark.parametrize("period", PERIODS)
def test_the_text_matches_its_golden_file(bulletins, period):
    assert_matches_golden(to_markdown(bulletins[period]), period, "zh")


def test_the_golden_folder_holds_exactly_the_compared_files():
    """No golden file that nothing compares, none missing; the periods are the seeds' ones."""
    assert set(PERIODS) == set(SEED_STATEMENTS)
    assert sorted(GOLDEN.glob("*.md")) == sorted(golden_path(p, lang) for p in PERIODS for lang in LANGS)


@pytest.mark.parametrize("period", list(SEED_STATEMENTS))
def test_every_number_of_the_text_comes_with_its_figure(bulletins, period):
    """Digits outside cited parts may only be the period's own label (2024年, 1-4月) or a commodity's
    code, which names it (HS编码26169000商品)."""
    bulletin = bulletins[period]
    labels = re.compile(r"\d{4}年|\d+-\d+月|\d+月|HS编码\d{8}")
    for section in bulletin.sections:
        for paragraph in section.paragraphs:
            for part in paragraph.parts:
                if part.figure is None:
                    assert not re.search(r"\d", labels.sub("", part.text)), f"untraced number in {part.text!r}"
    traced = bulletin.trace()
    assert traced and all(t["figure"]["subject"] == "青海省" for t in traced)


def test_rules_choose_the_items(demo_db, tmp_path):
    packaged = (Path(api.__file__).parent / "reports" / "data" / "bulletin_rules.toml").read_text(encoding="utf-8")
    strict = tmp_path / "rules.toml"
    strict.write_text(packaged.replace("max_items = 6", "max_items = 1"), encoding="utf-8")
    bulletin = api.report("青海省", "2025Q1", db=demo_db, rules=strict)
    exports = next(s for s in bulletin.sections if s.title == "主要出口商品")
    stated, details = (p.text for p in exports.paragraphs)  # the group's value, then its rank and streak
    assert stated == "一季度，我省锂离子蓄电池出口6.3亿元，增长69.2倍，占全省出口总值的38%。"
    assert details.startswith("锂离子蓄电池出口增速居全国首位") and "多晶硅" not in details
    broken = tmp_path / "broken.toml"
    broken.write_text("[partners]\ntop = 3\n", encoding="utf-8")
    with pytest.raises(WaimaoError, match="broken.toml"):
        api.report("青海省", "2025Q1", db=demo_db, rules=broken)


def test_report_command_writes_text_and_trace(demo_db, tmp_path):
    out, trace = tmp_path / "b.md", tmp_path / "b.json"
    result = CliRunner().invoke(app, ["report", "-r", "青海", "-p", "2025Q1", "--db", str(demo_db),
                                      "-o", str(out), "--trace", str(trace)])
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    records = json.loads(trace.read_text(encoding="utf-8"))
    assert "进出口总值18.8亿元" in text
    assert all(r["text"] in text for r in records)
    headline = next(r for r in records if r["text"] == "进出口总值18.8亿元")
    assert headline["figure"]["metric"] == "value" and headline["figure"]["flow"] == "total"
    missing = CliRunner().invoke(app, ["report", "-r", "青海", "-p", "2025Q3", "--db", str(demo_db)])
    assert missing.exit_code == 1 and "2025-07" in missing.output
