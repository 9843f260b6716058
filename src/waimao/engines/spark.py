"""The Spark engine: the warehouse tables as Parquet, read by PySpark, served to Ibis.

The indicator code runs unchanged on it; only where the tables come from differs. A folder
holding `trade.parquet` (a file or a folder of part files) and `loads.parquet`, as written by
`waimao export`, is what Spark reads; `SparkEngine.from_warehouse` writes that folder from a
DuckDB warehouse first. The session is local unless `master` (or `$WAIMAO_SPARK_MASTER`)
names a cluster, e.g. `spark://host:7077` or `yarn`; then the folder must be on storage the
cluster can read (HDFS, S3, a shared mount).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from waimao.errors import EngineError

if TYPE_CHECKING:
    import ibis.expr.types as ir
    from ibis.backends.pyspark import Backend as IbisPySpark

TABLES = ("trade", "loads")
DEFAULT_MASTER = "local[2]"


def java_available() -> bool:
    """Spark needs a Java runtime; say so before trying to start one."""
    home = os.environ.get("JAVA_HOME")
    return bool(shutil.which("java") or (home and (Path(home) / "bin" / "java").exists()))


def _session(master: str | None):
    try:
        from pyspark.sql import SparkSession
    except ImportError as e:
        raise EngineError("The Spark engine needs PySpark: pip install 'waimao[spark]'.") from e
    if not java_available():
        raise EngineError("The Spark engine needs a Java runtime (17 or 21); install one or set JAVA_HOME.")
    master = master or os.environ.get("WAIMAO_SPARK_MASTER") or DEFAULT_MASTER
    builder = (
        SparkSession.builder.master(master)
        .appName("waimao")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "8")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
    )
    session = builder.getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    return session


class SparkEngine:
    """The trade and loads tables of one Parquet folder, on a Spark session."""

    def __init__(self, folder: str | os.PathLike, *, master: str | None = None, _cleanup: Path | None = None):
        self.folder = str(folder)
        self._cleanup = _cleanup
        if "://" not in self.folder:  # a local folder can be checked; hdfs://, s3a:// … are the cluster's business
            self.folder = str(Path(self.folder).expanduser())
            missing = [name for name in TABLES if not (Path(self.folder) / f"{name}.parquet").exists()]
            if missing:
                raise EngineError(
                    f"{self.folder} lacks {', '.join(f'{m}.parquet' for m in missing)}; write it with `waimao export`."
                )
        import ibis

        self._session = _session(master)
        self._backend: IbisPySpark = ibis.pyspark.connect(self._session)
        self._tables = {
            name: self._backend.read_parquet(f"{self.folder.rstrip('/')}/{name}.parquet", table_name=f"waimao_{name}")
            for name in TABLES
        }

    @classmethod
    def from_warehouse(cls, warehouse, *, master: str | None = None) -> SparkEngine:
        """Export an open DuckDB warehouse to a temporary Parquet folder and read it with Spark."""
        folder = Path(tempfile.mkdtemp(prefix="waimao-spark-"))
        try:
            warehouse.export_parquet(folder)
            return cls(folder, master=master, _cleanup=folder)
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)
            raise

    def __enter__(self) -> SparkEngine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def backend(self) -> IbisPySpark:
        return self._backend

    def table(self, name: str) -> ir.Table:
        if name not in self._tables:
            raise EngineError(f"The Spark engine has no table {name!r}; it serves {', '.join(TABLES)}.")
        return self._tables[name]

    def close(self) -> None:
        """Drop the temporary folder (if this engine made it); the Spark session stays for reuse."""
        if self._cleanup is not None:
            shutil.rmtree(self._cleanup, ignore_errors=True)
            self._cleanup = None


__all__ = ["DEFAULT_MASTER", "SparkEngine", "java_available"]
