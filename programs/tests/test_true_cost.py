"""A Program and a ZIP code turned into trips, nights, miles and the estimate.

Straight-line distances from ZIP 43210 (Columbus, OH; 40.0028, -83.0164 in the `zipcodes`
data): Dayton 45402 64.49 miles, Cleveland 44113 123.19 miles, Columbus 43215 2.55 miles.
"""

import re
from decimal import Decimal

import pytest

from programs import geo, true_cost
from programs.models import Program

from .factories import LabSessionFactory, ProgramFactory, SiteFactory
from .test_compare import first_cells

pytestmark = pytest.mark.django_db

COLUMBUS = geo.lookup_zip("43210")


@pytest.fixture
def two_site_program():
    dayton = SiteFactory(name="Dayton lab", city="Dayton", zip_code="45402")
    cleveland = SiteFactory(name="Cleveland lab", city="Cleveland", zip_code="44113")
    program = ProgramFactory(tuition_total=9000, tuition_in_state=8000, tuition_out_of_state=14000)
    # 24 days in visits of 2 days = 12 trips; the nearest site is Dayton (64.49 mi > 50).
    session = LabSessionFactory(program=program, days=2, visits=3, total_days=24)
    session.sites.set([cleveland, dayton])
    return program


def fetch(program):
    return Program.objects.with_details().get(pk=program.pk)


def test_two_sites_choose_dayton_and_count_nights(two_site_program, django_assert_num_queries):
    program = fetch(two_site_program)
    with django_assert_num_queries(1):  # the travel rates, once; then cached
        result = true_cost.burden(program, COLUMBUS)
        true_cost.burden(program, COLUMBUS, true_cost.Options(overnight_miles=60))
    plan = result.plan
    (leg,) = plan.legs
    assert leg.site.name == "Dayton lab"
    assert (plan.trips, plan.campus_days, plan.nights) == (12, 24, 24)
    assert plan.total_miles == pytest.approx(12 * 2 * 64.4897, abs=0.05)  # 1547.75
    # 1548 miles x $0.725 = $1,122.30; 24 nights x $110 = $2,640; 24 days x $68 = $1,632.
    assert result.estimate.travel == Decimal(1122 + 2640 + 1632)
    assert result.estimate.term("tuition").amount == 8000  # an Ohio student: in-state
    assert result.estimate.total == Decimal(8000 + 1122 + 2640 + 1632)
    assert result.estimate.at_least is True  # fees are not published
    assert result.cost_line == "12 trips, 24 nights away, about $5,400 of travel"
    assert result.trips_line == "12 trips of 2 days, about 64 miles in a straight line each way"


def test_a_higher_threshold_drives_home_each_day(two_site_program):
    result = true_cost.burden(
        fetch(two_site_program), COLUMBUS, true_cost.Options(overnight_miles=70)
    )
    assert result.plan.nights == 0
    # 12 trips of 2 days, each day driven there and back: 24 x 2 x 64.49 = 3,095.5 miles,
    # x $0.725 = $2,244.
    assert result.plan.total_miles == pytest.approx(24 * 2 * 64.4897, abs=0.05)
    assert result.cost_line == "12 trips, no nights away, about $2,200 of travel"
    assert result.trips_line == (
        "12 trips of 2 days, driven there and back each day, about 64 miles in a straight "
        "line each way"
    )


def test_without_a_zip_there_is_no_plan(two_site_program):
    result = true_cost.burden(fetch(two_site_program), None)
    assert result.plan is None and result.cost_line == "" and result.trips_line == ""
    assert result.estimate.term("tuition").amount == 9000
    assert result.as_data()["nights_away"] is None


def test_no_sessions_means_no_trips():
    result = true_cost.burden(fetch(ProgramFactory()), COLUMBUS)
    assert result.cost_line == "No campus trips"
    assert result.as_data()["trips"] == 0
    assert result.as_data()["estimated_travel_cost"] == 0


def test_the_api_figures_match_the_sentence(two_site_program):
    data = true_cost.burden(fetch(two_site_program), COLUMBUS).as_data()
    assert data == {
        "estimated_total": 8000 + 5394,
        "estimated_total_is_minimum": True,
        "estimated_travel_cost": 5394,
        "trips": 12,
        "nights_away": 24,
        "campus_days": 24,
        "total_miles": 1548,
        "farthest_trip_miles": 64,
        "travel_is_minimum": False,
    }


