"""Fixtures shared across test folders."""

from __future__ import annotations

import pytest

from waimao.api import demo, figures, open_warehouse


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory):
    """The demo warehouse, built once per test run (read it; copy it before writing)."""
    db = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    demo(db=db)
    return db


@pytest.fixture(scope="session")
def demo_figures(demo_db):
    """`demo_figures(region, period)`: the demo's figure set, computed once per run; an error is raised again.

    Only for tests that look figures up (`find` may add a named partner set, nothing else):
    the report tests compose from their own sets.
    """
    cache: dict = {}
    with open_warehouse(demo_db, read_only=True) as warehouse:
        def get(region: str, period: str):
            if (region, period) not in cache:
                try:
                    cache[(region, period)] = figures(region, period, db=warehouse)
                except Exception as e:  # noqa: BLE001 - raised again on every call, as a fresh computation would
                    cache[(region, period)] = e
            found = cache[(region, period)]
            if isinstance(found, Exception):
                raise found
            return found

        yield get


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="session")
def browser():
    """Debian's headless Chromium driven by Playwright, one per test run (never a downloaded browser).

    Fails, not skips, when /usr/bin/chromium is missing: browser tests are part of the suite, and
    `make test` installs Chromium with apt. Open pages with `page_errors` rather than `browser.new_page()`.
    """
    from pathlib import Path

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
