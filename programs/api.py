"""Read-only JSON API over the directory, using the same FilterSet as the HTML pages."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import EmptyPage, Paginator
from django.http import JsonResponse
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe

from core.web import absolute_url

from . import generation, true_cost
from .facets import count_facets, search_results
from .facts import fact_texts
from .fields import ZipField
from .filters import ProgramFilter
from .models import Program


def _site(site, origin):
    data = {
        "name": site.name,
        "city": site.city,
        "state": site.state,
        "zip_code": site.zip_code,
        "latitude": site.latitude,
        "longitude": site.longitude,
    }
    if origin is not None:
        data["miles"] = round(site.distance_from(origin), 1)
    return data


def estimate_data(program, origin, options=None) -> dict:
    """The whole-cost figures (the same function as the card, detail page, compare and CSV):
    trips and nights from `origin`, and the estimate's terms with their basis and source."""
    result = true_cost.burden(program, origin, options)
    data = result.as_data()
    data["overnight_miles"] = result.plan.overnight_miles if result.plan else None
    data["summary"] = result.cost_line
    data["trips_summary"] = result.trips_line
    data["terms"] = [
        {
            "key": term.key,
            "label": term.label,
            "amount": None if term.amount is None else int(term.amount),
            "basis": term.basis,
            "source": term.source,
            "source_url": term.source_url,
            "yours": term.yours,
        }
        for term in result.estimate.terms
    ]
    return data


def program_data(request, program, origin=None, full=False, options=None) -> dict:
    data = {
        "slug": program.slug,
        "name": program.name,
        "url": absolute_url(request, program.get_absolute_url()),
        "api_url": absolute_url(request, reverse("api:program", args=[program.slug])),
        "institution": {
            "name": program.institution.name,
            "city": program.institution.city,
            "state": program.institution.state,
        },
        "credential": program.credential,
        "delivery": program.delivery,
        "accreditation": {
            "agency": program.accreditation_agency,
            "status": program.accreditation_status,
            "badge": program.accreditation_badge,
            "meaning": program.accreditation_meaning,
            "note": program.accreditation_note,
        },
        "certification": {"ascp": program.eligible_ascp, "amt": program.eligible_amt},
        "length_months": program.length_months,
        "tuition_total": program.tuition_total,
        "clinical_arrangement": program.clinical_arrangement,
        "campus_days": program.campus_days,
        "outcomes": {
            "year": program.outcomes_year,
            "pass_rate": program.pass_rate,
            "graduation_rate": program.graduation_rate,
            "placement_rate": program.placement_rate,
        },
        "last_verified": program.last_verified.isoformat(),
        "lab_sessions": [
            {
                "kind": s.kind,
                "summary": s.summary,
                "location": s.location,
                "place": s.place,
                "local_alternative": s.local_alternative,
                "days": s.days,
                "visits": s.visits,
                "frequency": s.frequency,
                "total_days": s.total_days,
                "sites": [_site(site, origin) for site in s.sites.all()],
            }
            for s in program.lab_sessions.all()
        ],
    }
    # The facts as the pages write them (programs.facts), for apps that show them as they are.
    data["facts"] = fact_texts(program, origin, options)
    data["true_cost"] = estimate_data(program, origin, options)
    if origin is not None:
        travel = program.travel_miles(origin)
        data["travel_miles"] = None if travel is None else round(travel, 1)
    if full:
        data["institution"].update(
            zip_code=program.institution.zip_code,
            website=program.institution.website,
            accreditor=program.institution.accreditor,
            control=program.institution.control,
        )
        data["accreditation"].update(
            awarded=program.accreditation_awarded and program.accreditation_awarded.isoformat(),
            next_review=program.accreditation_next_review
            and program.accreditation_next_review.isoformat(),
        )
        data.update(
            description=program.description,
            credit_hours=program.credit_hours,
            tuition_in_state=program.tuition_in_state,
            tuition_out_of_state=program.tuition_out_of_state,
            tuition_per_credit=program.tuition_per_credit,
            fees_total=program.fees_total,
            fees_per_credit=program.fees_per_credit,
            fees_in_tuition=program.fees_in_tuition,
            start_terms=program.start_terms,
            prerequisites=program.prerequisites,
            clinical_hours=program.clinical_hours,
            cannot_enrol=program.restricted_states,
            program_url=program.program_url,
            source_url=program.source_url,
        )
    return data


def error(status: int, errors: dict) -> JsonResponse:
    return JsonResponse({"errors": errors}, status=status)


def read_only(view):
    """GET and HEAD only; any other method is a 405 with an Allow header, not a CSRF 403
    (the API reads, it never writes, so there is nothing for CSRF to protect)."""
    return csrf_exempt(require_safe(view))


@read_only
def not_found(request, rest=""):
    """Anything under /api/ that is not an endpoint: JSON, like the rest of the API."""
    return error(404, {"path": ["No such API endpoint; see /api/openapi.json."]})


@read_only
def program_list(request):
    filterset = ProgramFilter(request.GET, queryset=Program.objects.published().with_details())
    if filterset.errors:
        return error(400, {k: list(v) for k, v in filterset.errors.items()})
    # The count, and pages in the default order, from the facet index when it can answer.
    found = count_facets(filterset, Program.objects.published(), generation.current())
    programs = search_results(filterset, found, Program.objects.published().with_details())
    paginator = Paginator(programs, settings.PROGRAMS_PER_PAGE)
    paginator.__dict__["count"] = found.total
    raw_page = request.GET.get("page") or "1"
    if not raw_page.isascii() or not raw_page.isdigit() or not raw_page.strip("0"):
        return error(400, {"page": ["Enter a whole number of 1 or more."]})
    # A number too long to be a page is past the last one (and int() refuses numbers of
    # more than 4,300 digits).
    number = int(raw_page) if len(raw_page) <= 9 else paginator.num_pages + 1
    try:
        page = paginator.page(number)
    except EmptyPage:
        return error(404, {"page": [f"There are {paginator.num_pages} pages."]})
    origin = filterset.origin

    def page_url(number):
        query = request.GET.copy()
        query["page"] = number
        return absolute_url(request, f"{request.path}?{query.urlencode()}")

    return JsonResponse(
        {
            "count": paginator.count,
            "page": page.number,
            "pages": paginator.num_pages,
            "next": page_url(page.next_page_number()) if page.has_next() else None,
            "previous": page_url(page.previous_page_number()) if page.has_previous() else None,
            "results": [
                program_data(request, p, origin, options=filterset.true_cost_options)
                for p in page.object_list
            ],
        }
    )


@read_only
def program_detail(request, slug):
    program = (
        Program.objects.published().with_details().with_restrictions().filter(slug=slug).first()
    )
    if program is None:
        return error(404, {"slug": ["No published program has this slug."]})
    origin = None
    if request.GET.get("zip"):
        try:
            origin = ZipField(max_length=10).clean(request.GET["zip"])
        except ValidationError as problem:
            return error(400, {"zip": problem.messages})
    options = true_cost.Options.from_query(request.GET)
    return JsonResponse(program_data(request, program, origin, full=True, options=options))


@read_only
def openapi(request):
    from .openapi import document

    return JsonResponse(document(absolute_url(request, "/")))
