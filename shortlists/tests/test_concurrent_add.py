"""Two "Add from your shortlist" requests at once (a double click without JavaScript): the
second adds nothing and raises nothing. Both read the list's items before either wrote, so
both inserted the same programs and the second was a 500 (IntegrityError on
shortlist_item_unique_program) on PostgreSQL; now the list's row is locked while it grows."""

import contextlib
import os
import threading
from unittest import mock

import pytest
from django.db import connection
from django.test import Client

from programs.tests.factories import ProgramFactory
from shortlists import session as session_list
from shortlists.models import ShortlistItem
from shortlists.tests.factories import four_programs, shared_list


def author(shortlist, secret, programs) -> Client:
    """A browser that unlocked the list and has `programs` on its own shortlist."""
    client = Client()
    session = client.session
    session[session_list.PROGRAMS_KEY] = [p.pk for p in programs]
    session.save()
    assert client.post(shortlist.get_edit_url(), {"key": secret}).status_code == 302
    return client


@pytest.mark.django_db
def test_adding_twice_adds_nothing_the_second_time():
    programs = four_programs()
    shortlist, secret = shared_list(programs[:2])
    client = author(shortlist, secret, [*programs, ProgramFactory()])
    add = f"{shortlist.get_edit_url()}add/"
    first = client.post(add, follow=True)
    assert "Added 3 programs from your shortlist." in first.text
    second = client.post(add, follow=True)
    assert second.status_code == 200
    assert "No programs to add: the shared list already has every program" in second.text
    assert shortlist.items.count() == 5


@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="PostgreSQL only: SQLite runs one write at a time, and the test database is one "
    "in-memory connection",
)
def test_two_adds_at_once_take_turns(transactional_db, settings):
    settings.SHORTLIST_MAX_PROGRAMS = 4
    programs = four_programs()
    shortlist, secret = shared_list(programs[:1])
    cookies = author(shortlist, secret, [*programs, ProgramFactory()]).cookies
    add = f"{shortlist.get_edit_url()}add/"
    # Each request waits for the other just before it writes, so without the lock both have
    # read the items before either adds. With it, the second waits for the lock instead
    # (the first gives up waiting after a second and writes alone).
    meeting = threading.Barrier(2, timeout=1)
    real_bulk_create = ShortlistItem.objects.bulk_create

    def bulk_create_after_the_other_read(objs, *args, **kwargs):
        with contextlib.suppress(threading.BrokenBarrierError):
            meeting.wait()
        return real_bulk_create(objs, *args, **kwargs)

    answers = []

    def press_add():
        client = Client(raise_request_exception=False)
        client.cookies = cookies
        try:
            answers.append(client.post(add, follow=True))
        finally:
            connection.close()

    with mock.patch.object(ShortlistItem.objects, "bulk_create", bulk_create_after_the_other_read):
        threads = [threading.Thread(target=press_add) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
    assert sorted(answer.status_code for answer in answers) == [200, 200]
    said = sorted(answer.text for answer in answers)
    assert sum("Added 3 programs from your shortlist." in text for text in said) == 1
    assert sum("No programs to add" in text for text in said) == 1
    assert list(shortlist.items.values_list("program_id", flat=True)) == [p.pk for p in programs]
