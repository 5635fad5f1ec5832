"""Review workflow: draft -> published -> archived, bulk actions, and freshness (the
re-verification view, the admin's columns and the public notice)."""

from datetime import date, timedelta

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from core.dates import months_before
from programs.choices import PublicationStatus
from programs.models import Program
from programs.tests.factories import ProgramFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:programs_program_changelist"


def run_action(client, action, programs):
    return client.post(
        reverse(CHANGELIST),
        {"action": action, "_selected_action": [p.pk for p in programs]},
        follow=True,
    )


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_publish_action_publishes_drafts_with_history(curator_client, curator):
    drafts = [ProgramFactory(status=PublicationStatus.DRAFT) for _ in range(2)]
    other = ProgramFactory(status=PublicationStatus.DRAFT)
    visitor = Client()
    assert visitor.get(drafts[0].get_absolute_url()).status_code == 404

    response = run_action(curator_client, "publish", drafts)
    assert "Published 2 program(s)." in messages_of(response)
    for program in drafts:
        program.refresh_from_db()
        assert program.status == PublicationStatus.PUBLISHED
        record = program.history.first()
        assert (record.history_user, record.history_change_reason) == (curator, "Published")
    other.refresh_from_db()
    assert other.status == PublicationStatus.DRAFT
    assert visitor.get(drafts[0].get_absolute_url()).status_code == 200


def test_publishing_a_stale_listing_is_refused_until_it_is_rechecked(curator_client):
    old = ProgramFactory(
        name="Old listing", status=PublicationStatus.DRAFT, last_verified=date(2020, 1, 1)
    )
    fresh = ProgramFactory(status=PublicationStatus.DRAFT)
    response = run_action(curator_client, "publish", [old, fresh])
    assert "Published 1 program(s)." in messages_of(response)
    assert any(
        "Not published, because they were last checked more than a year ago: Old listing." in m
        for m in messages_of(response)
    )
    old.refresh_from_db()
    fresh.refresh_from_db()
    assert (old.status, fresh.status) == (PublicationStatus.DRAFT, PublicationStatus.PUBLISHED)
    run_action(curator_client, "mark_verified_today", [old])
    response = run_action(curator_client, "publish", [old])
    old.refresh_from_db()
    assert old.status == PublicationStatus.PUBLISHED


def test_archive_action_hides_listings(curator_client):
    program = ProgramFactory()
    response = run_action(curator_client, "archive", [program])
    assert "Archived 1 program(s): they are no longer public." in messages_of(response)
    program.refresh_from_db()
    assert program.status == PublicationStatus.ARCHIVED
    assert program.history.first().history_change_reason == "Archived"
    assert Client().get(program.get_absolute_url()).status_code == 404
    assert program not in Program.objects.published()


def test_mark_verified_today(curator_client, curator):
    old = ProgramFactory(last_verified=date(2020, 1, 1))
    response = run_action(curator_client, "mark_verified_today", [old])
    today = timezone.localdate()
    assert f"Marked 1 program(s) verified on {today:%-d %B %Y}." in messages_of(response)
    old.refresh_from_db()
    assert old.last_verified == today
    record = old.history.first()
    assert record.history_user == curator and record.history_change_reason == "Verified"
    assert record.prev_record.last_verified == date(2020, 1, 1)


def test_actions_leave_unchanged_programs_alone(curator_client):
    program = ProgramFactory()
    records = program.history.count()
    response = run_action(curator_client, "publish", [program])
    assert "Published 0 program(s)." in messages_of(response)
    assert program.history.count() == records


@pytest.fixture
def freshness():
    today = timezone.localdate()
    cutoff = months_before(today, 12)
    return {
        "oldest": ProgramFactory(name="Oldest", last_verified=cutoff - timedelta(days=400)),
        "old": ProgramFactory(name="Old", last_verified=cutoff - timedelta(days=1)),
        "on_cutoff": ProgramFactory(name="On the cutoff", last_verified=cutoff),
        "fresh": ProgramFactory(name="Fresh", last_verified=today),
        "old_draft": ProgramFactory(
            name="Old draft", status=PublicationStatus.DRAFT, last_verified=date(2019, 1, 1)
        ),
        "old_archived": ProgramFactory(
            name="Old archived", status=PublicationStatus.ARCHIVED, last_verified=date(2019, 1, 1)
        ),
    }


