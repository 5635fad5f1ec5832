"""The curators' admin (issue #14): site choices, worked-out total days, history in words,
publishing only re-checked listings, the import format help, and plain messages."""

import re
from datetime import date

import pytest
from django.contrib.admin.models import LogEntry
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from curation.tests.admin_forms import change_form_data
from curation.transfer import IMPORT_COLUMNS, READ_ONLY_COLUMNS, guide
from programs.choices import PublicationStatus
from programs.models import FactSource, LabSession, Program
from programs.tests.factories import (
    InstitutionFactory,
    LabSessionFactory,
    ProgramFactory,
    SiteFactory,
)

pytestmark = pytest.mark.django_db


def program_url(program):
    return reverse("admin:programs_program_change", args=[program.pk])


def session_url(session):
    return reverse("admin:programs_labsession_change", args=[session.pk])


@pytest.fixture
def river():
    """A program of River College with one session; sites of River, of another school, and
    a partner site with no institution."""
    institution = InstitutionFactory(name="River College", slug="river-college")
    other = InstitutionFactory(name="Aardvark College")
    own = SiteFactory(name="River main lab", institution=institution)
    SiteFactory(name="Aardvark lab", institution=other)
    partner = SiteFactory(name="Anytown hospital lab")
    SiteFactory(name="Westside clinic")
    program = ProgramFactory(institution=institution, slug="river-hybrid", delivery="hybrid")
    session = LabSessionFactory(program=program, sites=[own, partner])
    return program, session


def option_labels(html: str, select_name: str) -> list[tuple[str, str]]:
    """(group, site name) for each option of a select, in page order."""
    select = re.search(rf'<select name="{re.escape(select_name)}".*?</select>', html, re.S)
    assert select, select_name
    found, group = [], ""
    for token in re.finditer(
        r'<optgroup label="([^"]*)">|<option [^>]*>([^<]*)</option>', select[0]
    ):
        if token[1] is not None:
            group = token[1]
        else:
            found.append((group, token[2].split(",")[0]))
    return found


# --- 1. the site picker: the institution's own sites first, and + to add one --------------


def test_session_sites_offer_the_institutions_own_sites_first(curator_client, river):
    program, session = river
    response = curator_client.get(session_url(session))
    assert response.status_code == 200
    assert option_labels(response.text, "sites") == [
        ("Sites of River College", "Anytown hospital lab"),  # used by its program
        ("Sites of River College", "River main lab"),  # run by it
        ("Other sites", "Aardvark lab"),
        ("Other sites", "Westside clinic"),
    ]
    assert f'href="{reverse("admin:programs_site_add")}?_to_field=id' in response.text
    # The sites already chosen stay selected.
    assert re.search(r"<option value=\"\d+\" selected>River main lab", response.text)


def test_inline_sessions_offer_the_same_order_and_an_add_link(curator_client, river):
    program, _ = river
    response = curator_client.get(program_url(program))
    assert response.status_code == 200
    assert [group for group, _ in option_labels(response.text, "lab_sessions-0-sites")] == [
        "Sites of River College",
        "Sites of River College",
        "Other sites",
        "Other sites",
    ]
    assert 'id="add_id_lab_sessions-0-sites"' in response.text


def test_a_new_session_for_a_program_named_in_the_address(curator_client, river):
    program, _ = river
    url = reverse("admin:programs_labsession_add") + f"?program={program.pk}"
    response = curator_client.get(url)
    assert option_labels(response.text, "sites")[0][0] == "Sites of River College"
    # Without a program, every site in one list, in the sites' own order.
    response = curator_client.get(reverse("admin:programs_labsession_add") + "?program=x")
    assert {group for group, _ in option_labels(response.text, "sites")} == {""}


def test_the_program_page_reads_the_sites_once(curator_client, river, django_assert_num_queries):
    program, session = river
    curator_client.get(program_url(program))  # warm the session and permission caches
    with django_assert_num_queries(13) as one:  # 12, and the program's sources
        curator_client.get(program_url(program))
    for number in range(3):
        LabSessionFactory(program=program, sites=list(session.sites.all()))
        FactSource.objects.create(
            program=program, group="tuition", url=f"https://x.example/{number}", title="T"
        )
    with django_assert_num_queries(len(one.captured_queries)):
        curator_client.get(program_url(program))


def test_an_id_in_the_address_that_is_not_an_id_is_left_out(curator_client):
    response = curator_client.get(reverse("admin:programs_program_add") + "?institution=x")
    assert response.status_code == 200
    assert response.context["adminform"].form.initial.get("institution") is None


# --- 2. total days worked out; hints that do not point "below" ------------------------------


def test_total_days_of_a_once_only_session_are_worked_out(curator_client, river):
    _, session = river
    data = change_form_data(curator_client.get(session_url(session)))
    data.update(frequency="once", days="2", visits="3", total_days="99")
    assert curator_client.post(session_url(session), data).status_code == 302
    session.refresh_from_db()
    assert session.total_days == 6
    # A session that repeats keeps the total the school publishes.
    data.update(frequency="per_term", total_days="24")
    assert curator_client.post(session_url(session), data).status_code == 302
    session.refresh_from_db()
    assert session.total_days == 24


