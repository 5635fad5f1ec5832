"""The admin's "History" pages (django-simple-history), shared by the directory and the guide."""

from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from simple_history.admin import SimpleHistoryAdmin


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
