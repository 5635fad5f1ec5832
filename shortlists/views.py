"""Shortlists: the visitor's own list (session), sharing it, the shared page, editing it.

Add and remove are plain POST forms that redirect back (they work without JavaScript); with
htmx the button swaps itself in place and the header count updates out of band.
"""

import re

from django import forms
from django.conf import settings
from django.contrib import messages
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import slugify
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.web import absolute_url
from programs.facts import Row, compare_rows
from programs.models import Program

from . import ratelimit, sharing
from . import session as session_list
from .models import SHORTLIST_NOTE_MAX, SHORTLIST_TITLE_MAX, Shortlist

CREATE_SCOPE = "shortlist-create"
COMPARE_COLUMNS = 4  # programs per table, so the table fits a phone (scrolling) and a page


class ShortlistForm(forms.Form):
    title = forms.CharField(
        label="Title (optional)",
        max_length=SHORTLIST_TITLE_MAX,
        required=False,
        help_text="For example: For Maria: hybrid options near Dayton",
        error_messages={
            "max_length": f"Make the title {SHORTLIST_TITLE_MAX} characters or fewer "
            "(it has %(show_value)d)."
        },
    )
    note = forms.CharField(
        label="Note (optional)",
        max_length=SHORTLIST_NOTE_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=f"Up to {SHORTLIST_NOTE_MAX:,} characters. Anyone with the link can read it, "
        "so leave out private details.",
        error_messages={
            "max_length": f"Make the note {SHORTLIST_NOTE_MAX:,} characters or fewer "
            "(it has %(show_value)d)."
        },
    )


