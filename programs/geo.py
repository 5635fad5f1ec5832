"""ZIP code look-ups and straight-line distances, offline.

Coordinates come from the `zipcodes` package (GeoNames data, CC BY 4.0); the site footer
carries the attribution.
"""

import math
import re
from dataclasses import dataclass
from functools import cache

from django.db.models import F, FloatField, Func

EARTH_RADIUS_MILES = 3958.8
ZIP_RE = re.compile(r"^\d{5}$")


# Places no road joins to the rest of the country (Alaska is joined, through Canada): a
# campus trip between one of them and anywhere else is a flight or a ferry.
ISLANDS = frozenset({"HI", "PR", "VI", "GU", "AS", "MP"})


def road_region(state: str) -> str:
    """Where one can drive to from `state`: the island's own code, else "mainland"."""
    return state if state in ISLANDS else "mainland"


@dataclass(frozen=True)
class Place:
    zip_code: str
    city: str
    state: str
    latitude: float
    longitude: float


_PLACELESS: set[str] = set()  # real ZIP codes the table gives no place for


@cache
def _zip_index() -> dict[str, tuple[str, str, float, float]]:
    """ZIP code -> (city, state, latitude, longitude), for about 42,000 ZIP codes.

    Kept as tuples of strings and floats, which Python's garbage collector does not track:
    as `zipcodes`' own dicts (and as Place objects) they were some 200,000 tracked objects
    that every full collection walked, adding 150-250 ms to the request it fell on."""
    import zipcodes

    index = {}
    for row in zipcodes.list_all():
        try:
            lat, lng = float(row["lat"]), float(row["long"])
        except (TypeError, ValueError):
            continue
        if lat == 0 and lng == 0:  # no place: military mail (APO/FPO) and a few islands
            _PLACELESS.add(row["zip_code"])
            continue
        index[row["zip_code"]] = (row["city"], row["state"], lat, lng)
    # zipcodes keeps every row it read (with their lists); this index is all we need.
    if hasattr(zipcodes, "_zips_cache"):
        zipcodes._zips_cache = None
    return index


def places():
    """Every known ZIP code's Place."""
    return [Place(zip_code, *row) for zip_code, row in _zip_index().items()]


def zip_problem(value: str) -> str:
    """Why `value` is not a place to measure from ("" when it is one): the one message the
    student's ZIP fields and the curators' forms give."""
    if lookup_zip(value) is not None:
        return ""
    if normalise_zip(value) in _PLACELESS:
        return (
            "That ZIP code has no location to measure from (military mail and a few island "
            "ZIP codes): enter the ZIP code of a street address, for example 43210."
        )
    return "Enter a 5-digit US ZIP code that exists, for example 43210."


def normalise_zip(value: str) -> str:
    """'43210-1234' and ' 43210 ' both become '43210'; anything else is returned stripped."""
    value = (value or "").strip()
    if re.fullmatch(r"\d{5}-\d{4}", value):
        return value[:5]
    return value


def lookup_zip(value: str) -> Place | None:
    """The place for a 5-digit US ZIP code, or None when the ZIP is malformed or unknown."""
    value = normalise_zip(value)
    if not ZIP_RE.match(value):
        return None
    row = _zip_index().get(value)
    return None if row is None else Place(value, *row)


def haversine_miles(lat1: float, lng1: float, lat2: float, lng2: float) -> float:
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlmb = math.radians(lng2 - lng1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlmb / 2) ** 2
    return 2 * EARTH_RADIUS_MILES * math.asin(min(1.0, math.sqrt(a)))


def bounding_box(lat: float, lng: float, miles: float) -> tuple[float, float, float, float]:
    """(min_lat, max_lat, min_lng, max_lng) of a box that contains the circle of `miles`
    around the point. The circle's widest east-west reach is not at the point's own
    latitude but poleward of it: asin(sin(r) / cos(lat)), not r / cos(lat), which falls
    short for large radii (a site 994 miles from Seattle was left out of a 1,000-mile
    search). A circle over a pole, or across the 180th meridian, takes every longitude."""
    r = miles / EARTH_RADIUS_MILES  # the radius as an angle, in radians
    min_lat, max_lat = lat - math.degrees(r), lat + math.degrees(r)
    if min_lat <= -90 or max_lat >= 90:
        return max(min_lat, -90.0), min(max_lat, 90.0), -180.0, 180.0
    dlng = math.degrees(math.asin(min(1.0, math.sin(r) / math.cos(math.radians(lat)))))
    if lng - dlng < -180 or lng + dlng > 180:
        return min_lat, max_lat, -180.0, 180.0
    return min_lat, max_lat, lng - dlng, lng + dlng


class _MilesFrom(Func):
    """The great-circle distance in miles from a fixed point to a row's coordinates, as one
    expression node: the fixed point's figures are parameters, not expressions of their own,
    so a query that uses it is built and compiled in a fraction of the time (a ZIP search
    builds several)."""

    output_field = FloatField()
    arity = 2

    def __init__(self, lat: float, lng: float, lat_field: str, lng_field: str):
        super().__init__(F(lat_field), F(lng_field))
        self.lat, self.lng = float(lat), float(lng)

    def as_sql(self, compiler, connection, **extra_context):
        (lat_sql, lat_params), (lng_sql, lng_params) = (
            compiler.compile(e) for e in self.get_source_expressions()
        )
        greatest, least = ("MAX", "MIN") if connection.vendor == "sqlite" else ("GREATEST", "LEAST")
        cos_angle = (
            f"SIN(RADIANS(%s)) * SIN(RADIANS({lat_sql})) + COS(RADIANS(%s)) * "
            f"COS(RADIANS({lat_sql})) * COS(RADIANS({lng_sql}) - RADIANS(%s))"
        )
        sql = f"(%s * ACOS({greatest}(-1.0, {least}(1.0, {cos_angle}))))"
        params = (EARTH_RADIUS_MILES, self.lat, *lat_params, self.lat, *lat_params)
        return sql, (*params, *lng_params, self.lng)


def distance_expression(lat: float, lng: float, lat_field: str, lng_field: str):
    """SQL expression for the great-circle distance in miles (spherical law of cosines).

    Runs on PostgreSQL and on SQLite (Django registers the math functions there). The cosine
    is clamped to [-1, 1] so rounding never makes ACOS fail.
    """
    return _MilesFrom(lat, lng, lat_field, lng_field)
