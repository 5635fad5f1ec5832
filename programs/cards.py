"""The result card and the small pieces of it other pages share, written in Python.

A directory page shows 20 cards; through the template engine each one cost about 0.4 ms
(variable lookups, six includes, a `{% querystring %}` and a `reverse()`), which was most of
a cold list page (issue #16). Here a card is a few f-strings over values read once, with
the same markup; what every card on a page shares (the detail URL pattern, the query
string around the compare parameter) is worked out once per page, in CardPage. The
template tags in templatetags/directory.py (`{% program_card %}`,
`{% not_admitting_badge %}`, `{% review_overdue %}`, `{% lab_summary %}`,
`{% shortlist_toggle %}`) are the only way pages reach these, so each piece of markup has
this one home.

Every value interpolated goes through `_esc` (core/escaping.py: Django's
`conditional_escape` without its per-call overhead); tests/browser/test_security.py and
programs/tests/test_cards.py hold the cards to that.
"""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.template.defaultfilters import date as date_filter
from django.urls import reverse
from django.utils.safestring import SafeString

from core import formatting
from core.escaping import esc as _esc
from core.escaping import safe_html

from . import facts, true_cost
from .choices import AccreditationStatus, Agency
from .comparison import PARAMETER
from .models.sessions import NEAR_HOME_INSTEAD, NO_SITE_PUBLISHED

LAB_DAYS = "Lab days"  # the label of lab_summary wherever it is shown
HEADINGS = {"h2", "h3", "h4"}  # what a page may ask a card's title to be

BADGE_TONE = {
    AccreditationStatus.CONTINUING: "ok",
    AccreditationStatus.INITIAL: "ok",
    AccreditationStatus.INACTIVE: "neutral",
    AccreditationStatus.PROBATION: "warn",
    AccreditationStatus.SERIOUS_APPLICANT: "warn",
    AccreditationStatus.NOT_ACCREDITED: "bad",
}


def badge_tone(status) -> str:
    """The colour class of an accreditation badge."""
    return BADGE_TONE.get(status, "neutral")


def not_admitting_badge(program) -> SafeString:
    if not program.not_admitting:
        return safe_html("")
    return safe_html('<span class="badge warn">Not admitting new students</span>')


def review_overdue(program) -> SafeString:
    """The warning shown when the next accreditation review date has passed."""
    if not program.review_overdue:
        return safe_html("")
    due = _esc(date_filter(program.accreditation_next_review, "F Y"))
    return safe_html(
        f'<p class="notice warning review-overdue"><strong>Review was due in {due}:</strong> '
        "ask the program for its current accreditation status.</p>"
    )


def lab_summary(program, origin=None) -> SafeString:
    """Each lab session in a line, with where it happens (the nearest site and its
    distance when the student's ZIP is known, or the kind of place for labs done away from
    the school)."""
    plan = program.lab_plan(origin or None)
    if not plan:
        return safe_html("None: no campus sessions")
    items = []
    for item in plan:
        where = ""
        if item.site:
            nearest = ", nearest site" if item.site_count > 1 else ""
            where = f"{nearest} in {_esc(item.site.location)}"
            if item.miles is not None:
                where += f", {_esc(formatting.miles(item.miles))}"
        elif item.site_count:
            where = f" at one of {item.site_count} sites"
        elif item.session.away_from_school:  # not read as a trip to the school
            where = f", {_esc(item.session.away_from_school)}"
        else:
            where = f", {NO_SITE_PUBLISHED}"
        if item.session.local_alternative:
            where += f", {NEAR_HOME_INSTEAD}"
        items.append(f"<li>{_esc(item.session.summary)}{where}</li>")
    return safe_html(f'<ul class="lab-summary">{"".join(items)}</ul>')


def shortlist_toggle(program, shortlist_ids, urls) -> SafeString:
    """The add/remove button of a program (it posts to the page's shortlist form, so it
    works without JavaScript; htmx swaps in the new button instead)."""
    slug, name = _esc(program.slug), _esc(program.name)
    if program.pk in shortlist_ids:
        state = '<span class="shortlist-state">&#10003; On your shortlist</span> '
        url, text, hidden = _esc(urls["remove"]), "Remove", f" {name} from your shortlist"
    else:
        state = ""
        url, text, hidden = _esc(urls["add"]), "Add to shortlist", f": {name}"
    return safe_html(
        f'<div class="shortlist-toggle" id="shortlist-{slug}">{state}<button type="submit" '
        f'form="shortlist-form" formaction="{url}" hx-post="{url}" '
        f'hx-target="#shortlist-{slug}" hx-swap="outerHTML" name="program" value="{slug}" '
        f'id="shortlist-button-{slug}" class="secondary compact">{text}'
        f'<span class="visually-hidden">{hidden}</span></button></div>'
    )


