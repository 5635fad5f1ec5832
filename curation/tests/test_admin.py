"""The admin's change lists and change forms load for a superuser, for every model."""

import pytest
from django.urls import reverse

from programs.tests.factories import (
    EnrollmentRestrictionFactory,
    InstitutionFactory,
    LabSessionFactory,
    SiteFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def objects():
    session = LabSessionFactory()
    restriction = EnrollmentRestrictionFactory(program=session.program, state="NY")
    return {
        "program": session.program,
        "institution": session.program.institution,
        "site": session.sites.first(),
        "restriction": restriction,
    }


@pytest.mark.parametrize("model", ["program", "institution", "site"])
def test_changelist_and_change_form_load(admin_client, objects, model):
    obj = objects[model]
    response = admin_client.get(reverse(f"admin:programs_{model}_changelist"))
    assert response.status_code == 200
    assert obj.name in response.text
    response = admin_client.get(reverse(f"admin:programs_{model}_change", args=[obj.pk]))
    assert response.status_code == 200
    response = admin_client.get(reverse(f"admin:programs_{model}_add"))
    assert response.status_code == 200


def test_program_change_form_has_inlines_and_view_on_site(admin_client, objects):
    program = objects["program"]
    response = admin_client.get(reverse("admin:programs_program_change", args=[program.pk]))
    assert "lab_sessions-TOTAL_FORMS" in response.text
    assert "enrollment_restrictions-TOTAL_FORMS" in response.text
    assert "View on site" in response.text
    shortcut = reverse("admin:view_on_site", args=[response.context["content_type_id"], program.pk])
    assert admin_client.get(shortcut)["Location"].endswith(f"/programs/{program.slug}/")


@pytest.mark.parametrize(
    "query",
    [
        "status__exact=published",
        "institution__state=OH",
        "credential__exact=aas",
        "accreditation_status__exact=continuing",
        "lab=none",
        "lab=some",
        "q=Fictional",
    ],
)
def test_program_changelist_filters(admin_client, objects, query):
    response = admin_client.get(reverse("admin:programs_program_changelist") + "?" + query)
    assert response.status_code == 200
    shown = objects["program"].name in response.text
    assert shown == (query != "lab=none")


def test_site_with_unknown_zip_shows_an_error(admin_client):
    institution = InstitutionFactory()
    response = admin_client.post(
        reverse("admin:programs_site_add"),
        {
            "name": "Bad lab",
            "institution": institution.pk,
            "city": "X",
            "state": "OH",
            "zip_code": "00000",
        },
    )
    assert response.status_code == 200
    assert "Enter a 5-digit US ZIP code that exists" in response.text


def test_site_add_fills_coordinates(admin_client):
    response = admin_client.post(
        reverse("admin:programs_site_add"),
        {"name": "Good lab", "city": "Columbus", "state": "OH", "zip_code": "43210"},
    )
    assert response.status_code == 302
    site = SiteFactory._meta.model.objects.get(name="Good lab")
    assert site.latitude and site.longitude


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("admin:programs_program_changelist"))
    assert response.status_code == 302
    assert "/login/" in response["Location"]