def shown(response):
    return [p.name for p in response.context["cl"].result_list]


def test_reverification_view_lists_published_stale_listings_oldest_first(curator_client, freshness):
    response = curator_client.get(reverse("admin:programs_program_reverification"), follow=True)
    assert response.redirect_chain[0][0].endswith("?verification=due")
    assert shown(response) == ["Oldest", "Old"]
    assert "the longest-unverified first" in response.text
    assert "Due for re-verification (2)" in response.text
    # Sortable by age: newest first when asked (the "last verified" column is the 4th).
    response = curator_client.get(reverse(CHANGELIST) + "?verification=due&o=-4")
    assert shown(response) == ["Old", "Oldest"]


def test_reverification_period_is_a_setting(curator_client, freshness, settings):
    settings.STALE_AFTER_MONTHS = 6
    program = ProgramFactory(
        name="Eight months", last_verified=months_before(timezone.localdate(), 8)
    )
    response = curator_client.get(reverse(CHANGELIST) + "?verification=due")
    assert program.name in shown(response)
    assert "On the cutoff" in shown(response)
    assert "not verified in 6 months" in response.text


def test_verified_filter_and_columns(curator_client, freshness):
    response = curator_client.get(reverse(CHANGELIST) + "?verification=current")
    assert sorted(shown(response)) == ["Fresh", "On the cutoff"]
    response = curator_client.get(reverse(CHANGELIST))
    text = response.text
    assert "Accredited: continuing" in text  # accreditation in words
    oldest = freshness["oldest"].last_verified
    assert f"<strong>Due for re-verification:</strong> {oldest:%-d %b %Y} (" in text
    assert f"{timezone.localdate():%-d %b %Y} (this month)" in text
    assert '<td class="field-credential_short">AAS</td>' in text
    assert "Published" in text and "Draft" in text and "Archived" in text
    assert 'id="changelist-filter"' in text and "re-verification" in text


def test_date_hierarchy_on_verification_date(curator_client, freshness):
    year = freshness["fresh"].last_verified.year
    response = curator_client.get(reverse(CHANGELIST) + f"?last_verified__year={year}")
    assert "Fresh" in shown(response)
    assert "Oldest" not in shown(response)


def test_admin_home_shows_what_needs_attention(curator_client, freshness):
    response = curator_client.get(reverse("admin:index"))
    assert "Keeping the directory accurate" in response.text
    assert "Programs due for re-verification: 2" in response.text
    assert "Drafts waiting for review: 1" in response.text


def test_institution_autocomplete_for_curators(curator_client):
    program = ProgramFactory(institution__name="Autocomplete Tech")
    response = curator_client.get(
        reverse("admin:autocomplete"),
        {
            "term": "Autocomplete",
            "app_label": "programs",
            "model_name": "program",
            "field_name": "institution",
        },
    )
    assert response.status_code == 200
    assert response.json()["results"][0]["id"] == str(program.institution.pk)


def test_public_page_shows_last_verified_and_a_stale_notice(client, settings):
    old = ProgramFactory(last_verified=date(2020, 2, 3))
    text = client.get(old.get_absolute_url()).text
    assert "3 February 2020" in text
    assert "This listing was last checked on 3 February 2020, over a year ago." in text
    settings.STALE_AFTER_MONTHS = 18
    text = client.get(old.get_absolute_url()).text
    assert "over 18 months ago" in text


def test_staff_preview_a_draft_on_the_public_layout(curator_client):
    draft = ProgramFactory(status=PublicationStatus.DRAFT, name="Draft listing")
    response = curator_client.get(draft.get_absolute_url())
    assert response.status_code == 200
    assert "<strong>Preview:</strong> this listing is draft" in response.text
    assert '<main id="main"' in response.text  # the public page's own layout
    change = curator_client.get(reverse("admin:programs_program_change", args=[draft.pk]))
    assert "View on site" in change.text
