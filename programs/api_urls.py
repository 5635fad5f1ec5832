from django.urls import path, re_path

from . import api

app_name = "api"

urlpatterns = [
    path("programs/", api.program_list, name="programs"),
    path("programs/<slug:slug>/", api.program_detail, name="program"),
    path("openapi.json", api.openapi, name="openapi"),
    # Last: any other path (a slug with odd characters, a typo) is a JSON 404.
    # [\s\S]: a path with a line break in it too (path converters stop at one).
    re_path(r"[\s\S]*", api.not_found),
]
