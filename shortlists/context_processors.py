from django.urls import reverse
from django.utils.functional import SimpleLazyObject

from . import session


def shortlist_ids(request):
    """`shortlist_ids`: the ids on the visitor's shortlist, read from the session (no query
    of its own) and only when a template asks, for the header count and the card buttons;
    `shortlist_urls`: where those buttons post, worked out once per page, not per card."""
    return {
        "shortlist_ids": SimpleLazyObject(lambda: frozenset(session.program_ids(request.session))),
        "shortlist_urls": SimpleLazyObject(
            lambda: {"add": reverse("shortlists:add"), "remove": reverse("shortlists:remove")}
        ),
    }
