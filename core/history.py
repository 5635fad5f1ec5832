"""History (django-simple-history): the admin's History pages, and how a change is stamped
with who made it and why. Shared by the directory, the curators' tools and the guide."""

from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from simple_history.admin import SimpleHistoryAdmin

# django-simple-history's history_change_reason column.
HISTORY_REASON_MAX = 100


def stamp(obj, reason: str, user=None):
    """Record `reason` (and `user`, when the change is not made in a request) on the next
    history row `obj` writes. Returns `obj`."""
    obj._change_reason = (reason or "")[:HISTORY_REASON_MAX]
    if user is not None:
        obj._history_user = user
    return obj


class HistoryAdmin(SimpleHistoryAdmin):
    """History and revert for a model, with the permissions a revert really needs.

    django-simple-history lets anyone who may *view* an object open a past version; the
    Revert button is hidden from them but a POST would still save. Here a revert needs the
    change permission, and re-creating a deleted object needs the add permission too.
    """

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            exists = self.get_queryset(request).filter(pk=unquote(object_id)).exists()
            if not self.has_change_permission(request) or (
                not exists and not self.has_add_permission(request)
            ):
                raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)
