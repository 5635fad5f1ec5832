from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("programs/", include("programs.urls")),
    path("shortlists/", include("programs.shortlist_urls")),
    path("careers/", include("careers.urls")),
    path("api/", include("programs.api_urls")),
    path(settings.ADMIN_URL, admin.site.urls),
]
