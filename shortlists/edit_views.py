"""Editing a shared list through its secret link: the edit page, and one small POST view per
action (save the title and note, move, remove, add from your shortlist, accept today's
facts, delete)."""

import re

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from programs.models import Program

from . import session as session_list
from . import sharing
from .forms import ShortlistForm
from .models import Shortlist
from .shared_views import shared_context


def _shortlist(token: str) -> Shortlist:
    return get_object_or_404(Shortlist, token=token)


def _private(response):
    """Edit pages: never cache or index them, and send their address as a referrer to this
    site only. ("no-referrer" would be stricter, but then browsers send "Origin: null" with
    the page's own forms, which CSRF rejects.)"""
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


ITEM_ID = re.compile(r"^[0-9]{1,18}$")


def _item_id(request) -> int | None:
    raw = request.POST.get("item", "")
    return int(raw) if ITEM_ID.match(raw) else None


# --- edit actions: each a small POST view at <edit page>/<action>/ ------------------------


def _save(request, shortlist):
    edit_url = shortlist.get_edit_url()
    form = ShortlistForm(request.POST)
    if not form.is_valid():
        return _edit_page(request, shortlist, form)
    shortlist.title = form.cleaned_data["title"]
    shortlist.note = form.cleaned_data["note"]
    shortlist.save(update_fields=["title", "note", "updated_at"])
    messages.success(request, "Saved the title and note.")
    return redirect(edit_url)


def _move(request, shortlist, offset):
    edit_url = shortlist.get_edit_url()
    item_id = _item_id(request)
    if item_id is None:
        return redirect(edit_url)
    if sharing.move_item(shortlist, item_id, offset):
        messages.success(request, "Moved the program.")
    return redirect(f"{edit_url}#item-{item_id}")


def _up(request, shortlist):
    return _move(request, shortlist, -1)


def _down(request, shortlist):
    return _move(request, shortlist, 1)


def _remove(request, shortlist):
    edit_url = shortlist.get_edit_url()
    item_id = _item_id(request)
    removed = sharing.remove_item(shortlist, item_id) if item_id is not None else None
    if removed:
        messages.success(request, f"Removed {removed.program_name} from the shared list.")
    return redirect(edit_url)


def _own_programs(request, queryset=None) -> list[Program]:
    """The programs of the author's own shortlist that can go on a shared list: the
    published ones. Add takes them (with what a snapshot needs); the edit page counts them."""
    if queryset is None:
        queryset = Program.objects.published()
    programs, _ = session_list.programs(request.session, queryset)
    return programs


def _add(request, shortlist):
    edit_url = shortlist.get_edit_url()
    programs = _own_programs(request, Program.objects.published().with_details())
    added = sharing.add_programs(shortlist, programs, limit=session_list.max_programs())
    messages.success(
        request,
        f"Added {added} program{'s' if added != 1 else ''} from your shortlist."
        if added
        else "No programs to add: the shared list already has every program on your "
        "shortlist, or it is full.",
    )
    return redirect(edit_url)


def _refresh(request, shortlist):
    edit_url = shortlist.get_edit_url()
    sharing.accept_current_facts(shortlist)
    messages.success(request, "The shared list now takes today's facts as its starting point.")
    return redirect(edit_url)


def _delete(request, shortlist):
    edit_url = shortlist.get_edit_url()
    if request.POST.get("confirm") != "yes":
        messages.error(request, "Tick the box to confirm that you want to delete the list.")
        return redirect(f"{edit_url}#delete")
    shortlist.delete()
    session_list.forget_shared(request.session, shortlist.token)
    messages.success(request, "Deleted the shared list. Its links no longer work.")
    return redirect("shortlists:index")


def _new_link(request, shortlist):
    """A new private edit link; the old one stops working (in every other browser too)."""
    secret = shortlist.set_edit_secret()
    shortlist.save(update_fields=["edit_secret_hash", "updated_at"])
    session_list.remember_shared(request.session, shortlist.token, secret)
    messages.success(
        request,
        "Made a new private edit link: the old one no longer works. Bookmark the new one.",
    )
    return redirect(shortlist.get_private_edit_link(secret))


EDIT_ACTIONS = {
    "save": _save,
    "up": _up,
    "down": _down,
    "remove": _remove,
    "add": _add,
    "refresh": _refresh,
    "delete": _delete,
    "newlink": _new_link,
}


def _act(request, shortlist, action):
    handler = EDIT_ACTIONS.get(action)
    if handler is None:
        return redirect(shortlist.get_edit_url())
    return handler(request, shortlist)


