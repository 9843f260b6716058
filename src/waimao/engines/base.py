"""What the rest of waimao needs from a storage/compute engine: an Ibis backend and its tables.

Indicators are Ibis expressions and never see an engine; the caller binds them to the tables
an engine hands out. Keeping the contract this small lets a Spark engine sit beside the DuckDB
warehouse without the indicator code knowing which one runs it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, runtime_checkable

if TYPE_CHECKING:
    import ibis.expr.types as ir
    from ibis.backends import BaseBackend


@runtime_checkable
class Engine(Protocol):
    """Anything that can serve the warehouse tables as Ibis tables."""

    def backend(self) -> BaseBackend:
        """The Ibis backend that runs expressions built on this engine's tables."""
        ...

    def table(self, name: str) -> ir.Table:
        """One stored table (`trade`, `loads`, ...) as an Ibis table."""
        ...
