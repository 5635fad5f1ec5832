"""The live server the browser tests use answers requests that arrive at once.

On SQLite its request threads share one in-memory connection; without the conftest's
one-at-a-time server, parallel requests fail at random with sqlite3.InterfaceError and the
site's 503 page, and browser tests fail for a reason that is not the site's.
"""

import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest

pytestmark = pytest.mark.usefixtures("demo_data")

# Distinct URLs, so that each one reaches the database rather than the page cache.
PATHS = [f"/programs/?q=lab{n}" for n in range(24)] + [f"/programs/?zip=4321{n}" for n in range(10)]


def test_parallel_requests_all_succeed(live_server):
    def fetch(path):
        url = live_server.url + path
        with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 - loopback
            return response.status

    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = list(pool.map(fetch, PATHS))
    assert statuses == [200] * len(statuses)