LOCKED = (
    "Nothing was changed: this list is no longer unlocked in this browser (the visit may "
    "have ended). Open its private edit link to unlock it, then try again."
)
LOCKED_SAVE = (
    "Your title and note were not saved: this list is no longer unlocked in this browser "
    "(the visit may have ended). They are kept below. Paste the private edit link to unlock "
    "the list, and they are saved."
)


def _locked(request, shortlist, action):
    """An edit action from a browser that has not unlocked the list: nothing is written. It
    is often the author whose visit ended while the edit page was open, so the answer (403)
    is the page that unlocks the list, and a title and note they typed come back in its
    form, saved once the key opens the list, instead of lost."""
    if action == "save":
        kept = ShortlistForm(request.POST)
        return _unlock_page(request, shortlist, notice=LOCKED_SAVE, kept=kept, status=403)
    return _unlock_page(request, shortlist, notice=LOCKED, status=403)


@never_cache
@require_POST
def edit_action(request, token, action):
    """One edit action (the URL names it), for a session that opened the edit link; an
    unknown action goes back to the edit page."""
    shortlist = _shortlist(token)
    if not session_list.can_edit(request.session, shortlist):
        return _locked(request, shortlist, action)
    return _act(request, shortlist, action)


@never_cache
@require_http_methods(["GET", "POST"])
def edit(request, token):
    """The edit page, for a session that opened the edit link; otherwise a form that takes
    the link's key (filled in and sent by static/js/shortlists.js from the part of the link
    after '#', or pasted). A POST with `action=` is an edit action, as pages rendered
    before each action had its own address sent it."""
    shortlist = _shortlist(token)
    if request.method == "POST" and "key" in request.POST:
        return _unlock(request, shortlist, request.POST.get("key", ""))
    if not session_list.can_edit(request.session, shortlist):
        if request.method == "POST":
            return _locked(request, shortlist, request.POST.get("action", ""))
        return _unlock_page(request, shortlist)
    if request.method == "POST":
        return _act(request, shortlist, request.POST.get("action", ""))
    form = ShortlistForm(initial={"title": shortlist.title, "note": shortlist.note})
    return _edit_page(request, shortlist, form)


@never_cache
@require_http_methods(["GET", "POST"])
def edit_link(request, token, secret, action=None):
    """An edit link from before the key moved after '#' (…/edit/<key>/, and the addresses of
    the actions under it): it still works; this browser remembers the key's hash and goes
    on at the key-free address. The logs never show the key (core.logredact)."""
    shortlist = _shortlist(token)
    if not shortlist.check_edit_secret(secret):
        raise Http404("No shortlist matches this edit link.")
    session_list.remember_shared(request.session, shortlist.token, secret)
    if request.method == "POST":
        return _act(request, shortlist, action or request.POST.get("action", ""))
    return redirect(shortlist.get_private_edit_link(secret))


KEY_LENGTH = 43


def _unlock(request, shortlist, key: str):
    """Open the list for this browser with its key. With a title and note kept from a save
    refused while the list was locked (_locked), save them too."""
    kept = "title" in request.POST or "note" in request.POST
    key = key.strip().removeprefix("#").removeprefix("key=")
    if "#key=" in key:  # the whole link pasted
        key = key.rsplit("#key=", 1)[1]
    if len(key) == KEY_LENGTH and shortlist.check_edit_secret(key):
        session_list.remember_shared(request.session, shortlist.token, key)
        if kept:
            return _save(request, shortlist)
        return redirect(shortlist.get_edit_url())
    return _unlock_page(
        request,
        shortlist,
        error="That key does not open this list. Paste the whole private edit link, or the "
        "part after #key=.",
        kept=ShortlistForm(request.POST) if kept else None,
    )


def _unlock_page(request, shortlist, error="", notice="", kept=None, status=200):
    """The form that takes the list's key; `kept`, a title and note to save once it opens."""
    context = shared_context(request, shortlist)
    context.update(
        {"error": error, "notice": notice, "kept": kept, "edit_path": shortlist.get_edit_url()}
    )
    return _private(render(request, "shortlists/unlock.html", context, status=status))


def _edit_page(request, shortlist, form):
    edit_path = shortlist.get_edit_url()
    context = shared_context(request, shortlist)
    # What "Add from your shortlist" would add, counted as it adds: published programs of
    # the author's own shortlist that this list lacks, as many as there is room for.
    on_list = [entry.item.program_id for entry in context["entries"]]
    missing = sharing.not_on_list(_own_programs(request), on_list)
    context.update(
        {
            "form": form,
            "edit_path": edit_path,
            "missing": len(missing),
            "addable": len(sharing.not_on_list(missing, on_list, session_list.max_programs())),
            "max_programs": session_list.max_programs(),
        }
    )
    return _private(render(request, "shortlists/edit.html", context))