@dataclass(frozen=True)
class CardPage:
    """What every card on a page shares, read from the template context once."""

    request: object
    origin: object = None  # the student's geo.Place, or None
    burden_options: object = None  # true_cost.Options, or None for the defaults
    tray: object = None  # comparison.Tray (needed with compare=True)
    shortlist_ids: frozenset = frozenset()
    shortlist_urls: dict | None = None  # {"add": url, "remove": url} (needed with shortlist=True)
    stale_period: str = ""
    _memo: dict = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def from_context(cls, context):
        """The CardPage of this render (made by the first card, kept for the others)."""
        page = context.render_context.get(cls)
        if page is None:
            page = cls(
                request=context.get("request"),
                origin=context.get("origin"),
                burden_options=context.get("burden_options"),
                tray=context.get("tray"),
                shortlist_ids=context.get("shortlist_ids", frozenset()),
                shortlist_urls=context.get("shortlist_urls"),
                stale_period=context.get("STALE_PERIOD", ""),
            )
            context.render_context[cls] = page
        return page

    @property
    def student_query(self) -> str:
        """true_cost.student_query for this page's student, worked out once per page."""
        if "student" not in self._memo:
            self._memo["student"] = true_cost.student_query(self.origin, self.burden_options)
        return self._memo["student"]

    def detail_url(self, program) -> str:
        """program.get_absolute_url(), from one reverse() per page."""
        if "detail" not in self._memo:
            self._memo["detail"] = reverse("programs:detail", kwargs={"slug": _SLUG}).split(_SLUG)
        before, after = self._memo["detail"]
        return f"{before}{program.slug}{after}"

    def compare_href(self, value) -> str:
        """What `{% querystring compare=value %}` gives on this page (the same parameters,
        in the same order, with compare set to `value` or, for None, left out), with the
        other parameters encoded once per page instead of once per card."""
        if "query" not in self._memo:
            parts, at = [], None
            for key, values in self.request.GET.lists():
                if key == PARAMETER:
                    at = len(parts)
                else:
                    parts.append("&".join(urlencode({key: v}) for v in values))
            self._memo["query"] = (parts, len(parts) if at is None else at)
        parts, at = self._memo["query"]
        if value is not None:
            parts = [*parts[:at], urlencode({PARAMETER: value}), *parts[at:]]
        return "?" + "&".join(parts)


_SLUG = "card-slug-placeholder"


def compare_toggle(program, page: CardPage) -> str:
    """A card's compare tick: a link to this same page with the program added to (or taken
    out of) the tray, so it works without JavaScript; htmx swaps in the new results and
    tray instead of loading the page."""
    tray = page.tray
    href = _esc(page.compare_href(tray.toggled(program.slug)))
    slug, name = _esc(program.slug), _esc(program.name)
    if program.slug in tray.slugs:
        state = '<span class="compare-state">&#10003; In your comparison</span> '
        chosen = " chosen"
        label = f'Remove<span class="visually-hidden"> {name} from your comparison</span>'
    else:
        state = chosen = ""
        school = _esc(program.institution.name)
        label = f'Add to compare<span class="visually-hidden">: {name}, {school}</span>'
    return (
        f'<div class="compare-pick">{state}<a id="compare-{slug}" '
        f'class="compare-toggle{chosen}" href="{href}#compare-{slug}" hx-get="{href}" '
        'hx-target="#results" hx-swap="outerHTML" hx-push-url="true" '
        f'hx-indicator="#results">{label}</a></div>'
    )


def program_card(program, page: CardPage, *, heading="h3", compare=False, shortlist=False):
    """One result card (an <li> of a list of results)."""
    origin = page.origin or None
    heading = heading if heading in HEADINGS else "h3"
    url = _esc(page.detail_url(program))
    if origin:
        url += f"?{_esc(page.student_query)}"
    institution = program.institution
    agency = ""
    if program.accreditation_agency != Agency.NONE:
        agency = f' <span class="small">{_esc(program.get_accreditation_agency_display())}</span>'
    burden = ""
    if origin:
        result = true_cost.burden(program, origin, page.burden_options or None)
        trips = result.trips_line
        trips = f'<br><span class="small">{_esc(trips)}</span>' if trips else ""
        burden = f'<p class="burden">{_esc(result.cost_line)}{trips}</p>'
    card_facts = "".join(
        f"<dt>{_esc(label)}</dt><dd>{_esc(text)}</dd>\n    "
        for label, text in facts.card_facts(program)
    )
    verified = program.last_verified
    stale = ""
    if program.is_stale:
        stale = f" <strong>(over {_esc(page.stale_period)} ago: check with the school)</strong>"
    tone = badge_tone(program.accreditation_status)
    note = ""
    if program.accreditation_note:
        note = (
            '<br><span class="small accreditation-note"><strong>Note:</strong> '
            f"{_esc(program.accreditation_note)}</span>"
        )

    shortlist_button = ""
    if shortlist:
        shortlist_button = shortlist_toggle(program, page.shortlist_ids, page.shortlist_urls)
    return safe_html(
        f'<li class="program-card">\n  <div class="card-head">\n'
        f'    <{heading} class="card-title"><a href="{url}">{_esc(program.name)}</a></{heading}>\n'
        f"    {compare_toggle(program, page) if compare else ''}\n  </div>\n"
        f'  <p class="institution">{_esc(institution.name)}, {_esc(institution.location)}</p>\n'
        f'  <p class="accreditation">{not_admitting_badge(program)} '
        f'<span class="badge {tone}">{_esc(program.accreditation_badge)}</span>{agency}'
        f'<br><span class="small">{_esc(program.accreditation_meaning)}</span>{note}</p>\n'
        f"  {review_overdue(program)}\n  {burden}\n"
        '  <dl class="facts">\n'
        f"    <dt>{LAB_DAYS}</dt><dd>{lab_summary(program, origin)}</dd>\n"
        f"    {card_facts}<dt>Last verified</dt><dd>"
        f'<time datetime="{verified.isoformat()}">{_esc(date_filter(verified, "j M Y"))}</time>'
        f"{stale}</dd>\n  </dl>\n"
        f"  {shortlist_button}\n</li>\n"
    )
