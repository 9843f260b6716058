from datetime import date

import pytest

from waimao.model.periods import Period, missing_months, months_between


@pytest.mark.parametrize(
    ("text", "year", "start", "end"),
    [
        ("2025M03", 2025, 3, 3),
        ("2025Q1", 2025, 1, 3),
        ("2025Q4", 2025, 10, 12),
        ("2025H1", 2025, 1, 6),
        ("2025H2", 2025, 7, 12),
        ("2025M01-M04", 2025, 1, 4),
        ("2025Q1-Q3", 2025, 1, 9),
        ("2025Q2-Q3", 2025, 4, 9),
        ("2025", 2025, 1, 12),
        ("2025-03", 2025, 3, 3),
        ("202503", 2025, 3, 3),
        ("2025q2", 2025, 4, 6),
        ("2025年一季度", 2025, 1, 3),
        ("2025年第一季度", 2025, 1, 3),
        ("2025年上半年", 2025, 1, 6),
        ("2025年下半年", 2025, 7, 12),
        ("2025年前三季度", 2025, 1, 9),
        ("2025年1-4月", 2025, 1, 4),
        ("2025年1—4月", 2025, 1, 4),
        ("2025年1月至4月", 2025, 1, 4),
        ("2025年前4个月", 2025, 1, 4),
        ("2025年前两个月", 2025, 1, 2),
        ("2024年", 2024, 1, 12),
        ("2024年全年", 2024, 1, 12),
        ("2025年3月", 2025, 3, 3),
        ("2025年11月", 2025, 11, 11),
        ("2025 年一季度", 2025, 1, 3),  # newspapers put spaces in
        ("２０２５年１－４月", 2025, 1, 4),  # full-width digits and dash
        ("２０２５Ｑ１", 2025, 1, 3),
    ],
)
def test_parse_accepts_notation_and_bulletin_words(text, year, start, end):
    assert Period.parse(text) == Period(year, start, end)


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("一季度", 1, 3),
        ("第一季度", 1, 3),
        ("二季度", 4, 6),
        ("第二季度", 4, 6),
        ("四季度", 10, 12),
        ("上半年", 1, 6),
        ("下半年", 7, 12),
        ("前三季度", 1, 9),
        ("前两个月", 1, 2),
        ("前十一个月", 1, 11),
        ("1-4月", 1, 4),
        ("1—4月", 1, 4),
        ("1~4月", 1, 4),
        ("1～4月", 1, 4),
        ("3月", 3, 3),
        ("十二月", 12, 12),
        ("全年", 1, 12),
    ],
)
def test_parse_zh_without_year_uses_the_given_year(text, start, end):
    assert Period.parse_zh(text, year=2025) == Period(2025, start, end)
    assert Period.parse(text, year=2025) == Period(2025, start, end)


def test_year_in_text_wins_over_year_argument():
    assert Period.parse_zh("2024年一季度", year=2025) == Period(2024, 1, 3)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("2025Q5", "quarter 5"),
        ("2025H3", "half 3"),
        ("2025M13", "month 13"),
        ("2025M00", "month 0"),
        ("202513", "month 13"),
        ("2025M04-M02", "ends"),
        ("2025Q3-Q1", "ends"),
        ("2025年13月", "month 13"),
        ("2025年第五季度", "quarter 5"),
        ("2025年前13个月", "month 13"),
        ("2025年4-2月", "ends"),
        ("一季度", "year="),
        ("25Q1", "unrecognised"),
        ("", "unrecognised"),
        ("2025年中期", "unrecognised"),
    ],
)
def test_parse_rejects_with_a_message_naming_the_problem(text, fragment):
    with pytest.raises(ValueError, match=fragment):
        Period.parse(text)


@pytest.mark.parametrize(
    ("period", "text"),
    [
        (Period(2025, 3, 3), "2025M03"),
        (Period(2025, 1, 3), "2025Q1"),
        (Period(2025, 7, 9), "2025Q3"),
        (Period(2025, 1, 6), "2025H1"),
        (Period(2025, 7, 12), "2025H2"),
        (Period(2025, 1, 9), "2025Q1-Q3"),
        (Period(2025, 1, 4), "2025M01-M04"),
        (Period(2025, 4, 9), "2025M04-M09"),  # only Jan–Sep is written as a quarter run
        (Period(2025, 1, 12), "2025"),
    ],
)
def test_str_is_canonical_and_round_trips(period, text):
    assert str(period) == text
    assert Period.parse(text) == period


def test_every_run_of_months_round_trips_through_its_notation():
    for start in range(1, 13):
        for end in range(start, 13):
            period = Period(2025, start, end)
            assert Period.parse(str(period)) == period


def test_equal_month_sets_are_equal_and_hash_alike():
    assert Period.parse("2025Q1-Q2") == Period.parse("2025H1") == Period.parse("2025M01-M06")
    assert len({Period.parse("2025年上半年"), Period.parse("2025H1"), Period.parse("2025年1-6月")}) == 1


def test_ordering_is_by_year_then_first_then_last_month():
    texts = ["2025", "2024Q4", "2025M01", "2025H1", "2025Q1", "2025M02"]
    assert [str(p) for p in sorted(Period.parse(t) for t in texts)] == [
        "2024Q4", "2025M01", "2025Q1", "2025H1", "2025", "2025M02",
    ]


