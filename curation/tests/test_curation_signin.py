"""Admin sign-in protection: lockout after repeated failures (django-axes), a staff idle
timeout, and an admin address set by a setting."""

import importlib
import time
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.urls import clear_url_caches, reverse
from django.utils import timezone

from mltportal.middleware import LAST_SEEN_KEY
from programs.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"


@pytest.fixture
def staff():
    return UserFactory(username="alice", is_staff=True, is_superuser=True)


def sign_in(client, username, password, ip="203.0.113.7"):
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": password, "next": reverse("admin:index")},
        REMOTE_ADDR=ip,
    )


def test_five_failures_lock_the_username_from_that_address(client, staff):
    for _ in range(4):
        response = sign_in(client, "alice", "wrong")
        assert response.status_code == 200
        assert "Please enter the correct username and password" in response.text
    response = sign_in(client, "alice", "wrong")
    assert response.status_code == 429
    assert "Sign-in locked for now" in response.text
    assert "after 5 wrong passwords for “alice”" in response.text
    assert "locked for 30 minutes" in response.text

    # Even the right password is refused during the lockout...
    response = sign_in(client, "alice", PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    # ...but only for that username from that address.
    UserFactory(username="bob", is_staff=True)
    assert sign_in(Client(), "bob", PASSWORD).status_code == 302
    assert sign_in(Client(), "alice", PASSWORD, ip="198.51.100.2").status_code == 302


def test_the_lock_ends_after_the_cool_off(client, staff):
    for _ in range(5):
        sign_in(client, "alice", "wrong")
    assert sign_in(client, "alice", PASSWORD).status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=31))
    response = sign_in(client, "alice", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")


def test_a_successful_sign_in_clears_earlier_failures(client, staff):
    for _ in range(4):
        sign_in(client, "alice", "wrong")
    assert sign_in(client, "alice", PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        assert sign_in(client, "alice", "wrong").status_code == 200
    assert sign_in(client, "alice", PASSWORD).status_code == 302


def test_staff_are_signed_out_after_being_idle(client, staff, settings):
    settings.STAFF_IDLE_TIMEOUT_SECONDS = 1800
    client.force_login(staff)
    assert client.get(reverse("admin:index")).status_code == 200
    assert isinstance(client.session[LAST_SEEN_KEY], int)

    session = client.session
    session[LAST_SEEN_KEY] = int(time.time()) - 1801
    session.save()
    response = client.get(reverse("admin:index"), follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("admin:login"))
    assert "You were signed out after 30 minutes without activity." in response.text
    assert "_auth_user_id" not in client.session


def test_active_staff_stay_signed_in(client, staff):
    client.force_login(staff)
    client.get(reverse("admin:index"))
    session = client.session
    session[LAST_SEEN_KEY] = int(time.time()) - 600
    session.save()
    assert client.get(reverse("admin:index")).status_code == 200
    assert client.session[LAST_SEEN_KEY] > int(time.time()) - 5  # the clock was reset


def test_visitors_sessions_do_not_time_out(client, settings):
    settings.STAFF_IDLE_TIMEOUT_SECONDS = 60
    visitor = UserFactory(username="visitor", is_staff=False)
    client.force_login(visitor)
    session = client.session
    session[LAST_SEEN_KEY] = int(time.time()) - 3600
    session["shortlist"] = [1, 2]
    session.save()
    client.get("/")
    assert client.session.get("_auth_user_id") == str(visitor.pk)
    assert client.session["shortlist"] == [1, 2]


def test_the_admin_address_is_a_setting(settings, client, staff):
    import mltportal.urls

    settings.ADMIN_URL = "backstage-7f3a/"
    try:
        importlib.reload(mltportal.urls)
        clear_url_caches()
        assert reverse("admin:index") == "/backstage-7f3a/"
        client.force_login(staff)
        assert client.get("/backstage-7f3a/").status_code == 200
        assert client.get("/admin/").status_code == 404
    finally:
        settings.ADMIN_URL = "admin/"
        importlib.reload(mltportal.urls)
        clear_url_caches()
