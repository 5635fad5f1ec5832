"""History: every change is recorded (who, when, what) and can be reverted from the admin;
a deleted listing can be restored with its lab sessions, sites, restrictions and sources."""

import importlib

import pytest
from django.apps import apps
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from careers.models import Page
from careers.tests.factories import PageFactory
from curation.restore import RESTORED_REASON
from curation.tests.admin_forms import change_form_data
from programs.models import (
    EnrollmentRestriction,
    FactSource,
    Institution,
    LabSession,
    Program,
    Site,
)
from programs.tests.factories import (
    EnrollmentRestrictionFactory,
    InstitutionFactory,
    LabSessionFactory,
    ProgramFactory,
    SiteFactory,
)

pytestmark = pytest.mark.django_db


def edit(client, admin_name, obj, **changes):
    url = reverse(f"admin:{admin_name}_change", args=[obj.pk])
    data = change_form_data(client.get(url))
    data.update({k: str(v) for k, v in changes.items()})
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    return response


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.fixture
def hybrid():
    institution = InstitutionFactory(slug="river-college")
    main = SiteFactory(name="Main lab", zip_code="45402")
    partner = SiteFactory(name="Partner lab", zip_code="43210", city="Columbus")
    program = ProgramFactory(institution=institution, slug="river-hybrid", delivery="hybrid")
    LabSessionFactory(program=program, total_days=24, sites=[main, partner])
    LabSessionFactory(
        program=program, kind="exam", days=1, visits=1, frequency="once", total_days=1, sites=[main]
    )
    EnrollmentRestrictionFactory(program=program, state="CA", reason="No authorization")
    EnrollmentRestrictionFactory(program=program, state="NY")
    for group, url in [("accreditation", "https://naacls.example/river"), ("tuition", COST_PAGE)]:
        FactSource.objects.create(program=program, group=group, url=url, title=f"{group} page")
    FactSource.objects.create(program=program, group="tuition", url=COST_PAGE + "/2", title="Fees")
    return program


COST_PAGE = "https://river.example/tuition"


# --- recorded: who, when, what --------------------------------------------------------------


def test_an_admin_edit_is_recorded_with_who_and_what(curator_client, curator, hybrid):
    edit(curator_client, "programs_program", hybrid, tuition_total=9999, pass_rate=91)
    record = hybrid.history.first()
    assert record.history_type == "~"
    assert record.history_user == curator
    delta = record.diff_against(record.prev_record)
    assert sorted(delta.changed_fields) == ["pass_rate", "tuition_total"]
    page = curator_client.get(reverse("admin:programs_program_history", args=[hybrid.pk]))
    assert page.status_code == 200
    assert "curator" in page.text
    assert "9000" in page.text and "9999" in page.text


@pytest.mark.parametrize(
    ("factory", "field", "value"),
    [
        (InstitutionFactory, "name", "Renamed College"),
        (SiteFactory, "name", "Renamed lab"),
        (PageFactory, "title", "Renamed page"),
    ],
)
def test_every_tracked_model_records_create_change_and_delete(factory, field, value):
    obj = factory()
    pk = obj.pk
    setattr(obj, field, value)
    obj.save()
    obj.delete()
    assert [r.history_type for r in type(obj).history.filter(id=pk)] == ["-", "~", "+"]


def test_lab_session_history_tracks_its_sites(hybrid):
    session = hybrid.lab_sessions.get(kind="weekend")
    session.sites.remove(Site.objects.get(name="Partner lab"))
    record = session.history.first()
    assert [s.site.name for s in record.sites.all()] == ["Main lab"]
    previous = record.prev_record
    assert sorted(s.site.name for s in previous.sites.all()) == ["Main lab", "Partner lab"]


# --- revert ---------------------------------------------------------------------------------


def test_revert_a_wrong_listing_end_to_end(curator_client, curator, hybrid):
    good = hybrid.history.first()
    edit(curator_client, "programs_program", hybrid, tuition_total=1, name="Wrong name")
    hybrid.refresh_from_db()
    assert hybrid.name == "Wrong name"

    history_page = curator_client.get(reverse("admin:programs_program_history", args=[hybrid.pk]))
    version_url = reverse("admin:programs_program_simple_history", args=[hybrid.pk, good.pk])
    assert version_url in history_page.text
    version = curator_client.get(version_url)
    assert version.status_code == 200
    assert "Press the 'Revert' button below to revert to this version" in version.text
    assert version.context["adminform"].form.initial["tuition_total"] == 9000

    response = curator_client.post(version_url, change_form_data(version))
    assert response.status_code == 302
    hybrid.refresh_from_db()
    assert (hybrid.name, hybrid.tuition_total) == (good.name, 9000)
    latest = hybrid.history.first()
    assert latest.history_type == "~" and latest.history_user == curator
    assert Client().get(hybrid.get_absolute_url()).text.count(good.name) >= 1
    # The sessions were not touched by the revert of the program's own fields.
    assert hybrid.lab_sessions.count() == 2


