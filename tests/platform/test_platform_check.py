"""`waimao check` over platform downloads: amounts in 亿美元 are verified against the 美元 downloads."""

from __future__ import annotations

from decimal import Decimal

from waimao import api

YI = Decimal(100_000_000)


def yi(downloads, currency: str) -> Decimal:
    total = sum((d.total() for d in downloads.values()
                 if d.field == "region" and d.year == 2025 and d.currency == currency), Decimal(0))
    return (total / YI).quantize(Decimal("0.1"))


def verdicts(db, text: str) -> list[tuple[str, str, str]]:
    report = api.check([("release.txt", text)], db=db, year=2025)
    return [(c.unit, c.verdict, c.reason) for c in report.claims if c.metric == "value"]


def test_amounts_in_dollars_and_in_yuan_are_each_checked_against_their_own_downloads(ningxia):
    downloads, db, _ = ningxia
    usd, cny = yi(downloads, "USD"), yi(downloads, "CNY")
    text = (f"据海关统计，2025年一季度，宁夏回族自治区进出口总值{cny}亿元。"
            f"以美元计，一季度宁夏回族自治区进出口总值{usd}亿美元。")
    assert [(unit, verdict) for unit, verdict, _ in verdicts(db, text)] == [("亿元", "confirmed"),
                                                                          ("亿美元", "confirmed")]
    wrong = f"2025年一季度，宁夏回族自治区进出口总值{usd + Decimal('0.5')}亿美元。"
    [(unit, verdict, reason)] = verdicts(db, wrong)
    assert (unit, verdict) == ("亿美元", "contradicted") and f"{usd}亿美元" in reason
