"""Which function answers each `waimao` command, imported and turned into a command only when asked for.

A user runs one command per process. Building every command at start-up — importing its module
(the claim checker, the web server, the ingest readers) and letting typer read its signature —
cost more than the report itself on the demo warehouse. So the group holds a mapping whose values
are made on first access: `waimao report` imports `waimao.cli.report` alone, while `waimao --help`
(which lists every command with its short help) still builds them all.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Mapping, MutableMapping
from typing import Any

from typer.core import TyperGroup

#: Command name → "module:function" under `waimao.cli`, in the order `waimao --help` lists them.
COMMANDS = {
    "ingest": "ingest:ingest_command",
    "loads": "loads:loads_command",
    "restore": "loads:restore_command",
    "info": "info:info_command",
    "figures": "figures:figures_command",
    "export": "figures:export_command",
    "report": "report:report_command",
    "plan": "plan:plan_command",
    "check": "check:check_command",
    "evaluate": "evaluate:evaluate_command",
    "serve": "serve:serve_command",
    "demo": "demo:demo_command",
}


class LazyCommands(MutableMapping):
    """name → click command, each built from `COMMANDS` on first access and kept."""

    def __init__(self, where: Mapping[str, str], build):
        self._where = dict(where)
        self._build = build
        self._built: dict[str, Any] = {}

    def __getitem__(self, name: str):
        if name not in self._built:
            if name not in self._where:
                raise KeyError(name)
            module, function = self._where[name].split(":")
            self._built[name] = self._build(name, getattr(importlib.import_module(f"waimao.cli.{module}"), function))
        return self._built[name]

    def __setitem__(self, name: str, command) -> None:
        self._built[name] = command
        self._where.setdefault(name, "")

    def __delitem__(self, name: str) -> None:
        del self._where[name]
        self._built.pop(name, None)

    def __iter__(self) -> Iterator[str]:
        return iter(self._where)

    def __len__(self) -> int:
        return len(self._where)

    def __contains__(self, name: object) -> bool:
        return name in self._where


def lazy_group(base: type[TyperGroup], *, pretty_exceptions_short: bool = True) -> type[TyperGroup]:
    """A subclass of the group class `base` whose commands are those of `COMMANDS`, built when asked for."""

    class LazyGroup(base):
        def __init__(self, **attrs: Any):
            super().__init__(**attrs)
            self.commands = LazyCommands(COMMANDS, self._command)

        def _command(self, name: str, function):
            from typer.main import get_command_from_info
            from typer.models import CommandInfo

            return get_command_from_info(CommandInfo(name=name, callback=function),
                                         pretty_exceptions_short=pretty_exceptions_short,
                                         rich_markup_mode=self.rich_markup_mode)

        def list_commands(self, ctx) -> list[str]:
            return list(self.commands)  # names only: listing must not build every command

    LazyGroup.__name__ = LazyGroup.__qualname__ = f"Lazy{base.__name__}"
    return LazyGroup


__all__ = ["COMMANDS", "LazyCommands", "lazy_group"]
