"""Home, program list and program detail: status, what a person looks for, query counts."""

import pytest
from django.urls import reverse

from programs.choices import PublicationStatus
from programs.tests.factories import LabSessionFactory, ProgramFactory, SiteFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_home_links_to_directory_and_says_sample_data(client):
    ProgramFactory.create_batch(2)
    response = client.get("/")
    assert response.status_code == 200
    assert "2 online programs" in response.text
    assert reverse("programs:list") in response.text
    assert "Sample data." in response.text
    assert 'href="#main"' in response.text  # skip link


def test_banner_can_be_turned_off(client, settings):
    settings.SAMPLE_DATA_BANNER = False
    assert "Sample data." not in client.get("/").text


def test_list_shows_published_and_leaves_out_drafts(client):
    ProgramFactory(name="Visible Program")
    ProgramFactory(name="Draft Program", status=PublicationStatus.DRAFT)
    ProgramFactory(name="Archived Program", status=PublicationStatus.ARCHIVED)
    response = client.get(reverse("programs:list"))
    assert response.status_code == 200
    assert "Visible Program" in response.text
    assert "Draft Program" not in response.text
    assert "Archived Program" not in response.text


def test_list_query_count_does_not_grow_with_results(client, django_assert_max_num_queries):
    for _ in range(3):
        LabSessionFactory(sites=[SiteFactory(), SiteFactory()])
    with django_assert_max_num_queries(8) as small:
        client.get(reverse("programs:list"))
    for _ in range(15):
        LabSessionFactory(sites=[SiteFactory(), SiteFactory()])
    with django_assert_max_num_queries(8) as large:
        response = client.get(reverse("programs:list"))
    assert len(small.captured_queries) == len(large.captured_queries)
    assert response.text.count('class="program-card"') == 18


def test_detail_shows_key_facts(client, django_assert_max_num_queries):
    session = LabSessionFactory(
        program__name="Hybrid MLT AAS", sites=[SiteFactory(city="Dayton", zip_code="45402")]
    )
    program = session.program
    with django_assert_max_num_queries(6):
        response = client.get(program.get_absolute_url())
    assert response.status_code == 200
    text = response.text
    assert "Hybrid MLT AAS" in text
    assert "Accredited: continuing" in text
    assert "Weekend labs: 3 visits each term, 2 days each" in text
    assert "Dayton, OH 45402" in text
    assert "$9,000" in text
    assert program.source_url in text


def test_draft_detail_is_404_for_public_and_preview_for_staff(client):
    draft = ProgramFactory(status=PublicationStatus.DRAFT)
    assert client.get(draft.get_absolute_url()).status_code == 404
    client.force_login(UserFactory(is_staff=True))
    response = client.get(draft.get_absolute_url())
    assert response.status_code == 200
    assert "Preview:" in response.text


def test_unknown_slug_is_404(client):
    assert client.get("/programs/no-such-program/").status_code == 404


def test_home_accredited_link_includes_every_status_the_site_calls_accredited(client):
    """Issue #11: probation and inactive programs are accredited, so the link includes them."""
    from programs.choices import AccreditationStatus

    text = client.get("/").text
    href = text[
        text.index('">Show accredited programs') - 400 : text.index('">Show accredited programs')
    ]
    for status in AccreditationStatus.accredited():
        assert f"accreditation={status}" in href
    assert "serious_applicant" not in href and "not_accredited" not in href


def test_home_does_not_feature_a_program_that_is_not_admitting(client):
    from programs.choices import AccreditationStatus

    ProgramFactory(name="Closed to new students", accreditation_status=AccreditationStatus.INACTIVE)
    ProgramFactory(name="Taking students")
    text = client.get("/").text
    assert "Taking students" in text
    assert "Closed to new students" not in text


def test_a_past_due_accreditation_review_is_flagged_with_its_month(client):
    import datetime

    overdue = ProgramFactory(
        accreditation_awarded=datetime.date(2015, 4, 1),
        accreditation_next_review=datetime.date(2022, 10, 1),
    )
    current = ProgramFactory(accreditation_next_review=datetime.date(2031, 10, 1))
    text = client.get(overdue.get_absolute_url()).text
    assert "Review was due in October 2022:</strong> ask the program for its current" in text
    assert "Next review October 2022" not in text
    assert "Review was due" not in client.get(current.get_absolute_url()).text
    listing = client.get(reverse("programs:list")).text
    assert listing.count("Review was due in October 2022") == 1