def test_revert_a_lab_session_brings_back_its_sites(curator_client, hybrid):
    session = hybrid.lab_sessions.get(kind="weekend")
    good = session.history.first()
    session.sites.set([SiteFactory(name="Wrong lab")])
    url = reverse("admin:programs_labsession_simple_history", args=[session.pk, good.pk])
    version = curator_client.get(url)
    assert sorted(version.context["adminform"].form.initial["sites"]) == sorted(
        Site.objects.filter(name__in=["Main lab", "Partner lab"]).values_list("pk", flat=True)
    )
    assert curator_client.post(url, change_form_data(version)).status_code == 302
    assert sorted(s.name for s in session.sites.all()) == ["Main lab", "Partner lab"]


def test_a_lab_session_deleted_in_the_program_form_can_be_brought_back(curator_client, hybrid):
    session = hybrid.lab_sessions.get(kind="exam")
    url = reverse("admin:programs_program_change", args=[hybrid.pk])
    data = change_form_data(curator_client.get(url))
    index = next(
        i for i in range(2) if data[f"lab_sessions-{i}-id"] == str(session.pk)
    )  # the inline row of the exam session
    data[f"lab_sessions-{index}-DELETE"] = "on"
    assert curator_client.post(url, data).status_code == 302
    assert not LabSession.objects.filter(pk=session.pk).exists()

    history = curator_client.get(reverse("admin:programs_program_history", args=[hybrid.pk]))
    session_history_url = reverse("admin:programs_labsession_history", args=[session.pk])
    assert session_history_url in history.text  # the program's history links to it
    deletion = LabSession.history.filter(id=session.pk).first()
    assert deletion.history_type == "-"
    # Reverting to the deletion version re-creates the session with its sites.
    url = reverse("admin:programs_labsession_simple_history", args=[session.pk, deletion.pk])
    version = curator_client.get(url)
    assert curator_client.post(url, change_form_data(version)).status_code == 302
    restored = LabSession.objects.get(pk=session.pk)
    assert [s.name for s in restored.sites.all()] == ["Main lab"]
    hybrid.refresh_from_db()
    assert hybrid.campus_days == 25


def test_revert_a_guide_page(editor_client, editor):
    page = PageFactory(body="First version.\n\n## Heading\n\nText.")
    good = page.history.first()
    edit(editor_client, "careers_page", page, body="Second version, wrong.")
    url = reverse("admin:careers_page_simple_history", args=[page.pk, good.pk])
    version = editor_client.get(url)
    assert "<p>First version.</p>" in version.text  # the preview renders that version
    assert editor_client.post(url, change_form_data(version)).status_code == 302
    page.refresh_from_db()
    assert page.body.startswith("First version.")
    assert "<p>First version.</p>" in page.body_html
    assert page.history.first().history_user == editor


def test_guide_publish_actions_are_recorded(editor_client, editor):
    page = PageFactory(is_published=False)
    editor_client.post(
        reverse("admin:careers_page_changelist"),
        {"action": "publish", "_selected_action": [page.pk]},
    )
    page.refresh_from_db()
    assert page.is_published
    record = page.history.first()
    assert (record.history_user, record.history_change_reason) == (editor, "Published")
    assert Page.history.filter(id=page.pk).count() == 2


# --- deleted listings -----------------------------------------------------------------------


def delete_in_admin(client, program):
    response = client.post(
        reverse("admin:programs_program_delete", args=[program.pk]), {"post": "yes"}, follow=True
    )
    assert not Program.objects.filter(pk=program.pk).exists()
    return response


def listing_state(program_id):
    program = Program.objects.get(pk=program_id)
    return {
        "program": (program.name, program.slug, program.status, program.campus_days),
        "created_at": program.created_at,
        "sessions": [
            (s.pk, s.kind, s.total_days, sorted(site.name for site in s.sites.all()))
            for s in program.lab_sessions.order_by("pk")
        ],
        "restrictions": [(r.pk, r.state, r.reason) for r in program.enrollment_restrictions.all()],
        "sources": [(s.pk, s.group, s.url, s.title) for s in program.fact_sources.order_by("pk")],
    }


