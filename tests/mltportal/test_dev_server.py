"""`make run`'s development server on PostgreSQL (README: "Using PostgreSQL") keeps no
connection per request: it answers each request in a new thread, and a connection kept by
a thread that has ended stays open until PostgreSQL refuses everyone ("too many clients")."""

import os
import subprocess
import sys
import time
import urllib.request

import pytest
from django.conf import settings
from django.db import connection

from .services import free_port, wait_for_port

pytestmark = pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="PostgreSQL only: SQLite has no connections to run out of",
)


OTHERS = (
    "SELECT pid FROM pg_stat_activity"
    " WHERE datname = current_database() AND pid <> pg_backend_pid()"
)


def open_connections() -> set[int]:
    with connection.cursor() as cursor:
        cursor.execute(OTHERS)
        return {pid for (pid,) in cursor.fetchall()}


def still_open(before, seconds=5.0) -> set[int]:
    """The server's connections still open after the requests. A request's thread closes
    its connection just after the client has read the response, so the last one can still
    be open for a moment (seen on a loaded machine); a leaked one stays open."""
    deadline = time.monotonic() + seconds
    while (left := open_connections() - before) and time.monotonic() < deadline:
        time.sleep(0.1)
    return left


def test_the_development_server_closes_each_requests_connection(transactional_db):
    database = connection.settings_dict
    url = (
        f"postgres://{database['USER']}@{database['HOST'] or '127.0.0.1'}:"
        f"{database['PORT'] or 5432}/{database['NAME']}"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(DATABASE_URL=url, DJANGO_DEBUG="1")
    port = free_port()
    before = open_connections()  # other tests' connections, if any
    server = subprocess.Popen(  # noqa: S603 - fixed arguments
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for_port(port, seconds=30)
        for n in range(12):
            page = f"http://127.0.0.1:{port}/programs/?q=word{n}"
            with urllib.request.urlopen(page, timeout=30) as response:  # noqa: S310 - loopback
                assert response.status == 200
        left = still_open(before)
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert not left, f"{len(left)} connections left open by 12 requests"
