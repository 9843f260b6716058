"""A package's public names given on first use (PEP 562), so importing it loads only what is read.

`waimao --help` and `import waimao.api` need a few constants of `waimao.indicators` and
`waimao.reports`; importing the packages eagerly loaded every figure family and composer.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Mapping
from typing import Any


def lazy_names(package: dict[str, Any], where: Mapping[str, str],
               public: Iterable[str]) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """`__getattr__` and `__dir__` for a package whose globals are `package`: name → its submodule in `where`."""
    name_of_package = package["__name__"]

    def __getattr__(name: str) -> Any:
        if name not in where:
            raise AttributeError(f"module {name_of_package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(f"{name_of_package}.{where[name]}"), name)
        package[name] = value  # the next lookup finds it without calling here
        return value

    def __dir__() -> list[str]:
        return sorted(set(package) | set(public))

    return __getattr__, __dir__


__all__ = ["lazy_names"]
