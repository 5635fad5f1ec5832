"""The demo data loads, covers every value the directory filters on, and reloads to no change."""

import pytest
from django.core.management import call_command

from programs.choices import (
    AccreditationStatus,
    ClinicalArrangement,
    Credential,
    Delivery,
    SessionKind,
)
from programs.models import Institution, LabSession, Program, Site

pytestmark = pytest.mark.django_db

# Values that say what a real school leaves unsaid ("associate degree", "accredited" without
# the award, nothing published): the real listings use them (curation/tests/test_real_data.py),
# the fictional set describes complete programs.
REAL_ONLY = {
    Credential.ASSOCIATE,
    AccreditationStatus.ACCREDITED,
    AccreditationStatus.UNKNOWN,
    SessionKind.LAB,
    SessionKind.CLASSES,
}


def values(choices) -> set[str]:
    return set(choices.values) - REAL_ONLY


def test_demo_data_loads_and_covers_every_value(capsys):
    call_command("load_demo_data")
    published = Program.objects.published()
    assert published.count() >= 40
    assert Institution.objects.values("state").distinct().count() >= 15
    assert set(published.values_list("credential", flat=True)) == values(Credential)
    assert set(published.values_list("delivery", flat=True)) == values(Delivery)
    assert set(published.values_list("accreditation_status", flat=True)) == values(
        AccreditationStatus
    )
    assert set(published.values_list("clinical_arrangement", flat=True)) == values(
        ClinicalArrangement
    )
    assert set(LabSession.objects.values_list("kind", flat=True)) == values(SessionKind)
    assert all(site.latitude and site.longitude for site in Site.objects.all())
    assert "created" in capsys.readouterr().out


def test_loading_twice_changes_nothing(capsys):
    call_command("load_demo_data")
    counts = [m.objects.count() for m in (Institution, Site, Program, LabSession)]
    stamps = list(Program.objects.order_by("pk").values_list("updated_at", flat=True))
    capsys.readouterr()
    call_command("load_demo_data")
    assert "nothing changed" in capsys.readouterr().out
    assert [m.objects.count() for m in (Institution, Site, Program, LabSession)] == counts
    assert list(Program.objects.order_by("pk").values_list("updated_at", flat=True)) == stamps
