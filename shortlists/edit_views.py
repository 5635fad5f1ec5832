"""Editing a shared list through its secret link: the edit page, and one small POST view per
action (save the title and note, move, remove, add from your shortlist, accept today's
facts, delete)."""

import re

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from core.web import absolute_url
from programs.models import Program

from . import session as session_list
from . import sharing
from .forms import ShortlistForm
from .models import Shortlist
from .shared_views import shared_context


def _editable(token: str, secret: str) -> Shortlist:
    shortlist = get_object_or_404(Shortlist, token=token)
    if not shortlist.check_edit_secret(secret):
        raise Http404("No shortlist matches this edit link.")
    return shortlist


def _private(response):
    """Edit pages carry a secret in their address: never cache or index them, and send
    their address as a referrer to this site only. ("no-referrer" would be stricter, but
    then browsers send "Origin: null" with the page's own forms, which CSRF rejects.)"""
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


ITEM_ID = re.compile(r"^[0-9]{1,18}$")


def _item_id(request) -> int | None:
    raw = request.POST.get("item", "")
    return int(raw) if ITEM_ID.match(raw) else None


# --- edit actions: each a small POST view at <edit link>/<action>/ ------------------------


def _save(request, shortlist, secret):
    edit_url = shortlist.get_edit_url(secret)
    form = ShortlistForm(request.POST)
    if not form.is_valid():
        return _edit_page(request, shortlist, secret, form)
    shortlist.title = form.cleaned_data["title"]
    shortlist.note = form.cleaned_data["note"]
    shortlist.save(update_fields=["title", "note", "updated_at"])
    messages.success(request, "Saved the title and note.")
    return redirect(edit_url)


def _move(request, shortlist, secret, offset):
    edit_url = shortlist.get_edit_url(secret)
    item_id = _item_id(request)
    if item_id is None:
        return redirect(edit_url)
    if sharing.move_item(shortlist, item_id, offset):
        messages.success(request, "Moved the program.")
    return redirect(f"{edit_url}#item-{item_id}")


def _up(request, shortlist, secret):
    return _move(request, shortlist, secret, -1)


def _down(request, shortlist, secret):
    return _move(request, shortlist, secret, 1)


def _remove(request, shortlist, secret):
    edit_url = shortlist.get_edit_url(secret)
    item_id = _item_id(request)
    removed = sharing.remove_item(shortlist, item_id) if item_id is not None else None
    if removed:
        messages.success(request, f"Removed {removed.program_name} from the shared list.")
    return redirect(edit_url)


def _add(request, shortlist, secret):
    edit_url = shortlist.get_edit_url(secret)
    programs, _ = session_list.programs(request.session, Program.objects.published().with_details())
    added = sharing.add_programs(shortlist, programs, limit=session_list.max_programs())
    messages.success(
        request,
        f"Added {added} program{'s' if added != 1 else ''} from your shortlist."
        if added
        else "No programs to add: the shared list already has every program on your "
        "shortlist, or it is full.",
    )
    return redirect(edit_url)


def _refresh(request, shortlist, secret):
    edit_url = shortlist.get_edit_url(secret)
    sharing.accept_current_facts(shortlist)
    messages.success(request, "The shared list now takes today's facts as its starting point.")
    return redirect(edit_url)


def _delete(request, shortlist, secret):
    edit_url = shortlist.get_edit_url(secret)
    if request.POST.get("confirm") != "yes":
        messages.error(request, "Tick the box to confirm that you want to delete the list.")
        return redirect(f"{edit_url}#delete")
    shortlist.delete()
    session_list.forget_shared(request.session, shortlist.token)
    messages.success(request, "Deleted the shared list. Its links no longer work.")
    return redirect("shortlists:index")


EDIT_ACTIONS = {
    "save": _save,
    "up": _up,
    "down": _down,
    "remove": _remove,
    "add": _add,
    "refresh": _refresh,
    "delete": _delete,
}


@never_cache
@require_POST
def edit_action(request, token, secret, action):
    """One edit action (the URL names it); an unknown action goes back to the edit page."""
    shortlist = _editable(token, secret)
    edit_url = shortlist.get_edit_url(secret)
    handler = EDIT_ACTIONS.get(action)
    if handler is None:
        return redirect(edit_url)
    return handler(request, shortlist, secret)


@never_cache
@require_http_methods(["GET", "POST"])
def edit(request, token, secret):
    """The edit page. A POST here names its action in the form (`action=`), as pages
    rendered before each action had its own address did."""
    if request.method == "POST":
        return edit_action(request, token, secret, request.POST.get("action", ""))
    shortlist = _editable(token, secret)
    form = ShortlistForm(initial={"title": shortlist.title, "note": shortlist.note})
    return _edit_page(request, shortlist, secret, form)


def _edit_page(request, shortlist, secret, form):
    edit_path = shortlist.get_edit_url(secret)
    context = shared_context(request, shortlist)
    context.update(
        {
            "form": form,
            "edit_url": absolute_url(request, edit_path),
            "edit_path": edit_path,
            # Programs on the author's own shortlist that this list does not have yet
            # (ids only: unlisted ones are skipped when added).
            "addable": len(
                set(session_list.program_ids(request.session))
                - {entry.item.program_id for entry in context["entries"]}
            ),
            "max_programs": session_list.max_programs(),
        }
    )
    return _private(render(request, "shortlists/edit.html", context))
