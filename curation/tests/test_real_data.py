"""The real directory: loads from fixtures/real/, every published fact group cites a source,
nothing fictional is mixed in, and loading again changes nothing."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from curation import demo, real_data
from programs.choices import (
    AccreditationStatus,
    Credential,
    FactGroup,
    LabLocation,
    ListingStatus,
    PublicationStatus,
    SessionKind,
)
from programs.models import FactSource, Institution, LabSession, Program

pytestmark = pytest.mark.django_db


def load() -> str:
    out = StringIO()
    call_command("load_real_data", stdout=out)
    return out.getvalue()


def test_real_directory_loads_published_listings_with_sources():
    output = load()
    assert "Real directory loaded" in output
    published = Program.objects.published()
    assert published.count() >= 20
    assert not Institution.objects.filter(website__contains=".example").exists()
    # Historical listings are kept for the record but not published.
    portland = Program.objects.get(slug="portland-cc-mlt-distance")
    assert portland.status == PublicationStatus.ARCHIVED
    assert portland.listing_status == ListingStatus.HISTORICAL
    assert not published.filter(listing_status=ListingStatus.HISTORICAL).exists()
    for program in published.prefetch_related("fact_sources"):
        groups = {s.group for s in program.fact_sources.all()}
        assert FactGroup.DELIVERY in groups, program.slug
        assert all(s.url.startswith(("http://", "https://")) for s in program.fact_sources.all())
    assert FactSource.objects.filter(edition="").exists()  # undated sources stay undated


def test_unknown_facts_stay_unknown_and_school_wording_is_kept():
    load()
    weber = Program.objects.get(slug="weber-state-mls-aas-online")
    assert weber.tuition_total is None and weber.length_months is None
    assert weber.credit_hours is None and weber.credit_hours_text == "67-68"
    assert weber.pass_rate == 95 and weber.outcomes_year == 2018
    stanly = Program.objects.get(slug="stanly-mlt-aas")
    assert stanly.delivery == ""
    seward = Program.objects.get(slug="seward-county-mlt-online")
    assert {s.location for s in seward.lab_sessions.all()} == {LabLocation.STUDENT_LAB}
    assert seward.campus_days == 0  # labs near the student: no campus days
    kankakee = Program.objects.get(slug="kankakee-mlt-aas")
    assert kankakee.campus_days is None  # every other week, days not published
    moberly = Program.objects.get(slug="mhpc-mlt-moberly")
    assert moberly.campus_days == 7
    values = Program.objects.values_list
    assert Credential.ASSOCIATE in values("credential", flat=True)
    assert AccreditationStatus.UNKNOWN in values("accreditation_status", flat=True)
    assert SessionKind.LAB in LabSession.objects.values_list("kind", flat=True)


def test_fees_are_loaded_as_the_schools_publish_them():
    """Three schools publish one figure for tuition and fees together; Barton's source gives
    fees beside the tuition; the others publish no fees at all."""
    load()
    included = set(Program.objects.filter(fees_in_tuition=True).values_list("slug", flat=True))
    assert included == {
        "clark-state-mlt-aas",
        "south-central-mlt-aas",
        "minnesota-north-hibbing-mlt-online",
    }
    barton = Program.objects.get(slug="barton-mlt-online")
    assert barton.fees_per_credit == 10 and barton.tuition_per_credit == 150
    assert "confirm the current rate with the school" in barton.tuition_note
    assert barton.fact_sources.filter(group=FactGroup.TUITION).count() == 3
    unpublished = Program.objects.filter(
        fees_in_tuition=False, fees_total=None, fees_per_credit=None
    )
    assert unpublished.count() == Program.objects.count() - 4


def test_suny_broome_is_open_to_new_york_residents():
    """SUNY Broome's online page requires the rotations at an accredited hospital in New York
    State and says the program has been delivered throughout the state: it names no state it
    cannot enrol. The listing once recorded New York as a state it 'cannot enrol', which hid it
    from the very residents it serves (sunybroome.edu, clt-online-prospective-students and
    open-suny-clt, read 2026-12-02)."""
    load()
    broome = Program.objects.get(slug="suny-broome-clt-online")
    assert not broome.enrollment_restrictions.exists()
    assert Program.objects.enrolling("NY").filter(pk=broome.pk).exists()
    assert "New York State" in broome.enrolment_note


def test_a_partial_length_is_not_given_as_the_programs_length():
    """MHPC's 11 months is its MLT professional year only (macc-curriculum; Three Rivers says
    12), and North Idaho's 24 months start once the program requirements are done (nic-mlt-
    older): neither is the whole degree's length, so neither goes in length_months, which the
    length filter, the cards and timeToComplete read as the whole program."""
    load()
    moberly = Program.objects.get(slug="mhpc-mlt-moberly")
    assert moberly.length_months is None
    assert "professional year: 11 months" in moberly.length_text
    idaho = Program.objects.get(slug="north-idaho-mlt-aas")
    assert idaho.length_months is None
    assert "once the program requirements are done" in idaho.length_text


def test_hibbing_outcomes_note_says_which_figures_are_marked_incomplete():
    """Minnesota North's benchmark table marks 2023-2024's pass and employment rates and all of
    2024-2025 with ***; 2023-2024's 95% graduation rate has no mark (minnesotanorth.edu/?p=2113,
    read 2026-12-02)."""
    load()
    note = Program.objects.get(slug="minnesota-north-hibbing-mlt-online").outcomes_note
    assert "graduation 95%;" not in note
    assert "2023-2024 graduation as 95% without that mark" in note


def test_an_old_or_second_hand_accreditation_says_so_on_the_page(client):
    """Barton read "Accredited, says the school", but the only statements found are a partner
    college's 2009 press release and an undated newspaper report of re-accreditation through
    April 2018 (cowley.edu 03252009_1; gbtribune.com "MLT program accredited for another five
    years"): no current page of the school's says it. North Idaho's "serious applicant" is
    from its 2019 page; an undated College of Eastern Idaho page speaks of transferring the
    program's accreditation from North Idaho College while College of Southern Idaho's says the
    consortium is seeking accreditation (cei.edu, csi.edu)."""
    load()
    barton = Program.objects.get(slug="barton-mlt-online")
    assert barton.accreditation_status == AccreditationStatus.UNKNOWN
    assert not Program.objects.accredited().filter(pk=barton.pk).exists()
    page = client.get(barton.get_absolute_url()).text
    assert "Accredited, says the school" not in page
    assert "a partner college&#x27;s press release of March 2009 called" in page
    assert "MLT program accredited for another five years" in page  # cited beside it
    idaho = client.get("/programs/north-idaho-mlt-aas/").text
    assert "This status comes from North Idaho College&#x27;s 2019 page." in idaho
    api = client.get("/api/programs/north-idaho-mlt-aas/").json()
    assert api["accreditation"]["note"].startswith("This status comes from")
    weber = client.get("/programs/weber-state-mls-aas-online/").text
    assert "accreditation-note" not in weber
    feed = client.get("/programs/feed/").text  # a counselor's feed reader sees it too
    assert feed.count("About the accreditation: ") == 2  # Barton and North Idaho only
    (labs,) = client.get("/api/programs/barton-mlt-online/").json()["lab_sessions"]
    assert labs["place"].endswith("or at an approved laboratory near the student instead")


def test_scorecard_extract_is_loaded_and_linked_by_unitid():
    load()
    weber = Institution.objects.get(slug="weber-state-university")
    assert weber.unitid == 230782
    assert weber.scorecard_edition == "2023-24"
    assert weber.scorecard_tuition_in_state is not None
    assert weber.name == "Weber State University"
    hibbing = Institution.objects.get(unitid=173735)
    assert hibbing.name == "Minnesota North College (Hibbing campus)"  # the curated name stays
    assert Institution.objects.filter(unitid__isnull=False).count() >= 728


def test_loading_twice_changes_nothing():
    load()
    stamps = list(Program.objects.order_by("pk").values_list("updated_at", flat=True))
    assert "nothing changed" in load()
    assert list(Program.objects.order_by("pk").values_list("updated_at", flat=True)) == stamps


def test_real_and_fictional_data_are_never_mixed():
    demo.load()
    with pytest.raises(CommandError, match="fictional demo directory"):
        load()
    assert not FactSource.objects.exists()


def test_demo_refuses_a_database_with_the_real_directory():
    load()
    with pytest.raises(real_data.MixedData):
        demo.load()
    with pytest.raises(CommandError, match="real directory"):
        call_command("load_demo_data", stdout=StringIO())


def test_a_load_that_adds_restrictions_is_seen_on_the_next_request(tmp_path):
    """Restrictions are written in bulk (no signal): the load still bumps the directory's
    generation, so the facet index, which applies "open to residents of", is rebuilt."""
    import json

    from programs import generation

    real_data.load()
    data = json.loads(real_data.PROGRAMS_FILE.read_text(encoding="utf-8"))
    data["programs"][0]["cannot_enrol"] = [{"state": "TX", "reason": "No authorization"}]
    changed = tmp_path / "programs.json"
    changed.write_text(json.dumps(data), encoding="utf-8")
    before = generation.current()
    real_data.load(changed)
    program = Program.objects.get(slug=data["programs"][0]["slug"])
    assert list(program.enrollment_restrictions.values_list("state", flat=True)) == ["TX"]
    assert generation.current() != before
