import hashlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render
from django.views import View

from careers.models import LicensingState

from . import geo
from .choices import AGENCY_FULL_NAME, CLINICAL_MEANING, NAACLS_BENCHMARKS, State
from .facets import count_facets
from .filters import RADIUS_CHOICES, ProgramFilter, ZipField
from .models import LabSession, Program
from .structured_data import program_json_ld
from .templatetags.directory import dollars, miles

MAX_COMPARE = 4


def listing_queryset():
    """Published programs with what a result card shows, in a fixed number of queries."""
    return (
        Program.objects.published()
        .defer("search_vector")
        .select_related("institution")
        .prefetch_related(
            Prefetch("lab_sessions", queryset=LabSession.objects.prefetch_related("sites"))
        )
    )


def licensing_state(code: str | None) -> LicensingState | None:
    """The guide's licensing-state record for `code`, if the state licenses lab personnel."""
    if not code:
        return None
    return LicensingState.objects.filter(state=code).first()


class ProgramListView(View):
    template_name = "programs/list.html"

    def get(self, request):
        filterset = ProgramFilter(request.GET, queryset=listing_queryset())
        facets = count_facets(filterset, Program.objects.published())
        paginator = Paginator(filterset.qs, settings.PROGRAMS_PER_PAGE)
        # The facet query already counted the results; don't count them twice.
        paginator.__dict__["count"] = facets.total
        page = paginator.get_page(request.GET.get("page"))
        values = filterset.values
        enrolls = values.get("enrolls")
        context = {
            "filter": filterset,
            "form": filterset.form,
            "errors": filterset.errors,
            "page_obj": page,
            "page_range": paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
            "programs": page.object_list,
            "facets": facets.facets,
            "loosen": facets.loosen,
            "total": facets.total,
            "origin": filterset.origin,
            "radius": filterset.radius_miles,
            "radius_choices": RADIUS_CHOICES,
            "sort": filterset.sort_key,
            "enrolls": enrolls,
            "enrolls_name": State(enrolls).label if enrolls else None,
            "licensing": licensing_state(enrolls),
        }
        # The filter form (about 80 options with counts) is the costliest part to render; it
        # depends only on the query string (not the page), so it is cached with the counts.
        context["filters_key"] = hashlib.sha256(
            request.GET.urlencode().encode() + b"|" + str(sorted(filterset.errors)).encode()
        ).hexdigest()
        context["filters_cache_seconds"] = settings.FACET_CACHE_SECONDS
        context["page_title"] = "Online MLT programs" if facets.total else "No matching programs"
        if page.number > 1:
            context["page_title"] += f" (page {page.number})"
        if not request.htmx or request.htmx.history_restore_request:
            return render(request, self.template_name, context)
        if filterset.errors:
            # Errors are shown next to the fields and in a summary above the form: swap the
            # whole directory, not just the results.
            response = render(request, self.template_name, context)
            response["HX-Retarget"] = "#directory-page"
            response["HX-Reselect"] = "#directory-page"
            response["HX-Reswap"] = "outerHTML"
            return response
        return render(request, self.template_name + "#results", {**context, "partial": True})


def absolute_url(request, path: str) -> str:
    """Canonical absolute URL: the configured SITE_URL, else the request's host."""
    if settings.SITE_URL:
        return settings.SITE_URL + path
    return request.build_absolute_uri(path)


def origin_from(request) -> tuple[geo.Place | None, str | None]:
    """The visitor's ZIP from ?zip=, and an error message when it is not a real ZIP."""
    raw = request.GET.get("zip", "")
    if not raw:
        return None, None
    try:
        return ZipField(required=False, max_length=10).clean(raw), None
    except ValidationError as error:
        return None, error.messages[0]


