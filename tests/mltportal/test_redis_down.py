"""Redis is best-effort (core.cache): with a Redis of the test's own stopped, pages and
sharing still answer, rate limits keep counting per process, and /healthz says "degraded"
with a 200. Skipped when redis-server is not installed."""

import time

import pytest
from django.core.cache import cache, caches

from programs.tests.factories import ProgramFactory
from shortlists.models import Shortlist

from .services import REDIS_SERVER, Redis

pytestmark = [
    pytest.mark.skipif(REDIS_SERVER is None, reason="redis-server is not installed"),
    pytest.mark.django_db,
]


@pytest.fixture
def redis():
    server = Redis()
    server.start()
    yield server
    server.cleanup()


@pytest.fixture
def redis_cache(redis, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "core.cache.BestEffortRedisCache",
            "LOCATION": redis.url,
            "KEY_PREFIX": "mlt-test",
            "OPTIONS": {"retry_after": 1},
        }
    }
    yield caches["default"]


def share(client, program):
    from shortlists import session as session_list

    session = client.session
    session[session_list.PROGRAMS_KEY] = [program.pk]
    session.save()
    return client.post("/shortlists/share/", {"title": "", "note": ""})


def test_the_cache_answers_while_redis_is_up(redis_cache):
    cache.set("k", 42)
    assert cache.get("k") == 42
    assert redis_cache.is_healthy()


def test_a_stopped_redis_costs_speed_not_pages(client, redis, redis_cache, settings):
    ProgramFactory(name="Evening MLT")
    assert client.get("/programs/").status_code == 200
    assert client.get("/healthz").json() == {"status": "ok", "database": "up", "cache": "up"}

    redis.stop()
    started = time.monotonic()
    response = client.get("/programs/")
    assert response.status_code == 200
    assert "Evening MLT" in response.text
    assert time.monotonic() - started < 3  # short socket timeouts, no retries

    health = client.get("/healthz")
    assert health.status_code == 200  # stay in rotation: pages are still served
    assert health.json() == {"status": "degraded", "database": "up", "cache": "down"}

    # Sharing works, and its rate limit fails open to a per-process count, not to refusing.
    settings.SHORTLIST_CREATE_LIMIT = 2
    program = ProgramFactory()
    assert [share(client, program).status_code for _ in range(3)] == [302, 302, 429]
    assert Shortlist.objects.count() == 2

    # Back up: after `retry_after` the cache is Redis again.
    redis.start()
    time.sleep(1.1)
    cache.set("k", "again")
    assert redis_cache.is_healthy()
    assert client.get("/healthz").json()["status"] == "ok"


def test_an_unreachable_redis_from_the_start(client, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "core.cache.BestEffortRedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",  # the discard port: nothing listens
        }
    }
    assert client.get("/programs/").status_code == 200
    assert cache.get_or_set("x", 1) == 1
    assert client.get("/healthz").json()["cache"] == "down"