def test_delete_then_restore_a_listing(admin_client, superuser, hybrid):
    before = listing_state(hybrid.pk)
    response = delete_in_admin(admin_client, hybrid)
    assert any("can be restored from" in m for m in messages_of(response))
    assert LabSession.objects.filter(program_id=hybrid.pk).count() == 0

    page = admin_client.get(reverse("admin:programs_program_deleted"))
    assert page.status_code == 200
    listing = page.context["listings"][0]
    assert listing.program_id == hybrid.pk
    assert (len(listing.sessions), len(listing.restrictions), len(listing.sources)) == (2, 2, 3)
    assert f"Restore “{hybrid.name}”" in page.text

    response = admin_client.post(
        reverse("admin:programs_program_restore", args=[hybrid.pk]), follow=True
    )
    assert response.redirect_chain[-1][0] == reverse(
        "admin:programs_program_change", args=[hybrid.pk]
    )
    assert (
        f"Restored “{hybrid.name}” with 2 lab session(s), 2 enrolment restriction(s) and "
        "3 fact source(s)."
    ) in messages_of(response)
    assert listing_state(hybrid.pk) == before  # its fact sources too, with their ids
    assert len(before["sources"]) == 3
    record = Program.history.filter(id=hybrid.pk).first()
    assert (record.history_type, record.history_user, record.history_change_reason) == (
        "+",
        superuser,
        RESTORED_REASON,
    )
    assert Client().get(hybrid.get_absolute_url()).status_code == 200
    assert admin_client.get(reverse("admin:programs_program_deleted")).context["listings"] == []


def test_restore_twice_over_and_leave_out_sessions_deleted_earlier(admin_client, hybrid):
    exam = hybrid.lab_sessions.get(kind="exam")
    exam.delete()  # removed long before the listing itself was deleted
    first = listing_state(hybrid.pk)
    delete_in_admin(admin_client, hybrid)
    admin_client.post(reverse("admin:programs_program_restore", args=[hybrid.pk]))
    assert listing_state(hybrid.pk) == first

    program = Program.objects.get(pk=hybrid.pk)
    program.lab_sessions.get().sites.remove(Site.objects.get(name="Partner lab"))
    second = listing_state(hybrid.pk)
    admin_client.post(
        reverse("admin:programs_program_changelist"),
        {"action": "delete_selected", "_selected_action": [hybrid.pk], "post": "yes"},
    )
    assert not Program.objects.filter(pk=hybrid.pk).exists()
    admin_client.post(reverse("admin:programs_program_restore", args=[hybrid.pk]))
    assert listing_state(hybrid.pk) == second


def test_restore_is_refused_when_the_slug_is_taken(admin_client, hybrid):
    delete_in_admin(admin_client, hybrid)
    ProgramFactory(slug="river-hybrid", name="Newcomer")
    page = admin_client.get(reverse("admin:programs_program_deleted"))
    assert "Another program now uses the slug &#x27;river-hybrid&#x27; (Newcomer)." in page.text
    response = admin_client.post(
        reverse("admin:programs_program_restore", args=[hybrid.pk]), follow=True
    )
    assert any("Another program now uses the slug" in m for m in messages_of(response))
    assert not Program.objects.filter(pk=hybrid.pk).exists()


def test_restore_needs_post_and_the_rights(client, curator, hybrid):
    Program.objects.filter(pk=hybrid.pk).delete()
    url = reverse("admin:programs_program_restore", args=[hybrid.pk])
    client.force_login(curator)
    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 302  # curators may restore...
    assert Program.objects.filter(pk=hybrid.pk).exists()


def test_reverting_a_deleted_program_points_to_restore(admin_client, hybrid):
    version = hybrid.history.first()
    Program.objects.filter(pk=hybrid.pk).delete()
    url = reverse("admin:programs_program_simple_history", args=[hybrid.pk, version.pk])
    response = admin_client.post(url, {})
    assert response["Location"] == reverse("admin:programs_program_deleted")
    assert not Program.objects.filter(pk=hybrid.pk).exists()


