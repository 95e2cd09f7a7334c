"""Real browser tests: Playwright driving Debian's chromium (never a downloaded browser)."""

import os
import shutil

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# The default browser has no WebGL (the portal's GeoJSON path, as on phones without it); headless chromium
# would otherwise fall back to SwiftShader on its own. GL: WebGL through ANGLE on SwiftShader (software).
TANPA_WEBGL = ["--disable-webgl"]
WEBGL_PERANGKAT_LUNAK = ["--use-gl=angle", "--use-angle=swiftshader", "--enable-unsafe-swiftshader"]


@pytest.fixture(scope="session")
def playwright_sesi():
    if not os.path.exists(CHROMIUM):
        pytest.skip("chromium tidak terpasang (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop in this thread while the browser lives; the ORM calls of
    # the tests (and their database teardown) stay synchronous, so Django's async guard is lifted meanwhile.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            yield playwright
    finally:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


@pytest.fixture(scope="session")
def browser(playwright_sesi):
    browser = playwright_sesi.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS + TANPA_WEBGL)
    yield browser
    browser.close()


@pytest.fixture(scope="session")
def browser_gl(playwright_sesi):
    """Chromium with WebGL in software: the portal draws lines and polygons from vector tiles (MapLibre)."""
    args = [a for a in ARGS if a != "--disable-gpu"] + WEBGL_PERANGKAT_LUNAK
    browser = playwright_sesi.chromium.launch(executable_path=CHROMIUM, headless=True, args=args)
    yield browser
    browser.close()


@pytest.fixture
def page(browser):
    yield from _page(browser)


@pytest.fixture
def page_gl(browser_gl):
    """A page with WebGL; console warnings count as problems too."""
    yield from _page(browser_gl)


def _page(browser):
    context = browser.new_context(viewport={"width": 412, "height": 900}, locale="id-ID")
    page = context.new_page()
    page.problems = []
    page.on("console", lambda m: m.type in {"error", "warning"} and page.problems.append(f"{m.type}: {m.text}"))
    page.on("pageerror", lambda e: page.problems.append(f"pageerror: {page.url} {e} {e.stack}"))
    page.on("dialog", lambda d: (page.problems.append(f"dialog: {d.message}"), d.dismiss()))
    # No internet here: block the online basemap so only our own server is contacted.
    page.route("https://tile.openstreetmap.org/**", lambda route: route.abort())
    yield page
    context.close()


@pytest.fixture
def ponsel(browser):
    """A 360×740 phone (touch) in Indonesian; page errors and dialogs collected in `page.problems`."""
    yield from _ponsel(browser)


@pytest.fixture
def ponsel_gl(browser_gl):
    """The same phone with WebGL."""
    yield from _ponsel(browser_gl)


def _ponsel(browser):
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="id-ID", has_touch=True)
    page = context.new_page()
    page.problems = []
    page.on("pageerror", lambda e: page.problems.append(f"pageerror: {e}"))
    # Script errors count; a refused request ("Failed to load resource: 403") is what some tests provoke.
    page.on(
        "console",
        lambda m: (
            m.type == "error"
            and not m.text.startswith("Failed to load resource")
            and page.problems.append(f"console: {m.text}")
        ),
    )
    page.on("dialog", lambda d: (page.problems.append(f"dialog: {d.message}"), d.dismiss()))
    page.route("https://tile.openstreetmap.org/**", lambda route: route.abort())
    yield page
    context.close()
