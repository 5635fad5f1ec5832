"""The client address behind trusted proxies (core.clientip), and what uses it: django-axes'
sign-in lockout and the shortlist rate limit."""

import pytest
from axes.models import AccessAttempt
from django.test import Client, RequestFactory
from django.urls import reverse

from core.clientip import client_ip
from programs.tests.factories import UserFactory
from shortlists import ratelimit

PASSWORD = "correct horse battery staple"


def request_from(remote, forwarded=None):
    headers = {"X-Forwarded-For": forwarded} if forwarded is not None else {}
    return RequestFactory().get("/", REMOTE_ADDR=remote, headers=headers)


def test_without_proxies_the_header_is_ignored(settings):
    settings.TRUSTED_PROXY_HOPS = 0
    assert client_ip(request_from("203.0.113.7", "198.51.100.1")) == "203.0.113.7"


def test_one_proxy_gives_the_address_it_saw_not_what_the_client_wrote(settings):
    settings.TRUSTED_PROXY_HOPS = 1
    assert client_ip(request_from("127.0.0.1", "203.0.113.7")) == "203.0.113.7"
    # The client sent its own X-Forwarded-For; the proxy appended the real address.
    spoofed = request_from("127.0.0.1", "198.51.100.1, 10.0.0.1, 203.0.113.7")
    assert client_ip(spoofed) == "203.0.113.7"


def test_two_proxies(settings):
    settings.TRUSTED_PROXY_HOPS = 2
    assert client_ip(request_from("127.0.0.1", "6.6.6.6, 203.0.113.7, 10.0.0.2")) == ("203.0.113.7")


def test_a_connection_from_outside_the_trusted_networks_is_taken_at_its_word(settings):
    settings.TRUSTED_PROXY_HOPS = 1
    settings.TRUSTED_PROXY_NETWORKS = ["10.0.0.0/8"]
    assert client_ip(request_from("203.0.113.7", "198.51.100.1")) == "203.0.113.7"
    assert client_ip(request_from("10.1.2.3", "198.51.100.1")) == "198.51.100.1"


@pytest.mark.parametrize(
    ("forwarded", "expected"),
    [
        (None, "127.0.0.1"),  # the proxy added nothing: the proxy is all we know
        ("", "127.0.0.1"),
        ("not-an-address", "127.0.0.1"),
        ("unknown, ", "127.0.0.1"),
        ("[2001:db8::1]:443", "2001:db8::1"),
        ("203.0.113.7:51234", "203.0.113.7"),
        ("::ffff:203.0.113.7", "203.0.113.7"),
        ("203.0.113.7\x00", "127.0.0.1"),
    ],
)
def test_odd_headers(settings, forwarded, expected):
    settings.TRUSTED_PROXY_HOPS = 1
    assert client_ip(request_from("127.0.0.1", forwarded)) == expected


def test_garbage_remote_addr(settings):
    assert client_ip(request_from("")) is None
    settings.TRUSTED_PROXY_HOPS = 1
    assert client_ip(request_from("garbage", "203.0.113.7")) is None


def test_the_rate_limit_keys_on_the_same_address(settings):
    settings.TRUSTED_PROXY_HOPS = 1
    assert ratelimit.client_key(request_from("127.0.0.1", "203.0.113.7")) == "203.0.113.7"
    assert ratelimit.client_key(request_from("127.0.0.1", "2001:db8:1:2:3::9")) == (
        "2001:db8:1:2::/64"
    )
    settings.TRUSTED_PROXY_HOPS = 0
    assert ratelimit.client_key(request_from("127.0.0.1", "203.0.113.7")) == "127.0.0.1"


# --- Sign-in lockout behind a proxy ------------------------------------------------------


@pytest.fixture
def behind_proxy(settings):
    settings.TRUSTED_PROXY_HOPS = 1


@pytest.fixture
def staff(db):
    return UserFactory(username="alice", is_staff=True, is_superuser=True)


def sign_in(username, password, client_address, spoof=None, client=None):
    forwarded = f"{spoof}, {client_address}" if spoof else client_address
    return (client or Client()).post(
        reverse("admin:login"),
        {"username": username, "password": password, "next": reverse("admin:index")},
        REMOTE_ADDR="127.0.0.1",  # every request arrives from the proxy
        headers={"X-Forwarded-For": forwarded},
    )


@pytest.mark.django_db
def test_an_outsider_cannot_lock_a_staff_member_out(behind_proxy, staff):
    for _ in range(5):
        sign_in("alice", "wrong", "203.0.113.66", spoof="198.51.100.2")
    assert sign_in("alice", PASSWORD, "203.0.113.66").status_code == 429
    # The lock is on the attacker's address, not the proxy's and not the spoofed one.
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.66"}
    # Alice, from her own address (the one the attacker tried to name), signs in.
    assert sign_in("alice", PASSWORD, "198.51.100.2").status_code == 302


@pytest.mark.django_db
def test_one_address_trying_many_usernames_is_locked(behind_proxy, staff, settings):
    settings.SIGNIN_ADDRESS_FAILURE_LIMIT = 8
    for n in range(8):  # two guesses each for four usernames: no pair reaches five
        response = sign_in(f"user{n // 2}", "wrong", "203.0.113.66")
        assert response.status_code == 200
    response = sign_in("alice", PASSWORD, "203.0.113.66")
    assert response.status_code == 429
    assert "from this network address: after 8 wrong passwords across usernames" in (response.text)
    assert "_auth_user_id" not in Client().session
    assert sign_in("alice", PASSWORD, "203.0.113.67").status_code == 302
