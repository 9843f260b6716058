"""The golden bulletins: which files there are, how their text is made, and the command that rewrites them.

The tests (test_bulletin_zh.py, test_bulletin_en.py) only compare the bulletins with these files;
no test ever writes one, so a comparison cannot pass by construction. After a deliberate change
to the wording, rewrite them with

    make golden        # or: .venv/bin/python tests/reports/golden_files.py

which builds the demo warehouse in a temporary folder, composes each bulletin as the tests do
(the demo's figure set, the packaged rules) and writes the files that differ; then read
`git diff tests/reports/golden` before committing it.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

GOLDEN = Path(__file__).resolve().parent / "golden"
REGION = "青海省"
PERIODS = ("2025Q1", "2025H1", "2024")
LANGS = ("zh", "en")
UPDATE = "make golden"


def golden_path(period: str, lang: str) -> Path:
    return GOLDEN / f"qinghai_{period}_{lang}.md"


def bulletin_text(release) -> str:
    """What a golden file holds: the release's bulletin as Markdown."""
    from waimao.reports import to_markdown

    return to_markdown(release.bulletin)


def assert_matches_golden(text: str, period: str, lang: str) -> None:
    """The test's side: compare, never write."""
    path = golden_path(period, lang)
    assert path.is_file(), f"{path} is missing: write it with `{UPDATE}` and commit it"
    golden = path.read_text(encoding="utf-8")
    assert text == golden, (f"the {lang} bulletin of {period} differs from {path.name}; if the change is deliberate, "
                            f"rewrite the golden files with `{UPDATE}` and read the diff")


def main() -> int:
    from waimao import api
    from waimao.reports import compose, load_rules

    changed = 0
    with tempfile.TemporaryDirectory(prefix="waimao-golden-") as folder:
        db = Path(folder) / "demo.duckdb"
        api.demo(db=db)
        for period in PERIODS:
            figure_set = api.figures(REGION, period, db=db)
            for lang in LANGS:
                text = bulletin_text(compose(figure_set, load_rules(), lang))
                path = golden_path(period, lang)
                if path.is_file() and path.read_text(encoding="utf-8") == text:
                    print(f"  unchanged  {path.name}")
                    continue
                path.write_text(text, encoding="utf-8")
                changed += 1
                print(f"  rewrote    {path.name}")
    known = {golden_path(p, lang) for p in PERIODS for lang in LANGS}
    for stray in sorted(set(GOLDEN.glob("*.md")) - known):
        print(f"  not a golden file of the set (delete it?): {stray.name}")
    print(f"{changed} golden file(s) rewritten" + ("; read `git diff tests/reports/golden`" if changed else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
