import re
from pathlib import Path

import pyarrow as pa
import pytest

from waimao.errors import Severity
from waimao.ingest.checks import Cells, IssueLog
from waimao.ingest.issue_codes import ISSUE_CODES, make_issue

ROOT = Path(__file__).resolve().parents[2]
DOCS = (ROOT / "docs" / "issues.md").read_text(encoding="utf-8")
SOURCE = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "src" / "waimao" / "ingest").rglob("*.py")
                   if p.name != "issue_codes.py")


def documented() -> dict[str, str]:
    """code -> severity word from the '### `code`' sections of docs/issues.md."""
    sections = re.findall(r"^### `([a-z-]+)`\nSeverity: (error|warning)\.", DOCS, flags=re.M)
    return dict(sections)


def test_every_code_is_documented_with_its_severity():
    docs = documented()
    for code, entry in ISSUE_CODES.items():
        assert code in docs, f"{code} is not documented in docs/issues.md"
        assert docs[code] == entry.severity.value, f"{code}: docs say {docs[code]}, catalogue {entry.severity.value}"


def test_docs_describe_no_code_outside_the_catalogue():
    assert set(documented()) == set(ISSUE_CODES)


def test_every_documented_code_has_an_example_message():
    for code in ISSUE_CODES:
        section = DOCS.split(f"### `{code}`", 1)[1].split("\n### ", 1)[0]
        assert "Example:" in section, code


def test_every_code_the_readers_emit_is_catalogued_and_every_catalogued_code_is_emitted():
    emitted = set(re.findall(r'(?:log\.(?:add|flag)\(|report_unknown_values\(log, )\s*"([a-z-]+)"', SOURCE))
    assert emitted <= set(ISSUE_CODES), emitted - set(ISSUE_CODES)
    unused = [code for code in ISSUE_CODES if f'"{code}"' not in SOURCE]
    assert unused == []


def test_codes_are_kebab_case():
    assert all(re.fullmatch(r"[a-z]+(-[a-z]+)*", code) for code in ISSUE_CODES)


def test_make_issue_takes_the_catalogue_severity_and_refuses_unknown_codes():
    assert make_issue("unknown-partner", "m").severity is Severity.WARNING
    assert make_issue("bad-number", "m", row=3).is_error
    with pytest.raises(KeyError):
        make_issue("no-such-code", "m")


def test_issue_log_keeps_the_first_issues_of_a_code_and_counts_the_rest():
    log = IssueLog("f.csv", limit=3)
    values = pa.array([str(i) for i in range(10)])
    mask = pa.array([i % 2 == 0 for i in range(10)])
    assert log.flag("bad-number", mask, Cells("美元", values, pa.array(range(2, 12))), "not a number") == 5
    log.add("unknown-partner", "unknown", row=4, value="998")
    report = log.report()
    bad = [i for i in report.issues if i.code == "bad-number"]
    assert [(i.row, i.value) for i in bad[:3]] == [(2, "0"), (4, "2"), (6, "4")]
    assert bad[3].row is None and "2 more" in bad[3].message and bad[3].is_error
    assert report.stats["issue_counts"] == {"bad-number": 5, "unknown-partner": 1}
    assert not report.valid