def test_options_from_the_query_keep_our_figures_on_bad_input():
    options = true_cost.Options.from_query(
        {"overnight": "abc", "mileage_rate": "0.30", "lodging_rate": "-4", "tuition": "$7,500"}
    )
    assert options.overnight_miles == 50
    assert options.mileage == Decimal("0.30")
    assert options.lodging is None
    assert options.tuition == Decimal("7500")
    rates = options.rates()
    assert rates.mileage.amount == Decimal("0.30") and rates.mileage.publisher == "Your figure"
    assert rates.lodging.amount == Decimal("110")


@pytest.mark.parametrize(
    ("amount", "text"),
    [(Decimal(1876), "$1,900"), (Decimal(434), "$430"), (Decimal(6), "$6"), (Decimal(0), "$0")],
)
def test_about_dollars(amount, text):
    assert true_cost.about_dollars(amount) == text


def test_rates_come_from_the_curators_table_and_changes_show_at_once():
    from programs.models import TravelRate

    seeded = TravelRate.objects.get(kind="mileage")  # seeded by migration 0011
    assert seeded.amount == Decimal("0.725") and "Notice 2026-10" in seeded.publisher
    assert true_cost.current_rates().mileage.amount == Decimal("0.725")
    seeded.amount = Decimal("0.750")
    seeded.period = "calendar year 2027"
    seeded.save()
    rates = true_cost.current_rates()
    assert rates.mileage.amount == Decimal("0.75") and rates.mileage.period == "calendar year 2027"
    TravelRate.objects.filter(kind="lodging").delete()
    assert true_cost.current_rates().lodging.amount == Decimal("110")  # the code's default


def test_a_negative_rate_is_refused():
    from django.db import IntegrityError, transaction

    from programs.models import TravelRate

    with pytest.raises(IntegrityError), transaction.atomic():
        TravelRate.objects.filter(kind="meals").update(amount=Decimal("-1"))


def test_curators_can_change_rates_but_not_delete_them():
    from django.contrib.auth.models import Group

    codenames = set(
        Group.objects.get(name="Curators").permissions.values_list("codename", flat=True)
    )
    assert {"change_travelrate", "view_travelrate"} <= codenames
    assert "delete_travelrate" not in codenames


def test_a_page_reads_the_rates_once_and_a_rate_change_moves_the_generation_on(rf):
    from unittest import mock

    from django.core.cache import cache
    from django.http import HttpResponse

    from programs import estimate, generation
    from programs.models import TravelRate

    seen = []

    def view(request):
        with mock.patch.object(cache, "get", wraps=cache.get) as get:
            for _ in range(20):  # a page's cards
                seen.append(true_cost.current_rates().mileage.amount)
            assert get.call_count == 1
        return HttpResponse()

    generation.read_once_per_request(view)(rf.get("/programs/?zip=43210"))
    assert seen == [Decimal("0.725")] * 20
    # The next request reads the change, and the generation moves on (the page cache's
    # keys carry it: core/tests/test_pagecache.py).
    before = generation.current()
    rate = TravelRate.objects.get(kind="mileage")
    rate.amount = Decimal("0.800")
    rate.save()
    assert generation.current() == before + 1
    generation.read_once_per_request(
        lambda request: seen.append(true_cost.current_rates().mileage.amount) or HttpResponse()
    )(rf.get("/programs/"))
    assert seen[-1] == Decimal("0.8")
    TravelRate.objects.filter(kind="mileage").delete()
    assert generation.current() == before + 2
    assert true_cost.current_rates().mileage.amount == estimate.DEFAULT_RATES["mileage"].amount


def test_rates_cached_again_before_a_change_commits_are_forgotten_when_it_commits(
    django_capture_on_commit_callbacks,
):
    from django.core.cache import cache

    from programs.models import TravelRate
    from programs.models.rates import RATES_CACHE_KEY

    old = true_cost.current_rates()
    rate = TravelRate.objects.get(kind="mileage")
    with django_capture_on_commit_callbacks(execute=True):
        rate.amount = Decimal("0.900")
        rate.save()
        # Another request read the rates before the change committed, and cached them.
        cache.set(RATES_CACHE_KEY, old, 3600)
    assert true_cost.current_rates().mileage.amount == Decimal("0.9")


