from programs import geo


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
