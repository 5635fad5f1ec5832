"""The Python projection against d3's own numbers, and the committed map asset."""

import pytest

from programs import usmap

# Where d3-geo 3.1.2 puts these places with d3.geoAlbersUsa().scale(1300).translate([487.5,
# 305]) (the projection us-atlas's states-albers-10m uses), as printed by
# `node scripts/us-map/build.mjs` on 2026-12-01. [longitude, latitude] -> [x, y].
D3 = {
    "Columbus, OH": ((-82.9988, 39.9612), (721.3699368278877, 260.8456705126748)),
    "Denver, CO": ((-104.9903, 39.7392), (342.8453612727705, 273.8845837383973)),
    "Anchorage, AK": ((-149.9003, 61.2181), (112.277427569713, 544.2779162203778)),
    "Honolulu, HI": ((-157.8583, 21.3069), (266.95994676863154, 549.1903729395863)),
}


@pytest.mark.parametrize("name", D3)
def test_points_land_where_d3_puts_them(name):
    (lon, lat), (x, y) = D3[name]
    px, py = usmap.project(lat, lon)
    assert abs(px - x) < 0.01 and abs(py - y) < 0.01


@pytest.mark.parametrize(
    ("lat", "lon"),
    [(51.5074, -0.1278), (35.68, 139.69), (-33.9, 151.2), (float("nan"), 0.0), (0.0, float("inf"))],
)
def test_places_off_the_us_map_are_none(lat, lon):
    assert usmap.project(lat, lon) is None


def test_destination_is_the_requested_distance_away():
    from programs import geo

    lat, lon = usmap.destination(39.9612, -82.9988, 45, 100)
    assert geo.haversine_miles(39.9612, -82.9988, lat, lon) == pytest.approx(100, abs=0.01)


def test_ring_is_a_closed_path_around_the_point():
    ring, box = usmap.ring(39.9612, -82.9988, 100)
    assert ring.startswith("M") and ring.count("M") == 1 and ring.count("L") == 72
    # 100 miles is about 36 px at this scale: the ring lies around Columbus (721, 261).
    xs = [float(p.split(",")[0]) for p in ring[1:].split("L")]
    assert 680 < min(xs) < 690 and 752 < max(xs) < 762
    assert box[0] == pytest.approx(min(xs), abs=0.05) and box[2] == pytest.approx(max(xs), abs=0.05)
    assert 680 < box[0] < box[2] < 762 and 200 < box[1] < 261 < box[3] < 320


def test_a_ring_off_the_map_has_no_path_and_no_box():
    # Mid-Atlantic, 1,000 miles from any coast the map shows.
    assert usmap.ring(35.0, -40.0, 100) == ("", None)


def test_the_map_asset_has_the_nation_and_the_state_borders():
    nation, borders = usmap.outline()
    assert nation.startswith("M") and len(nation) > 5000
    assert borders.startswith("M") and len(borders) > 5000
