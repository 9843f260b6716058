import sys

import pytest


@pytest.fixture
def write(tmp_path):
    """write(name, text, encoding='gbk') -> Path: a real file as a user would have it on disk."""

    def _write(name: str, text: str | bytes, encoding: str = "gbk"):
        path = tmp_path / name
        path.write_bytes(text if isinstance(text, bytes) else text.encode(encoding))
        return path

    return _write


def pytest_terminal_summary(terminalreporter):
    """The fuzz suite's figures (files tried, loads, coded refusals), when it ran."""
    fuzz = sys.modules.get("test_fuzz_cli")
    line = fuzz.figures() if fuzz else None
    if line:
        terminalreporter.write_line(line)
