"""The whole-cost figures on every page that shows them: the same numbers everywhere.

From ZIP 43210 (Columbus, OH): Dayton 45402 is 64.49 miles, Cleveland 44113 123.19 miles
(straight line). The "far" program asks 12 trips of 2 days (24 days in visits of 2) offered
in Dayton or Cleveland: Dayton is nearest and over 50 miles, so 24 nights; 1,548 miles x
$0.725 = $1,122, 24 nights x $110 = $2,640, 24 days x $68 = $1,632: $5,394 of travel.
"""

import csv
import io
import re

import pytest

from programs.tests.factories import LabSessionFactory, ProgramFactory, SiteFactory

pytestmark = pytest.mark.django_db

FAR_LINE = "12 trips, 24 nights away, about $5,400 of travel"
FAR_TRIPS = "12 trips of 2 days, about 64 miles in a straight line each way"


@pytest.fixture
def far():
    dayton = SiteFactory(name="Dayton lab", city="Dayton", zip_code="45402")
    cleveland = SiteFactory(name="Cleveland lab", city="Cleveland", zip_code="44113")
    program = ProgramFactory(
        name="Far Hybrid MLT",
        slug="far",
        tuition_total=9000,
        tuition_in_state=8000,
        tuition_out_of_state=14000,
    )
    session = LabSessionFactory(program=program, days=2, visits=3, total_days=24)
    session.sites.set([cleveland, dayton])
    return program


@pytest.fixture
def online():
    return ProgramFactory(name="All Online MLT", slug="online", tuition_total=15000)


@pytest.fixture
def near():
    local = SiteFactory(name="Columbus lab", city="Columbus", zip_code="43215")
    program = ProgramFactory(name="Near Hybrid MLT", slug="near", tuition_total=20000)
    session = LabSessionFactory(program=program, days=1, visits=10, total_days=10)
    session.sites.set([local])
    return program


def cards(html: str) -> list[str]:
    return re.findall(r'class="card-title"><a href="/programs/([a-z-]+)/', html)


def test_card_says_the_burden_when_a_zip_is_known(client, far, online):
    text = client.get("/programs/?zip=43210").text
    assert FAR_LINE in text
    assert FAR_TRIPS in text
    assert "No campus trips" in text  # the online program
    # Without a ZIP there is nothing to say.
    assert "nights away, about" not in client.get("/programs/").text


def test_sort_by_fewest_nights_then_lowest_total(client, far, online, near):
    text = client.get("/programs/?zip=43210&sort=nights").text
    assert cards(text) == ["online", "near", "far"]  # 0 nights ($15,000), 0 ($20,037), 24


def test_sort_by_lowest_estimated_total(client, far, online, near):
    # far: $8,000 in-state + $5,394 = $13,394; online $15,000; near $20,000 + $37 = $20,037.
    assert cards(client.get("/programs/?zip=43210&sort=total").text) == ["far", "online", "near"]
    # Without a ZIP: tuition only (far's whole-program figure, $9,000).
    assert cards(client.get("/programs/?sort=total").text) == ["far", "online", "near"]


def test_most_nights_away_filter_leaves_out_the_far_program(client, far, online, near):
    text = client.get("/programs/?zip=43210&max_nights=0").text
    assert sorted(cards(text)) == ["near", "online"]
    assert sorted(cards(client.get("/programs/?zip=43210&max_nights=24").text)) == [
        "far",
        "near",
        "online",
    ]


def test_a_higher_overnight_threshold_changes_the_card(client, far):
    text = client.get("/programs/?zip=43210&overnight=70").text
    assert "12 trips, no nights away, about $2,200 of travel" in text


@pytest.mark.parametrize(
    "query",
    [
        "zip=43210&max_nights=-1",
        "zip=43210&max_nights=abc",
        "zip=43210&overnight=99999",
        "max_nights=3",
        "sort=nights",
        "zip=43210&sort=total&overnight=%00",
    ],
)
def test_bad_input_never_fails(client, far, query):
    # 400 only where the hardening rules refuse the request outright (a NUL byte).
    assert client.get(f"/programs/?{query}").status_code == (400 if "%00" in query else 200)
    assert client.get(f"/api/programs/?{query}").status_code in (200, 400)


