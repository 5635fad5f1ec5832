from django.urls import path

from . import api

app_name = "api"

urlpatterns = [
    path("programs/", api.program_list, name="programs"),
    path("programs/<slug:slug>/", api.program_detail, name="program"),
    path("openapi.json", api.openapi, name="openapi"),
]