class ProgramDetailView(View):
    template_name = "programs/detail.html"

    def get(self, request, slug):
        queryset = Program.objects.visible_to(request.user).with_details()
        program = get_object_or_404(queryset, slug=slug)
        origin, zip_error = origin_from(request)
        canonical_url = absolute_url(request, program.get_absolute_url())
        context = {
            "program": program,
            "canonical_url": canonical_url,
            "json_ld": program_json_ld(program, canonical_url),
            "preview_description": (
                f"{program.accreditation_badge}. {program.get_delivery_display()}. "
                f"{program.length_months} months, about {dollars(program.tuition_total)} in "
                "tuition."
            ),
            "agency_name": AGENCY_FULL_NAME[program.accreditation_agency],
            "clinical_meaning": CLINICAL_MEANING[program.clinical_arrangement],
            "outcomes": [
                {
                    "label": label,
                    "value": getattr(program, field),
                    "benchmark": benchmark,
                    "meets": (getattr(program, field) or 0) >= benchmark,
                }
                for field, label, benchmark in NAACLS_BENCHMARKS
            ],
            "origin": origin,
            "zip_error": zip_error,
            "zip_value": request.GET.get("zip", "")[:10],
            "travel": program.travel_miles(origin) if origin else None,
        }
        return render(request, self.template_name, context)


def parse_slugs(request) -> list[str]:
    """`?programs=a,b&programs=c` -> ['a', 'b', 'c'], without repeats, in order."""
    slugs = []
    for value in request.GET.getlist("programs"):
        for part in value.split(","):
            part = part.strip()
            if part and part not in slugs:
                slugs.append(part)
    return slugs


class CompareView(View):
    template_name = "programs/compare.html"

    def get(self, request):
        slugs = parse_slugs(request)
        too_many = slugs[MAX_COMPARE:]
        slugs = slugs[:MAX_COMPARE]
        origin, zip_error = origin_from(request)
        found = {
            p.slug: p
            for p in Program.objects.visible_to(request.user).with_details().filter(slug__in=slugs)
        }
        programs = [found[s] for s in slugs if s in found]
        unknown = [s for s in slugs if s not in found]
        context = {
            "programs": programs,
            "unknown": unknown,
            "too_many": too_many,
            "max_compare": MAX_COMPARE,
            "origin": origin,
            "zip_error": zip_error,
            "rows": compare_rows(programs, origin),
        }
        return render(request, self.template_name, context)


def compare_rows(programs, origin):
    """(label, [cell per program], differs, numeric) for the compare table."""

    def rate(value, year):
        return "not published" if value is None else f"{value}% ({year})"

    specs = [
        ("Institution", lambda p: f"{p.institution.name}, {p.institution.location}", False),
        ("Credential", lambda p: p.get_credential_display(), False),
        ("How it is taught", lambda p: p.get_delivery_display(), False),
        ("Accreditation", lambda p: p.accreditation_badge, False),
        ("Accrediting agency", lambda p: p.get_accreditation_agency_display(), False),
        ("MLT(ASCP) eligible", lambda p: "Yes" if p.eligible_ascp else "No", False),
        ("MLT(AMT) eligible", lambda p: "Yes" if p.eligible_amt else "No", False),
        ("Campus days (total)", lambda p: str(p.campus_days), True),
        ("Clinical site", lambda p: p.get_clinical_arrangement_display(), False),
        ("Total tuition (estimate)", lambda p: dollars(p.tuition_total), True),
        ("Length (months)", lambda p: str(p.length_months), True),
        ("Credit hours", lambda p: str(p.credit_hours or "not published"), True),
        ("Pass rate", lambda p: rate(p.pass_rate, p.outcomes_year), True),
        ("Graduation rate", lambda p: rate(p.graduation_rate, p.outcomes_year), True),
        ("Placement rate", lambda p: rate(p.placement_rate, p.outcomes_year), True),
        ("Last verified", lambda p: p.last_verified.strftime("%-d %b %Y"), False),
    ]
    if origin:
        specs.insert(
            8,
            (
                "Farthest campus trip",
                lambda p: miles(p.travel_miles(origin)) if p.has_campus_sessions else "no trips",
                True,
            ),
        )
    rows = []
    for label, getter, numeric in specs:
        cells = [getter(p) for p in programs]
        rows.append((label, cells, len(set(cells)) > 1, numeric))
    return rows
