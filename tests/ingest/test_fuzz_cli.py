"""Fuzzing `waimao ingest` (issue 18): damaged files of every kind, each through the CLI in a subprocess.

The property, for every file: it loads (exit 0), or it is refused with coded issues (exit 1, a
table of codes from the catalogue, no "Unexpected error", no traceback or library warning on
stderr) and leaves no row in the warehouse. A subprocess, so that a segfault fails the test.

Files are made by `fuzz_files.sample` (platform GBK downloads, canonical CSV and Parquet, Comtrade
API CSV and bulk TSV, gzipped or not, damaged in their cells, text and bytes). To keep the run
short, each Hypothesis example is one CLI call over FILES_PER_RUN files, and each file's outcome
is checked on its own (`ingest_cli.Run.problems`).

Runs:

- the bounded run in the normal suite: derandomized (a fixed seed, so CI does not find new
  failures at random; Hypothesis's engine may still vary the later examples a little with
  timing), FUZZ_RUNS examples of FILES_PER_RUN files, 10–20 s on two cores;
- a longer, random run: ``WAIMAO_FUZZ_RUNS=300 .venv/bin/pytest tests/ingest/test_fuzz_cli.py``
  (``WAIMAO_FUZZ_FILES`` sets the files per run, ``WAIMAO_FUZZ_SEED`` replays a seed). The figures
  (files tried, loads, coded refusals by code) are printed at the end of the module.

Files that found bugs are kept as explicit regression cases: the fuzzer's own finds, as they were
drawn, in tests/ingest/fuzz_regressions/ (`REGRESSIONS` says what each one broke and the code it
must now get), and the cases reported in issue 18, built below.
"""

from __future__ import annotations

import gzip
import os
from collections import Counter
from pathlib import Path

from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

import fuzz_files
from fuzz_files import Sample
from ingest_cli import ingest

LONG = "WAIMAO_FUZZ_RUNS" in os.environ
FUZZ_RUNS = int(os.environ.get("WAIMAO_FUZZ_RUNS", "6"))
FILES_PER_RUN = int(os.environ.get("WAIMAO_FUZZ_FILES", "12"))

STATS: Counter = Counter()
CODES: Counter = Counter()


def figures() -> str | None:
    """The fuzz figures of this session (printed by tests/ingest/conftest.py at the end of the run)."""
    if not STATS["files"]:
        return None
    return (f"fuzz: {STATS['files']} files in {STATS['runs']} CLI runs: {STATS['loads']} loaded, "
            f"{STATS['refused']} refused with codes, {STATS['problems']} problems (crashes, uncoded errors, "
            "rows left by refused files); refusals by code: " + ", ".join(f"{c} {n}" for c, n in CODES.most_common()))


