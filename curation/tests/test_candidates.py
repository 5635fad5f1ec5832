"""The candidates view: institutions from the federal data that have no listing yet."""

import pytest
from django.urls import reverse

from programs.tests.factories import InstitutionFactory, ProgramFactory

pytestmark = pytest.mark.django_db

URL = reverse("admin:curation_candidate_changelist")


def test_lists_federal_institutions_without_a_listing_sorted_by_state(admin_client):
    InstitutionFactory(name="Zeta Tech", unitid=1, state="WI")
    InstitutionFactory(name="Alpha College", unitid=2, state="AK")
    listed = InstitutionFactory(name="Listed College", unitid=3, state="OH")
    ProgramFactory(institution=listed)
    InstitutionFactory(name="Hand-made College", unitid=None)
    response = admin_client.get(URL)
    assert response.status_code == 200
    text = response.text
    assert "Zeta Tech" in text and "Alpha College" in text
    assert "Listed College" not in text  # already has a listing
    assert "Hand-made College" not in text  # not from the federal data
    assert text.index("Alpha College") < text.index("Zeta Tech")  # AK before WI
    descending = admin_client.get(URL, {"o": "-2"}).text  # column 2 (state), descending
    assert descending.index("Zeta Tech") < descending.index("Alpha College")


def test_start_a_draft_listing_prefills_the_institution(admin_client):
    candidate = InstitutionFactory(name="Alpha College", unitid=2)
    text = admin_client.get(URL).text
    add_url = reverse("admin:programs_program_add")
    assert f"{add_url}?institution={candidate.pk}&amp;status=draft" in text
    assert "Start a draft listing" in text
    form = admin_client.get(add_url, {"institution": candidate.pk, "status": "draft"})
    assert form.status_code == 200
    assert form.context["adminform"].form.initial["institution"] == str(candidate.pk)


def test_all_federal_institutions_on_request_and_no_editing(admin_client):
    listed = InstitutionFactory(name="Listed College", unitid=3)
    ProgramFactory(institution=listed)
    assert "Listed College" in admin_client.get(URL, {"listing": "any"}).text
    change = reverse("admin:curation_candidate_change", args=[listed.pk])
    assert admin_client.post(change, {"name": "X"}).status_code == 403


def test_hidden_from_people_who_cannot_add_listings(client, django_user_model):
    user = django_user_model.objects.create_user("visitor", password="pw", is_staff=True)
    client.force_login(user)
    assert client.get(URL).status_code == 403
