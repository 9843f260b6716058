"""Reading a text takes time linear in its length, whatever its layout (`POST /check` is open to anyone).

Each layout below once took time quadratic in the length of the text: one sentence of many
clauses (clause counting), lines without full stops (the body copied line by line), a run of
names (every name length tried), a run of digits or a list of flows (a regular expression
retried at every character of the run), a repeated figure (every claim compared with every
other across texts and periods). The test compares the work at two sizes in the same run: eight
times the text must cost far less than 64 times the work (it costs about 8 times). No absolute
time is asserted; speed targets and their measurements live in bench/.
"""

from __future__ import annotations

import time

import pytest

from waimao.claims import check_texts, extract

LAYOUTS = {
    "sentences": "一季度，我省进出口总值18.8亿元，增长87.8%。",
    "one sentence of clauses": "一季度，我省进出口总值18.8亿元，增长87.8%，",
    "lines without full stops": "我省出口锂电池6.3亿元\n",
    "names only": "青海省西宁市海东市欧盟东盟出口",
    "prefectures and province": "一季度，西宁市进出口3亿元，海东市进出口2亿元。一季度，青海省进出口4亿元。",
    "shares of one base": "一季度，我省锂电池出口6.3亿元，占全省出口总值的38%，光伏产品出口2亿元，占全省出口总值的12%。",
    "periods inside periods": "一季度，西宁市进出口3.1亿元。上半年，西宁市进出口2亿元，出口1.5亿元。1-2月，西宁市出口1.2亿元。",
    "a list of flows": "出口、",
    "a run of digits": "1234567890",
    "digits after a cue": "出口与1234567890123",
}

SMALL, FACTOR = 1_500, 8


def _texts(unit: str, size: int) -> list[tuple[str, str]]:
    """Two texts of `size` characters: the second states other numbers, so that they are compared."""
    text = (unit * (size // len(unit) + 1))[:size]
    return [("a.txt", text), ("b.txt", text.replace("3", "5"))]


def _seconds(unit: str, size: int) -> float:
    """The least time of three runs of the whole text check (extraction and the checks among claims)."""
    texts = _texts(unit, size)
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        check_texts(texts, year=2025)
        best = min(best, time.perf_counter() - started)
    return best


@pytest.mark.parametrize("layout", LAYOUTS)
def test_eight_times_the_text_costs_far_less_than_sixty_four_times_the_work(layout):
    unit = LAYOUTS[layout]
    _seconds(unit, SMALL)  # warm the name tables and compiled expressions
    small, large = _seconds(unit, SMALL), _seconds(unit, SMALL * FACTOR)
    ratio = large / small
    assert ratio < 3 * FACTOR, \
        f"{layout}: {FACTOR}× the text took {ratio:.1f}× the time ({small:.3f} s → {large:.3f} s)"


def test_the_claims_of_a_long_text_are_those_of_its_parts():
    """The repeated sentence gives one claim per figure per repetition, with spans into the text."""
    unit = "一季度，我省进出口总值18.8亿元，增长87.8%。"
    text = unit * 2_000
    claims, _ = extract(text, "long.txt", year=2025, region="青海省")
    assert len(claims) == 2 * 2_000
    assert {(c.subject, c.period, c.metric, c.value) for c in claims} == {
        ("青海省", "2025Q1", "value", 18.8), ("青海省", "2025Q1", "yoy_pct", 87.8)}
    last = claims[-1]
    assert text[last.span[0]:last.span[1]] == last.text == "增长87.8%"


def test_a_list_of_flows_and_numbers_in_digit_runs_are_still_read():
    """The guards that keep these expressions linear change no match: each flow of a list gets its rank,
    a count right after other digits is read from its first digit."""
    claims, _ = extract("一季度，我省进出口、出口、进口增速均居全国第一。", "t", year=2025, region="青海省")
    assert [(c.flow, c.metric, c.value) for c in claims] == [("total", "rank", 1), ("export", "rank", 1),
                                                             ("import", "rank", 1)]
    claims, _ = extract("上半年，青海省与113个国家（地区）有贸易往来。", "t", year=2025)
    assert [(c.metric, c.value) for c in claims] == [("partner_count", 113)]
