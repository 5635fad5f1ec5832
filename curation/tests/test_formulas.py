"""One rule for text a spreadsheet would run as a formula (core.spreadsheet), applied on
every way in (model validation, so the admin and the import; the import's own cell check)
and every CSV the site writes (admin export, export_programs, shortlist CSV)."""

import csv
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from core.spreadsheet import is_neutralised_formula, neutralise, starts_like_formula
from curation import transfer
from curation.resources import ProgramCSV, ProgramResource
from programs.models import Program
from programs.tests.factories import (
    EnrollmentRestrictionFactory,
    InstitutionFactory,
    LabSessionFactory,
    ProgramFactory,
    SiteFactory,
)

pytestmark = pytest.mark.django_db

FORMULAS = ['=HYPERLINK("https://evil.example","x")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]
HARMLESS = ["Dayton", "O'Neil", "1-2 visits", "x=1", "", "9 a.m. - noon"]


@pytest.mark.parametrize("value", FORMULAS)
def test_the_rule_catches_every_formula_start(value):
    assert starts_like_formula(value)
    assert neutralise(value) == "'" + value
    assert is_neutralised_formula(neutralise(value))


@pytest.mark.parametrize("value", HARMLESS)
def test_the_rule_leaves_ordinary_text_alone(value):
    assert not starts_like_formula(value)
    assert neutralise(value) == value
    assert not is_neutralised_formula(value)


def test_numbers_are_left_alone():
    assert neutralise(-5) == -5 and neutralise(None) is None


@pytest.mark.parametrize(
    ("make", "field"),
    [
        (lambda v: InstitutionFactory.build(name=v), "name"),
        (lambda v: InstitutionFactory.build(city=v), "city"),
        (lambda v: SiteFactory.build(name=v), "name"),
        (lambda v: SiteFactory.build(address=v), "address"),
        (lambda v: ProgramFactory.build(name=v), "name"),
        (lambda v: ProgramFactory.build(description=v), "description"),
        (lambda v: ProgramFactory.build(start_terms=v), "start_terms"),
        (lambda v: ProgramFactory.build(prerequisites=v), "prerequisites"),
        (lambda v: LabSessionFactory.build(notes=v), "notes"),
        (lambda v: EnrollmentRestrictionFactory.build(reason=v), "reason"),
    ],
)
def test_model_validation_refuses_formulas_in_every_free_text_field(make, field):
    instance = make("=1+1")
    with pytest.raises(ValidationError) as error:
        instance.clean_fields()
    assert "which a spreadsheet would run as a formula" in str(error.value.message_dict[field])


def test_the_admin_form_refuses_a_formula_and_echoes_it(admin_client):
    program = ProgramFactory()
    url = reverse("admin:programs_program_change", args=[program.pk])
    page = admin_client.get(url)
    form = page.context["adminform"].form
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and not isinstance(value, list | tuple)
    }
    # Inline management forms, as the page rendered them.
    for formset in page.context["inline_admin_formsets"]:
        management = formset.formset.management_form
        for name in ("TOTAL_FORMS", "INITIAL_FORMS", "MIN_NUM_FORMS", "MAX_NUM_FORMS"):
            data[f"{management.prefix}-{name}"] = management[name].value()
    data["name"] = "@SUM(A1:A9)"
    data["institution"] = program.institution.pk
    response = admin_client.post(url, data)
    assert response.status_code == 200  # the form again, not a redirect
    assert "“@SUM(A1:A9)” starts with &#x27;@&#x27;" in response.text or (
        "“@SUM(A1:A9)” starts with '@'" in response.text
    )
    program.refresh_from_db()
    assert not program.name.startswith("@")


def rows_of(text):
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))


@pytest.fixture
def poisoned():
    """A listing whose text got a formula in some other way (an old database, raw SQL)."""
    program = ProgramFactory(slug="poisoned")
    Program.objects.filter(pk=program.pk).update(
        name="=HYPERLINK(1)", description="-2+3", start_terms="@x"
    )
    return program


def test_every_csv_export_neutralises_formulas(poisoned, admin_client):
    ProgramFactory(slug="clean", name="Evening MLT, AAS")
    dataset = ProgramResource().export(queryset=Program.objects.all())
    command = io.StringIO()
    call_command("export_programs", stdout=command)
    admin = admin_client.post(reverse("admin:programs_program_export"), {"format": "0"})
    for text in (ProgramCSV().export_data(dataset), command.getvalue(), admin.content.decode()):
        rows = {row["slug"]: row for row in rows_of(text)}
        assert rows["poisoned"]["name"] == "'=HYPERLINK(1)"
        assert rows["poisoned"]["description"] == "'-2+3"
        assert rows["poisoned"]["start_terms"] == "'@x"
        assert rows["clean"]["name"] == "Evening MLT, AAS"
        for row in rows.values():
            assert not any(starts_like_formula(cell) for cell in row.values()), row


def test_a_neutralised_export_does_not_import_the_formula_back(poisoned):
    text = ProgramCSV().export_data(ProgramResource().export(queryset=Program.objects.all()))
    result = ProgramResource().import_data(
        transfer.load_dataset(text.encode(), "csv"), dry_run=True, file_name="x.csv"
    )
    problems = dict(result.rows[0].problems)
    assert "is text an export protected with a leading quote" in problems["name"]
    assert Program.objects.get(slug="poisoned").name == "=HYPERLINK(1)"  # nothing written


def test_a_clean_directory_round_trips_exactly():
    ProgramFactory(slug="a", name="Hybrid MLT, AAS", description="Line one - and two")
    ProgramFactory(slug="b", name="O'Neil College MLT")
    text = ProgramCSV().export_data(ProgramResource().export(queryset=Program.objects.all()))
    result = ProgramResource().import_data(
        transfer.load_dataset(text.encode(), "csv"), dry_run=False, file_name="x.csv"
    )
    assert result.counts == {"new": 0, "changed": 0, "unchanged": 2, "error": 0}
    again = ProgramCSV().export_data(ProgramResource().export(queryset=Program.objects.all()))
    assert again == text


@pytest.mark.parametrize("value", FORMULAS)
def test_the_import_refuses_every_formula_start(value):
    ProgramFactory(slug="a")
    rows = rows_of(ProgramCSV().export_data(ProgramResource().export()))
    rows[0]["start_terms"] = value
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    result = ProgramResource().import_data(
        transfer.load_dataset(out.getvalue().encode(), "csv"), dry_run=True, file_name="x.csv"
    )
    problems = dict(result.rows[0].problems)
    if value[0] in "\t\r":
        # Leading blanks are trimmed from cells: what is left is an ordinary "=1", refused too.
        assert "starts with '='" in problems["start_terms"]
    else:
        assert f"starts with '{value[0]}'" in problems["start_terms"]
