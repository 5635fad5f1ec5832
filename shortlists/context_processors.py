from django.utils.functional import SimpleLazyObject

from . import session


def shortlist_ids(request):
    """`shortlist_ids`: the ids on the visitor's shortlist, read from the session (no query
    of its own) and only when a template asks, for the header count and the card buttons."""
    return {
        "shortlist_ids": SimpleLazyObject(lambda: frozenset(session.program_ids(request.session)))
    }
