"""Browser tests: Playwright drives Debian's Chromium against pytest-django's live server.

They skip, with the reason, on a machine without Chromium (`apt-get install -y chromium`).
Never run `playwright install`: it downloads a browser, which this project does not need.
"""

import os
import shutil
import threading

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

# pytest-django's live server and Playwright's sync API share the main thread.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session", autouse=True)
def one_request_at_a_time_on_in_memory_sqlite():
    """On SQLite the live server's request threads share the test's one in-memory connection.

    Two requests at once (a page and its htmx fetch, say) then use one sqlite3 connection from
    two threads, which fails at random ("bad parameter or other API misuse"). The server still
    takes many connections, but runs Django for one request at a time. PostgreSQL gives each
    thread its own connection, so it keeps the concurrent server.
    """
    from django.core.servers.basehttp import ThreadedWSGIServer
    from django.db import connection
    from django.test.testcases import LiveServerThread

    if connection.vendor != "sqlite":
        yield
        return

    class OneAtATime(ThreadedWSGIServer):
        lock = threading.Lock()

        def set_app(self, application):
            lock = self.lock

            class Closing:
                # The response's close() sends request_finished, which touches the connection.
                def __init__(self, response):
                    self.response = response

                def __iter__(self):
                    return iter(self.response)

                def close(self):
                    with lock:
                        self.response.close()

            def serial(environ, start_response):
                with lock:
                    return Closing(application(environ, start_response))

            super().set_app(serial)

    original = LiveServerThread.server_class
    LiveServerThread.server_class = OneAtATime
    yield
    LiveServerThread.server_class = original


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)
            if not CHROMIUM:
                item.add_marker(
                    pytest.mark.skip(reason="Chromium not installed (apt-get install -y chromium)")
                )


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def nojs_page(browser):
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def demo_data(transactional_db):
    from django.core.management import call_command

    call_command("load_demo_data", stdout=open(os.devnull, "w"))  # noqa: SIM115


@pytest.fixture
def axe_violations():
    """Run axe-core on a page and return a readable list of its violations."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()

    def run(page):
        results = axe.run(page)
        return [
            f"{v['id']}: {v['help']} ({len(v['nodes'])} nodes: "
            f"{[n['target'] for n in v['nodes'][:3]]})"
            for v in results.response["violations"]
        ]

    return run
