"""The dashboard over a warehouse of platform downloads only, in headless Chromium.

The headline numbers are what the 宁夏 downloads state (the all-province files for the totals, the
美元 files for dollars), summed here from the rows the generator wrote.
"""

from __future__ import annotations

from decimal import Decimal

from platform_downloads import PROVINCE

READY = 'body[data-ready="true"]'


def wan_yi(yuan: Decimal) -> str:
    """A value in 亿 as the cards show it: one decimal."""
    return f"{(yuan / Decimal(100_000_000)).quantize(Decimal('0.1'))}"


def stated(downloads, year: int, currency: str) -> Decimal:
    return sum((d.total() for d in downloads.values()
                if d.field == "region" and d.year == year and d.currency == currency), Decimal(0))


def test_the_dashboard_shows_platform_figures_and_switches_currency(ningxia, ningxia_url, page_errors):
    downloads, _, _ = ningxia
    page, errors = page_errors(viewport={"width": 1280, "height": 900})
    page.set_default_timeout(90_000)
    page.goto(f"{ningxia_url}/?region={PROVINCE}&period=2025Q1")
    page.wait_for_selector(READY)

    assert page.input_value("#region") == PROVINCE and page.input_value("#period") == "2025Q1"
    total = page.inner_text('[data-card="total"] .big').replace("\n", " ")
    assert total.startswith(wan_yi(stated(downloads, 2025, "CNY"))) and "亿元" in total
    assert f"进出口总值{wan_yi(stated(downloads, 2025, 'CNY'))}亿元" in page.inner_text("#bulletin-text")
    assert page.is_visible("#currency")
    notes = page.inner_text("#notes")
    assert "外贸企业数量相关数据从略" in notes and "Enterprise" not in notes  # notes in the page's language

    page.click("#plan summary")
    statuses = page.eval_on_selector_all("#plan-table tbody tr", "rows => rows.map((r) => r.dataset.status)")
    assert statuses and statuses.count("missing") == 4  # the optional partner × product downloads, and only they
    assert "全国_出口_2025Q1_注册地.csv" in page.inner_text("#plan-table")

    page.select_option("#currency", "USD")
    page.wait_for_selector(READY)
    total = page.inner_text('[data-card="total"] .big').replace("\n", " ")
    assert total.startswith(wan_yi(stated(downloads, 2025, "USD"))) and "亿美元" in total
    assert "currency=USD" in page.url
    assert errors == []
