"""What every command shares: the --db/--json options, printing issues, error handling, progress.

Errors a user can act on (`WaimaoError`) become a table of issues and exit code 1, never a
traceback; anything else is a bug: a one-line message and exit code 2, with the traceback
only when WAIMAO_DEBUG=1.
"""

from __future__ import annotations

import enum
import json
import os
import sys
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table
from typer.core import TyperGroup

from waimao.errors import Issue, WaimaoError



def out() -> Console:
    """A console on stdout, made per call so it sees the current stream and $COLUMNS."""
    return Console(soft_wrap=True)


def err() -> Console:
    return Console(stderr=True, soft_wrap=True)


#: Files larger than this get a progress bar while they are read.
PROGRESS_THRESHOLD = 4 * 1024 * 1024

#: Issues shown in full before the rest are only counted by code.
MAX_ISSUES_SHOWN = 50

DbOption = Annotated[
    Optional[Path],
    typer.Option(
        "--db",
        envvar="WAIMAO_DB",
        help="Warehouse file. Default: $WAIMAO_DB, else $XDG_DATA_HOME/waimao/waimao.duckdb "
        "(~/.local/share/waimao/waimao.duckdb).",
        dir_okay=False,
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of tables.")]


class Currency(str, enum.Enum):
    cny = "cny"
    usd = "usd"


CurrencyOption = Annotated[
    Optional[Currency],
    typer.Option("--currency", case_sensitive=False,
                 help="Money in cny (人民币) or usd (美元). Default: cny where the data hold it, else usd."),
]


def currency_code(currency: Currency | None) -> str | None:
    return None if currency is None else currency.value.upper()


def print_json(data) -> None:
    """Plain JSON on stdout (no colours, no wrapping) so that it can be piped."""
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def issues_table(issues: Sequence[Issue], title: str, style: str) -> Table:
    table = Table(title=title, title_justify="left", title_style=style, show_lines=False)
    for name in ("code", "row", "column", "value", "message"):
        table.add_column(name, overflow="fold", style=style if name == "code" else None)
    for issue in issues[:MAX_ISSUES_SHOWN]:
        table.add_row(
            escape(issue.code),
            "" if issue.row is None else str(issue.row),
            escape(issue.column or ""),
            escape("" if issue.value is None else str(issue.value)),
            escape(issue.message),
        )
    return table


def print_issues(issues: Sequence[Issue], title: str, *, error: bool) -> None:
    """Issues as a table (frictionless style); past MAX_ISSUES_SHOWN, a count per code."""
    if not issues:
        return
    target = err() if error else out()
    target.print(issues_table(issues, title, "red" if error else "yellow"))
    rest = issues[MAX_ISSUES_SHOWN:]
    if rest:
        counts = ", ".join(f"{code} x{n}" for code, n in Counter(i.code for i in rest).most_common())
        target.print(f"... and {len(rest)} more: {escape(counts)}")


def print_error(error: WaimaoError) -> None:
    err().print(f"[bold red]Error:[/] {escape(str(error))}")
    print_issues(error.report.errors, "errors", error=True)
    print_issues(error.report.warnings, "warnings", error=False)


#: Exceptions the command framework handles itself (exit, abort, usage errors).
_FRAMEWORK_EXCEPTIONS: tuple[type[BaseException], ...] = (typer.Exit, typer.Abort)
if hasattr(typer, "TyperException"):  # typer >= 0.25 ships its own click
    _FRAMEWORK_EXCEPTIONS += (typer.TyperException,)
try:
    import click

    _FRAMEWORK_EXCEPTIONS += (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort)
except ImportError:  # pragma: no cover - typer without click
    pass


class WaimaoGroup(TyperGroup):
    """The command group: turns exceptions into messages and exit codes (no tracebacks)."""

    def invoke(self, ctx: typer.Context):
        try:
            return super().invoke(ctx)
        except WaimaoError as e:
            print_error(e)
            raise typer.Exit(1) from None
        except _FRAMEWORK_EXCEPTIONS:
            raise
        except BrokenPipeError:  # `waimao loads | head`: stop quietly, as other Unix tools do
            try:
                os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            except (OSError, ValueError, AttributeError):
                pass
            raise typer.Exit(1) from None
        except Exception as e:
            if os.environ.get("WAIMAO_DEBUG") == "1":
                raise
            err().print(
                f"[bold red]Unexpected error:[/] {escape(type(e).__name__)}: {escape(str(e))}\n"
                "This is a bug in waimao; run again with WAIMAO_DEBUG=1 to see the traceback and please report it."
            )
            raise typer.Exit(2) from None


@contextmanager
def files_progress(paths: list[Path]) -> Iterator[Callable[[Path], Callable[[int, int], None] | None]]:
    """Progress bars for the files over PROGRESS_THRESHOLD; yields `progress_for(path)`: a reader's callback or None.

    One transient display on stderr for the whole command: `api.ingest_each` reads the next file
    while one is loaded, so a file's bar appears when its reading starts (in the reader's thread;
    rich's updates are thread-safe) and goes when it is read. What the command prints meanwhile
    goes above the bars.
    """
    sizes = {path: _size(path) for path in paths}
    if not any(size > PROGRESS_THRESHOLD for size in sizes.values()):
        yield lambda path: None
        return
    columns = (TextColumn("{task.description}"), BarColumn(), DownloadColumn(), TimeRemainingColumn())
    with Progress(*columns, console=err(), transient=True) as bar:

        def progress_for(path: Path) -> Callable[[int, int], None] | None:
            size = sizes.get(path) or _size(path)
            if size <= PROGRESS_THRESHOLD:
                return None
            task = bar.add_task(f"reading {escape(path.name)}", total=size)

            def update(done: int, total: int | None = None) -> None:
                bar.update(task, completed=done, total=total or size)
                if done >= (total or size):
                    bar.remove_task(task)

            return update

        yield progress_for


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0
