"""A new listing's slug follows the site's school-credential pattern when left blank."""

import pytest
from django.conf import settings

from curation.admin.forms import ProgramAdminForm, suggested_slug
from programs.models import Program
from programs.tests.factories import InstitutionFactory, ProgramFactory

from .admin_forms import change_form_data

pytestmark = pytest.mark.django_db


def test_the_pattern_is_school_then_credential_then_name_then_a_number():
    school = InstitutionFactory(slug="buckeye-valley-cc")
    first = Program(institution=school, credential="certificate", name="MLT Certificate")
    assert suggested_slug(first) == "buckeye-valley-cc-certificate"
    ProgramFactory(
        institution=school, credential="certificate", slug="buckeye-valley-cc-certificate"
    )
    evening = Program(institution=school, credential="certificate", name="Evening Hybrid")
    assert suggested_slug(evening) == "buckeye-valley-cc-certificate-evening-hybrid"
    ProgramFactory(slug="buckeye-valley-cc-certificate-evening-hybrid", institution=school)
    assert suggested_slug(evening) == "buckeye-valley-cc-certificate-evening-hybrid-2"


def test_an_existing_listing_keeps_its_own_slug_free():
    program = ProgramFactory(
        institution=InstitutionFactory(slug="lakeshore"), credential="aas", slug="lakeshore-aas"
    )
    assert suggested_slug(program) == "lakeshore-aas"


def test_the_admin_form_fills_a_blank_slug_and_keeps_a_typed_one():
    program = ProgramFactory(institution=InstitutionFactory(slug="queen-city"), credential="as")
    form = ProgramAdminForm(instance=program)
    assert form.fields["slug"].required is False
    assert "school and the credential" in form.fields["slug"].help_text


def test_adding_a_listing_without_a_slug_in_the_admin(admin_client):
    template = ProgramFactory(
        institution=InstitutionFactory(slug="saguaro-desert"), credential="aos", slug="tmp-x"
    )
    url = f"/{settings.ADMIN_URL}programs/program/{template.pk}/change/"
    data = change_form_data(admin_client.get(url))
    data["slug"] = ""
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    template.refresh_from_db()
    assert template.slug == "saguaro-desert-aos"