def test_the_program_shows_its_days_on_campus_read_only(curator_client, river):
    program, session = river
    LabSessionFactory(program=program, frequency="once", days=1, visits=1, total_days=1)
    response = curator_client.get(program_url(program))
    assert "Total days on campus" in response.text
    assert "25 days, added up from the lab sessions" in response.text
    assert "campus_days" not in response.context["adminform"].form.fields


def test_no_hint_points_to_a_field_below():
    for model in (Program, LabSession):
        for field in model._meta.get_fields():
            assert "below" not in str(getattr(field, "help_text", "")), field.name


# --- 3. history in words, one row per change ------------------------------------------------


def test_editing_a_sessions_sites_writes_one_row_that_names_them(curator_client, river):
    _, session = river
    before = session.history.count()
    new_site = SiteFactory(name="Westside lab")
    data = change_form_data(curator_client.get(session_url(session)))
    kept = session.sites.get(name="River main lab")
    data["sites"] = [str(kept.pk), str(new_site.pk)]
    assert curator_client.post(session_url(session), data).status_code == 302
    assert session.history.count() == before + 1
    record = session.history.first()
    assert record.history_change_reason == "Sites: added Westside lab; removed Anytown hospital lab"
    assert sorted(row.site.name for row in record.sites.all()) == ["River main lab", "Westside lab"]
    page = curator_client.get(reverse("admin:programs_labsession_history", args=[session.pk]))
    assert "Sites: added Westside lab; removed Anytown hospital lab" in page.text


def test_editing_sites_in_the_program_form_writes_one_row_too(curator_client, river):
    program, session = river
    before = session.history.count()
    data = change_form_data(curator_client.get(program_url(program)))
    data["lab_sessions-0-sites"] = [str(session.sites.get(name="River main lab").pk)]
    data["lab_sessions-0-total_days"] = "30"
    assert curator_client.post(program_url(program), data).status_code == 302
    assert session.history.count() == before + 1
    record = session.history.first()
    assert record.history_change_reason == "Changed total days; sites: removed Anytown hospital lab"
    assert [row.site.name for row in record.sites.all()] == ["River main lab"]


def test_an_edit_says_which_fields_changed(curator_client, river):
    program, _ = river
    data = change_form_data(curator_client.get(program_url(program)))
    data.update(name="River MLT", tuition_total="9100")
    assert curator_client.post(program_url(program), data).status_code == 302
    assert program.history.first().history_change_reason == "Changed name, estimated total tuition"


def test_a_revert_is_recorded_in_words(curator_client, curator, river):
    program, session = river
    good = program.history.first()
    Program.objects.filter(pk=program.pk).update(name="Wrong name")
    url = reverse("admin:programs_program_simple_history", args=[program.pk, good.pk])
    version = curator_client.get(url)
    assert curator_client.post(url, change_form_data(version)).status_code == 302
    when = timezone.localtime(good.history_date)
    reason = f"Reverted to the version of {when:%-d %b %Y, %H:%M}"
    latest = program.history.first()
    assert latest.history_change_reason.startswith(reason)
    assert latest.history_user == curator
    log = LogEntry.objects.filter(object_id=str(program.pk)).first()
    assert log.get_change_message() == reason
    page = curator_client.get(reverse("admin:programs_program_history", args=[program.pk]))
    assert reason in page.text


def test_reverting_a_session_writes_one_row(curator_client, river):
    _, session = river
    good = session.history.first()
    session.sites.set([SiteFactory(name="Wrong lab")])
    before = session.history.count()
    url = reverse("admin:programs_labsession_simple_history", args=[session.pk, good.pk])
    assert curator_client.post(url, change_form_data(curator_client.get(url))).status_code == 302
    assert session.history.count() == before + 1
    record = session.history.first()
    assert record.history_change_reason.startswith("Reverted to the version of ")
    assert sorted(row.site.name for row in record.sites.all()) == [
        "Anytown hospital lab",
        "River main lab",
    ]


# --- 4. publishing a listing that is due for re-verification --------------------------------


@pytest.fixture
def stale_draft():
    return ProgramFactory(status=PublicationStatus.DRAFT, last_verified=date(2020, 1, 1))


def test_publishing_a_stale_listing_asks_for_a_recheck(curator_client, stale_draft):
    data = change_form_data(curator_client.get(program_url(stale_draft)))
    data["status"] = PublicationStatus.PUBLISHED
    response = curator_client.post(program_url(stale_draft), data)
    assert response.status_code == 200
    assert (
        "This listing was last checked on 1 January 2020, more than a year ago. Check it "
        "against the school&#x27;s pages and tick this box to publish it"
    ) in response.text
    stale_draft.refresh_from_db()
    assert stale_draft.status == PublicationStatus.DRAFT


