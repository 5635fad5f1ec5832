"""The directory's pages: the searchable list (with its htmx partial), a program's page and
the compare table."""

import hashlib

from django.conf import settings
from django.http import QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.http import MAX_URL_REDIRECT_LENGTH
from django.utils.module_loading import import_string
from django.views import View
from django.views.generic import ListView

from core import formatting, release
from core.web import absolute_url

from . import generation, travel, true_cost
from .choices import AGENCY_FULL_NAME, CLINICAL_MEANING, NAACLS_BENCHMARKS, State
from .comparison import MAX_COMPARE, PARAMETER, Tray, parse_slugs
from .facets import count_facets, search_results
from .facts import compare_rows
from .fields import DEFAULT_RADIUS, origin_from
from .filter_kinds import RADIUS_CHOICES
from .filters import ProgramFilter
from .models import Program
from .structured_data import program_json_ld


def directory_notices(values: dict) -> list[str]:
    """Notes other parts of the site add above the results for a search (e.g. the guide's
    word on a state that licenses laboratory staff). Each entry of DIRECTORY_NOTICES is the
    dotted path of a function taking the search's valid values and returning HTML or None,
    so the directory shows them without depending on the apps that write them."""
    found = []
    for path in settings.DIRECTORY_NOTICES:
        html = import_string(path)(values)
        if html:
            found.append(html)
    return found


def without_empty_parameters(query) -> str | None:
    """The query string without empty values (and without the default radius when there is
    no ZIP), or None when it is already clean. A form submitted without JavaScript sends every
    field; the address bar should show only what the person chose."""
    kept = [
        (key, value)
        for key, values in query.lists()
        for value in values
        if value.strip()
        and not (
            key == "radius"
            and value.strip() == str(DEFAULT_RADIUS)
            and not query.get("zip", "").strip()
        )
    ]
    if len(kept) == sum(len(values) for _key, values in query.lists()):
        return None
    cleaned = QueryDict(mutable=True)
    for key, value in kept:
        cleaned.appendlist(key, value)
    return cleaned.urlencode()


def search_feed_url(query) -> str:
    """The Atom feed of the search in `query` (programs/feeds.py): the same parameters
    without the page, the compare tray and the order, which a feed does not use."""
    kept = query.copy()
    for name in (*ProgramFilter.PLACE_PARAMETERS, "sort"):
        kept.pop(name, None)
    return reverse("programs:feed") + (f"?{kept.urlencode()}" if kept else "")


class ProgramListView(ListView):
    template_name = "programs/list.html"
    context_object_name = "programs"

    def get(self, request, *args, **kwargs):
        if not request.htmx:
            cleaned = without_empty_parameters(request.GET)
            location = request.path + (f"?{cleaned}" if cleaned else "")
            # An address too long to redirect to is shown as it came (still a valid search).
            if cleaned is not None and len(location) <= MAX_URL_REDIRECT_LENGTH:
                # The browser keeps the form's #results fragment across the redirect.
                return redirect(location)
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        self.filterset = ProgramFilter(
            self.request.GET, queryset=Program.objects.published().with_details()
        )
        # Every cached part of the page carries the directory's generation number, so a
        # write to the directory is visible on the next request.
        self.generation = generation.current()
        self.facets = count_facets(self.filterset, Program.objects.published(), self.generation)
        return search_results(
            self.filterset, self.facets, Program.objects.published().with_details()
        )

    def get_paginate_by(self, queryset):
        return settings.PROGRAMS_PER_PAGE

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(queryset, page_size)
        # The facet query already counted the results; don't count them twice.
        paginator.__dict__["count"] = self.facets.total
        # A page number out of range or not a number shows the nearest page, not a 404.
        page = paginator.get_page(self.request.GET.get("page"))
        return paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filterset, facets, page = self.filterset, self.facets, context["page_obj"]
        values = filterset.values
        enrolls = values.get("enrolls")
        # The filter form does not depend on the page or the compare tray: leave them out of
        # its cache key, so paging and ticking reuse the rendered form.
        form_query = self.request.GET.copy()
        for name in ProgramFilter.PLACE_PARAMETERS:
            form_query.pop(name, None)
        # The compare tray is the visitor's, not another page of the directory.
        canonical_query = self.request.GET.copy()
        canonical_query.pop(PARAMETER, None)
        canonical_query = canonical_query.urlencode()
        tray = Tray.from_query(
            self.request.GET,
            student_query=true_cost.student_query(filterset.origin, filterset.true_cost_options),
        )
        context.update(
            {
                "filter": filterset,
                "form": filterset.form,
                "errors": filterset.errors,
                "page_range": page.paginator.get_elided_page_range(
                    page.number, on_each_side=2, on_ends=1
                ),
                "facets": facets.facets,
                "loosen": facets.loosen,
                "total": facets.total,
                "origin": filterset.origin,
                "radius": filterset.radius_miles,
                "radius_choices": RADIUS_CHOICES,
                "burden_options": filterset.true_cost_options,
                "sort": filterset.sort_key,
                "enrolls": enrolls,
                "enrolls_name": State(enrolls).label if enrolls else None,
                "notices": directory_notices(values),
                "tray": tray,
                # "Clear all filters" and "Start again" keep the compare tray.
                "clear_url": tray.list_url,
                "canonical_url": self.request.build_absolute_uri(
                    self.request.path + (f"?{canonical_query}" if canonical_query else "")
                ),
                # The filter form (about 80 options with counts) is the costliest part to
                # render; it depends only on the query string (not the page), so it is
                # cached with the counts (for this release and generation).
                "filters_key": hashlib.sha256(
                    release.scope(self.generation).encode()
                    + b"|"
                    + form_query.urlencode().encode()
                    + b"|"
                    + str(sorted(filterset.errors)).encode()
                ).hexdigest(),
                "filters_cache_seconds": settings.FACET_CACHE_SECONDS,
            }
        )
        context["search_map"] = (
            true_cost.search_map(
                page.object_list,
                filterset.origin,
                filterset.radius_miles,
                filterset.true_cost_options,
            )
            if filterset.origin is not None
            else None
        )
        context["feed_url"] = search_feed_url(self.request.GET)
        title = "Online MLT programs" if facets.total else "No matching programs"
        if page.number > 1:
            title += f" (page {page.number})"
        context["page_title"] = title
        return context

    def render_to_response(self, context, **response_kwargs):
        # One URL, two bodies (the page, or the results partial for htmx): caches must key on
        # the header that chooses.
        response = self._render(context, **response_kwargs)
        patch_vary_headers(response, ["HX-Request"])
        return response

    def _render(self, context, **response_kwargs):
        request = self.request
        if not request.htmx or request.htmx.history_restore_request:
            return super().render_to_response(context, **response_kwargs)
        if context["errors"]:
            # Errors are shown next to the fields and in a summary above the form: swap the
            # whole directory, not just the results.
            response = render(request, self.template_name, context)
            response["HX-Retarget"] = "#directory-page"
            response["HX-Reselect"] = "#directory-page"
            response["HX-Reswap"] = "outerHTML"
            return response
        return render(request, self.template_name + "#results", {**context, "partial": True})