def test_deleting_with_a_queryset_marks_the_cascade(hybrid):
    Program.objects.filter(pk=hybrid.pk).delete()
    reasons = set(
        LabSession.history.filter(program_id=hybrid.pk, history_type="-").values_list(
            "history_change_reason", flat=True
        )
    )
    assert reasons == {f"Deleted with its program #{hybrid.pk}"}
    assert EnrollmentRestriction.history.filter(program_id=hybrid.pk, history_type="-").count() == 2


# --- rows that existed before history was switched on ---------------------------------------


def test_baseline_migration_gives_existing_rows_a_first_version(settings):
    settings.SIMPLE_HISTORY_ENABLED = False
    program = ProgramFactory()
    session = LabSessionFactory(program=program)
    settings.SIMPLE_HISTORY_ENABLED = True
    assert not program.history.exists() and not session.history.exists()

    migration = importlib.import_module("programs.migrations.0008_baseline_history")
    migration.forwards(apps, None)
    migration.forwards(apps, None)  # idempotent

    assert program.history.count() == 1
    record = session.history.get()
    assert record.history_type == "+"
    assert [row.site_id for row in record.sites.all()] == [session.sites.get().pk]
    assert Institution.history.filter(id=program.institution_id).count() == 1


def test_a_listing_whose_institution_was_deleted_too_points_to_its_history(admin_client):
    program = ProgramFactory(slug="orphan")
    program_id = program.pk
    institution = program.institution
    institution_id = institution.pk
    program.delete()
    institution.delete()
    page = admin_client.get(reverse("admin:programs_program_deleted"))
    history_url = reverse("admin:programs_institution_history", args=[institution_id])
    assert "restore the institution first" in page.text
    assert history_url in page.text
    # Re-creating the institution from its history, then the listing, works.
    record = Institution.history.filter(id=institution_id).exclude(history_type="-").first()
    url = reverse("admin:programs_institution_simple_history", args=[institution_id, record.pk])
    version = admin_client.get(url)
    assert admin_client.post(url, change_form_data(version)).status_code == 302
    admin_client.post(reverse("admin:programs_program_restore", args=[program_id]))
    restored = Program.objects.get(slug="orphan")
    assert restored.institution_id == institution_id


# --- query counts do not grow with the rows ---------------------------------------------------


def delete_programs(numbers) -> None:
    """Programs deleted with a lab session, a restriction and a fact source each."""
    for number in numbers:
        program = ProgramFactory(slug=f"deleted-{number}")
        LabSessionFactory(program=program, sites=[SiteFactory()])
        EnrollmentRestrictionFactory(program=program, state="CA")
        FactSource.objects.create(
            program=program, group="tuition", url=f"https://x.example/{number}", title="Fees"
        )
        program.delete()


def queries_of(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_deleted_listings_page_reads_20_listings_in_the_queries_of_2(
    admin_client, django_assert_max_num_queries
):
    """It ran about 8 queries a listing (its records, institution and slug one by one)."""
    url = reverse("admin:programs_program_deleted")
    delete_programs(range(2))
    ProgramFactory(slug="deleted-0")  # one of them can no longer be restored: slug taken
    two = queries_of(admin_client, url)
    delete_programs(range(2, 20))
    with django_assert_max_num_queries(two):
        page = admin_client.get(url)
    listings = page.context["listings"]
    assert len(listings) == 20
    assert {(len(i.sessions), len(i.restrictions), len(i.sources)) for i in listings} == {(1, 1, 1)}
    taken = next(listing for listing in listings if listing.record.slug == "deleted-0")
    assert "Another program now uses the slug 'deleted-0'" in taken.problem
    assert page.text.count("Restore “") == 19  # the other 19 can be restored


@pytest.mark.parametrize(
    ("admin_name", "make"),
    [
        ("programs_labsession", lambda program: LabSessionFactory(program=program)),
        (
            "programs_enrollmentrestriction",
            lambda program: EnrollmentRestrictionFactory(program=program, state="CA"),
        ),
    ],
)
def test_session_and_restriction_change_lists_read_20_rows_in_the_queries_of_2(
    admin_client, django_assert_max_num_queries, admin_name, make
):
    """Each row's program column (its name and its institution's) read the institution."""
    url = reverse(f"admin:{admin_name}_changelist")
    for _ in range(2):
        make(ProgramFactory())
    two = queries_of(admin_client, url)
    for _ in range(18):
        make(ProgramFactory())
    with django_assert_max_num_queries(two):
        page = admin_client.get(url)
    assert page.context["cl"].result_count == 20
