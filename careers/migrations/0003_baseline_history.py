"""Give every existing guide row a first history record, so its first later change can be
reverted (django-simple-history records a version only when a row is saved)."""

from django.db import migrations
from django.utils import timezone

REASON = "History switched on: the row as it was"
TRACKED = [
    "Source",
    "Page",
    "PageSource",
    "SalaryFigure",
    "Duty",
    "WorkSetting",
    "SpecialtyArea",
    "CertificationRoute",
    "LicensingState",
    "ChecklistItem",
    "SelfCheckStatement",
]


def forwards(apps, schema_editor):
    now = timezone.now()
    for name in TRACKED:
        model = apps.get_model("careers", name)
        history = apps.get_model("careers", f"Historical{name}")
        copied = [
            f.attname for f in history._meta.concrete_fields if not f.attname.startswith("history_")
        ]
        has_history = set(history.objects.values_list("id", flat=True).distinct())
        history.objects.bulk_create(
            (
                history(
                    **{attname: getattr(obj, attname) for attname in copied},
                    history_date=now,
                    history_type="+",
                    history_change_reason=REASON,
                )
                for obj in model.objects.exclude(pk__in=has_history).iterator(chunk_size=1000)
            ),
            batch_size=1000,
        )


class Migration(migrations.Migration):
    dependencies = [("careers", "0002_history")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
