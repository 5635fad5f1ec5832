"""The visitor's own shortlist, kept in the session: no account needed.

The session holds program ids in the order they were added (ids, not slugs: a slug may be
corrected later), and the edit links of the lists this visitor shared, so they can find them
again: not their edit keys, only the keys' hashes (below).
"""

import hmac
from enum import StrEnum

from django.conf import settings

from .models import hash_edit_secret

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
#
# Each entry holds the list's token and the SHA-256 of its edit key (the same hash the list
# stores), never the key: whoever reads the session store cannot open an edit link with
# it. A matching hash is what lets this browser edit the list at its key-free address.
# Sessions from before kept the key itself; they are rewritten the first time they are read.


def remember_shared(session, token: str, secret: str) -> None:
    entries = [e for e in shared(session) if e["token"] != token]
    entry = {"token": token, "key_hash": hash_edit_secret(secret)}
    session[SHARED_KEY] = [entry, *entries][:SHARED_REMEMBERED]


def shared(session) -> list[dict]:
    """[{'token': ..., 'key_hash': ...}], newest first."""
    raw = session.get(SHARED_KEY)
    if not isinstance(raw, list):
        return []
    entries, rewritten = [], False
    for e in raw:
        if not isinstance(e, dict) or not isinstance(e.get("token"), str):
            continue
        if isinstance(e.get("key_hash"), str):
            entries.append({"token": e["token"], "key_hash": e["key_hash"]})
        elif isinstance(e.get("secret"), str):  # an older session: keep only the hash
            entries.append({"token": e["token"], "key_hash": hash_edit_secret(e["secret"])})
            rewritten = True
    if rewritten:
        session[SHARED_KEY] = entries
    return entries


def can_edit(session, shortlist) -> bool:
    """Whether this session opened (or made) the list's current edit link."""
    return any(
        e["token"] == shortlist.token
        and hmac.compare_digest(e["key_hash"], shortlist.edit_secret_hash)
        for e in shared(session)
    )


def forget_shared(session, token: str) -> None:
    entries = shared(session)
    kept = [e for e in entries if e["token"] != token]
    if len(kept) != len(entries):
        session[SHARED_KEY] = kept
