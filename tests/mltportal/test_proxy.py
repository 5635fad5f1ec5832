"""Through a real reverse proxy: nginx of the test's own on a loopback port in front of the
live server. Clients connect from different loopback addresses (127.0.0.2, 127.0.0.3), so
the app must take the client from X-Forwarded-For, as nginx wrote it, and only from nginx.
Skipped when nginx is not installed."""

import http.client
import re
import urllib.parse

import pytest
from axes.models import AccessAttempt

from programs.tests.factories import UserFactory

from .services import NGINX, Nginx

pytestmark = [pytest.mark.skipif(NGINX is None, reason="nginx is not installed")]

PASSWORD = "correct horse battery staple"
ATTACKER, STAFF_MEMBER = "127.0.0.2", "127.0.0.3"


@pytest.fixture
def proxy(live_server, settings):
    settings.TRUSTED_PROXY_HOPS = 1
    settings.TRUSTED_PROXY_NETWORKS = ["127.0.0.1/32"]  # nginx connects from 127.0.0.1
    upstream = urllib.parse.urlsplit(live_server.url).netloc
    server = Nginx(upstream)
    yield server
    server.stop()


class Browser:
    """Just enough of a browser: cookies, from a chosen source address."""

    def __init__(self, port, source, forwarded=None):
        self.port, self.source, self.forwarded = port, source, forwarded
        self.cookies = {}

    def request(self, method, path, body=None):
        connection = http.client.HTTPConnection(
            "127.0.0.1", self.port, timeout=10, source_address=(self.source, 0)
        )
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if self.forwarded:
            headers["X-Forwarded-For"] = self.forwarded
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            body = urllib.parse.urlencode(body)
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        text = response.read().decode()
        for header in response.headers.get_all("Set-Cookie") or []:
            name, value = header.split(";", 1)[0].split("=", 1)
            self.cookies[name] = value
        connection.close()
        return response.status, text

    def sign_in(self, username, password):
        _, page = self.request("GET", "/admin/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        status, _ = self.request(
            "POST",
            "/admin/login/",
            {"csrfmiddlewaretoken": token, "username": username, "password": password},
        )
        return status


@pytest.mark.django_db(transaction=True)
def test_behind_nginx_a_lockout_falls_on_the_attacker_only(proxy):
    UserFactory(username="alice", is_staff=True, is_superuser=True)
    # The attacker even names Alice's own address in a forged header.
    attacker = Browser(proxy.port, ATTACKER, forwarded=STAFF_MEMBER)
    for _ in range(5):
        attacker.sign_in("alice", "wrong")
    assert attacker.sign_in("alice", PASSWORD) == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {ATTACKER}

    assert Browser(proxy.port, STAFF_MEMBER).sign_in("alice", PASSWORD) == 302


@pytest.mark.django_db(transaction=True)
def test_around_the_proxy_a_forged_header_is_ignored(proxy, live_server):
    UserFactory(username="alice", is_staff=True, is_superuser=True)
    port = urllib.parse.urlsplit(live_server.url).port
    direct = Browser(port, ATTACKER, forwarded=STAFF_MEMBER)  # straight to the app server
    for _ in range(5):
        direct.sign_in("alice", "wrong")
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {ATTACKER}
    assert Browser(proxy.port, STAFF_MEMBER).sign_in("alice", PASSWORD) == 302
