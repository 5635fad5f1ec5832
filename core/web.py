"""Absolute URLs and JSON-LD, shared by every app that publishes pages."""

import json

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import _json_script_escapes
from django.utils.safestring import SafeString, mark_safe


def absolute_url(request, path: str) -> str:
    """`path` on the public site: SITE_URL when set, else the host of the request."""
    if settings.SITE_URL:
        return settings.SITE_URL + path
    return request.build_absolute_uri(path)


def jsonld_script(value) -> SafeString:
    """A <script type="application/ld+json"> element, escaped like json_script (safe against
    '</script>' and HTML comments inside values)."""
    payload = json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False).translate(
        _json_script_escapes
    )
    return mark_safe(f'<script type="application/ld+json">{payload}</script>')  # noqa: S308
