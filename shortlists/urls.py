from django.urls import path, register_converter

from . import edit_views, shared_views, views
from .feeds import SharedListFeed
from .models import SHORTLIST_TOKEN_LENGTH


class SecretTokenConverter:
    """A share token or edit secret: token_urlsafe(32), 43 URL-safe characters. Anything else
    never reaches a view (404)."""

    regex = f"[A-Za-z0-9_-]{{{SHORTLIST_TOKEN_LENGTH}}}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


class EditActionConverter:
    """An edit action's name: a short word (anything longer, e.g. a key cut short, is 404)."""

    regex = "[a-z]{1,20}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(SecretTokenConverter, "secrettoken")
register_converter(EditActionConverter, "editaction")

app_name = "shortlists"

urlpatterns = [
    path("", views.index, name="index"),
    path("add/", views.add, name="add"),
    path("remove/", views.remove, name="remove"),
    path("clear/", views.clear, name="clear"),
    path("share/", views.share, name="share"),
    path("<secrettoken:token>/", shared_views.shared, name="shared"),
    path("<secrettoken:token>/csv/", shared_views.export_csv, name="csv"),
    path("<secrettoken:token>/feed/", SharedListFeed(), name="feed"),
    path("<secrettoken:token>/copy/", views.copy, name="copy"),
    path("<secrettoken:token>/edit/", edit_views.edit, name="edit"),
    # Edit links from before the key moved after '#' (they still work; see edit_views).
    path("<secrettoken:token>/edit/<secrettoken:secret>/", edit_views.edit_link, name="edit-link"),
    path(
        "<secrettoken:token>/edit/<secrettoken:secret>/<editaction:action>/",
        edit_views.edit_link,
        name="edit-link-action",
    ),
    path(
        "<secrettoken:token>/edit/<editaction:action>/", edit_views.edit_action, name="edit-action"
    ),
]
