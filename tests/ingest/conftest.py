import pytest


@pytest.fixture
def write(tmp_path):
    """write(name, text, encoding='gbk') -> Path: a real file as a user would have it on disk."""

    def _write(name: str, text: str | bytes, encoding: str = "gbk"):
        path = tmp_path / name
        path.write_bytes(text if isinstance(text, bytes) else text.encode(encoding))
        return path

    return _write
