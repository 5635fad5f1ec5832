"""Idempotent loading of fixture data: a row is created, or updated only where a value
differs, so loading the same file twice changes nothing."""

from dataclasses import dataclass, field


@dataclass
class LoadReport:
    """What a loader created and updated; `subject` names what was loaded."""

    subject: str = "Demo data"
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)

    def count(self, bucket: dict, name: str):
        bucket[name] = bucket.get(name, 0) + 1

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)

    def __str__(self):
        if not self.changed:
            return f"{self.subject} already loaded: nothing changed."
        parts = [f"created {n} {name}" for name, n in sorted(self.created.items())]
        parts += [f"updated {n} {name}" for name, n in sorted(self.updated.items())]
        return f"{self.subject} loaded: " + ", ".join(parts) + "."


def sync(model, lookup: dict, values: dict, report: LoadReport, label: str):
    """Create the row matching `lookup`, or update only the values that differ (so loading
    twice changes nothing); validated with full_clean either way."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model(**lookup, **values)
        obj.full_clean()
        obj.save()
        report.count(report.created, label)
        return obj
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj.full_clean()
        obj.save()
        report.count(report.updated, label)
    return obj
