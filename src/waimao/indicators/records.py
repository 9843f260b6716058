"""The figure record (claims_schema.md): one computed figure with its key, unrounded value and wording.

Computed figures and claims read from text share this shape, so a claim is verified by
looking up the figure with the same key. The key is (subject, period, flow, breakdown,
metric); `value` is unrounded in `unit`, `text` is how the bulletin writes it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import FrozenInstanceError, dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pyarrow as pa

FLOWS = ("total", "export", "import", "balance")
#: Base units (yuan, dollars) per money unit a figure may carry.
#: 万亿 (10^12) is how national releases state totals (进出口21.17万亿元); the claim checker reads it as written.
MONEY_UNITS = {"万亿元": Decimal(1_000_000_000_000), "亿元": Decimal(100_000_000), "万元": Decimal(10_000),
               "元": Decimal(1), "万亿美元": Decimal(1_000_000_000_000), "亿美元": Decimal(100_000_000),
               "万美元": Decimal(10_000), "美元": Decimal(1)}
#: Every metric, in the order a member's figures are listed (the bulletin's order).
METRIC_ORDER = (
    "value", "yoy_pct", "yoy_times", "first_time", "share_pct", "share_change_pp", "pull_pp", "contribution_pct",
    "growth_gap_pp", "yoy_change_pp", "gap_pp", "rank", "value_rank", "partner_rank", "national_share_pct",
    "share_of_pct", "share_of_city_pct", "share_of_group_pct", "streak_months", "quantity", "quantity_yoy_pct",
    "quantity_yoy_times", "partner_count", "new_partner_count", "product_count", "new_product_count",
    "region_count", "growing_region_count", "count", "count_change", "count_yoy_pct", "count_share_pct",
)
BREAKDOWN_KINDS = ("product_group", "product", "partner", "partner_group", "enterprise_type", "region", "trade_mode")


@dataclass(frozen=True, slots=True)
class Breakdown:
    """A slice of the subject: `kind` is one of BREAKDOWN_KINDS, `name` the member's reference name."""

    kind: str
    name: str

    def __post_init__(self) -> None:
        if self.kind not in BREAKDOWN_KINDS:
            raise ValueError(f"unknown breakdown kind {self.kind!r}; use one of {', '.join(BREAKDOWN_KINDS)}")

    def to_dict(self) -> dict[str, str]:
        return {"kind": self.kind, "name": self.name}


