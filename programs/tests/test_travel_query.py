"""The SQL sort keys agree with the figures the pages show (true_cost.burden)."""

import pytest

from programs import geo, travel_query, true_cost
from programs.models import Program

from .factories import LabSessionFactory, ProgramFactory, SiteFactory

pytestmark = pytest.mark.django_db

COLUMBUS = geo.lookup_zip("43210")


@pytest.fixture
def programs():
    dayton = SiteFactory(name="Dayton lab", city="Dayton", zip_code="45402")  # 64.49 mi
    cleveland = SiteFactory(name="Cleveland lab", city="Cleveland", zip_code="44113")  # 123.19
    local = SiteFactory(name="Columbus lab", city="Columbus", zip_code="43215")  # 2.55 mi
    made = {}
    # Far: 12 trips of 2 days to Dayton or Cleveland (Dayton chosen) = 24 nights.
    made["far"] = ProgramFactory(slug="far", tuition_total=6000)
    s = LabSessionFactory(program=made["far"], days=2, visits=3, total_days=24)
    s.sites.set([dayton, cleveland])
    # Near: 10 day trips in Columbus = 0 nights, but dear tuition.
    made["near"] = ProgramFactory(slug="near", tuition_total=20000)
    s = LabSessionFactory(program=made["near"], days=1, visits=10, total_days=10)
    s.sites.set([local])
    # Once: one 5-day lab week in Cleveland = 5 nights.
    made["once"] = ProgramFactory(slug="once", tuition_total=9000)
    s = LabSessionFactory(program=made["once"], days=5, visits=1, frequency="once", total_days=5)
    s.sites.set([cleveland])
    # Online only: no trips at all.
    made["online"] = ProgramFactory(slug="online", tuition_total=15000)
    return made


@pytest.fixture
def more_programs(programs):
    """Rules the first four do not reach: day trips of several days, visits published per
    term only, published fees, and no published tuition."""
    dayton = SiteFactory(name="Dayton lab 2", city="Dayton", zip_code="45402")  # 64.49 mi
    local = SiteFactory(name="Columbus lab 2", city="Columbus", zip_code="43215")  # 2.55 mi
    made = dict(programs)
    # 2 visits of 3 days in Columbus: no night, but 6 drives there and back (30.6 mi).
    made["daytrips"] = ProgramFactory(slug="daytrips", tuition_total=9500)
    s = LabSessionFactory(program=made["daytrips"], days=3, visits=2, total_days=6)
    s.sites.set([local])
    # 4 visits of 2 days each term, the number of terms not published: at least 4 trips to
    # Dayton, 8 nights.
    made["perterm"] = ProgramFactory(slug="perterm", tuition_total=5000)
    s = LabSessionFactory(
        program=made["perterm"], days=2, visits=4, frequency="per_term", total_days=None
    )
    s.sites.set([dayton])
    # Tuition 9,000 and published fees of 3,000: 12,000, dearer than "once".
    made["fees"] = ProgramFactory(slug="fees", tuition_total=9000, fees_total=3000)
    # No tuition published: nothing to rank by, however little its travel costs.
    made["unpriced"] = ProgramFactory(
        slug="unpriced", tuition_total=None, tuition_per_credit=None, tuition_note=""
    )
    return made


def annotated():
    return travel_query.with_travel(Program.objects.with_details(), COLUMBUS)


def test_nights_match_the_page(more_programs):
    rows = {p.slug: p for p in annotated()}
    for program in rows.values():
        plan = true_cost.burden(program, COLUMBUS).plan
        assert program.sort_nights_away == plan.nights, program.slug
        assert program.sort_travel_miles == pytest.approx(plan.total_miles, abs=0.5), program.slug
    assert {s: p.sort_nights_away for s, p in rows.items()} == {
        "far": 24,
        "near": 0,
        "once": 5,
        "online": 0,
        "daytrips": 0,
        "perterm": 8,
        "fees": 0,
        "unpriced": 0,
    }
    assert rows["daytrips"].sort_travel_miles == pytest.approx(6 * 2 * 2.55, abs=0.1)
    assert rows["perterm"].sort_travel_miles == pytest.approx(4 * 2 * 64.49, abs=0.1)


def test_fewest_nights_order(programs):
    order = [p.slug for p in annotated().order_by("sort_nights_away", "tuition_total")]
    assert order == ["online", "near", "once", "far"]


def test_lowest_total_order_matches_the_estimates(more_programs):
    rows = list(annotated().filter(tuition_total__isnull=False))
    by_page = sorted(rows, key=lambda p: true_cost.burden(p, COLUMBUS).estimate.total)
    by_sql = sorted(rows, key=lambda p: p.sort_estimated_total)
    assert [p.slug for p in by_sql] == [p.slug for p in by_page]
    for program in rows:
        page_total = true_cost.burden(program, COLUMBUS).estimate.total
        assert program.sort_estimated_total == pytest.approx(float(page_total), abs=1.0)
    # perterm: 5000 + 516 mi x 0.725 + 8 x 178 = 6798; daytrips: 9500 + 31 mi x 0.725 = 9522;
    # once: 9000 + 246 mi x 0.725 + 5 x 178 = 10068; far: 6000 + 1548 mi x 0.725 + 24 x
    # (110 + 68) = 11394; fees: 9000 + 3000 = 12000; online: 15000; near: 20000 + 51 mi x
    # 0.725 = 20037.
    order = ["perterm", "daytrips", "once", "far", "fees", "online", "near"]
    assert [p.slug for p in by_sql] == order
    # The directory's order: the program without published tuition comes last.
    ordered = annotated().order_by(travel_query.total_order(), "pk")
    assert [p.slug for p in ordered] == [*order, "unpriced"]


def test_without_a_zip_the_total_order_counts_fees_and_puts_unpriced_last(more_programs):
    annotated = Program.objects.annotate(
        sort_estimated_total=travel_query.published_cost_expression("")
    ).order_by(travel_query.total_order(), "pk")
    # Tuition and fees only: 5000, 6000, 9000, 9500, 9000 + 3000, 15000, 20000, none.
    assert [p.slug for p in annotated] == [
        "perterm",
        "far",
        "once",
        "daytrips",
        "fees",
        "online",
        "near",
        "unpriced",
    ]
