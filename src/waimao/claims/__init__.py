"""The claim checker: read trade figures from published text and verify them.

`check_texts([(name, text), …], figures_for)` extracts every numeric trade claim, checks the
claims of each text against each other and across texts, then against the warehouse through
`figures_for(region, period) -> FigureSet` (the caller's, so this package never opens one).
"""

from __future__ import annotations

from collections.abc import Sequence

from waimao.claims import consistency, crosscheck
from waimao.claims.extract import Claim, OutOfScope, extract
from waimao.claims.report import CheckReport, render
from waimao.claims.verify import FiguresFor, verify

__all__ = ["CheckReport", "Claim", "OutOfScope", "check_texts", "extract", "render"]


def check_texts(texts: Sequence[tuple[str, str]], figures_for: FiguresFor | None = None, *,
                year: int | None = None, region: str | None = None) -> CheckReport:
    """Check the texts (name, content). Without `figures_for`, only the consistency checks run.

    `year` stands for 今年 in a text that names no year; `region` for 我省 in a text that names
    no province.
    """
    claims: list[Claim] = []
    skipped: list[OutOfScope] = []
    not_run: list[consistency.NotRun] = []
    for name, text in texts:
        found, out = extract(text, name, year=year, region=region)
        checks = consistency.check_text(found, text)
        consistency.apply(checks.findings)
        not_run += checks.not_run
        claims += found
        skipped += out
    consistency.apply(crosscheck.check_across(claims, dict(texts)))
    if figures_for is not None:
        verify(claims, figures_for)
    else:
        for c in claims:
            if c.verdict != "inconsistent":
                c.reason = c.reason or "not checked against data"
    return CheckReport([name for name, _ in texts], claims, skipped, not_run)
