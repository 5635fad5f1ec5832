"""History (django-simple-history): the admin's History pages, and how a change is stamped
with who made it and why. Shared by the directory, the curators' tools and the guide.

Every change made in the admin says in words what happened ("Changed name, pass rate",
"Reverted to the version of 3 Nov 2026, 14:05", "Sites: added Main lab; removed Partner lab"),
and a change to an object's many-to-many links (a lab session's sites) writes one history
row, not one for the save and one for each link removed or added."""

from django.contrib.admin.utils import unquote
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.utils import timezone
from simple_history.admin import SimpleHistoryAdmin
from simple_history.utils import get_m2m_field_name

from .validation import field_label

# django-simple-history's history_change_reason column.
HISTORY_REASON_MAX = 100
REVERTED = "Reverted to the version of {date}"


def stamp(obj, reason: str, user=None):
    """Record `reason` (and `user`, when the change is not made in a request) on the next
    history row `obj` writes. Returns `obj`."""
    obj._change_reason = shorten(reason or "")
    if user is not None:
        obj._history_user = user
    return obj


def shorten(text: str) -> str:
    """`text` cut to fit the reason column, with an ellipsis when it was cut."""
    if len(text) <= HISTORY_REASON_MAX:
        return text
    return text[: HISTORY_REASON_MAX - 1].rstrip(" ,;") + "…"


def m2m_history_fields(obj) -> list:
    """The many-to-many fields whose links `obj`'s history keeps (e.g. a session's sites)."""
    attribute = getattr(obj._meta, "simple_history_manager_attribute", None)
    if attribute is None:
        return []
    return list(getattr(getattr(type(obj), attribute).model, "_history_m2m_fields", []))


def _name(obj) -> str:
    return str(getattr(obj, "name", None) or obj)


def describe_changes(form, obj) -> str:
    """What a model form changes, in words: 'Changed kind, total days; sites: added Main
    lab; removed Partner lab'. Read before the form's links are saved."""
    concrete = {field.name for field in obj._meta.fields}
    links = {field.name: field for field in m2m_history_fields(obj)}
    changed, parts = [], []
    for name in form.changed_data:
        if name in links and obj.pk is not None:
            before = set(getattr(obj, name).all())
            after = set(form.cleaned_data.get(name) or [])
            words = []
            if added := sorted(_name(item) for item in after - before):
                words.append("added " + ", ".join(added))
            if removed := sorted(_name(item) for item in before - after):
                words.append("removed " + ", ".join(removed))
            if words:
                label = links[name].verbose_name
                parts.append(f"{label}: {'; '.join(words)}")
        elif name in concrete:
            changed.append(field_label(obj._meta.get_field(name).verbose_name).lower())
    if changed:
        parts.insert(0, "Changed " + ", ".join(changed))
    text = "; ".join(parts)
    return text[:1].upper() + text[1:]


def _refresh_links(obj) -> None:
    """Make `obj`'s latest history row keep its links as they are now (the row was written
    when the object was saved, before its links were)."""
    record = obj.history.order_by("-history_date", "-history_id").first()
    if record is None:
        return
    for field in m2m_history_fields(obj):
        rows = getattr(record, field.name).model
        through = field.remote_field.through
        names = [f.name for f in through._meta.fields]
        rows.objects.filter(history=record).delete()
        links = through.objects.filter(**{get_m2m_field_name(field): obj})
        rows.objects.bulk_create(
            [rows(history=record, **{n: getattr(link, n) for n in names}) for link in links]
        )


def one_row_for_links(form, obj, attribute: str = "save_m2m") -> None:
    """Wrap the form's link saving (`save_m2m`, or `_save_m2m` for a form a formset saves)
    so that saving `obj`'s links writes no history row of its own: the row of the save is
    brought up to date instead."""
    if not m2m_history_fields(obj) or not hasattr(form, attribute):
        return
    save_links = getattr(form, attribute)

    def save_links_in_one_row():
        obj.skip_history_when_saving = True
        try:
            save_links()
        finally:
            del obj.skip_history_when_saving
        _refresh_links(obj)

    setattr(form, attribute, save_links_in_one_row)


def set_links(obj, name: str, values, *, just_saved: bool) -> None:
    """Set `obj`'s many-to-many `name` to `values` writing no history row of its own: the
    row of the save just made is brought up to date (`just_saved`), or one row is written
    for the change (with the reason `stamp` gave)."""
    obj.skip_history_when_saving = True
    try:
        getattr(obj, name).set(values)
    finally:
        del obj.skip_history_when_saving
    if just_saved:
        _refresh_links(obj)
    else:
        obj.save()


class HistoryAdmin(SimpleHistoryAdmin):
    """History and revert for a model, with the permissions a revert really needs.

    django-simple-history lets anyone who may *view* an object open a past version; the
    Revert button is hidden from them but a POST would still save. Here a revert needs the
    change permission, and re-creating a deleted object needs the add permission too.
    Each change is stamped with what happened (see the module's docstring).
    """

    def get_changeform_initial_data(self, request):
        """The address's values for a new object (?program=12), leaving out an id of a
        related object that is not an id at all: the form would fail to show it."""
        initial = super().get_changeform_initial_data(request)
        for name, value in list(initial.items()):
            try:
                field = self.opts.get_field(name)
            except FieldDoesNotExist:
                continue
            if field.many_to_one:
                try:
                    field.target_field.to_python(value)
                except ValidationError:
                    del initial[name]
        return initial

    def change_reason(self, request, form, obj, change: bool) -> str:
        """The history's "Change reason" for a save from the admin."""
        revert = getattr(request, "_history_revert", None)
        details = describe_changes(form, obj) if change else "Added in the admin"
        if revert:
            return f"{revert} ({details})" if details else revert
        return details or "Saved with no change"

    def save_model(self, request, obj, form, change):
        if not getattr(obj, "_change_reason", None):
            stamp(obj, self.change_reason(request, form, obj, change))
        super().save_model(request, obj, form, change)
        one_row_for_links(form, obj)

    def save_formset(self, request, form, formset, change):
        for inline_form in formset.forms:
            instance = inline_form.instance
            if not inline_form.has_changed() or inline_form in formset.deleted_forms:
                continue
            adding = instance._state.adding
            stamp(
                instance,
                "Added in the admin" if adding else describe_changes(inline_form, instance),
            )
            one_row_for_links(inline_form, instance, "_save_m2m")
        super().save_formset(request, form, formset, change)

    def log_change(self, request, obj, message):
        revert = getattr(request, "_history_revert", None)
        return super().log_change(request, obj, revert or message)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            exists = self.get_queryset(request).filter(pk=unquote(object_id)).exists()
            if not self.has_change_permission(request) or (
                not exists and not self.has_add_permission(request)
            ):
                raise PermissionDenied
            history = getattr(self.model, self.model._meta.simple_history_manager_attribute)
            record = history.filter(history_id=unquote(version_id)).first()
            if record is not None:
                when = timezone.localtime(record.history_date)
                request._history_revert = REVERTED.format(date=f"{when:%-d %b %Y, %H:%M}")
        return super().history_form_view(request, object_id, version_id, extra_context)
