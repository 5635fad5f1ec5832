"""Any write to the directory is visible on the next request, even with the facet counts
and the filter form cached (the directory's generation number is in their keys)."""

from datetime import date

import pytest
from django.test import override_settings

from programs import generation
from programs.choices import FactGroup, PublicationStatus
from programs.models import FactSource

from .factories import InstitutionFactory, LabSessionFactory, ProgramFactory, SiteFactory

pytestmark = pytest.mark.django_db

CACHED = override_settings(
    FACET_CACHE_SECONDS=300,
    CACHES={"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}},
)


def status(client, **params):
    import re

    text = client.get("/programs/", params).text
    return re.search(r'id="result-status"[^>]*>(.*?)</p>', text, re.S).group(1).strip()


@CACHED
def test_a_listing_published_just_now_is_counted_on_the_next_request(client):
    ProgramFactory(name="First Program")
    draft = ProgramFactory(name="Second Program", status=PublicationStatus.DRAFT)
    assert status(client, q="Program") == "1 program"
    assert status(client, q="program") == "1 program"  # same counts, whatever the case

    draft.status = PublicationStatus.PUBLISHED
    draft.save()
    assert status(client, q="Program") == "2 programs"
    page = client.get("/programs/", {"q": "Program"})
    assert "Second Program" in page.text
    assert "No published program matches" not in page.text


@CACHED
def test_every_kind_of_directory_write_moves_the_generation_on():
    steps = []
    program = ProgramFactory()
    steps.append(generation.current())
    program.institution.name = "Renamed College"
    program.institution.save()
    steps.append(generation.current())
    session = LabSessionFactory(program=program)
    steps.append(generation.current())
    session.sites.add(SiteFactory(institution=program.institution))
    steps.append(generation.current())
    session.sites.clear()
    steps.append(generation.current())
    session.delete()
    steps.append(generation.current())
    InstitutionFactory()
    steps.append(generation.current())
    # A program's sources are on its page: adding, correcting or removing one is a write.
    source = FactSource.objects.create(
        program=program, group=FactGroup.values[0], url="https://example.edu/mlt", title="MLT"
    )
    steps.append(generation.current())
    source.checked_on = date(2026, 11, 30)
    source.save()
    steps.append(generation.current())
    source.delete()
    steps.append(generation.current())
    assert steps == sorted(set(steps))  # strictly increasing: every step bumped it


def test_the_generation_is_read_in_one_query(django_assert_num_queries):
    generation.bump()
    with django_assert_num_queries(1):
        assert generation.current() >= 1


def test_the_generation_is_0_before_the_first_write_then_counts_each_one():
    from programs.models.generation import DirectoryGeneration

    DirectoryGeneration.objects.all().delete()
    assert generation.current() == 0
    generation.bump()
    assert generation.current() == 1
    generation.bump()
    assert generation.current() == 2


def test_reading_the_list_page_does_not_move_the_generation(client):
    ProgramFactory()
    before = generation.current()
    client.get("/programs/", {"q": "MLT"})
    assert generation.current() == before


@pytest.mark.django_db(transaction=True)  # outside a transaction, as in production
@override_settings(
    PAGE_CACHE_SECONDS=60,
    CACHES={"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}},
)
def test_a_page_reads_the_generation_once(client):
    """The page cache (a miss), the view and the keyword search's vocabulary all ask for
    the number: one query."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    ProgramFactory(name="Hematology online")
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/programs/", {"q": "hematolgy"})  # corrected: asks again
    assert response.status_code == 200 and "Hematology online" in response.text
    reads = [q for q in queries.captured_queries if "directorygeneration" in q["sql"]]
    assert len(reads) == 1


def test_a_write_in_the_same_request_is_read_again(rf):
    seen = []

    def view(request):
        seen.append(generation.current())
        generation.bump()
        seen.append(generation.current())
        return None

    generation.read_once_per_request(view)(rf.get("/"))
    assert seen[1] == seen[0] + 1


def test_what_a_request_read_once_is_read_again_after_it_writes(rf):
    reads = []

    def read():
        reads.append(1)
        return len(reads)

    def view(request):
        seen = [generation.once_per_request("x", read) for _ in range(3)]
        generation.bump()
        seen.append(generation.once_per_request("x", read))
        return seen

    assert generation.read_once_per_request(view)(rf.get("/")) == [1, 1, 1, 2]
    # Outside a GET request nothing is kept.
    assert generation.read_once_per_request(view)(rf.post("/")) == [3, 4, 5, 6]


@pytest.mark.django_db(transaction=True)
def test_a_number_read_in_a_write_rolled_back_is_not_kept(rf):
    """A number read inside a transaction may be rolled back, then reused for other data:
    it is read again after the transaction."""
    from django.db import transaction

    seen = []

    def view(request):
        seen.append(generation.current())
        try:
            with transaction.atomic():
                generation.bump()
                seen.append(generation.current())
                raise RuntimeError("roll back")
        except RuntimeError:
            pass
        seen.append(generation.current())

    generation.read_once_per_request(view)(rf.get("/"))
    assert seen == [seen[0], seen[0] + 1, seen[0]]
