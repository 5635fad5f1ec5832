"""The directory's database conditions and expressions that take more than a lookup: campus
days, the ZIP radius rule and the travel distance used for sorting."""

from django.db.models import OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce

from . import geo
from .choices import LabLocation
from .models import LabSession, Site


def campus_days_condition(max_days: int) -> Q:
    """At most `max_days` days on campus (0: none). Unknown campus days (NULL: a session
    does not publish its days) never match: the program may need more."""
    return Q(campus_days__lte=max_days)


def tuition_condition(max_tuition: int, include_unknown: bool) -> Q:
    """Total tuition at most `max_tuition`; programs that publish no total are left out
    unless `include_unknown`."""
    condition = Q(tuition_total__lte=max_tuition)
    return condition | Q(tuition_total__isnull=True) if include_unknown else condition


def travel_sessions():
    """Sessions that may take the student to a set place (LabSession.needs_travel): on
    campus or at a place not published, with no approved lab near the student instead."""
    return LabSession.objects.filter(
        location__in=[LabLocation.CAMPUS, LabLocation.UNKNOWN], local_alternative=False
    )


def near_sites(origin: geo.Place, miles: float):
    """The ids of the sites within `miles` of `origin`: a bounding box (indexed) refined by
    distance. Unordered: sorting thousands of sites by name (a 500-mile radius at 100,000
    listings) took as long as finding them."""
    min_lat, max_lat, min_lng, max_lng = geo.bounding_box(origin.latitude, origin.longitude, miles)
    return (
        Site.objects.order_by()
        .filter(latitude__range=(min_lat, max_lat), longitude__range=(min_lng, max_lng))
        .annotate(
            miles=geo.distance_expression(
                origin.latitude, origin.longitude, "latitude", "longitude"
            )
        )
        .filter(miles__lte=miles)
        .values("pk")
    )


def out_of_reach(origin: geo.Place, miles: float):
    """The ids of the programs with a session that needs travel and is offered at no site
    within `miles`: the ZIP radius filter leaves these out (ZipFilter).

    Programs without such sessions stay (labs at the student's workplace or near them are
    near by definition); a session whose place is not published is out of reach, as its
    distance is unknown. An uncorrelated subquery, which the database evaluates once per
    query, not once per program. The facet index applies the same rule to its record of
    the sessions and sites (reach.Reach), without this query."""
    offered_nearby = LabSession.sites.through.objects.filter(
        site_id__in=near_sites(origin, miles)
    ).values("labsession_id")
    out = travel_sessions().exclude(pk__in=offered_nearby).order_by()
    return out.values_list("program_id", flat=True).distinct()


def travel_distance(origin: geo.Place):
    """Per program: the largest, over its sessions, of the distance to the nearest site
    offering it; 0 without sessions. For ordering (pages show the Python figure)."""
    offerings = LabSession.sites.through.objects
    nearest = (
        offerings.filter(labsession_id=OuterRef("pk"))
        .annotate(
            miles=geo.distance_expression(
                origin.latitude, origin.longitude, "site__latitude", "site__longitude"
            )
        )
        .order_by("miles")
        .values("miles")[:1]
    )
    farthest = (
        travel_sessions()
        .filter(program=OuterRef("pk"))
        .annotate(nearest=Coalesce(Subquery(nearest), Value(1e9)))
        .order_by("-nearest")
        .values("nearest")[:1]
    )
    return Coalesce(Subquery(farthest), Value(0.0))
