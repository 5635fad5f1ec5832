"""The directory's database conditions and expressions that take more than a lookup: campus
days, the ZIP radius rule and the travel distance used for sorting."""

from django.db.models import OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce

from . import geo
from .models import LabSession, Site


def campus_days_condition(max_days: int) -> Q:
    """At most `max_days` days on campus (0: no campus sessions at all)."""
    return Q(campus_days__lte=max_days)


def near_sites(origin: geo.Place, miles: float):
    """Sites within `miles` of `origin`: a bounding box (indexed) refined by distance."""
    min_lat, max_lat, min_lng, max_lng = geo.bounding_box(origin.latitude, origin.longitude, miles)
    return (
        Site.objects.filter(latitude__range=(min_lat, max_lat), longitude__range=(min_lng, max_lng))
        .annotate(
            miles=geo.distance_expression(
                origin.latitude, origin.longitude, "latitude", "longitude"
            )
        )
        .filter(miles__lte=miles)
        .values("pk")
    )


def within_radius_condition(origin: geo.Place, miles: float) -> Q:
    """No campus sessions, or every session offered at some site within `miles`.

    Written as uncorrelated subqueries (programs with a session offered at no nearby site),
    which the database evaluates once per query rather than once per program.
    """
    offered_nearby = LabSession.sites.through.objects.filter(
        site_id__in=near_sites(origin, miles)
    ).values("labsession_id")
    out_of_reach = LabSession.objects.exclude(pk__in=offered_nearby).values("program_id")
    return ~Q(pk__in=out_of_reach)


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
        LabSession.objects.filter(program=OuterRef("pk"))
        .annotate(nearest=Coalesce(Subquery(nearest), Value(1e9)))
        .order_by("-nearest")
        .values("nearest")[:1]
    )
    return Coalesce(Subquery(farthest), Value(0.0))