class ProgramDetailView(View):
    template_name = "programs/detail.html"

    def get(self, request, slug):
        queryset = (
            Program.objects.visible_to(request.user)
            .with_details()
            .with_restrictions()
            .prefetch_related("fact_sources")
        )
        program = get_object_or_404(queryset, slug=slug)
        origin, zip_error = origin_from(request)
        canonical_url = absolute_url(request, program.get_absolute_url())
        context = {
            "program": program,
            "canonical_url": canonical_url,
            "json_ld": program_json_ld(program, canonical_url),
            "preview_description": " ".join(
                part
                for part in (
                    f"{program.accreditation_badge}.",
                    f"{program.get_delivery_display()}." if program.delivery else "",
                    f"{program.length_months} months." if program.length_months else "",
                    f"About {formatting.money(program.tuition_total)} in tuition."
                    if program.tuition_total is not None
                    else "",
                )
                if part
            ),
            "agency_name": AGENCY_FULL_NAME.get(program.accreditation_agency, ""),
            "clinical_meaning": CLINICAL_MEANING.get(program.clinical_arrangement, ""),
            "sources": program.sources_by_group,
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
        options = true_cost.Options.from_query(request.GET)
        burden = true_cost.burden(program, origin, options)
        context.update(
            {
                "burden": burden,
                "options": options,
                "options_changed": options != true_cost.Options(),
                "rates": true_cost.current_rates(),
                "default_overnight": travel.DEFAULT_OVERNIGHT_MILES,
                "travel_map": true_cost.travel_map(program, burden),
            }
        )
        return render(request, self.template_name, context)


class CompareView(View):
    template_name = "programs/compare.html"

    def get(self, request):
        slugs = parse_slugs(request.GET.getlist("programs"))
        too_many = slugs[MAX_COMPARE:]
        slugs = slugs[:MAX_COMPARE]
        origin, zip_error = origin_from(request)
        found = {
            p.slug: p
            for p in Program.objects.visible_to(request.user).with_details().filter(slug__in=slugs)
        }
        programs = [found[s] for s in slugs if s in found]
        unknown = [s for s in slugs if s not in found]
        # A fifth tick is not dropped silently: the page names what it left out.
        left_out = list(
            Program.objects.visible_to(request.user)
            .select_related("institution")
            .filter(slug__in=too_many[:20])
        )
        # The student's overnight distance, as on the list they came from.
        options = true_cost.Options.from_query(request.GET)
        rows = compare_rows(programs, origin, options)
        only_differences = request.GET.get("differences") == "1" and len(programs) > 1
        context = {
            "programs": programs,
            "unknown": unknown,
            "too_many": too_many,
            "left_out": left_out,
            "max_compare": MAX_COMPARE,
            "origin": origin,
            "zip_error": zip_error,
            "zip_value": request.GET.get("zip", "")[:10],
            "student_query": true_cost.student_query(origin, options),
            "overnight": options.overnight_miles,
            "overnight_changed": options.overnight_miles != travel.DEFAULT_OVERNIGHT_MILES,
            "rows": [row for row in rows if row.differs] if only_differences else rows,
            "only_differences": only_differences,
            "same_rows": sum(1 for row in rows if not row.differs),
            "slugs": ",".join(p.slug for p in programs),
        }
        return render(request, self.template_name, context)