def safe_next(request, default: str) -> str:
    """The `next` address from the form, if it is a page on this site; else `default`."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


# --- the visitor's own shortlist ----------------------------------------------------------


@require_POST
def add(request):
    return _toggle(request, adding=True)


@require_POST
def remove(request):
    return _toggle(request, adding=False)


def _toggle(request, adding: bool):
    slug = request.POST.get("program", "")[:200]
    candidates = Program.objects.published() if adding else Program.objects.all()
    program = candidates.select_related("institution").filter(slug=slug).first()
    back = safe_next(request, reverse("shortlists:index"))
    if program is None:
        if request.htmx:
            return HttpResponse("That program is not in the directory.", status=404)
        messages.error(request, "We could not find that program in the directory.")
        return redirect(back)

    if adding:
        result = session_list.add(request.session, program.pk)
        message = {
            session_list.Added.ADDED: f"Added {program.name} to your shortlist.",
            session_list.Added.ALREADY: f"{program.name} is already on your shortlist.",
            session_list.Added.FULL: f"Your shortlist already has {session_list.max_programs()} "
            "programs, the most it can hold. Remove one to add another.",
        }[result]
        failed = result == session_list.Added.FULL
    else:
        session_list.remove(request.session, program.pk)
        message, failed = f"Removed {program.name} from your shortlist.", False

    if request.htmx:
        count = session_list.count(request.session)
        context = {"program": program, "message": f"{message} Shortlist: {count}."}
        return render(request, "shortlists/toggle.html", context)
    (messages.error if failed else messages.success)(request, message)
    if "#" not in back:
        back += f"#shortlist-{program.slug}"
    return redirect(back)


@require_POST
def clear(request):
    session_list.clear(request.session)
    messages.success(request, "Your shortlist is empty now. Lists you shared are unchanged.")
    return redirect("shortlists:index")


@require_GET
def index(request):
    return _index(request, ShortlistForm())


def _index(request, form):
    programs, dropped = session_list.programs(
        request.session, Program.objects.published().with_details()
    )
    compare_slugs = ",".join(p.slug for p in programs[:COMPARE_COLUMNS])
    context = {
        "programs": programs,
        "dropped": dropped,
        "max_programs": session_list.max_programs(),
        "compare_url": f"{reverse('programs:compare')}?programs={compare_slugs}",
        "form": form,
        "shared_lists": _shared_lists(request),
    }
    return render(request, "shortlists/index.html", context)


def _shared_lists(request) -> list[dict]:
    """The lists this session shared that still exist, newest first, with their links."""
    entries = session_list.shared(request.session)
    if not entries:
        return []
    found = {
        s.token: s
        for s in Shortlist.objects.filter(token__in=[e["token"] for e in entries]).annotate(
            item_count=Count("items")
        )
    }
    result = []
    for entry in entries:
        shortlist = found.get(entry["token"])
        if shortlist is None:
            session_list.forget_shared(request.session, entry["token"])
            continue
        result.append(
            {
                "shortlist": shortlist,
                "share_url": absolute_url(request, shortlist.get_absolute_url()),
                "edit_url": shortlist.get_edit_url(entry["secret"]),
            }
        )
    return result


@require_POST
def share(request):
    form = ShortlistForm(request.POST)
    programs, _ = session_list.programs(request.session, Program.objects.published().with_details())
    if not programs:
        messages.error(request, "Add at least one program to your shortlist before you share it.")
        return redirect("shortlists:index")
    if not form.is_valid():
        return _index(request, form)
    if ratelimit.limited(CREATE_SCOPE, request, settings.SHORTLIST_CREATE_LIMIT):
        return rate_limited(request)
    shortlist, secret = sharing.create_shortlist(
        programs, form.cleaned_data["title"], form.cleaned_data["note"]
    )
    ratelimit.record(CREATE_SCOPE, request, settings.SHORTLIST_CREATE_WINDOW)
    session_list.remember_shared(request.session, shortlist.token, secret)
    messages.success(
        request,
        "Your shortlist is shared. Send people the share link below. This page is your "
        "private edit link: bookmark it, and keep it to yourself.",
    )
    return redirect(shortlist.get_edit_url(secret))


def rate_limited(request):
    minutes = max(settings.SHORTLIST_CREATE_WINDOW // 60, 1)
    response = render(
        request,
        "shortlists/rate_limited.html",
        {"limit": settings.SHORTLIST_CREATE_LIMIT, "minutes": minutes},
        status=429,
    )
    response["Retry-After"] = str(settings.SHORTLIST_CREATE_WINDOW)
    return response


# --- a shared list ------------------------------------------------------------------------


def _shared_context(request, shortlist: Shortlist) -> dict:
    entries = sharing.shared_items(shortlist)
    for entry in entries:
        entry.url = absolute_url(request, entry.program.get_absolute_url()) if entry.listed else ""
    listed = [entry for entry in entries if entry.listed]
    rows = compare_rows([entry.program for entry in listed], None)
    tables = []
    for start in range(0, len(listed), COMPARE_COLUMNS):
        end = start + COMPARE_COLUMNS
        tables.append(
            {
                "entries": listed[start:end],
                "first": start + 1,
                "last": min(end, len(listed)),
                "rows": [
                    Row(row.label, row.cells[start:end], row.differs, row.numeric) for row in rows
                ],
            }
        )
    share_url = absolute_url(request, shortlist.get_absolute_url())
    return {
        "shortlist": shortlist,
        "entries": entries,
        "listed": listed,
        "left": [entry for entry in entries if not entry.listed],
        "attention": sharing.attention_summary(entries),
        "tables": tables,
        "share_url": share_url,
        "qr_svg": sharing.qr_svg(share_url, f"QR code for the link {share_url}"),
    }


@require_GET
def shared(request, token):
    shortlist = get_object_or_404(Shortlist, token=token)
    response = render(request, "shortlists/shared.html", _shared_context(request, shortlist))
    response["X-Robots-Tag"] = "noindex"
    return response


@require_GET
def export_csv(request, token):
    shortlist = get_object_or_404(Shortlist, token=token)
    entries = sharing.shared_items(shortlist)
    text = sharing.csv_text(entries, lambda p: absolute_url(request, p.get_absolute_url()))
    name = slugify(shortlist.title)[:60] or "mlt-programs"
    response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="shortlist-{name}.csv"'
    response["X-Robots-Tag"] = "noindex"
    return response


# --- editing with the secret link ---------------------------------------------------------


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
    context = _shared_context(request, shortlist)
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