def test_visits_published_per_term_count_one_term_at_least():
    """'4 visits each term' with the number of terms not published: at least 4 trips (one
    term), not 1, and the page says what was counted."""
    dayton = SiteFactory(name="Dayton lab", city="Dayton", zip_code="45402")  # 64.49 mi
    session = LabSessionFactory(days=2, visits=4, frequency="per_term", total_days=None)
    session.sites.set([dayton])
    result = true_cost.burden(fetch(session.program), COLUMBUS)
    (leg,) = result.plan.legs
    assert (leg.trips, leg.campus_days, leg.nights) == (4, 8, 8)
    assert leg.visits_known is False and result.plan.at_least is True
    assert leg.requirement.visits_note == (
        "Visits over the whole program not published: counted as 4 (one term)"
    )
    assert result.cost_line.startswith("At least 4 trips, 8 nights away")


def test_every_frequency_is_counted_one_way():
    """Each frequency is held once, counted per period (one period counted), or a rhythm
    with no count: exactly one of the three, so a new frequency cannot be left out."""
    from programs.choices import Frequency
    from programs.models.sessions import FREQUENCY_WITHOUT_COUNT, ONE_PERIOD

    for frequency in Frequency:
        kinds = [frequency == Frequency.ONCE, frequency in ONE_PERIOD]
        kinds.append(frequency in FREQUENCY_WITHOUT_COUNT)
        assert kinds.count(True) == 1, frequency


def test_a_session_whose_place_is_not_published_is_not_said_to_cost_nothing():
    """No site: the trip is counted, but its nights and travel cost are not known, so the
    card and compare must not say 'no nights away' or '$0'."""
    program = LabSessionFactory(days=2, visits=1, frequency="once", total_days=2, sites=[]).program
    result = true_cost.burden(fetch(program), COLUMBUS)
    assert result.plan.sites_unknown is True
    assert result.cost_line == (
        "At least 1 trip; where is not published, so the nights away and travel cost are not known"
    )
    from programs import facts

    texts = facts.fact_texts(fetch(program), COLUMBUS)
    assert "Not known: a site is not published" in texts.values()
    assert result.estimate.term("driving").amount is None  # not $0
    assert result.as_data()["estimated_travel_cost"] is None
    assert "0" not in texts.values() and "at least $0" not in texts.values()


def test_with_one_site_not_published_the_cost_is_for_the_sites_published(two_site_program):
    LabSessionFactory(
        program=two_site_program, days=1, visits=1, frequency="once", total_days=1, sites=[]
    )
    result = true_cost.burden(fetch(two_site_program), COLUMBUS)
    assert result.cost_line == (
        "At least 13 trips, 24 nights away, about $5,400 of travel to the sites published"
    )


def test_a_local_alternative_counts_no_travel_and_names_the_campus(client):
    """A campus session the school lets students do at a lab near them: no travel counted,
    and the page names the campus as the other choice (it used to say 'At your workplace
    or a lab you arrange' and name no campus)."""
    dayton = SiteFactory(name="Dayton lab", city="Dayton", zip_code="45402")  # 64.49 mi
    session = LabSessionFactory(
        program__slug="local-ok", days=2, visits=3, total_days=6, local_alternative=True
    )
    session.sites.set([dayton])
    result = true_cost.burden(fetch(session.program), COLUMBUS)
    (leg,) = result.plan.legs
    assert (leg.trips, leg.nights, result.plan.total_miles) == (0, 0, 0)
    assert leg.site.name == "Dayton lab"
    text = client.get("/programs/local-ok/", {"zip": "43210"}).text
    assert "A lab near you, if the program approves one: no travel counted" in text
    assert "Otherwise Dayton lab, 64 straight-line miles each way" in text
    assert "At your workplace or a lab you arrange" not in text
    assert result.cost_line == (
        "No trips counted: the program lets you do its campus labs near you, if it approves the lab"
    )


def test_with_a_zip_the_tuition_shown_is_the_one_the_total_counts(two_site_program):
    """Out of state: the compare table's tuition row gave the whole-program $9,000 beside a
    total counting the $14,000 out-of-state figure."""
    from programs import facts

    kentucky = geo.lookup_zip("40202")
    texts = facts.fact_texts(fetch(two_site_program), kentucky)
    assert texts["tuition"] == "$14,000 (Out-of-state total)"
    assert facts.fact_texts(fetch(two_site_program))["tuition"] == (
        "$9,000; give your ZIP code for the in-state or out-of-state figure"
    )


