"""sitemap.xml (guide pages and published programs) and robots.txt.

Without the sites framework, Django's sitemaps take the host from the request; when
DJANGO_SITE_URL is set, its scheme and host are used instead, like canonical links.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_GET

from careers.models import Page
from programs.models import Program


class SiteUrlSitemap(Sitemap):
    def get_protocol(self, protocol=None):
        if settings.SITE_URL:
            return urlsplit(settings.SITE_URL).scheme
        return super().get_protocol(protocol)

    def get_domain(self, site=None):
        if settings.SITE_URL:
            return urlsplit(settings.SITE_URL).netloc
        return super().get_domain(site)


class StaticViewSitemap(SiteUrlSitemap):
    def items(self):
        return ["home", "careers:index", "careers:eligibility", "programs:list"]

    def location(self, item):
        return reverse(item)


class GuidePageSitemap(SiteUrlSitemap):
    def items(self):
        return Page.objects.published().only("slug", "updated_on").order_by("order", "pk")

    def lastmod(self, page):
        return page.updated_on


class ProgramSitemap(SiteUrlSitemap):
    def items(self):
        return Program.objects.published().only("slug", "last_verified").order_by("slug")

    def lastmod(self, program):
        return program.last_verified


SITEMAPS = {"pages": StaticViewSitemap, "guide": GuidePageSitemap, "programs": ProgramSitemap}


@require_GET
def robots_txt(request):
    base = settings.SITE_URL or request.build_absolute_uri("/").rstrip("/")
    lines = [
        "User-agent: *",
        "Allow: /",
        "",
        f"Sitemap: {base}{reverse('sitemap')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
