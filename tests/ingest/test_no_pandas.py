"""Platform ingest without pandas: `waimao.ingest.arrays` builds what `pa.array`/`pa.scalar` build.

pyarrow imports pandas (≈ 0.3 s CPU) the first time it converts a Python value; the ingest path
builds its arrays and scalars from buffers instead. Asserted two ways: the builders give arrays
and scalars equal (values, type, nulls) to pyarrow's own conversion, and a fresh process that
ingests clean platform downloads (GBK, a thousands comma, non-ASCII units) never imports pandas.
(A file with warnings still may: grouping the rows of an unknown code runs through Acero.)
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pyarrow as pa
import pytest

from waimao.ingest.arrays import EMPTY_TEXT, FALSE, NULL_TEXT, booleans, integers, scalar, strings

TEXTS = [[], [""], ["a", None, "千克", "", "吨"], [None, None], ["x" * 1000, "é"]]


@pytest.mark.parametrize("values", TEXTS)
def test_strings_are_what_pa_array_gives(values):
    built = strings(values)
    built.validate(full=True)
    assert built.equals(pa.array(values, pa.string()))
    assert built.null_count == sum(v is None for v in values)


@pytest.mark.parametrize("values,dtype,arrow_type", [
    (np.arange(0), np.int64, pa.int64()), (np.arange(2, 7), np.int64, pa.int64()),
    ([4, 6, 8, 10], np.int32, pa.int32()), ([2**62, -1], np.int64, pa.int64()),
])
def test_integers_are_what_pa_array_gives(values, dtype, arrow_type):
    assert integers(values, dtype).equals(pa.array(list(values), arrow_type))


def test_booleans_are_what_pa_array_gives():
    for values in ([], [True], [False, True, True, False, False, True, True, True, False]):
        assert booleans(values).equals(pa.array(values, pa.bool_()))


@pytest.mark.parametrize("value,arrow_type", [
    (None, pa.string()), ("", pa.string()), ("0", pa.string()), ("bad-number", pa.string()),
    (False, pa.bool_()), (True, pa.bool_()), (0, pa.int64()), (12, pa.int64()), (2**62, pa.int64()),
    (0, pa.int32()), (0, pa.decimal128(18, 2)), (0, pa.decimal128(20, 3)), (None, pa.decimal128(18, 2)),
    (dt.date(2025, 3, 1), pa.date32()), (dt.date(1969, 12, 1), pa.date32()), ("export", pa.string()),
])
def test_scalars_are_what_pa_scalar_gives(value, arrow_type):
    built, expected = scalar(value, arrow_type), pa.scalar(value, arrow_type)
    assert built.type == expected.type and built.is_valid == expected.is_valid and built.as_py() == expected.as_py()


def test_the_constants():
    assert FALSE.as_py() is False and EMPTY_TEXT.as_py() == "" and NULL_TEXT.as_py() is None
    assert NULL_TEXT.type == pa.string() and not NULL_TEXT.is_valid


_INGEST = textwrap.dedent("""
    import json, sys
    from pathlib import Path
    from waimao import api
    from waimao.model.partners import PARTNERS
    partners = sorted(PARTNERS)[:40]  # known codes: an unknown one is warned of through Acero, which imports pandas
    folder = Path(sys.argv[1])
    lines = ["数据年月,商品编码,贸易伙伴编码,贸易方式编码,注册地编码,第一数量,第一计量单位,人民币,"]
    for province, flow in (("11", "出口"), ("12", "出口"), ("11", "进口")):
        rows = [f'2023{m:02d},8501{i:04d},{partners[i]},10,{province},{i + 1},{"千克" if i % 2 else "台"},"{i},{i:03d}",'
                for m in (1, 2) for i in range(40)]
        (folder / f"{province}_{flow}.csv").write_bytes(("\\r\\n".join(lines + rows) + "\\r\\n").encode("gbk"))
    files = sorted(str(p) for p in folder.glob("*.csv"))
    outcomes = api.ingest(files, kind="gacc", dataset="platform", db=str(folder / "w.duckdb"))
    print(json.dumps({"outcomes": [o.outcome for o in outcomes], "rows": sum(o.rows for o in outcomes),
                      "pandas": "pandas" in sys.modules}))
""")


def test_a_platform_ingest_imports_no_pandas(tmp_path):
    src = Path(__file__).resolve().parents[2] / "src"
    done = subprocess.run([sys.executable, "-c", _INGEST, str(tmp_path)], capture_output=True, text=True,
                          env={"PYTHONPATH": str(src), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}, check=True)
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["outcomes"] == ["loaded"] * 3 and result["rows"] == 3 * 80
    assert result["pandas"] is False
