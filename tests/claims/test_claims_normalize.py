"""Newspaper cleanup keeps a map to the original offsets, and page splitting keeps headings out."""

from __future__ import annotations

from waimao.claims.articles import split_page
from waimao.claims.normalize import clean_line


def test_fullwidth_and_spaces_inside_numbers_are_cleaned_with_offsets():
    raw = "进 口 ２.３ 亿 元，下 降"
    clean = clean_line(raw, 100)
    assert clean.text == "进口2.3亿元,下降"
    start = clean.text.index("2.3")
    # "２" is the 5th character of the raw line (index 4), so its offset is 100 + 4.
    assert clean.span(start, start + 3) == (104, 107)


def test_broken_lines_are_joined_and_a_heading_is_set_apart():
    page = ("本报讯（记者 甲）一季度，全省进出\n口总值18.8亿元，增长\n\n87.8%。\n"
            "一季度海西州进出口额达1.2亿元\n本报讯（记者 乙）另一篇文章。\n")
    first, second = split_page(page)
    assert "进出口总值18.8亿元,增长87.8%。" in first.body.text
    assert "海西州" not in first.body.text and "海西州" not in second.body.text
    assert "一季度海西州进出口额达1.2亿元" in first.headings + second.headings


def test_traditional_characters_are_simplified_one_for_one_and_pinyin_glosses_dropped():
    raw = "外貿(mào)進出口總值達(dá)145.6億美元"
    clean = clean_line(raw, 0)
    assert clean.text == "外贸进出口总值达145.6亿美元"
    start = clean.text.index("145.6")
    a, b = clean.span(start, start + len("145.6亿美元"))
    assert raw[a:b] == "145.6億美元"
    # A word in brackets that is not pinyin (no tone mark) stays.
    assert clean_line("香港(HK)出口", 0).text == "香港(HK)出口"
