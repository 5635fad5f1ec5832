from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from . import health, views
from .sitemaps import SITEMAPS, robots_txt

admin.site.site_header = f"{settings.SITE_NAME} administration"
admin.site.site_title = f"{settings.SITE_NAME} admin"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", health.healthz, name="healthz"),
    path("favicon.ico", views.favicon),
    path("programs/", include("programs.urls")),
    path("shortlists/", include("shortlists.urls")),
    path("careers/", include("careers.urls")),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", robots_txt, name="robots_txt"),
    path("api/", include("programs.api_urls")),
    path(settings.ADMIN_URL, admin.site.urls),
]

handler500 = "mltportal.health.server_error"
