"""Fixtures shared across test folders, and the one place that decides where ../shared is.

../shared (beside the repository, never copied into it) holds the product's reference files:
spec/ (published_figures.tsv …), seeds/, corpus/ and reference/. A test reaches them only
through the `shared` fixture (or `published_row`, `published_rows`, the `needs_shared` mark), so a
clone without them collects cleanly and skips those tests, each with a reason naming the missing
file; with CI=true the same tests fail instead, so CI can never pass by skipping them.
"""

from __future__ import annotations

import csv
import os
import tempfile
from pathlib import Path

import pytest

from waimao.api import demo, figures, open_warehouse

#: Compiled figure-set SQL (waimao.engines.sqlcache) goes to a folder of this run, not the user's cache.
os.environ.setdefault("WAIMAO_SQL_CACHE", tempfile.mkdtemp(prefix="waimao-sql-"))

# -- ../shared ------------------------------------------------------------------------------------

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
#: what each top folder of ../shared is, for the reason a test gives when it is missing
SHARED_PARTS = {
    "spec": "the product spec",
    "seeds": "the five published Qinghai bulletins",
    "corpus": "the claims corpus",
    "reference": "the real customs reference tables",
}
PUBLISHED = "spec/published_figures.tsv"


def in_ci() -> bool:
    """CI=true (GitHub, GitLab and most CI services set it): missing reference files fail the run."""
    return os.environ.get("CI", "").strip().lower() in {"true", "1", "yes"}


def shared_path(relative: str) -> Path:
    """../shared/<relative>; when it is missing the calling test is skipped, or failed when CI=true."""
    path = SHARED / relative
    if path.exists():
        return path
    what = SHARED_PARTS.get(relative.split("/")[0], "the product's reference files")
    reason = (f"needs ../shared/{relative} ({what} beside the repository): put the shared folder "
              f"(spec/, seeds/, corpus/, reference/) at {SHARED} to run it")
    if in_ci():
        pytest.fail(f"{reason}. CI=true, so a missing ../shared fails the run instead of skipping", pytrace=False)
    pytest.skip(reason)


def _read_published(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t"))


@pytest.fixture(scope="session")
def shared():
    """`shared("spec/published_figures.tsv")` → the Path under ../shared, or the test is skipped (failed when CI=true)."""
    return shared_path


@pytest.fixture(scope="session")
def published_rows(shared) -> list[dict[str, str]]:
    """Every row of ../shared/spec/published_figures.tsv, as dicts of its columns."""
    return _read_published(shared(PUBLISHED))


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "published_rows(*needs): with a `published_row` argument, one test per row of "
        "published_figures.tsv whose `needs` column is one of these (every row when none is named)")
    config.addinivalue_line(
        "markers", "needs_shared(*relative): the test needs these files of ../shared; checked before any "
        "fixture is set up (skipped when missing, failed when CI=true)")


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    """`needs_shared` marks are checked before the fixtures, so a missing file never costs a demo build."""
    for mark in item.iter_markers("needs_shared"):
        for relative in mark.args:
            shared_path(relative)


def pytest_report_header(config):
    if SHARED.is_dir():
        return f"shared reference files: {SHARED}"
    then = "fail (CI=true)" if in_ci() else "are skipped"
    return f"shared reference files: {SHARED} is MISSING; the tests that need them {then}"


def pytest_generate_tests(metafunc):
    """`published_row`: one test per published row (ids are the rows' ids), chosen by the `published_rows` mark.

    The spec is read here, at collection, only because the rows name the tests; when it is missing the
    test gets a single case that skips (fails when CI=true) with the reason `shared_path` gives.
    """
    if "published_row" not in metafunc.fixturenames:
        return
    path = SHARED / PUBLISHED
    if not path.is_file():
        missing = pytest.param(None, id="no-shared-spec", marks=pytest.mark.needs_shared(PUBLISHED))
        metafunc.parametrize("published_row", [missing], indirect=True)
        return
    marker = metafunc.definition.get_closest_marker("published_rows")
    needs = set(marker.args) if marker and marker.args else None
    rows = [r for r in _read_published(path) if needs is None or r["needs"] in needs]
    if not rows:
        raise pytest.UsageError(f"{metafunc.definition.nodeid}: no row of {path} has needs in {sorted(needs or [])}")
    metafunc.parametrize("published_row", rows, ids=[r["id"] for r in rows], indirect=True)


@pytest.fixture
def published_row(request) -> dict[str, str]:
    """One row of published_figures.tsv (see `pytest_generate_tests`)."""
    return request.param


# -- the demo ---------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory):
    """The demo warehouse, built once per test run (read it; copy it before writing)."""
    db = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    demo(db=db)
    return db


@pytest.fixture(scope="session")
def demo_figures(demo_db):
    """`demo_figures(region, period, currency=None)`: the demo's figure set, computed once per run; an error is
    raised again. The claim checker calls it as its `figures_for`.

    Only for tests that look figures up (`find` may add a named partner set, nothing else):
    the report tests compose from their own sets.
    """
    cache: dict = {}
    with open_warehouse(demo_db, read_only=True) as warehouse:
        def get(region: str, period: str, currency: str | None = None):
            key = (region, period, currency)
            if key not in cache:
                try:
                    cache[key] = figures(region, period, db=warehouse, currency=currency)
                except Exception as e:  # noqa: BLE001 - raised again on every call, as a fresh computation would
                    cache[key] = e
            found = cache[key]
            if isinstance(found, Exception):
                raise found
            return found

        yield get


@pytest.fixture(scope="session")
def serve():
    """`with serve(app) as url:` an ASGI app served by uvicorn in a thread on a free 127.0.0.1 port, for the browser."""
    import threading
    import time
    from contextlib import contextmanager

    import uvicorn

    @contextmanager
    def serving(app):
        server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning", access_log=False,
                                               loop="asyncio", http="h11"))
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        deadline = time.monotonic() + 20
        while not server.started:
            if time.monotonic() > deadline or not thread.is_alive():
                pytest.fail("uvicorn did not start", pytrace=False)
            time.sleep(0.05)
        host, port = server.servers[0].sockets[0].getsockname()[:2]
        try:
            yield f"http://{host}:{port}"
        finally:
            server.should_exit = True
            thread.join(timeout=10)

    return serving


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="session")
def browser():
    """Debian's headless Chromium driven by Playwright, one per test run (never a downloaded browser).

    Fails, not skips, when /usr/bin/chromium is missing: browser tests are part of the suite, and
    `make test` installs Chromium with apt. Open pages with `page_errors` rather than `browser.new_page()`.
    """
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make test` (it installs Debian's chromium with apt)", pytrace=False)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield launched
        launched.close()


@pytest.fixture
def page_errors(browser):
    """Open pages that record what went wrong in them: `page, errors = page_errors(viewport={...})`.

    Each call opens a fresh browser context (keyword arguments go to `browser.new_context`, e.g.
    viewport or locale) and a page in it; `errors` is a live list of the page's console errors and
    uncaught exceptions ("console: …", "pageerror: …"), so a test ends with `assert errors == []`.
    The contexts are closed after the test.
    """
    contexts = []

    def open_page(**context_options):
        context = browser.new_context(**context_options)
        contexts.append(context)
        page = context.new_page()
        errors: list[str] = []
        page.on("console", lambda message: errors.append(f"console: {message.text}")
                if message.type == "error" else None)
        page.on("pageerror", lambda error: errors.append(f"pageerror: {error}"))
        return page, errors

    yield open_page
    for context in contexts:
        context.close()
