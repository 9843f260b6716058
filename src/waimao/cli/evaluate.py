"""`waimao evaluate`: score the claim checker on annotated texts (a corpus folder, or the seeds)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer
from rich.markup import escape
from rich.table import Table

from waimao.cli.common import JsonOption, out, print_json
from waimao.errors import IngestError, Issue, Report

if TYPE_CHECKING:  # the checker is imported when the command runs: `waimao --help` lists this command
    from waimao.claims.evaluate import Evaluation


def evaluate_command(
    corpus: Annotated[Optional[Path], typer.Argument(
        help="A corpus folder: articles/NNN.txt, gold/NNN.json, articles/index.tsv, inconsistencies.tsv.",
        file_okay=False)] = None,
    seeds: Annotated[Optional[Path], typer.Option("--seeds", help="A folder of seed pages (NNN_*.txt), scored "
                                                  "against --published.", file_okay=False)] = None,
    published: Annotated[Optional[Path], typer.Option("--published", help="published_figures.tsv for --seeds.",
                                                      dir_okay=False)] = None,
    details: Annotated[bool, typer.Option("--details", help="List, per article, the strict claims missed and "
                                          "the claims read that no gold claim is.")] = False,
    json: JsonOption = False,
) -> None:
    """Precision, recall and "inconsistent" alarms of `waimao check` per article and in total.

    No warehouse is used: the scores are those of reading and of the consistency checks. The
    scoring rule is in docs/claims.md ("Evaluation").

    Example:

        waimao evaluate ../shared/corpus
        waimao evaluate --seeds ../shared/seeds --published ../shared/spec/published_figures.tsv
        waimao evaluate ../shared/corpus --json --details > eval.json
    """
    from waimao.claims.evaluate import evaluate_corpus, evaluate_seeds

    evaluations = []
    if corpus is not None:
        _need(corpus / "articles", "a corpus folder holds articles/ and gold/")
        _need(corpus / "gold", "a corpus folder holds articles/ and gold/")
        evaluations.append(evaluate_corpus(corpus))
    if seeds is not None or published is not None:
        if seeds is None or published is None:
            raise typer.BadParameter("--seeds and --published go together")
        _need(seeds, "the seed pages")
        _need(published, "published_figures.tsv")
        evaluations.append(evaluate_seeds(seeds, published))
    if not evaluations:
        raise typer.BadParameter("give a corpus folder, or --seeds with --published")
    if json:
        print_json([e.to_dict(details=details) for e in evaluations])
        return
    for e in evaluations:
        _render(e, details)


def _need(path: Path, what: str) -> None:
    if not path.exists():
        issue = Issue("file-not-found", f"{path} is missing ({what})", file=str(path))
        raise IngestError(f"{path}: not found", report=Report(issues=[issue]))


def _render(e: Evaluation, details: bool) -> None:
    console = out()
    table = Table(title=f"{e.name}: strict claims", title_justify="left")
    for name in ("article", "strict", "matched", "claims", "precision", "recall", "soft found", "genuine alarms",
                 "false alarms"):
        table.add_column(name, justify="left" if name == "article" else "right")
    for a in [*e.articles, e.total]:
        table.add_row(a.id, str(a.strict), str(a.matched), str(a.claims), f"{a.precision:.3f}", f"{a.recall:.3f}",
                      f"{a.soft_found}/{a.soft}", str(len(a.genuine_alarms)), str(len(a.false_alarms)),
                      end_section=a is e.articles[-1])
    console.print(table)
    for alarm in e.total.alarms:
        kind = "[green]published[/]" if alarm.genuine else "[bold red]false alarm[/]"
        console.print(f"{kind} {escape(alarm.article)} {escape(alarm.text)} ({escape(alarm.figure)}): "
                      f"{escape(alarm.reason)}")
    if details:
        for a in e.articles:
            for g in a.missed:
                console.print(f"missed {a.id} {escape(g['text'])} → {g['metric']} {g['value']:g}{g['unit']}")
            for c in a.extra:
                console.print(f"extra  {a.id} {escape(' '.join(c.text.split()))} → {c.subject} {c.period} {c.flow} "
                              f"{c.breakdown} {c.metric} {c.value:g}{c.unit}")
