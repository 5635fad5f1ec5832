"""Shortlists: the visitor's own list (session), sharing it, the shared page, editing it.

Add and remove are plain POST forms that redirect back (they work without JavaScript); with
htmx the button swaps itself in place and the header count updates out of band.
"""

from datetime import timedelta
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.db.models import Count
from django.http import HttpResponse, HttpResponseForbidden
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST, require_safe

from core.web import absolute_url
from programs.choices import PublicationStatus
from programs.models import Program

from . import ratelimit, sharing
from . import session as session_list
from .forms import ShortlistForm
from .models import Shortlist
from .shared_views import COMPARE_COLUMNS

CREATE_SCOPE = "shortlist-create"
COPY_SCOPE = "shortlist-copy"


def safe_next(request, default: str) -> str:
    """The `next` address from the form, if it is a page on this site; else `default`."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def same_site_only(view):
    """Add and remove are posted from every public page, and a CSRF token there would make
    each page unique (no page cache, no CDN). They are protected instead by what browsers
    send with every POST: a cross-site request says so in Sec-Fetch-Site, and its Origin
    names another site; both are refused (403). The session cookie is SameSite=Lax, so a
    cross-site POST from an older browser that sends neither header carries no session
    either: at worst it fills a fresh, empty session. Copying a shared list into your own
    shortlist is posted from the shared page, which is cached the same way, and is protected
    the same way. Nothing else skips the CSRF check."""

    @csrf_exempt
    @wraps(view)
    def checked(request, *args, **kwargs):
        fetch_site = request.headers.get("Sec-Fetch-Site", "")
        origin = request.headers.get("Origin", "")
        own = f"{request.scheme}://{request.get_host()}"
        if fetch_site and fetch_site not in ("same-origin", "none"):
            return HttpResponseForbidden("Shortlist changes must come from this site.")
        if origin and origin != own and origin not in settings.CSRF_TRUSTED_ORIGINS:
            return HttpResponseForbidden("Shortlist changes must come from this site.")
        return view(request, *args, **kwargs)

    return checked


# --- the visitor's own shortlist ----------------------------------------------------------


@same_site_only
@require_POST
def add(request):
    return _toggle(request, adding=True)


@same_site_only
@require_POST
def remove(request):
    return _toggle(request, adding=False)


def _toggle(request, adding: bool):
    slug = request.POST.get("program", "")[:200]
    # Removing looks only at the visitor's own list: a draft or archived listing's name, or
    # whether a slug exists at all, is never told to someone who did not have it.
    if adding:
        candidates = Program.objects.published()
    else:
        candidates = Program.objects.filter(pk__in=session_list.program_ids(request.session))
    program = candidates.select_related("institution").filter(slug=slug).first()
    back = safe_next(request, reverse("shortlists:index"))
    if program is None:
        if request.htmx:
            return HttpResponse("That program is not in the directory.", status=404)
        messages.error(request, "We could not find that program in the directory.")
        return redirect(back)

    # Many programs share a name: the school says which one.
    named = f"{program.name} ({program.institution.name})"
    if adding:
        result = session_list.add(request.session, program.pk)
        message = {
            session_list.Added.ADDED: f"Added {named} to your shortlist.",
            session_list.Added.ALREADY: f"{named} is already on your shortlist.",
            session_list.Added.FULL: f"Your shortlist already has {session_list.max_programs()} "
            "programs, the most it can hold. Remove one to add another.",
        }[result]
        failed = result == session_list.Added.FULL
    else:
        session_list.remove(request.session, program.pk)
        message, failed = f"Removed {named} from your shortlist.", False

    if request.htmx:
        count = session_list.count(request.session)
        context = {"program": program, "message": f"{message} Shortlist: {count}."}
        return render(request, "shortlists/toggle.html", context)
    (messages.error if failed else messages.success)(request, message)
    if "#" not in back:
        back += f"#shortlist-{program.slug}"
    return redirect(back)


def _refusal(scope, request):
    """Sharing and copying share one limit (settings.SHORTLIST_CREATE_*), counted per scope."""
    return ratelimit.check(
        scope,
        request,
        per_browser=settings.SHORTLIST_CREATE_LIMIT,
        per_network=settings.SHORTLIST_CREATE_NETWORK_LIMIT,
        window_seconds=settings.SHORTLIST_CREATE_WINDOW,
    )


def _count(scope, request):
    ratelimit.record(scope, request, window_seconds=settings.SHORTLIST_CREATE_WINDOW)


@same_site_only
@require_POST
def copy(request, token):
    """Copy a shared list's programs that are still in the directory onto the visitor's own
    shortlist (after the ones already there, up to its size limit), then show that list."""
    shortlist = get_object_or_404(Shortlist, token=token)
    refusal = _refusal(COPY_SCOPE, request)
    if refusal is not None:
        return rate_limited(request, refusal, "copy")
    items = shortlist.items.order_by("position", "pk").values_list("program_id", "program__status")
    results = dict.fromkeys(session_list.Added, 0)
    left = 0
    for program_id, status in items:
        if program_id is None or status != PublicationStatus.PUBLISHED:
            left += 1  # drafts and archived listings are never copied, nor named
            continue
        results[session_list.add(request.session, program_id)] += 1
    if request.session.session_key is None:
        request.session.save()  # a first visit: count this copy for the browser too
    _count(COPY_SCOPE, request)
    copied = results[session_list.Added.ADDED]
    messages.success(request, f"Copied {copied} program{pluralize(copied)} from the shared list.")
    skipped = []
    if results[session_list.Added.ALREADY]:
        already = results[session_list.Added.ALREADY]
        skipped.append(f"{already} {'was' if already == 1 else 'were'} already on your shortlist")
    if results[session_list.Added.FULL]:
        full = results[session_list.Added.FULL]
        skipped.append(
            f"{full} did not fit, because a shortlist holds at most "
            f"{session_list.max_programs()} programs"
        )
    if left:
        skipped.append(f"{left} {'has' if left == 1 else 'have'} left the directory")
    if skipped:
        messages.warning(request, f"Not copied: {'; '.join(skipped)}.")
    return redirect("shortlists:index")


@require_POST
def clear(request):
    session_list.clear(request.session)
    messages.success(request, "Your shortlist is empty now. Lists you shared are unchanged.")
    return redirect("shortlists:index")


@require_safe
@never_cache  # this visitor's own page: their list and the lists they shared
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
                "edit_url": shortlist.get_edit_url(),  # opens for this session
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
    refusal = _refusal(CREATE_SCOPE, request)
    if refusal is not None:
        return rate_limited(request, refusal)
    shortlist, secret = sharing.create_shortlist(
        programs, form.cleaned_data["title"], form.cleaned_data["note"]
    )
    _count(CREATE_SCOPE, request)
    session_list.remember_shared(request.session, shortlist.token, secret)
    messages.success(
        request,
        "Your shortlist is shared. Send people the share link below. The address of this "
        "page is your private edit link: bookmark it, and keep it to yourself.",
    )
    return redirect(shortlist.get_private_edit_link(secret))


# The words of the rate-limit page for each limited action.
LIMITED_ACTIONS = {
    "share": {"verb": "share", "done": "shared"},
    "copy": {"verb": "copy", "done": "copied"},
}


def rate_limited(request, refusal: ratelimit.Refusal, action: str = "share"):
    window_minutes = max(settings.SHORTLIST_CREATE_WINDOW // 60, 1)
    context = {
        "refusal": refusal,
        "action": LIMITED_ACTIONS[action],
        "period": "hour" if window_minutes == 60 else f"{window_minutes}-minute period",
        "resets_minutes": max(1, -(-refusal.resets_in // 60)),  # rounded up
        "resets_at": timezone.localtime() + timedelta(seconds=refusal.resets_in),
        "per_browser": settings.SHORTLIST_CREATE_LIMIT,
        "per_network": settings.SHORTLIST_CREATE_NETWORK_LIMIT,
    }
    response = render(request, "shortlists/rate_limited.html", context, status=429)
    response["Retry-After"] = str(refusal.resets_in)
    return response
