"""Secure by default: headers on every page type, deploy checks, health and outage pages."""

import os
import re
import subprocess
import sys
from unittest import mock

import pytest
from django.conf import settings
from django.db import OperationalError, connection
from django.urls import reverse

from programs.tests.factories import LabSessionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def program():
    return LabSessionFactory(program__slug="hybrid-aas").program


def page_types(program):
    return {
        "home": "/",
        "list": "/programs/?zip=43210",
        "detail": program.get_absolute_url(),
        "compare": f"/programs/compare/?programs={program.slug}",
        "api": "/api/programs/",
        "openapi": "/api/openapi.json",
        "guide index": "/careers/",
        "eligibility": "/careers/eligibility/",
        "shortlist": "/shortlists/",
        "sitemap": "/sitemap.xml",
        "robots": "/robots.txt",
        "health": "/healthz",
        "not found": "/no-such-page/",
        "admin login": f"/{settings.ADMIN_URL}login/",
    }


def test_security_headers_on_every_page_type(client, program):
    for name, url in page_types(program).items():
        response = client.get(url, secure=True)
        assert response.status_code in (200, 404), name
        csp = response["Content-Security-Policy"]
        directives = {part.split()[0]: part.split()[1:] for part in csp.split(";") if part.strip()}
        assert directives["default-src"] == ["'none'"], name
        assert directives["script-src"][0] == "'self'" and "'unsafe-inline'" not in csp, name
        # A nonce appears only when the page used one (Django adds it lazily).
        assert all(re.fullmatch(r"'nonce-[\w+/=-]+'", s) for s in directives["script-src"][1:])
        assert directives["style-src"][0] == "'self'", name
        assert directives["frame-ancestors"] == ["'none'"], name
        assert directives["base-uri"] == ["'none'"], name
        assert directives["form-action"] == ["'self'"], name
        max_age = int(re.search(r"max-age=(\d+)", response["Strict-Transport-Security"])[1])
        assert max_age >= 182 * 24 * 3600, name
        assert response["X-Content-Type-Options"] == "nosniff", name
        assert response["X-Frame-Options"] == "DENY", name
        assert response["Referrer-Policy"] in {"strict-origin-when-cross-origin", "same-origin"}
        assert response["Cross-Origin-Opener-Policy"] == "same-origin", name
        assert response["Cross-Origin-Resource-Policy"] == "same-origin", name


def test_public_pages_need_no_nonce_and_the_admin_keeps_one(client, admin_client):
    """Public pages have no inline script or style, so 'self' suffices and the same URL is
    the same bytes (cacheable, issue #16); the admin's inline scripts keep their nonce."""
    first, second = client.get("/programs/"), client.get("/programs/")
    assert "nonce-" not in first["Content-Security-Policy"]
    assert first.content == second.content
    for tag in re.findall(r"<script\b[^>]*>", first.text):
        assert "src=" in tag or "application/ld+json" in tag, tag
    admin_page = admin_client.get(f"/{settings.ADMIN_URL}")
    nonce = re.search(r"'nonce-([^']+)'", admin_page["Content-Security-Policy"])
    assert nonce and f'nonce="{nonce[1]}"' in admin_page.text


def test_session_and_csrf_cookies_are_secure(client, program):
    client.post(reverse("shortlists:add"), {"program": program.slug, "next": "/"})
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["secure"] and cookie["httponly"] and cookie["samesite"] == "Lax"


def test_https_redirect(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    response = client.get("/programs/")
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/programs/"


def test_proxy_header_is_honoured_when_configured(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    assert client.get("/", headers={"X-Forwarded-Proto": "https"}).status_code == 200


def test_bad_host_header_is_400(client):
    response = client.get("/", headers={"Host": "evil.example"})
    assert response.status_code == 400


def test_friendly_404(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "We can't find that page" in response.text


def test_healthz(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json()["database"] == "up"
    down = OperationalError("down")
    with (
        mock.patch("django.db.backends.utils.CursorWrapper.execute", side_effect=down),
        # PostgreSQL: the health check probes with a connection of its own.
        mock.patch.object(connection, "get_new_connection", side_effect=down),
    ):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "down", "cache": "local"}
    assert response["Retry-After"] == "30"


def test_database_outage_gets_the_503_page(client):
    client.raise_request_exception = False
    with mock.patch(
        "programs.views.count_facets", side_effect=OperationalError("server closed the connection")
    ):
        response = client.get("/programs/")
    assert response.status_code == 503
    assert "briefly unavailable" in response.text
    assert response["Retry-After"] == "30"


def test_other_errors_get_the_500_page(client):
    client.raise_request_exception = False
    with mock.patch("programs.views.count_facets", side_effect=ValueError("bug")):
        response = client.get("/programs/")
    assert response.status_code == 500
    assert "something went wrong on our side" in response.text


def test_check_deploy_is_clean_with_production_settings():
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="a-production-secret-" + "x7Gq2" * 10,
        DJANGO_ALLOWED_HOSTS="mltportal.example.org",
        DJANGO_SETTINGS_MODULE="mltportal.settings",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_api_outage_answers_json(client):
    client.raise_request_exception = False
    with mock.patch("programs.api.ProgramFilter", side_effect=OperationalError("gone")):
        response = client.get("/api/programs/")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable"}


def test_redis_cache_when_redis_url_is_set():
    """REDIS_URL switches the cache to Django's RedisCache (skipped without a local Redis)."""
    import socket

    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        pytest.skip("no Redis server on 127.0.0.1:6379")
    code = (
        "import django, os; django.setup()\n"
        "from django.core.cache import cache\n"
        "from django.conf import settings\n"
        "assert settings.CACHES['default']['BACKEND'].endswith('RedisCache')\n"
        "cache.set('mlt-test-key', 42, 30); assert cache.get('mlt-test-key') == 42\n"
        "cache.delete('mlt-test-key'); print('ok')\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        DJANGO_DEBUG="1",
        DJANGO_SETTINGS_MODULE="mltportal.settings",
        REDIS_URL="redis://127.0.0.1:6379/15",
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0 and result.stdout.strip() == "ok", result.stderr


@pytest.mark.django_db
def test_postgresql_connections_give_up_instead_of_hanging():
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only: SQLite has no server to wait for")
    assert settings.DATABASES["default"]["OPTIONS"]["connect_timeout"] == 5
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone()[0] == "20s"
        cursor.execute("SHOW idle_in_transaction_session_timeout")
        assert cursor.fetchone()[0] == "1min"
    from django.db import transaction

    with (
        pytest.raises(OperationalError, match="statement timeout"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("SET LOCAL statement_timeout = 50")
        cursor.execute("SELECT pg_sleep(2)")


def test_a_bad_number_in_the_environment_says_what_to_fix():
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "MLT_"))}
    env.update(DJANGO_DEBUG="1", MLT_TRUSTED_PROXY_HOPS="one")
    result = subprocess.run(
        [sys.executable, "-c", "import mltportal.settings"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "MLT_TRUSTED_PROXY_HOPS must be a whole number, not 'one'" in result.stderr