def test_ticking_rechecked_publishes_and_sets_last_verified(curator_client, stale_draft):
    data = change_form_data(curator_client.get(program_url(stale_draft)))
    data.update(status=PublicationStatus.PUBLISHED, rechecked_today="on")
    assert curator_client.post(program_url(stale_draft), data).status_code == 302
    stale_draft.refresh_from_db()
    assert stale_draft.status == PublicationStatus.PUBLISHED
    assert stale_draft.last_verified == timezone.localdate()
    assert stale_draft.history.first().history_change_reason == "Re-checked today; changed status"


def test_a_fresh_listing_or_an_edit_of_a_published_one_needs_no_recheck(curator_client):
    fresh = ProgramFactory(status=PublicationStatus.DRAFT)
    data = change_form_data(curator_client.get(program_url(fresh)))
    data["status"] = PublicationStatus.PUBLISHED
    assert curator_client.post(program_url(fresh), data).status_code == 302
    published = ProgramFactory(last_verified=date(2020, 1, 1))  # already public
    data = change_form_data(curator_client.get(program_url(published)))
    data["name"] = "A typo fixed"
    assert curator_client.post(program_url(published), data).status_code == 302


# --- 5. the import format help in the admin -------------------------------------------------


def test_the_import_format_help_is_served_to_curators(
    curator_client, django_assert_max_num_queries
):
    import_page = curator_client.get(reverse("admin:programs_program_import"))
    help_url = reverse("admin:programs_program_import_format")
    assert f'href="{help_url}"' in import_page.text
    assert "docs/import-format.md" not in import_page.text
    with django_assert_max_num_queries(6):
        response = curator_client.get(help_url)
    assert response.status_code == 200
    assert "<h1>The program file: importing and exporting listings</h1>" in response.text
    assert "<h2" in response.text and "<table>" in response.text
    for column in IMPORT_COLUMNS:
        assert f"<code>{column}</code>" in response.text
    sample = reverse("admin:programs_program_import_sample")
    assert f'href="{sample}"' in response.text
    assert "../fixtures" not in response.text


def test_the_import_format_help_needs_the_import_rights(editor_client):
    url = reverse("admin:programs_program_import_format")
    assert editor_client.get(url).status_code == 403
    response = Client().get(url)
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_the_format_description_names_every_column_and_no_other():
    assert guide.undocumented_columns() == []
    assert guide.unknown_columns() == []
    text = guide.FORMAT_DOC.read_text(encoding="utf-8")
    for column in READ_ONLY_COLUMNS:
        row = next(line for line in text.splitlines() if f"`{column}`" in line and "|" in line)
        assert "(export only)" in row, column


# --- 6. plain messages that echo the value --------------------------------------------------


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"tuition_total": "-5"}, "Estimated total tuition must be 0 or more; you entered -5."),
        ({"pass_rate": "120"}, "Certification pass rate must be from 0 to 100; you entered 120."),
        ({"length_months": "two"}, "Length must be a whole number; you entered “two”."),
        ({"last_verified": "31/31/2025"}, "Last verified must be a date, e.g. 2026-03-05; you"),
    ],
)
def test_program_form_messages_echo_the_value(curator_client, river, change, message):
    program, _ = river
    data = change_form_data(curator_client.get(program_url(program)))
    data.update(change)
    response = curator_client.post(program_url(program), data)
    assert response.status_code == 200
    assert message in response.text.replace("&#x27;", "'")
    assert "Ensure this value" not in response.text


def test_session_form_messages_echo_the_value(curator_client, river):
    _, session = river
    data = change_form_data(curator_client.get(session_url(session)))
    data.update(days="0", total_days="1")
    response = curator_client.post(session_url(session), data)
    assert response.status_code == 200
    assert "Days per visit must be 1 or more; you entered 0." in response.text
    data.update(days="2", visits="3", total_days="4")
    response = curator_client.post(session_url(session), data)
    assert "Total days must be at least days per visit times visits (6); you entered 4." in (
        response.text
    )


# --- every fact a listing shows can be kept in the admin -----------------------------------


def test_a_curator_records_fees_and_the_notes_in_the_admin(curator_client, river):
    program, _ = river
    data = change_form_data(curator_client.get(program_url(program)))
    for name in ("tuition_note", "length_text", "clinical_note", "outcomes_note", "confidence"):
        assert name in data, name
    data.update(fees_per_credit="12.50", tuition_note="Fees per credit from the 2026 catalog.")
    assert curator_client.post(program_url(program), data).status_code == 302
    program.refresh_from_db()
    assert program.fees_per_credit == 12.5
    assert program.tuition_note == "Fees per credit from the 2026 catalog."


def test_fees_both_in_the_tuition_and_on_top_are_refused_and_nothing_is_saved(
    curator_client, river
):
    program, _ = river
    data = change_form_data(curator_client.get(program_url(program)))
    data.update(fees_in_tuition="on", fees_total="400")
    response = curator_client.post(program_url(program), data)
    assert response.status_code == 200
    assert "cannot both include the fees" in response.text
    program.refresh_from_db()
    assert program.fees_total is None and program.fees_in_tuition is False