@dataclass(frozen=True, slots=True)
class Note:
    """Something a reader of the figures must know (a figure left out, two downloads that disagree), in
    both languages, so that a Chinese document never carries an English note. `code` is stable:
    'no-base', 'left-out', 'incomplete-cut', 'reconciliation', ….
    """

    code: str
    zh: str
    en: str

    def text(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en

    def __str__(self) -> str:
        return self.en

    def to_dict(self) -> dict[str, str]:
        return {"code": self.code, "zh": self.zh, "en": self.en}


@dataclass(frozen=True, slots=True)
class FigureSource:
    """Where a figure's sums came from: one cut of one dataset, in one currency, and its loads."""

    dataset: str
    dims: tuple[str, ...]
    currency: str
    loads: tuple[int, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"dataset": self.dataset, "dims": list(self.dims), "currency": self.currency, "loads": list(self.loads)}

    def __str__(self) -> str:
        dims = "×".join(d for d in self.dims if d not in ("month", "flow")) or "totals"
        return f"{self.dataset}[{dims}] {self.currency} loads {','.join(map(str, self.loads))}"


class Words:
    """A figure's text still to be made: `function(*arguments)` gives (zh, en) (`waimao.indicators.texts`)."""

    __slots__ = ("function", "arguments")

    def __init__(self, function: Callable[..., tuple[str, str]], *arguments: Any):
        self.function, self.arguments = function, arguments


#: The fields of a figure, in the order of its constructor (and of its repr).
FIELDS = ("subject", "period", "flow", "breakdown", "metric", "value", "unit", "text", "text_en", "detail", "source")
_COMPARED = FIELDS[:-1]  # `source` says where the sums came from, not what the figure is


class Figure:
    """One figure. `detail` carries what a sentence needs beside the number (e.g. new partners' names);
    `source` the cut its sums came from (`waimao.indicators.planner`).

    Immutable, like a frozen dataclass of its `FIELDS`. `text` may be given as `Words`: the figure
    set words a figure when its text is first read, as most figures are never quoted.
    """

    __slots__ = ("subject", "period", "flow", "breakdown", "metric", "value", "unit", "detail", "source", "_words")
    __match_args__ = FIELDS

    subject: str
    period: str
    flow: str
    breakdown: Breakdown | None
    metric: str
    value: float
    unit: str
    detail: dict[str, Any]
    source: FigureSource | None

    def __init__(self, subject: str, period: str, flow: str, breakdown: Breakdown | None, metric: str, value: float,
                 unit: str, text: str | Words, text_en: str = "", detail: dict[str, Any] | None = None,
                 source: FigureSource | None = None):
        put = object.__setattr__
        put(self, "subject", subject)
        put(self, "period", period)
        put(self, "flow", flow)
        put(self, "breakdown", breakdown)
        put(self, "metric", metric)
        put(self, "value", value)
        put(self, "unit", unit)
        put(self, "detail", {} if detail is None else detail)
        put(self, "source", source)
        put(self, "_words", text if isinstance(text, Words) else (text, text_en))

    @property
    def text(self) -> str:
        """How the bulletin writes the figure (Chinese)."""
        return self._worded()[0]

    @property
    def text_en(self) -> str:
        return self._worded()[1]

    def _worded(self) -> tuple[str, str]:
        words = self._words
        if words.__class__ is Words:
            words = words.function(*words.arguments)
            object.__setattr__(self, "_words", words)
        return words

    def _fields(self) -> tuple:
        return tuple(getattr(self, name) for name in _COMPARED)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._fields() == other._fields()

    def __hash__(self) -> int:
        return hash(self._fields())  # as a frozen dataclass's: a TypeError, as `detail` is a dict

    def __repr__(self) -> str:
        return f"Figure({', '.join(f'{name}={getattr(self, name)!r}' for name in FIELDS)})"

    def __setattr__(self, name: str, value: Any) -> None:
        raise FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise FrozenInstanceError(f"cannot delete field {name!r}")

    def __reduce__(self):
        return Figure, tuple(getattr(self, name) for name in FIELDS)

    @property
    def yuan(self) -> Decimal:
        """A money figure's value back in its currency's base unit (yuan, or dollars for a USD figure),
        for wording it another way (合计13.6亿元)."""
        return Decimal(repr(self.value)) * MONEY_UNITS[self.unit]

    @property
    def currency(self) -> str:
        """'USD' for a figure in 美元, else 'CNY'."""
        return "USD" if "美元" in self.unit else "CNY"

    @property
    def key(self) -> tuple:
        return (self.subject, self.period, self.flow, self.breakdown, self.metric)

    def to_dict(self) -> dict[str, Any]:
        record = {
            "subject": self.subject,
            "period": self.period,
            "flow": self.flow,
            "breakdown": self.breakdown.to_dict() if self.breakdown else None,
            "metric": self.metric,
            "value": self.value,
            "unit": self.unit,
            "text": self.text,
            "text_en": self.text_en,
        }
        if self.detail:
            record["detail"] = self.detail
        if self.source is not None:
            record["source"] = self.source.to_dict()
        return record


#: The columns of `to_table`, all strings but `value` (a float).
TABLE_COLUMNS = ("subject", "period", "flow", "breakdown_kind", "breakdown", "metric", "value", "unit", "text",
                 "text_en", "source")


def table_schema() -> pa.Schema:
    """The Arrow schema of `to_table` (pyarrow is imported by callers of tables only, not by the figure set)."""
    import pyarrow as pa

    return pa.schema([(name, pa.float64() if name == "value" else pa.string()) for name in TABLE_COLUMNS])


def to_table(figures: list[Figure]) -> pa.Table:
    """The figures as a tidy table, one row per figure (the CSV and DataFrame form)."""
    import pyarrow as pa

    columns: dict[str, list] = {name: [] for name in TABLE_COLUMNS}
    for f in figures:
        columns["subject"].append(f.subject)
        columns["period"].append(f.period)
        columns["flow"].append(f.flow)
        columns["breakdown_kind"].append(f.breakdown.kind if f.breakdown else None)
        columns["breakdown"].append(f.breakdown.name if f.breakdown else None)
        columns["metric"].append(f.metric)
        columns["value"].append(f.value)
        columns["unit"].append(f.unit)
        columns["text"].append(f.text)
        columns["text_en"].append(f.text_en)
        columns["source"].append(None if f.source is None else str(f.source))
    return pa.table(columns, schema=table_schema())


__all__ = ["BREAKDOWN_KINDS", "FIELDS", "FLOWS", "METRIC_ORDER", "MONEY_UNITS", "Breakdown", "Figure", "FigureSource", "Note",
           "TABLE_COLUMNS", "Words", "table_schema", "to_table"]