def check(samples: list[Sample], folder: Path) -> None:
    """Write the files, ingest them in one CLI call, and assert the property for each one."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for sample in samples:
        path = folder / sample.name
        path.write_bytes(sample.data)
        paths.append(path)
    run = ingest(paths, folder / "fuzz.duckdb")
    problems = run.problems([p.name for p in paths])
    STATS.update(runs=1, files=len(paths), problems=len(problems),
                 loads=sum(o in ("loaded", "replaced", "unchanged") for o in run.outcomes.values()),
                 refused=sum(o == "failed" for o in run.outcomes.values()))
    for codes in run.codes.values():
        CODES.update(set(codes))
    recipes = "\n".join(repr(s) for s in samples)
    assert problems == [], f"{problems}\nfiles:\n{recipes}\nstderr:\n{run.stderr[-3000:]}"


FOUND = Path(__file__).with_name("fuzz_regressions")
#: file in fuzz_regressions/ -> (what it did before issue 18, the code it must be refused with; None: it loads)
REGRESSIONS = {
    "parquet-cut-no-footer.parquet": ("exit 2: ArrowInvalid, Parquet magic bytes not found", "bad-file"),
    "parquet-thrift-invalid.parquet": ("exit 2: OSError, couldn't deserialize thrift", "bad-file"),
    "parquet-corrupt-snappy.parquet": ("exit 2: OSError, corrupt snappy compressed data", "bad-file"),
    "parquet-corrupt-page.parquet": ("exit 2: OSError, invalid number of bytes (corrupt data page?)", "bad-file"),
    "parquet-output-buffer-too-small.parquet": ("exit 2: ArrowInvalid, output buffer size", "bad-file"),
    "parquet-column-name-not-utf8.parquet": ("exit 2: UnicodeDecodeError, a column name (also after the first fix)",
                                             "bad-file"),
    "parquet-struct-column.parquet": ("exit 2: unsupported cast from struct to utf8", "bad-column-type"),
    "parquet-list-column.parquet": ("exit 2: unsupported cast from list to utf8", "bad-column-type"),
    "parquet-named-gz.csv.gz": ("exit 2: BadGzipFile, not a gzipped file", "bad-file"),
    "gz-three-bytes-not-gzip.csv.gz": ("exit 2: BadGzipFile", "bad-file"),
    "gz-cut-short.csv.gz": ("exit 2: EOFError, compressed file ended", "bad-file"),
    "gz-invalid-distance_青海_出口_2003Q1.csv.gz": ("exit 2: zlib error -3", "bad-file"),
    "gz-crc-mismatch_青海_出口_2003Q1.csv.gz": ("exit 2: BadGzipFile, CRC check failed", "bad-file"),
    "gz-wrong-length.csv.gz": ("exit 2: BadGzipFile, incorrect length of data produced", "bad-file"),
    "comtrade-bulk-header-only-with-nul.txt": ("exit 2: function 'or' has no kernel (null, bool)", None),
}
#: the cases of the issue, built here: name -> (bytes, the code it must be refused with)
REPORTED = {
    "tiny.csv": (b"month,flow,value_cny\n202501,export,1e-999999999\n", "bad-number"),  # segfault, exit 139
    "cut-mid-character.csv": ("month,flow,value_cny,unit1\n202501,export,5,千克\n".encode()[:-3], "bad-encoding"),
    "cell-over-128k.csv": (b'month,flow,value_cny\n202501,export,"1\n' + b"2" * 140_000 + b'"\n2,3\n',
                           "field-too-long"),
}


def test_files_that_found_bugs_are_refused_with_their_code_or_load(tmp_path):
    assert sorted(p.name for p in FOUND.iterdir()) == sorted(REGRESSIONS)
    for name, (data, _) in REPORTED.items():
        (tmp_path / name).write_bytes(data)
    paths = [FOUND / name for name in REGRESSIONS] + [tmp_path / name for name in REPORTED]
    run = ingest(paths, tmp_path / "regressions.duckdb")
    assert run.problems([p.name for p in paths]) == [], run.stderr[-3000:]
    expected = {name: code for name, (_, code) in {**REGRESSIONS, **REPORTED}.items()}
    assert {name: (run.codes[name] if run.outcomes[name] == "failed" else None) for name in expected} == \
        {name: (None if code is None else [code]) for name, code in expected.items()}


def test_every_base_file_loads(tmp_path):
    """The property is only worth something if undamaged files load: every base, plain and gzipped."""
    samples = [Sample(f"b{i:02d}_{b.name}", fuzz_files.text_bytes(b)) for i, b in
               enumerate(f(2001 + i) for i, f in enumerate(fuzz_files.TEXT_BASES))]
    samples.append(Sample("b05_records.parquet", fuzz_files.parquet_bytes(fuzz_files.canonical(2006), {})))
    samples.append(Sample("b06_typed.parquet", fuzz_files.parquet_bytes(
        fuzz_files.canonical(2007), {"month": "date", "value_cny": "decimal", "value_usd": "float", "qty1": "int",
                                     "partner": "dictionary"})))
    samples.append(Sample("b07_bulk_2008.txt.gz", gzip.compress(fuzz_files.text_bytes(fuzz_files.comtrade_bulk(2008)))))
    for s in samples:
        (tmp_path / s.name).write_bytes(s.data)
    run = ingest([tmp_path / s.name for s in samples], tmp_path / "bases.duckdb")
    assert run.returncode == 0, run.stderr
    assert set(run.outcomes.values()) == {"loaded"}, run.outcomes
    assert run.problems(list(run.outcomes)) == []
    # every base has 3 detail rows; a Comtrade base also has a World × HS 850760 row, the reporter's own total
    # of that code, which is its own cut and so its own load (b02, b03 and b07)
    assert [load["rows"] for load in run.loads] == [3, 3, 3, 1, 3, 1, 3, 3, 3, 1]


_settings = settings(max_examples=FUZZ_RUNS, deadline=None, database=None, derandomize=not LONG,
                     suppress_health_check=list(HealthCheck), print_blob=True)


@_settings
@given(st.tuples(*(fuzz_files.sample(slot) for slot in range(FILES_PER_RUN))))
def test_a_damaged_file_loads_or_is_refused_with_codes_and_leaves_no_row(tmp_path_factory, samples):
    check(list(samples), tmp_path_factory.mktemp("fuzz"))


if os.environ.get("WAIMAO_FUZZ_SEED"):
    test_a_damaged_file_loads_or_is_refused_with_codes_and_leaves_no_row = seed(int(os.environ["WAIMAO_FUZZ_SEED"]))(
        test_a_damaged_file_loads_or_is_refused_with_codes_and_leaves_no_row)