def test_detail_shows_the_trips_the_map_and_the_estimate(
    client, far, django_assert_max_num_queries
):
    with django_assert_max_num_queries(7):
        response = client.get("/programs/far/?zip=43210")
    text = response.text
    assert response.status_code == 200
    assert f"{FAR_LINE}. {FAR_TRIPS}." in text
    # The estimate's terms, each with its basis.
    for expected in [
        "In-state total",
        "1,548 straight-line miles x $0.725 per mile",
        "$1,122",
        "24 nights x $110 per night",
        "$2,640",
        "24 days away overnight x $68 per day",
        "$1,632",
        "at least $13,394",  # fees are not published
        "Notice 2026-10",
        "Per Diem Bulletin FTR 26-01",
    ]:
        assert expected in text, expected
    # The map, with its text alternative naming the same places and distances.
    assert '<svg viewBox="' in text and 'role="img"' in text
    assert "Your ZIP code 43210" in text
    assert re.search(
        r"<strong>Dayton lab</strong>, Dayton, OH 45402: about 64 miles in a straight line", text
    )
    assert "Nearest site for Weekend labs" in text
    assert re.search(
        r"<strong>Cleveland lab</strong>, Cleveland, OH 44113: about 123 miles in a straight line",
        text,
    )


def test_detail_takes_the_students_own_figures(client, far):
    text = client.get(
        "/programs/far/?zip=43210&lodging_rate=0&mileage_rate=0.20&tuition=5000&fees=abc"
    ).text
    assert "1,548 straight-line miles x $0.20 per mile" in text
    assert "24 nights x $0 per night" in text
    assert "$5,000" in text
    # 5,000 + 310 + 0 + 1,632, and the fees term ignores 'abc' (still not published).
    assert "at least $6,942" in text


def test_detail_without_a_zip_asks_for_one(client, far):
    text = client.get("/programs/far/").text
    assert "Give your ZIP code above" in text
    assert "Give your ZIP code to estimate" in text


def test_compare_rows_match_the_card(client, far, near):
    text = client.get("/programs/compare/?programs=far,near&zip=43210").text
    for label in ("Trips to campus", "Nights away from home", "Travel cost (estimate)"):
        assert label in text
    assert FAR_TRIPS in text
    assert "$5,394" in text
    assert "at least $13,394" in text


def test_api_gives_the_same_figures(client, far):
    data = client.get("/api/programs/?zip=43210").json()["results"][0]["true_cost"]
    assert data["nights_away"] == 24 and data["trips"] == 12
    assert data["estimated_travel_cost"] == 5394
    assert data["estimated_total"] == 13394
    assert data["summary"] == FAR_LINE
    detail = client.get("/api/programs/far/?zip=43210").json()["true_cost"]
    assert detail == data
    assert client.get("/api/programs/far/?zip=00000").status_code == 400
    schema = client.get("/api/openapi.json").json()
    assert "TrueCost" in schema["components"]["schemas"]
    names = {p["name"] for p in schema["paths"]["/api/programs/"]["get"]["parameters"]}
    assert {"max_nights", "overnight"} <= names


def test_shared_list_rows_and_csv_carry_the_estimated_total(client, far):
    from shortlists import sharing

    shortlist, _ = sharing.create_shortlist([far])
    assert "at least $9,000" in client.get(shortlist.get_absolute_url()).text
    response = client.get(f"{shortlist.get_absolute_url()}csv/")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    column = next(i for i, name in enumerate(rows[0]) if name.startswith("Estimated total"))
    assert rows[1][column] == "9000"  # no ZIP on a shared list: tuition only


def test_a_search_with_a_zip_has_a_map_with_the_radius_ring(client, far, near):
    text = client.get("/programs/?zip=43210&radius=150").text
    assert "Map: these programs' campus sites and 150 miles around 43210" in text
    assert 'class="map-ring"' in text
    assert "<strong>Columbus lab</strong>, Columbus, OH 43215" in text
    assert "Nearest site for Near Hybrid MLT" in text
    assert "map-ring" not in client.get("/programs/").text


