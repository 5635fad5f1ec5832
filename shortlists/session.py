"""The visitor's own shortlist, kept in the session: no account needed.

The session holds program ids in the order they were added (ids, not slugs: a slug may be
corrected later), and the edit links of the lists this visitor shared, so they can find them
again. The session store is server-side, so an edit secret kept there never reaches the
browser except on the pages that show it to its author.
"""

from enum import StrEnum

from django.conf import settings

PROGRAMS_KEY = "shortlist"
SHARED_KEY = "shortlists_shared"
# How many shared lists a session remembers (the newest ones).
SHARED_REMEMBERED = 20


def max_programs() -> int:
    return settings.SHORTLIST_MAX_PROGRAMS


class Added(StrEnum):
    ADDED = "added"
    ALREADY = "already"
    FULL = "full"


def program_ids(session) -> list[int]:
    """The shortlisted program ids, in the order they were added."""
    raw = session.get(PROGRAMS_KEY)
    if not isinstance(raw, list):
        return []
    ids = []
    for value in raw:
        if type(value) is int and value not in ids:
            ids.append(value)
    return ids[: max_programs()]


def cache_variant(request) -> str:
    """What public pages show of this visitor's state (the header count and the card
    buttons): their shortlisted ids, sorted. Part of the page-cache key (core.pagecache)."""
    session = getattr(request, "session", None)
    return ",".join(map(str, sorted(program_ids(session)))) if session is not None else ""


def count(session) -> int:
    return len(program_ids(session))


def add(session, program_id: int) -> Added:
    ids = program_ids(session)
    if program_id in ids:
        return Added.ALREADY
    if len(ids) >= max_programs():
        return Added.FULL
    session[PROGRAMS_KEY] = [*ids, program_id]
    return Added.ADDED


def remove(session, program_id: int) -> bool:
    ids = program_ids(session)
    if program_id not in ids:
        return False
    session[PROGRAMS_KEY] = [i for i in ids if i != program_id]
    return True


def clear(session) -> None:
    session.pop(PROGRAMS_KEY, None)


def programs(session, queryset) -> tuple[list, int]:
    """The shortlisted programs found in `queryset` (e.g. published ones), in order, and how
    many ids were dropped because the program is no longer there."""
    ids = program_ids(session)
    if not ids:
        return [], 0
    found = {p.pk: p for p in queryset.filter(pk__in=ids)}
    kept = [found[i] for i in ids if i in found]
    dropped = len(ids) - len(kept)
    if dropped:
        session[PROGRAMS_KEY] = [p.pk for p in kept]
    return kept, dropped


# --- lists this visitor shared ----------------------------------------------------------


def remember_shared(session, token: str, secret: str) -> None:
    entries = [e for e in shared(session) if e["token"] != token]
    session[SHARED_KEY] = [{"token": token, "secret": secret}, *entries][:SHARED_REMEMBERED]


def shared(session) -> list[dict]:
    """[{'token': ..., 'secret': ...}], newest first."""
    raw = session.get(SHARED_KEY)
    if not isinstance(raw, list):
        return []
    return [
        {"token": e["token"], "secret": e["secret"]}
        for e in raw
        if isinstance(e, dict)
        and isinstance(e.get("token"), str)
        and isinstance(e.get("secret"), str)
    ]


def forget_shared(session, token: str) -> None:
    entries = shared(session)
    kept = [e for e in entries if e["token"] != token]
    if len(kept) != len(entries):
        session[SHARED_KEY] = kept
