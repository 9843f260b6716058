"""Helpers shared by the reader tests (a uniquely named module: tests/ has no packages)."""


def only(issues, code):
    """The issues of one code; fails loudly when there are none, so tests cannot pass vacuously."""
    found = [i for i in issues if i.code == code]
    assert found, f"no {code} issue in {[str(i) for i in issues]}"
    return found
