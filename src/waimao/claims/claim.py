"""The records the claim checker produces: a claim read from a text, and a number left out of scope.

A claim carries the figure record's key and value (claims_schema.md), where it was read (file,
span, the exact text) and, once checked, its verdict. Kept apart from the reader so that the checks,
the report and the evaluation depend on the record, not on how it was read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Claim:
    """One claim read from a text: the figure record's key and value, where it was read, and its verdict."""

    file: str
    article: int
    subject: str | None
    period: str | None
    flow: str
    breakdown: tuple[str, str] | None
    metric: str
    value: float
    unit: str
    decimals: int
    text: str
    span: tuple[int, int]
    query_period: str | None = None
    detail: dict[str, Any] = field(default_factory=dict)
    verdict: str = "unverifiable"
    expected: dict[str, Any] | None = None
    reason: str = ""
    id: str = ""

    @property
    def key(self) -> tuple:
        return (self.subject, self.period, self.flow, self.breakdown, self.metric)

    @property
    def currency(self) -> str | None:
        """'USD' for an amount stated in 美元; None (the data's own currency) for everything else."""
        return "USD" if "美元" in self.unit else None

    def to_dict(self) -> dict[str, Any]:
        record = {
            "id": self.id,
            "file": self.file,
            "subject": self.subject,
            "period": self.period,
            "flow": self.flow,
            "breakdown": {"kind": self.breakdown[0], "name": self.breakdown[1]} if self.breakdown else None,
            "metric": self.metric,
            "value": self.value,
            "unit": self.unit,
            "text": self.text,
            "span": list(self.span),
            "verdict": self.verdict,
            "expected": self.expected,
            "reason": self.reason,
        }
        if self.detail:
            record["detail"] = self.detail
        return record


@dataclass
class OutOfScope:
    """A number near trade words that is not a trade statistic (clearance hours, registered firms)."""

    file: str
    text: str
    span: tuple[int, int]
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return {"file": self.file, "text": self.text, "span": list(self.span), "reason": self.reason}
