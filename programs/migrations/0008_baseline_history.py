"""Give every existing row a first history record, so its first later change can be reverted.

django-simple-history records a version only when a row is saved; rows that existed before
history was switched on would otherwise have no "before" to revert to.
"""

from django.db import migrations
from django.utils import timezone

REASON = "History switched on: the row as it was"
TRACKED = ["Institution", "Site", "Program", "LabSession", "EnrollmentRestriction"]


def baseline(apps, model_name, m2m=None):
    model = apps.get_model("programs", model_name)
    history = apps.get_model("programs", f"Historical{model_name}")
    copied = [
        f.attname
        for f in history._meta.concrete_fields
        if not f.attname.startswith("history_") and f.attname != "m2m_history_id"
    ]
    has_history = set(history.objects.values_list("id", flat=True).distinct())
    now = timezone.now()
    batch = []
    for obj in model.objects.exclude(pk__in=has_history).iterator(chunk_size=1000):
        record = history(
            **{name: getattr(obj, name) for name in copied},
            history_date=now,
            history_type="+",
            history_change_reason=REASON,
        )
        batch.append((obj, record))
        if len(batch) >= 1000:
            _save(apps, batch, m2m)
            batch = []
    _save(apps, batch, m2m)


def _save(apps, batch, m2m):
    if not batch:
        return
    # PostgreSQL and SQLite (3.35+) return the new primary keys, which the m2m rows need.
    batch[0][1].__class__.objects.bulk_create([record for _, record in batch])
    if not m2m:
        return
    model_name, field = m2m
    model = apps.get_model("programs", model_name)
    through = model._meta.get_field(field).remote_field.through
    m2m_history = apps.get_model("programs", f"Historical{model_name}_{field}")
    owner = f"{model_name.lower()}_id"
    rows = []
    by_id = {obj.pk: record for obj, record in batch}
    for link in through.objects.filter(**{f"{owner}__in": list(by_id)}):
        rows.append(
            m2m_history(
                history=by_id[getattr(link, owner)],
                id=link.id,
                **{owner: getattr(link, owner), "site_id": link.site_id},
            )
        )
    m2m_history.objects.bulk_create(rows)


def forwards(apps, schema_editor):
    for name in TRACKED:
        baseline(apps, name, m2m=("LabSession", "sites") if name == "LabSession" else None)


class Migration(migrations.Migration):
    dependencies = [("programs", "0007_history")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