@pytest.fixture
def with_fees():
    """$150 a credit x 64 credits = $9,600 of tuition, and $10 a credit of fees = $640."""
    return ProgramFactory(
        name="Fee Charging MLT",
        slug="fees",
        tuition_total=None,
        tuition_per_credit="150.00",
        credit_hours=64,
        fees_per_credit="10.00",
    )


FEES_TEXT = "$640 ($10 per credit x 64 credits)"


def test_published_fees_are_the_same_on_detail_compare_shared_list_csv_and_api(client, with_fees):
    from shortlists import sharing

    detail = client.get("/programs/fees/").text
    assert f"<dt>Fees</dt><dd>{FEES_TEXT}</dd>" in detail
    assert "$10 per credit x 64 credits" in detail  # the estimate's fees row
    assert "$10,240" in detail  # 9,600 + 640, no ZIP: no travel

    compare = client.get("/programs/compare/?programs=fees").text
    assert FEES_TEXT in compare and "$10,240" in compare

    shortlist, _ = sharing.create_shortlist([with_fees])
    rows = list(csv.reader(io.StringIO(client.get(f"{shortlist.get_absolute_url()}csv/").text)))
    fees = next(i for i, name in enumerate(rows[0]) if name.startswith("Fees"))
    total = next(i for i, name in enumerate(rows[0]) if name.startswith("Estimated total"))
    assert (rows[1][fees], rows[1][total]) == ("640.00", "10240")

    data = client.get("/api/programs/fees/").json()
    assert data["facts"]["fees"] == FEES_TEXT
    assert (data["fees_per_credit"], data["fees_total"], data["fees_in_tuition"]) == (
        "10.00",
        None,
        False,
    )
    terms = {t["key"]: t for t in data["true_cost"]["terms"]}
    assert terms["fees"]["amount"] == 640


def test_fees_included_in_tuition_are_said_and_added_once(client):
    ProgramFactory(slug="inclusive", tuition_total=11771, fees_in_tuition=True)
    detail = client.get("/programs/inclusive/?zip=43210").text  # no campus sessions
    assert "<dt>Fees</dt><dd>Included in the tuition figure</dd>" in detail
    table = detail.split('id="cost-heading"')[1].split("</table>")[0]
    assert "<strong>$11,771</strong>" in table and "at least" not in table


def test_fees_both_included_and_given_are_refused():
    from django.core.exceptions import ValidationError

    program = ProgramFactory.build(fees_in_tuition=True, fees_total=200)
    with pytest.raises(ValidationError) as caught:
        program.clean()
    assert "fees_in_tuition" in caught.value.message_dict


def test_the_overnight_distance_follows_the_student_to_the_program_and_compare(client, far, online):
    """Set on the list, the overnight distance used to be dropped by the card's link and
    the compare tray, so the next page counted other nights than the card."""
    listing = client.get("/programs/?zip=43210&overnight=70&compare=far,online").text
    assert 'href="/programs/far/?zip=43210&amp;overnight=70"' in listing
    assert "/programs/compare/?programs=far,online&amp;zip=43210&amp;overnight=70" in listing
    detail = client.get("/programs/far/?zip=43210&overnight=70").text
    assert "12 trips, no nights away, about $2,200 of travel" in detail
    compare = client.get("/programs/compare/?programs=far&zip=43210&overnight=70").text
    assert 'name="overnight" value="70"' in compare
    assert 'href="/programs/far/?zip=43210&amp;overnight=70"' in compare
    nights = re.search(r"Nights away from home.*?</tr>", compare, re.S).group(0)
    assert "<td>0</td>" in nights.replace(' class="num"', "")
    # At our distance (50 miles) the same trips are 24 nights away.
    default = client.get("/programs/compare/?programs=far&zip=43210").text
    assert "24" in re.search(r"Nights away from home.*?</tr>", default, re.S).group(0)
    assert 'name="overnight"' not in default
    api = client.get("/api/programs/far/?zip=43210&overnight=70").json()
    assert api["facts"]["nights_away"] == "0"
