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


def test_the_web_check_takes_a_currency_for_growth(ningxia):
    """POST /check with currency=USD: a growth rate is then the dollar figure set's."""
    from fastapi.testclient import TestClient

    from waimao.web.app import create_app

    downloads, db, _ = ningxia
    cur = sum((d.total() for d in downloads.values() if d.field == "region" and d.year == 2025 and d.currency == "USD"),
              Decimal(0))
    base = sum((d.total() for d in downloads.values() if d.field == "region" and d.year == 2024 and d.currency == "USD"),
               Decimal(0))
    growth = ((cur / base - 1) * 100).quantize(Decimal("0.1"))
    word = "增长" if growth > 0 else "下降"
    text = f"2025年一季度，宁夏回族自治区进出口总值{(cur / YI).quantize(Decimal('0.1'))}亿美元，{word}{abs(growth)}%。"
    with TestClient(create_app(db)) as client:
        answer = client.post("/check", json={"texts": [{"name": "usd.txt", "text": text}], "currency": "USD"}).json()
    assert [(c["metric"], c["verdict"]) for c in answer["claims"]] == [("value", "confirmed"), ("yoy_pct", "confirmed")]
