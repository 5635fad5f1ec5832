import pytest

from programs.tests.factories import UserFactory


@pytest.fixture
def superuser(db):
    return UserFactory(username="admin", is_staff=True, is_superuser=True)


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


@pytest.fixture(autouse=True)
def _clear_cache():
    """Each test starts with an empty cache (rate-limit counters, cached facet counts) and no
    facet index: a flushed database starts its generation numbers again, so an index kept
    from an earlier test could match a new test's generation with other data."""
    from django.core.cache import cache

    from programs import facet_index

    cache.clear()
    facet_index._INDEXES.clear()
    yield
    cache.clear()
    facet_index._INDEXES.clear()


def staff_in_group(username: str, group: str):
    from django.contrib.auth.models import Group

    user = UserFactory(username=username, is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def curator(db):
    return staff_in_group("curator", "Curators")


@pytest.fixture
def editor(db):
    return staff_in_group("editor", "Editors")


@pytest.fixture
def curator_client(client, curator):
    client.force_login(curator)
    return client


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client
