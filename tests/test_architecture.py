"""The layering of pyproject.toml's import-linter contracts holds (a lower layer never imports a higher one)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

LINT = """
import sys
from importlinter.cli import lint_imports
sys.exit(lint_imports(config_filename=sys.argv[1], no_cache=True, no_logo=True))
"""


def test_import_contracts_are_kept():
    # A subprocess: import-linter imports the whole package and must not see test-time monkeypatches.
    result = subprocess.run(
        [sys.executable, "-c", LINT, str(ROOT / "pyproject.toml")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_only_the_engines_import_duckdb():
    offenders = []
    for path in (ROOT / "src" / "waimao").rglob("*.py"):
        if path.parent.name == "engines":
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            stripped = line.strip()
            if stripped.startswith(("import duckdb", "from duckdb", "import pyspark", "from pyspark")):
                offenders.append(f"{path.relative_to(ROOT)}: {stripped}")
    assert offenders == []
