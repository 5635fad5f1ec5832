import math

import pytest

from programs import geo
from programs.models import Site

from .factories import SiteFactory


def test_lookup_known_zip():
    place = geo.lookup_zip("43210")
    assert place.city == "Columbus" and place.state == "OH"


def test_lookup_accepts_zip_plus_four():
    assert geo.lookup_zip("43210-1234").zip_code == "43210"


def test_lookup_rejects_unknown_and_malformed():
    for value in ["00000", "4321", "abcde", "", "43210\x00", "９９９９９", "4" * 10_000]:
        assert geo.lookup_zip(value) is None


def test_haversine_known_distance():
    columbus, dayton = geo.lookup_zip("43215"), geo.lookup_zip("45402")
    miles = geo.haversine_miles(
        columbus.latitude, columbus.longitude, dayton.latitude, dayton.longitude
    )
    assert 64 < miles < 68  # about 66 miles in a straight line


def test_bounding_box_contains_the_circle():
    min_lat, max_lat, min_lng, max_lng = geo.bounding_box(40.0, -83.0, 100)
    assert min_lat < 40.0 - 1.4 and max_lat > 40.0 + 1.4
    assert min_lng < -83.0 - 1.8 and max_lng > -83.0 + 1.8


def destination(lat, lng, bearing, miles):
    """The point `miles` from (lat, lng) heading `bearing` degrees, on the same sphere."""
    r, theta = miles / geo.EARTH_RADIUS_MILES, math.radians(bearing)
    phi1, lmb1 = math.radians(lat), math.radians(lng)
    phi2 = math.asin(math.sin(phi1) * math.cos(r) + math.cos(phi1) * math.sin(r) * math.cos(theta))
    lmb2 = lmb1 + math.atan2(
        math.sin(theta) * math.sin(r) * math.cos(phi1),
        math.cos(r) - math.sin(phi1) * math.sin(phi2),
    )
    return math.degrees(phi2), (math.degrees(lmb2) + 540) % 360 - 180


@pytest.mark.parametrize("zip_code", ["98101", "43215", "33101", "99501", "96813", "99546"])
@pytest.mark.parametrize("miles", [25, 150, 500, 1000, 3000])
def test_every_point_of_the_circle_is_in_the_box(zip_code, miles):
    """Around the circle, one point a degree, just inside the radius: each is in the box
    (the old box, r / cos(lat) wide, left out points poleward of the widest reach)."""
    place = geo.lookup_zip(zip_code)
    min_lat, max_lat, min_lng, max_lng = geo.bounding_box(place.latitude, place.longitude, miles)
    for bearing in range(360):
        lat, lng = destination(place.latitude, place.longitude, bearing, miles * 0.9999)
        assert min_lat <= lat <= max_lat and min_lng <= lng <= max_lng, (bearing, lat, lng)


@pytest.mark.django_db
def test_a_site_near_the_edge_of_a_large_radius_is_within_it():
    """Granville, ND is about 990 miles from Seattle: inside a 1,000-mile search."""
    from programs.conditions import near_sites

    seattle = geo.lookup_zip("98101")
    site = SiteFactory(zip_code="58741", city="Granville", state="ND")
    assert 950 < site.distance_from(seattle) < 1000
    assert site.pk in set(near_sites(seattle, 1000).values_list("pk", flat=True))
    assert site.pk not in set(near_sites(seattle, 900).values_list("pk", flat=True))


@pytest.mark.django_db
def test_the_database_measures_the_distances_python_does():
    """The SQL distance (filters and sorts) agrees with the Python one (what pages show), from
    the same spot to sites near, far and at it, and the rows it leaves out at a radius are
    the ones Python puts beyond it."""
    columbus = geo.lookup_zip("43215")
    places = {"43215": "here", "45402": "Dayton", "10001": "New York", "99501": "Anchorage"}
    for zip_code, name in places.items():
        place = geo.lookup_zip(zip_code)
        SiteFactory(
            name=name, zip_code=zip_code, latitude=place.latitude, longitude=place.longitude
        )
    rows = Site.objects.annotate(
        miles=geo.distance_expression(
            columbus.latitude, columbus.longitude, "latitude", "longitude"
        )
    )
    for site in rows:
        expected = geo.haversine_miles(
            columbus.latitude, columbus.longitude, site.latitude, site.longitude
        )
        assert site.miles == pytest.approx(expected, abs=0.01), site.name
    assert rows.get(name="here").miles == pytest.approx(0, abs=0.001)  # ACOS(1), clamped
    near = set(rows.filter(miles__lte=100).values_list("name", flat=True))
    assert near == {"here", "Dayton"}