def test_without_a_zip_the_tuition_shown_is_the_one_the_total_counts(client):
    """A price per credit with the credits, or figures by residence only, read 'Not
    published by the school' on the card and in compare while the estimated total beside
    them counted $10,972 from the price per credit (seen for Minnesota North's listing)."""
    from programs import facts

    ProgramFactory(
        slug="per-credit", tuition_total=None, tuition_per_credit=Decimal("176.97"), credit_hours=62
    )
    ProgramFactory(
        slug="by-residence", tuition_total=None, tuition_in_state=8000, tuition_out_of_state=14000
    )
    ProgramFactory(slug="no-tuition", tuition_total=None, tuition_per_credit=None)
    slugs = ("per-credit", "by-residence", "no-tuition")
    per_credit, by_residence, none = (fetch(Program.objects.get(slug=s)) for s in slugs)
    text = facts.fact_texts(per_credit)["tuition"]
    assert text.startswith("$10,972 (")
    assert true_cost.burden(per_credit, None).estimate.total >= Decimal("10972")
    assert facts.fact_texts(by_residence)["tuition"] == (
        "In-state $8,000, out-of-state $14,000: give your ZIP code for the one that applies to you"
    )
    assert facts.fact_texts(none)["tuition"] == "Not published by the school"
    compare = client.get("/programs/compare/", {"programs": "per-credit,by-residence"}).text
    row = re.search(r'scope="row">Total tuition \(estimate\)</th>(.*?)</tr>', compare, re.S)
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row.group(1), re.S)
    assert [cell.split(" (")[0].split(":")[0] for cell in cells] == [
        "$10,972",
        "In-state $8,000, out-of-state $14,000",
    ]


def test_from_hawaii_a_mainland_campus_is_a_flight_not_a_drive(client, two_site_program):
    """ZIP 96813 (Honolulu) to the Dayton lab: about 4,400 straight-line miles, which the
    estimate priced as 12 drives there and back (some $77,000 at the mileage rate)."""
    honolulu = geo.lookup_zip("96813")
    result = true_cost.burden(fetch(two_site_program), honolulu)
    assert result.plan.flights and result.plan.nights == 24
    assert result.plan.total_miles == 0
    driving = result.estimate.term("driving")
    assert (driving.amount, driving.basis) == (
        None,
        "Not known: a flight is needed, and flights are not priced",
    )
    assert result.estimate.term("lodging").amount > 0
    assert result.estimate.at_least
    assert result.cost_line.startswith("12 trips, 24 nights away, about $")
    assert result.cost_line.endswith(" of travel, not counting flights")
    page = client.get(f"/programs/{two_site_program.slug}/", {"zip": "96813"}).text
    assert "Not known: a flight is needed, and flights are not priced" in page
    assert "not counting flights" in page
    # From Ohio the same program's trips are driven and priced.
    assert true_cost.burden(fetch(two_site_program), COLUMBUS).estimate.term("driving").amount


def test_from_hawaii_the_compare_travel_cost_says_it_leaves_the_flights_out(client):
    """From Honolulu the compare row 'Travel cost (estimate)' read a plain '$4,272' (lodging
    and meals only) while the total beside it said 'at least', the page's cost line 'not
    counting flights' and the API travel_is_minimum: true (found by review)."""
    dayton = SiteFactory(name="Dayton lab", city="Dayton", zip_code="45402")
    program = ProgramFactory(slug="fly", tuition_total=9000, fees_in_tuition=True)
    LabSessionFactory(program=program, days=2, visits=3, total_days=24, sites=[dayton])
    page = client.get("/programs/compare/", {"programs": "fly", "zip": "96813"}).text
    rows = first_cells(page)
    assert rows["Travel cost (estimate)"].startswith("at least $")
    api = client.get("/api/programs/fly/", {"zip": "96813"}).json()
    assert api["true_cost"]["travel_is_minimum"] is True
    assert api["facts"]["travel_cost"].startswith("at least $")
    detail = client.get("/programs/fly/", {"zip": "96813"}).text
    assert "(a minimum: flights are not priced)" in detail
    assert "0 straight-line miles driven there and back, not counting flights" in detail


