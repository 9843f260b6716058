"""The check report: a table a journalist can read in the terminal, and JSON for machines."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from waimao.claims.consistency import NotRun
from waimao.claims.extract import Claim, OutOfScope

VERDICT_STYLE = {"confirmed": "green", "contradicted": "bold red", "inconsistent": "bold magenta",
                 "unverifiable": "yellow"}


@dataclass
class CheckReport:
    files: list[str]
    claims: list[Claim]
    out_of_scope: list[OutOfScope] = field(default_factory=list)
    #: consistency checks that did not run because a figure they need is not established
    not_run: list[NotRun] = field(default_factory=list)

    @property
    def summary(self) -> dict[str, int]:
        counts = Counter(c.verdict for c in self.claims)
        return {v: counts.get(v, 0) for v in VERDICT_STYLE} | {"claims": len(self.claims)}

    @property
    def problems(self) -> list[Claim]:
        return [c for c in self.claims if c.verdict in ("contradicted", "inconsistent")]

    def to_dict(self) -> dict[str, Any]:
        return {"files": self.files, "summary": self.summary, "claims": [c.to_dict() for c in self.claims],
                "out_of_scope": [o.to_dict() for o in self.out_of_scope],
                "checks_not_run": [n.to_dict() for n in self.not_run]}


def _label(c: Claim) -> str:
    slice_ = f" · {c.breakdown[1]}" if c.breakdown else ""
    return f"{c.subject or '?'} {c.period or '?'} {c.flow}{slice_} · {c.metric}"


def render(report: CheckReport, console: Console, *, all_claims: bool = True) -> None:
    """Problems first, then (optionally) every claim, then the counts."""
    for title, claims in (("Problems", report.problems), ("All claims", report.claims if all_claims else [])):
        if not claims:
            continue
        table = Table(title=title, title_justify="left", show_lines=False)
        for name in ("file", "text", "figure", "stated", "verdict", "expected", "reason"):
            table.add_column(name, overflow="fold")
        for c in claims:
            expected = f"{c.expected['value']:g}{c.expected['unit']}" if c.expected else ""
            style = VERDICT_STYLE[c.verdict]
            table.add_row(escape(c.file), escape("".join(c.text.split())), escape(_label(c)),
                          f"{c.value:g}{escape(c.unit)}", f"[{style}]{c.verdict}[/]", escape(expected),
                          escape(c.reason))
        console.print(table)
    s = report.summary
    console.print(f"{s['claims']} claims: [green]{s['confirmed']} confirmed[/], [bold red]{s['contradicted']} "
                  f"contradicted[/], [bold magenta]{s['inconsistent']} inconsistent[/], "
                  f"[yellow]{s['unverifiable']} unverifiable[/]; {len(report.out_of_scope)} numbers out of scope; "
                  f"{len(report.not_run)} consistency checks not run (figures not established; see --json).")
