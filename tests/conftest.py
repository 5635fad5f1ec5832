import pytest

from .factories import UserFactory


@pytest.fixture
def superuser(db):
    return UserFactory(username="admin", is_staff=True, is_superuser=True)


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


@pytest.fixture(autouse=True)
def _clear_cache():
    """Each test starts with an empty cache (rate-limit counters, cached facet counts)."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
