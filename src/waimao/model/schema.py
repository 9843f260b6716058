"""The canonical trade record (INDICATORS.md §1): one row per month, flow and combination of dimensions.

Every reader converts its source into this Arrow schema, so the warehouse, the indicator
engine and the tests see one shape whatever the input. Money and quantities are decimals:
sums are then exact and identical on every engine (DuckDB, Spark), which floats are not.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pyarrow as pa

FLOWS = ("export", "import")

#: Enterprise types (企业性质) as stored, with their Chinese names.
ENTERPRISE_TYPES = {
    "state_owned": "国有企业",
    "foreign_invested": "外商投资企业",
    "private": "民营企业",
    "other": "其他",
}

#: The canonical columns, in file order. Dimension columns are strings (codes keep leading zeros).
COLUMNS = ("month", "flow", "region", "partner", "product", "trade_mode", "enterprise_type", "enterprise_id",
           "value_cny", "value_usd", "qty1", "unit1", "qty2", "unit2")


def _arrow_types() -> dict:
    """MONEY, QUANTITY and TRADE_SCHEMA, made on first use (see `__getattr__`); the fields follow COLUMNS."""
    import pyarrow as pa

    money, quantity = pa.decimal128(18, 2), pa.decimal128(20, 3)
    schema = pa.schema(
        [
            pa.field("month", pa.date32(), nullable=False),  # first day of the month
            pa.field("flow", pa.string(), nullable=False),  # 'export' | 'import'
            pa.field("region", pa.string()),  # customs domestic code ('63019', '63012') or province ('63')
            pa.field("partner", pa.string()),  # customs 3-digit partner code ('344' Russia)
            pa.field("product", pa.string()),  # HS code, 8 digits (2/4/6 when the source is aggregated)
            pa.field("trade_mode", pa.string()),  # 4-digit declaration or 2-digit statistical code
            pa.field("enterprise_type", pa.string()),  # a key of ENTERPRISE_TYPES
            pa.field("enterprise_id", pa.string()),  # anonymised id
            pa.field("value_cny", money),  # yuan (null only in a dollar-only source)
            pa.field("value_usd", money),  # US dollars
            pa.field("qty1", quantity),
            pa.field("unit1", pa.string()),  # unit name as customs writes it ('千克', '个')
            pa.field("qty2", quantity),
            pa.field("unit2", pa.string()),
        ]
    )
    return {"MONEY": money, "QUANTITY": quantity, "TRADE_SCHEMA": schema}


def __getattr__(name: str):
    """The Arrow types (MONEY, QUANTITY, TRADE_SCHEMA) on first use: reading a warehouse needs no pyarrow."""
    if name in ("MONEY", "QUANTITY", "TRADE_SCHEMA"):
        if name not in globals():
            globals().update(_arrow_types())
        return globals()[name]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


#: Columns a canonical file must have; the others are optional and stay null when absent.
#: A file also needs at least one of the money columns (VALUE_COLUMNS).
REQUIRED = ("month", "flow")
VALUE_COLUMNS = ("value_cny", "value_usd")
#: Currency code → the column holding values in it.
CURRENCY_COLUMNS = {"CNY": "value_cny", "USD": "value_usd"}

#: Dimension columns: the ones that identify a row (a repeated combination is a duplicate row).
DIMENSIONS = ("month", "flow", "region", "partner", "product", "trade_mode", "enterprise_type", "enterprise_id")

#: Accepted header spellings in canonical files (Chinese and common English variants) -> column.
ALIASES = {
    "月份": "month",
    "数据年月": "month",
    "年月": "month",
    "period": "month",
    "流向": "flow",
    "进出口": "flow",
    "进出口标志": "flow",
    "地区": "region",
    "地区编码": "region",
    "境内目的地/货源地": "region",
    "注册地编码": "region",
    "region_code": "region",
    "贸易伙伴": "partner",
    "贸易伙伴编码": "partner",
    "国别": "partner",
    "partner_code": "partner",
    "商品编码": "product",
    "hs": "product",
    "hs_code": "product",
    "hs8": "product",
    "贸易方式": "trade_mode",
    "贸易方式编码": "trade_mode",
    "监管方式": "trade_mode",
    "企业性质": "enterprise_type",
    "企业类型": "enterprise_type",
    "企业编码": "enterprise_id",
    "企业代码": "enterprise_id",
    "人民币": "value_cny",
    "人民币值": "value_cny",
    "金额（人民币）": "value_cny",
    "value": "value_cny",
    "美元": "value_usd",
    "美元值": "value_usd",
    "第一数量": "qty1",
    "第一计量单位": "unit1",
    "第二数量": "qty2",
    "第二计量单位": "unit2",
}

#: Accepted spellings of the flow -> 'export' | 'import'.
FLOW_ALIASES = {
    "export": "export",
    "exports": "export",
    "x": "export",
    "0": "export",
    "出口": "export",
    "import": "import",
    "imports": "import",
    "m": "import",
    "1": "import",
    "进口": "import",
}

#: Accepted spellings of the enterprise type -> key of ENTERPRISE_TYPES.
ENTERPRISE_TYPE_ALIASES = {
    **{k: k for k in ENTERPRISE_TYPES},
    **{v: k for k, v in ENTERPRISE_TYPES.items()},
    "国有": "state_owned",
    "外资": "foreign_invested",
    "外商投资": "foreign_invested",
    "外商投资企业": "foreign_invested",
    "民营": "private",
    "私营企业": "private",
    "soe": "state_owned",
    "fie": "foreign_invested",
}


def canonical_column(name: str) -> str | None:
    """The canonical column a header names, or None. Case, spaces and BOMs are ignored."""
    key = name.strip().lstrip("\ufeff")
    if key.lower() in COLUMNS:
        return key.lower()
    return ALIASES.get(key) or ALIASES.get(key.lower())


def empty_table() -> pa.Table:
    return __getattr__("TRADE_SCHEMA").empty_table()
