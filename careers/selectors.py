"""Reads for the guide pages: the facts each block shows, in a fixed number of queries."""

from collections.abc import Callable

from django.utils.text import capfirst

from . import chart, selfcheck
from .forms import SelfCheckForm
from .models import (
    CertificationRoute,
    ChecklistItem,
    Duty,
    LicensingState,
    Page,
    SalaryFigure,
    SelfCheckStatement,
    SpecialtyArea,
    WorkSetting,
)

JSONLD_PCT = {10, 25, 75, 90}  # the percentiles schema.org has properties for


def salary_figures():
    return SalaryFigure.objects.select_related("source")


def distinct_sources(items) -> list:
    """The sources of `items`, each once, in order of first use."""
    sources = []
    for item in items:
        if item.source is not None and item.source not in sources:
            sources.append(item.source)
    return sources


def _duties(request) -> dict:
    duties = list(Duty.objects.select_related("source"))
    return {"duties": duties, "duty_sources": distinct_sources(duties)}


def _work_settings(request) -> dict:
    settings = list(WorkSetting.objects.select_related("source"))
    return {"work_settings": settings, "setting_sources": distinct_sources(settings)}


def _salary_figures(request) -> dict:
    """Sourced figures in the chart and table; untraceable ones apart, after them, as claims.

    A figure whose source names no publisher and no address (the seed article's) is not
    comparable with a dated, documented one, so it never shares their chart.
    """
    figures = list(salary_figures())
    sourced = [f for f in figures if f.source.is_traceable]
    return {
        "salary_figures": sourced,
        "salary_chart": chart.salary_chart(sourced),
        "salary_sources": distinct_sources(sourced),
        "unsourced_figures": [f for f in figures if not f.source.is_traceable],
    }


def _specialties(request) -> dict:
    areas = list(SpecialtyArea.objects.select_related("source"))
    return {"specialties": areas, "specialty_sources": distinct_sources(areas)}


def _certification_routes(request) -> dict:
    routes = list(CertificationRoute.objects.select_related("source"))
    return {"routes": routes, "route_sources": distinct_sources(routes)}


def _licensing_states(request) -> dict:
    states = sorted(
        LicensingState.objects.select_related("source"), key=lambda s: s.get_state_display()
    )
    confirmed = [s for s in states if s.confidence == LicensingState.Confidence.CONFIRMED]
    return {
        "licensing_states": states,
        "confirmed_states": confirmed,
        "disputed_states": [s for s in states if s.is_disputed],
        "repealed_states": [s for s in states if s.is_repealed],
        "confirmed_sources": distinct_sources(confirmed),
    }


def _program_checklist(request) -> dict:
    return {"checklist": list(ChecklistItem.objects.all())}


def _self_check(request) -> dict:
    statements = list(SelfCheckStatement.objects.all())
    submitted = request.GET.get("check") == "1"
    form = SelfCheckForm(request.GET if submitted else None, statements=statements)
    result = None
    if submitted and form.is_valid():
        result = selfcheck.assess(form.answers(), total=len(statements))
    return {"self_check_form": form, "self_check_result": result, "Verdict": selfcheck.Verdict}


LOADERS: dict[str, Callable] = {
    "duties": _duties,
    "work-settings": _work_settings,
    "salary-figures": _salary_figures,
    "specialties": _specialties,
    "certification-routes": _certification_routes,
    "licensing-states": _licensing_states,
    "program-checklist": _program_checklist,
    "self-check": _self_check,
}


def block_context(names, request) -> dict:
    context = {}
    for name in names:
        context.update(LOADERS[name](request))
    return context


def reading_order():
    """The published pages, lightly loaded, for the index, prev/next and the home page."""
    return Page.objects.published().only("title", "slug", "summary", "order")


def occupation_jsonld(page_url: str, figures) -> dict:
    """schema.org Occupation for SOC 29-2012, with every salary figure and its source."""
    groups: dict = {}
    for figure in figures:
        groups.setdefault((figure.source_id, figure.when), []).append(figure)
    distributions = []
    for group in groups.values():
        medians = [f for f in group if f.kind == SalaryFigure.Kind.MEDIAN]
        first = (medians or group)[0]
        distribution = {
            "@type": "MonetaryAmountDistribution",
            "name": f"{first.source.citation}: {first.scope}, {first.when}",
            "currency": "USD",
            "duration": "P1Y",
        }
        if first.source.url:
            distribution["url"] = first.source.url
        others = []
        for figure in group:
            if figure.kind == SalaryFigure.Kind.MEDIAN:
                distribution["median"] = figure.amount
            elif figure.kind == SalaryFigure.Kind.PERCENTILE and figure.percentile in JSONLD_PCT:
                distribution[f"percentile{figure.percentile}"] = figure.amount
            else:
                others.append(f"{figure.kind_label} {chart.dollars(figure.amount)}")
        if others:
            distribution["description"] = capfirst("; ".join(others)) + "."
        distributions.append(distribution)
    return {
        "@context": "https://schema.org",
        "@type": "Occupation",
        "name": "Medical and Clinical Laboratory Technician",
        "alternateName": ["Medical Laboratory Technician", "MLT"],
        "occupationalCategory": {
            "@type": "CategoryCode",
            "codeValue": "29-2012",
            "inCodeSet": {"@type": "CategoryCodeSet", "name": "SOC"},
        },
        "educationRequirements": (
            "BLS: technologists and technicians typically need a bachelor's degree; "
            "technicians sometimes qualify with an associate's degree"
        ),
        "estimatedSalary": distributions,
        "mainEntityOfPage": page_url,
    }
