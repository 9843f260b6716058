"""The indicator code gives identical figures on DuckDB and on Spark (the issue's parity requirement).

Both engines read the same demo warehouse; every figure of the full set (key, unrounded value,
unit, both wordings) must agree exactly. The test never skips: without PySpark or a Java runtime
it fails, saying what to install (`make test` installs both: PySpark with the dev extras, Debian's
openjdk-17-jre-headless with apt-get), so no machine passes the suite without testing Spark.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pyarrow as pa
import pytest

from waimao.api import open_warehouse
from waimao.engines.spark import SparkEngine, java_available
from waimao.indicators import compute_figures

pytestmark = [
    # pandas 3 deprecations raised inside pyspark and ibis, once per column converted: noise, not ours.
    pytest.mark.filterwarnings("ignore:The copy keyword is deprecated"),
    pytest.mark.filterwarnings("ignore:The 'future.infer_string' option is deprecated"),
]

CASES = [("青海省", "2025Q1"), ("青海省", "2025H1"), ("青海省", "2024"), ("海西州", "2025Q1")]


@pytest.fixture(scope="session")
def spark_runtime() -> None:
    """Fail (never skip) when Spark cannot run here, naming what is missing and how to install it."""
    if importlib.util.find_spec("pyspark") is None:
        pytest.fail("PySpark is not installed: `make test` installs it (pip install -e '.[dev]', or '.[spark]')",
                    pytrace=False)
    if not java_available():
        pytest.fail("no Java runtime (java on PATH or $JAVA_HOME), which Spark needs: `make test` installs Debian's "
                    "openjdk-17-jre-headless (or: sudo apt-get install openjdk-17-jre-headless)", pytrace=False)


@pytest.fixture(scope="module")
def engines(spark_runtime, demo_db):
    """The demo warehouse on DuckDB and the same data on one Spark engine, closed at the end."""
    with open_warehouse(demo_db, read_only=True) as warehouse:
        spark = SparkEngine.from_warehouse(warehouse)
        try:
            yield warehouse, spark
        finally:
            spark.close()
    assert not Path(spark.folder).exists(), "closing the Spark engine must remove its temporary Parquet folder"


def first_difference(left: pa.Table, right: pa.Table) -> str:
    """Name the first differing row, so that a parity failure says which figure drifted."""
    if left.schema != right.schema:
        return f"schemas differ:\n{left.schema}\nvs\n{right.schema}"
    a, b = left.to_pylist(), right.to_pylist()
    for i, (x, y) in enumerate(zip(a, b)):
        if x != y:
            return f"row {i}: duckdb {x} != spark {y}"
    return f"row counts differ: duckdb {len(a)}, spark {len(b)}"


@pytest.mark.parametrize(("subject", "period"), CASES, ids=[f"{s}-{p}" for s, p in CASES])
def test_full_figure_set_is_identical_on_both_engines(engines, subject, period, record_property):
    warehouse, spark = engines
    on_duckdb = compute_figures(warehouse, subject, period)
    on_spark = compute_figures(spark, subject, period)

    duck_table, spark_table = on_duckdb.table(), on_spark.table()
    print(f"{subject} {period}: {duck_table.num_rows} figures on duckdb, {spark_table.num_rows} on spark")
    record_property("figures_duckdb", duck_table.num_rows)
    record_property("figures_spark", spark_table.num_rows)

    assert duck_table.num_rows > 0, f"{subject} {period}: no figures at all, so parity would prove nothing"
    assert duck_table.equals(spark_table), first_difference(duck_table, spark_table)
    assert on_duckdb.notes == on_spark.notes