def test_the_detail_pages_key_facts_give_the_tuition_the_card_gives(client):
    """Minnesota North: the card, compare and shared lists gave '$10,972 ($176.97 per credit
    x 62 credits)' and the estimate on the program page counted $10,972, while the same
    page's key facts read '$176.97 per credit; total: Not published by the school'; a
    program published by residence only read 'Not published by the school' there (found
    by review)."""
    ProgramFactory(
        slug="per-credit", tuition_total=None, tuition_per_credit=Decimal("176.97"), credit_hours=62
    )
    ProgramFactory(
        slug="by-residence", tuition_total=None, tuition_in_state=8000, tuition_out_of_state=14000
    )
    ProgramFactory(slug="whole", tuition_total=9000, tuition_in_state=8000)

    def key_fact(slug):
        page = client.get(f"/programs/{slug}/").text
        found = re.search(r"<dt>Tuition</dt><dd>(.*?)(<br>|<p |<span|</dd>)", page, re.S)
        return found.group(1).replace("&#x27;", "'").strip()

    assert key_fact("per-credit") == "$10,972 ($176.97 per credit x 62 credits)"
    assert key_fact("by-residence") == (
        "In-state $8,000, out-of-state $14,000: give your ZIP code for the one that applies to you"
    )
    assert key_fact("whole") == "$9,000; give your ZIP code for the in-state or out-of-state figure"


def test_a_total_by_residence_only_asks_for_the_zip_instead_of_saying_not_published(client):
    """Compare without a ZIP gave 'In-state $8,000, out-of-state $14,000: give your ZIP…'
    beside a total 'Not known: the tuition total is not published' (found by review)."""
    from programs import facts

    ProgramFactory(
        slug="by-residence", tuition_total=None, tuition_in_state=8000, tuition_out_of_state=14000
    )
    ProgramFactory(slug="none", tuition_total=None)
    texts = {
        s: facts.fact_texts(fetch(Program.objects.get(slug=s))) for s in ("by-residence", "none")
    }
    assert texts["by-residence"]["estimated_total"] == (
        "Not known: give your ZIP code for the tuition that applies to you"
    )
    assert texts["none"]["estimated_total"] == "Not known: the tuition total is not published"


def test_military_and_placeless_zip_codes_are_not_places(client):
    """APO/FPO ZIP codes sit at latitude 0, longitude 0 in the ZIP table: the estimate
    measured trips from the Gulf of Guinea (found by review)."""
    assert geo.lookup_zip("09001") is None  # APO, Europe
    assert geo.lookup_zip("96941") is None  # Pohnpei, no coordinates
    assert geo.lookup_zip("96960").state == "MH"  # Majuro has its coordinates
    # The directory says why, instead of calling a real ZIP code one that does not exist.
    page = client.get("/programs/", {"zip": "09001"})
    assert page.status_code == 200
    assert "That ZIP code has no location to measure from (military mail" in page.text
    assert "exists" not in geo.zip_problem("09001")
    assert geo.zip_problem("00000") == "Enter a 5-digit US ZIP code that exists, for example 43210."
    assert geo.zip_problem("43210") == ""


def test_the_estimate_says_every_reason_it_is_a_minimum(two_site_program):
    """From Honolulu with no tuition published, the caption gave only 'flights are not
    priced' (its reasons were picked in the template from the travel plan alone)."""
    honolulu = geo.lookup_zip("96813")
    Program.objects.filter(pk=two_site_program.pk).update(fees_in_tuition=True)  # fees known
    assert true_cost.burden(fetch(two_site_program), honolulu).minimum_because == (
        "flights are not priced"
    )
    assert true_cost.burden(fetch(two_site_program), COLUMBUS).minimum_because == ""
    Program.objects.filter(pk=two_site_program.pk).update(
        tuition_total=None, tuition_in_state=None, tuition_out_of_state=None
    )
    assert true_cost.burden(fetch(two_site_program), honolulu).minimum_because == (
        "flights are not priced, and some terms are not published"
    )
    assert true_cost.burden(fetch(two_site_program), COLUMBUS).minimum_because == (
        "some terms are not published"
    )


