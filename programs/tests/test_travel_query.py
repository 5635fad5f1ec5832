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


def annotated():
    return travel_query.with_travel(Program.objects.with_details(), COLUMBUS)


def test_nights_match_the_page(programs):
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
    }


def test_fewest_nights_order(programs):
    order = [p.slug for p in annotated().order_by("sort_nights_away", "tuition_total")]
    assert order == ["online", "near", "once", "far"]


def test_lowest_total_order_matches_the_estimates(programs):
    rows = list(annotated())
    by_page = sorted(rows, key=lambda p: true_cost.burden(p, COLUMBUS).estimate.total)
    by_sql = sorted(rows, key=lambda p: p.sort_estimated_total)
    assert [p.slug for p in by_sql] == [p.slug for p in by_page]
    for program in rows:
        page_total = true_cost.burden(program, COLUMBUS).estimate.total
        assert program.sort_estimated_total == pytest.approx(float(page_total), abs=1.0)
    # far: 6000 + 1548 mi x 0.725 + 24 x (110 + 68) = 12394; once: 9000 + 246 mi x 0.725 +
    # 5 x 178 = 10068; online: 15000; near: 20000 + 51 mi x 0.725 = 20037.
    assert [p.slug for p in by_sql] == ["once", "far", "online", "near"]