def test_is_immutable():
    with pytest.raises(AttributeError):
        Period(2025, 1, 3).start = 2  # type: ignore[misc]


def test_constructor_validates():
    with pytest.raises(ValueError):
        Period(2025, 4, 2)
    with pytest.raises(ValueError):
        Period(2025, 0, 2)
    with pytest.raises(TypeError):
        Period(2025, "1", 3)  # type: ignore[arg-type]


def test_dates_and_months():
    p = Period.parse("2025Q1")
    assert p.first_month == date(2025, 1, 1)
    assert p.last_month == date(2025, 3, 1)
    assert p.months == (date(2025, 1, 1), date(2025, 2, 1), date(2025, 3, 1))
    assert p.month_count == 3
    assert Period.month(2025, 3) == Period(2025, 3, 3)
    assert Period.quarter(2025, 2) == Period(2025, 4, 6)
    assert Period.half(2025, 2) == Period(2025, 7, 12)
    assert Period.whole_year(2025) == Period(2025, 1, 12)


def test_previous_year_is_the_same_months_a_year_earlier():
    assert str(Period.parse("2025M01-M04").previous_year()) == "2024M01-M04"
    assert str(Period.parse("2025H1").previous_year()) == "2024H1"


def test_previous_period_for_month_on_month_comparisons():
    assert str(Period.parse("2025Q2").previous_period()) == "2025Q1"
    assert str(Period.parse("2025Q1").previous_period()) == "2024Q4"
    assert str(Period.parse("2025M01").previous_period()) == "2024M12"
    assert str(Period.parse("2025").previous_period()) == "2024"
    with pytest.raises(ValueError, match="year end"):
        Period.parse("2025M02-M04").previous_period()


def test_contains_periods_and_dates():
    h1 = Period.parse("2025H1")
    assert h1.contains(Period.parse("2025Q2"))
    assert h1.contains(h1)
    assert not h1.contains(Period.parse("2025Q3"))
    assert not h1.contains(Period.parse("2024Q1"))
    assert h1.contains(date(2025, 6, 30))
    assert not h1.contains(date(2025, 7, 1))


def test_from_months():
    months = [date(2025, 3, 1), date(2025, 1, 15), date(2025, 2, 1), date(2025, 2, 1)]
    assert Period.from_months(months) == Period(2025, 1, 3)
    with pytest.raises(ValueError, match="not consecutive"):
        Period.from_months([date(2025, 1, 1), date(2025, 3, 1)])
    with pytest.raises(ValueError, match="years"):
        Period.from_months([date(2024, 12, 1), date(2025, 1, 1)])
    with pytest.raises(ValueError, match="at least one"):
        Period.from_months([])


@pytest.mark.parametrize(
    ("text", "plain", "with_year"),
    [
        ("2025Q1", "一季度", "2025年一季度"),
        ("2025Q4", "四季度", "2025年四季度"),
        ("2025H1", "上半年", "2025年上半年"),
        ("2025H2", "下半年", "2025年下半年"),
        ("2025Q1-Q3", "前三季度", "2025年前三季度"),
        ("2025M01-M04", "1-4月", "2025年1-4月"),
        ("2025M04-M09", "4-9月", "2025年4-9月"),
        ("2025M03", "3月", "2025年3月"),
        ("2024", "全年", "2024年"),
    ],
)
def test_label_zh(text, plain, with_year):
    period = Period.parse(text)
    assert period.label_zh() == plain
    assert period.label_zh(with_year=True) == with_year
    assert Period.parse(with_year) == period  # the label reads back as the same period


def test_label_zh_first_n_months_style():
    assert Period.parse("2025M01-M04").label_zh(style="前N个月") == "前4个月"
    assert Period.parse("2025M01-M04").label_zh(style="前N个月", with_year=True) == "2025年前4个月"
    assert Period.parse("2025M04-M09").label_zh(style="前N个月") == "4-9月"  # not from January
    assert Period.parse("2025H1").label_zh(style="前N个月") == "上半年"  # named periods keep their name
    with pytest.raises(ValueError):
        Period.parse("2025Q1").label_zh(style="months")


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("2025Q1", "Q1 2025"),
        ("2025H1", "H1 2025"),
        ("2025Q1-Q3", "Q1–Q3 2025"),
        ("2025M01-M04", "January–April 2025"),
        ("2025M03", "March 2025"),
        ("2024", "2024"),
    ],
)
def test_label_en(text, label):
    assert Period.parse(text).label_en() == label


def test_missing_months_lists_what_a_figure_lacks():
    period = Period.parse("2025Q1")
    available = [date(2025, 1, 1), date(2025, 3, 1), date(2024, 2, 1)]
    assert missing_months(period, available) == [date(2025, 2, 1)]
    assert missing_months(period.previous_year(), available) == [date(2024, 1, 1), date(2024, 3, 1)]
    assert missing_months(period, months_between(date(2025, 1, 1), date(2025, 3, 1))) == []


def test_months_between_crosses_year_ends():
    assert months_between(date(2024, 11, 20), date(2025, 2, 1)) == [
        date(2024, 11, 1), date(2024, 12, 1), date(2025, 1, 1), date(2025, 2, 1),
    ]
    assert months_between(date(2025, 3, 1), date(2025, 3, 31)) == [date(2025, 3, 1)]
    with pytest.raises(ValueError):
        months_between(date(2025, 3, 1), date(2025, 2, 1))
