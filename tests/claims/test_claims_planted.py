"""Planted errors: change one number of a seed at a time; the checker must flag the change.

With the warehouse, every changed figure it can compute is `contradicted` (or `inconsistent`).
Without it, only the consistency rules can help: the plants marked `logical` break an
arithmetic tie inside their text (total = exports + imports, a share of a stated whole, 拉动,
贡献率, a growth gap, two shares of one base) and must be caught from the text alone.
"""

from __future__ import annotations

import pytest

from waimao.claims import check_texts

# (seed, original fragment, planted fragment, kind, logical: detectable from the text alone)
PLANTS = [
    ("000", "出口 16.5 亿", "出口 17.5 亿", "value", True),          # 17.5 + 2.3 ≠ 18.8; 17.5 − 2.3 ≠ 14.2
    ("000", "增 长 2.1 倍", "增 长 3.1 倍", "growth", True),         # liion's 55.4% contribution to exports' rise
    ("000", "外贸总值的\n86.3%", "外贸总值的\n76.3%", "share", True),  # 16.3 / 18.8 = 86.7%
    ("000", "增长103.3个百分点", "增长123.3个百分点", "pull", True),   # 10.5亿 rise / 10.0亿 base ≈ 104.7
    ("000", "贸总值的72.2%", "贸总值的62.2%", "share", True),         # 13.6 / 18.8 = 72.3%
    ("000", "高于整体26.1个百分点", "高于整体36.1个百分点", "gap", True),  # 110% − 87.8%
    ("000", "出口\n1.2亿元", "出口\n2.2亿元", "value", False),        # trout: nothing else relates to it
    ("000", "增长 14.6 倍", "增长 24.6 倍", "growth", False),
    ("003", "增长64.5个百分", "增长74.5个百分", "pull", True),
    ("003", "贡献率达112%", "贡献率达122%", "contribution", True),
    ("003", "出口总值的45.2%", "出口总值的55.2%", "share", True),     # 14.4 / 31.8 = 45.3%
    ("003", "西宁市进出口28.6亿元", "西宁市进出口38.6亿元", "value", True),  # 79.6% of 35.9; regions > province
    ("003", "增长 32 倍", "增长 22 倍", "growth", False),
    ("003", "长 25.9 倍", "长 35.9 倍", "growth", False),
    ("003", "增长78.7%", "增长68.7%", "growth", False),
    ("004", "同比\n\n增长 1.7 倍", "同比\n\n增长 2.7 倍", "growth", True),  # gap to the province's 87.8%
    ("004", "的 77.2%", "的 67.2%", "share", True),                 # top two vs 共建“一带一路” shares of one base
    ("004", "的 88.3%", "的 78.3%", "share", True),                 # 6534.9 / 7400.9 = 88.3%
    ("001", "总值的62%", "总值的52%", "share", False),
    ("002", "增长1.6倍", "增长2.6倍", "growth", False),
]


def _plant(seed_texts, seed, old, new):
    text = dict(seed_texts)[seed]
    assert text.count(old) == 1, f"{old!r} must occur once in seed {seed}"
    start = text.index(old)
    return text.replace(old, new), (start, start + len(new))


def _changed(report, where):
    return [c for c in report.claims if c.span[0] < where[1] and where[0] < c.span[1]]


@pytest.mark.parametrize("plant", PLANTS, ids=[f"{p[0]}-{p[3]}-{i}" for i, p in enumerate(PLANTS)])
def test_a_planted_change_is_caught_with_data(seed_texts, demo_figures, plant):
    seed, old, new, _, _ = plant
    text, where = _plant(seed_texts, seed, old, new)
    report = check_texts([(seed, text)], demo_figures, year=2025)
    changed = _changed(report, where)
    assert changed, "the changed number must still be read as a claim"
    assert all(c.verdict in ("contradicted", "inconsistent") for c in changed), [c.to_dict() for c in changed]


def test_planted_changes_caught_from_the_text_alone(seed_texts):
    baseline = {seed: {c.id for c in check_texts([(seed, t)], year=2025).claims if c.verdict == "inconsistent"}
                for seed, t in seed_texts}
    caught = []
    for seed, old, new, kind, logical in PLANTS:
        text, _ = _plant(seed_texts, seed, old, new)
        flagged = {c.id for c in check_texts([(seed, text)], year=2025).claims if c.verdict == "inconsistent"}
        caught.append((seed, kind, logical, bool(flagged - baseline[seed])))
    logical = [x for x in caught if x[2]]
    print(f"\nplanted errors: {len(PLANTS)}; caught with the warehouse: {len(PLANTS)}/{len(PLANTS)}; "
          f"caught from the text alone: {sum(x[3] for x in caught)}/{len(PLANTS)} "
          f"({sum(x[3] for x in logical)}/{len(logical)} of those the text's arithmetic ties)")
    assert [x for x in logical if not x[3]] == []