def test_without_a_zip_a_program_with_no_campus_trips_counts_no_travel(client):
    """A program whose labs are all at the student's workplace asked for a ZIP code to
    estimate its driving, lodging and meals, and its total said "at least"; no ZIP changes
    them. A program with a campus session still asks."""
    from programs.choices import LabLocation

    workplace = LabSessionFactory(
        program__slug="workplace-labs",
        program__tuition_total=9000,
        program__fees_total=500,
        location=LabLocation.WORKPLACE,
        sites=[],
    ).program
    campus = LabSessionFactory(
        program__slug="campus-labs", program__tuition_total=9000, program__fees_total=500
    ).program
    local = LabSessionFactory(program__slug="local-labs", local_alternative=True).program
    away = true_cost.burden(fetch(workplace), None).estimate
    assert [(t.key, t.amount, t.basis) for t in away.terms[2:]] == [
        ("driving", 0, "No trips: labs at your workplace or a lab you arrange"),
        ("lodging", 0, "No trips: labs at your workplace or a lab you arrange"),
        ("meals", 0, "No trips: labs at your workplace or a lab you arrange"),
    ]
    assert (away.total, away.at_least) == (9500, False)
    # The same words as with a ZIP code (the cost line).
    assert true_cost.burden(fetch(workplace), COLUMBUS).cost_line == away.terms[2].basis
    nearby = true_cost.burden(fetch(local), None).estimate.terms[2]
    assert (nearby.amount, nearby.basis) == (0, true_cost.burden(fetch(local), COLUMBUS).cost_line)
    assert nearby.basis.startswith("No trips counted: the program lets you do its campus labs")
    assert true_cost.burden(fetch(ProgramFactory()), None).estimate.terms[2].basis == (
        "No campus trips"
    )
    near = true_cost.burden(fetch(campus), None).estimate
    assert {t.basis for t in near.terms[2:]} == {"Give your ZIP code to estimate"}
    assert near.at_least is True
    page = client.get("/programs/workplace-labs/").text
    assert "Give your ZIP code to estimate" not in page
    assert "Give your ZIP code to estimate" in client.get("/programs/campus-labs/").text


def test_the_api_gives_no_total_when_nothing_is_known(client):
    """The API gave estimated_total 0 for a program that publishes no tuition: a $0
    program, to a script reading it."""
    ProgramFactory(slug="unpriced", tuition_total=None)
    ProgramFactory(slug="priced", tuition_total=9000)
    rows = {r["slug"]: r for r in client.get("/api/programs/", {"zip": "43210"}).json()["results"]}
    assert rows["unpriced"]["true_cost"]["estimated_total"] is None
    assert rows["priced"]["true_cost"]["estimated_total"] == 9000


def test_without_a_zip_the_page_and_api_say_why_no_trips_are_needed(client):
    """The page asked for a ZIP "to see how many trips … and what the travel would cost"
    right above an estimate of $0 travel; the API gave a null travel cost and no summary."""
    from programs.choices import LabLocation

    LabSessionFactory(
        program__slug="at-work", program__tuition_total=9000, location=LabLocation.WORKPLACE
    )
    page = client.get("/programs/at-work/").text
    assert "Give your ZIP code above to see how many trips" not in page
    assert '<p class="burden">No trips: labs at your workplace or a lab you arrange.</p>' in page
    data = client.get("/api/programs/at-work/").json()["true_cost"]
    assert data["summary"] == "No trips: labs at your workplace or a lab you arrange"
    assert data["estimated_travel_cost"] == 0
    # With a ZIP the estimate's rows give the same reason, not "0 straight-line miles".
    near = true_cost.burden(fetch(Program.objects.get(slug="at-work")), COLUMBUS).estimate
    assert near.term("driving").basis == "No trips: labs at your workplace or a lab you arrange"


def test_a_student_whose_residence_figure_is_not_published_is_not_asked_for_a_zip():
    """Only the out-of-state figure published, seen from an in-state ZIP: the tuition and the
    total asked for the ZIP code the student had given."""
    from programs import cost_facts

    program = fetch(
        ProgramFactory(
            tuition_total=None,
            tuition_out_of_state=15000,
            institution__state="OH",
        )
    )
    tuition = cost_facts.tuition(program, COLUMBUS)
    assert tuition == "Out-of-state $15,000: the figure for your residence is not published"
    assert cost_facts.total(program, COLUMBUS) == "Not known: the tuition total is not published"
    assert "give your ZIP code" in cost_facts.total(program, None)
