"""The editorial rules of a bulletin (which partners, products and regions it states), read from TOML.

Customs releases pick their items by size, growth and novelty; writing those choices as
thresholds in a table (data/bulletin_rules.toml) lets an office tune its bulletin without code.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from waimao.errors import WaimaoError


@dataclass(frozen=True)
class ProductRules:
    max_items: int
    min_share_pct: float
    min_value: float
    fast_growth: float
    skip_unions: bool
    same_value_pct: float
    value_rank_top: int


@dataclass(frozen=True)
class DriverRules:
    """Which members a bulletin names as what drove a flow up or down (reports/drivers.py)."""

    explain_pct: float = 60.0
    max_items: int = 3
    min_pull_pp: float = 1.0
    min_part_pct: float = 10.0
    min_change_pct: float = 5.0


@dataclass(frozen=True)
class Rules:
    top_partners: int
    new_partners_named: int
    partner_group: str
    exports: ProductRules
    imports: ProductRules
    max_regions: int
    partner_group_abroad: str = "RCEP"  # the group of a country's bulletin (a Comtrade reporter)
    drivers: DriverRules = DriverRules()


def config_text(packaged: str, path: str | Path | None, what: str) -> tuple[str, str]:
    """(text, source name) of the packaged reports/data/`packaged`, or of the user's copy at `path`;
    a file that cannot be read is a WaimaoError naming it as `what`."""
    if path is None:
        return resources.files("waimao.reports").joinpath(f"data/{packaged}").read_text(encoding="utf-8"), packaged
    try:
        return Path(path).read_text(encoding="utf-8"), str(path)
    except OSError as e:
        raise WaimaoError(f"Cannot read the {what} {path}: {e}") from None


def load_rules(path: str | Path | None = None) -> Rules:
    """The packaged rules, or those of `path` (a full copy of data/bulletin_rules.toml)."""
    raw, source = config_text("bulletin_rules.toml", path, "rules file")
    try:
        data = tomllib.loads(raw)
        return Rules(
            top_partners=int(data["partners"]["top"]),
            new_partners_named=int(data["partners"]["new_named"]),
            partner_group=str(data["partners"]["group"]),
            exports=ProductRules(**data["exports"]),
            imports=ProductRules(**data["imports"]),
            max_regions=int(data["regions"]["max_items"]),
            partner_group_abroad=str(data["partners"].get("group_abroad", "RCEP")),
            drivers=DriverRules(**data.get("drivers", {})),  # a rules file from before [drivers] keeps the defaults
        )
    except (tomllib.TOMLDecodeError, KeyError, TypeError, ValueError) as e:
        raise WaimaoError(f"{source}: not a valid bulletin rules file ({type(e).__name__}: {e})") from None


__all__ = ["DriverRules", "ProductRules", "Rules", "config_text", "load_rules"]
