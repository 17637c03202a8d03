"""Browser tests: Debian's Chromium driven by Playwright (never a downloaded browser).

Skipped when /usr/bin/chromium is missing, except with CI=true, where they must run.
"""

import os
from pathlib import Path

import pytest

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"

# Playwright's sync API runs an event loop in this thread; the ORM calls the
# tests make between browser steps are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@pytest.fixture(scope="session")
def playwright():
    if not CHROMIUM.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true but Chromium is not at {CHROMIUM} (apt-get install chromium)")
        pytest.skip(f"Chromium is not at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright):
    browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
    yield browser
    browser.close()


@pytest.fixture(autouse=True)
def _tanpa_pelanggaran_csp(browser, monkeypatch):
    """Every page of a browser test runs under the Content-Security-Policy (the test
    settings send the production policy): anything it refuses fails the test."""
    ditolak: list[str] = []
    asli = browser.new_context

    def new_context(*args, **kwargs):
        context = asli(*args, **kwargs)
        context.on(
            "console",
            lambda pesan: (
                ditolak.append(pesan.text) if "Content Security Policy" in pesan.text else None
            ),
        )
        return context

    monkeypatch.setattr(browser, "new_context", new_context)
    yield
    assert not ditolak, ditolak


@pytest.fixture
def phone(browser, request):
    """A 360 px wide Android-like phone; a screenshot is kept when the test fails."""
    context = browser.new_context(
        viewport={"width": 360, "height": 740},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        locale="id-ID",
        user_agent=(
            "Mozilla/5.0 (Linux; Android 13; SM-A145F) AppleWebKit/537.36 "
            "(KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36"
        ),
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    if getattr(request.node, "rep_call", None) and request.node.rep_call.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)
