"""The cost estimate, checked against hand calculations."""

from decimal import Decimal

import pytest

from programs import estimate, travel
from programs.estimate import Rates, TuitionFacts
from programs.travel import Requirement, SiteOption

HOME = (40.0, -83.0)
NORTH = SiteOption("North campus", 41.0, -83.0)  # 69.09 miles away
SOUTH = SiteOption("South campus", 38.0, -83.0)  # 138.19 miles away


def weekend_labs_plan(**kwargs):
    # 4 trips of 2 days to North: 552.75 straight-line miles, 8 nights, 8 days away overnight.
    return travel.plan_travel([Requirement("Weekend labs", 2, 4, (SOUTH, NORTH))], *HOME, **kwargs)


FACTS = TuitionFacts(
    total=12000, in_state=9000, out_of_state=15000, fees=450, institution_state="OH", year="2025-26"
)


def test_travel_terms_by_hand():
    result = estimate.estimate(FACTS, weekend_labs_plan(), student_state="OH")
    driving, lodging, meals = (result.term(k) for k in ("driving", "lodging", "meals"))
    assert driving.amount == Decimal("401")  # 553 miles x $0.725 = $400.93
    assert lodging.amount == Decimal("880")  # 8 nights x $110
    assert meals.amount == Decimal("544")  # 8 days x $68
    assert result.travel == Decimal("1825")
    assert driving.basis == "553 straight-line miles x $0.725 per mile"
    assert "IRS" in driving.source and "2026" in driving.source
    assert "GSA" in lodging.source and "fiscal year 2026" in lodging.source


def test_total_is_tuition_plus_fees_plus_travel():
    result = estimate.estimate(FACTS, weekend_labs_plan(), student_state="OH")
    assert result.term("tuition").amount == 9000
    assert result.term("tuition").basis == "In-state total"
    assert result.term("fees").amount == 450
    assert result.total == Decimal(9000 + 450 + 1825)
    assert result.at_least is False


def test_out_of_state_student_pays_the_out_of_state_figure():
    result = estimate.estimate(FACTS, None, student_state="KY")
    assert result.term("tuition").amount == 15000
    assert result.term("tuition").basis == "Out-of-state total"


def test_without_a_state_the_whole_program_figure_is_used_and_says_why():
    term = estimate.tuition_term(FACTS)
    assert term.amount == 12000
    assert "give your ZIP code for the in-state or out-of-state figure" in term.basis


def test_figures_by_residence_only_are_shown_and_need_the_students_state():
    """A school that publishes in-state and out-of-state figures but no single one: without
    the student's state the page gave 'Not published'."""
    facts = TuitionFacts(in_state=9000, out_of_state=15000, institution_state="OH")
    term = estimate.tuition_term(facts)
    assert term.amount is None
    assert term.basis == (
        "In-state $9,000, out-of-state $15,000: give your ZIP code for the one that applies to you"
    )
    assert estimate.tuition_term(facts, "KY").amount == 15000


def test_per_credit_times_credits():
    facts = TuitionFacts(per_credit=185, credits=68, institution_state="UT")
    term = estimate.tuition_term(facts, "UT")
    assert term.amount == 185 * 68
    assert term.basis == "$185 per credit x 68 credits"


def test_nothing_published_makes_the_total_a_floor():
    result = estimate.estimate(TuitionFacts(), weekend_labs_plan())
    assert result.term("tuition").amount is None
    assert result.term("fees").amount is None
    assert result.total == Decimal("1825")
    assert result.at_least is True


def test_without_a_zip_travel_is_unknown():
    result = estimate.estimate(FACTS, None, student_state="OH")
    assert result.term("driving").amount is None
    assert result.travel == 0 and result.at_least is True


def test_the_student_replaces_any_term():
    rates = Rates.defaults().with_amounts(mileage=Decimal("0.20"), lodging=Decimal("0"), meals=None)
    result = estimate.estimate(
        FACTS, weekend_labs_plan(), rates, "OH", tuition=Decimal("5000"), fees=Decimal("0")
    )
    assert result.term("driving").amount == Decimal("111")  # 553 x $0.20 = $110.60
    assert result.term("driving").yours is True
    assert result.term("lodging").amount == 0 and result.term("lodging").yours
    assert result.term("meals").amount == 544 and not result.term("meals").yours
    assert result.term("tuition").amount == 5000 and result.term("tuition").yours
    assert result.total == Decimal(5000 + 0 + 111 + 0 + 544)


def test_unknown_days_make_the_travel_terms_at_least():
    plan = travel.plan_travel([Requirement("Labs", None, 2, (NORTH,))], *HOME)
    result = estimate.estimate(FACTS, plan, student_state="OH")
    assert result.term("lodging").basis.startswith("at least 2 nights")
    assert result.at_least is True


def test_workplace_labs_cost_nothing_to_reach():
    plan = travel.plan_travel([Requirement("Labs", 5, 10, (), at_workplace=True)], *HOME)
    result = estimate.estimate(FACTS, plan, student_state="OH")
    assert result.travel == 0
    assert result.at_least is False


@pytest.mark.parametrize(
    ("value", "amount"),
    [
        ("1,200", Decimal("1200")),
        ("$0.70", Decimal("0.70")),
        (" 68 ", Decimal("68")),
        ("0", Decimal("0")),
        ("", None),
        (None, None),
        ("-5", None),
        ("abc", None),
        ("NaN", None),
        ("Infinity", None),
        ("1e400", None),
        ("99999999", None),
    ],
)
def test_parse_amount(value, amount):
    assert estimate.parse_amount(value) == amount


# Fees: the program's published fees, by their basis.


def test_fees_per_credit_times_credits():
    facts = TuitionFacts(per_credit=150, credits=64, fees_per_credit=Decimal("10.00"))
    result = estimate.estimate(facts, None)
    fees = result.term("fees")
    assert fees.amount == Decimal(640)
    assert fees.basis == "$10 per credit x 64 credits"
    assert fees.in_words == "$640 ($10 per credit x 64 credits)"
    assert result.total == Decimal(150 * 64 + 640)


def test_fees_per_credit_without_credits_are_left_out_and_the_total_says_at_least():
    facts = TuitionFacts(total=9000, fees_per_credit=Decimal("10"))
    result = estimate.estimate(facts, weekend_labs_plan())
    assert result.term("fees").amount is None
    assert "number of credits is not published" in result.term("fees").basis
    assert result.at_least is True
    assert result.total == Decimal(9000) + result.travel


def test_fees_included_in_tuition_add_nothing_and_leave_the_total_exact():
    facts = TuitionFacts(total=11771, fees_in_tuition=True)
    result = estimate.estimate(facts, weekend_labs_plan())
    fees = result.term("fees")
    assert fees.amount == 0
    assert fees.in_words == "Included in the tuition figure"
    assert result.at_least is False
    assert result.total == Decimal(11771) + result.travel


def test_fees_not_published_say_so_and_the_total_is_a_minimum():
    result = estimate.estimate(TuitionFacts(total=9000), weekend_labs_plan())
    assert result.term("fees").amount is None
    assert result.term("fees").in_words == "Not published by the school"
    assert result.at_least is True


def test_the_students_own_fees_replace_the_published_ones():
    facts = TuitionFacts(total=9000, fees_in_tuition=True)
    result = estimate.estimate(facts, None, fees=Decimal(300))
    assert result.term("fees").amount == 300 and result.term("fees").yours
    assert result.total == Decimal(9300)


def test_a_price_per_credit_without_the_credits_is_shown_but_not_added():
    result = estimate.estimate(TuitionFacts(per_credit=150), None)
    tuition = result.term("tuition")
    assert tuition.amount is None and result.at_least
    assert tuition.basis == "$150 per credit; the number of credits is not published"


def test_a_tuition_not_published_names_no_source():
    """The program page's estimate read 'Tuition: Not published', sourced to 'Program's
    published figure, as checked ...' (SUNY Broome's online option): there is no figure to
    source, as for fees not published."""
    term = estimate.tuition_term(TuitionFacts(year="as checked 1 Dec 2026", source_url="https://x"))
    assert (term.amount, term.basis) == (None, estimate.TUITION_NOT_PUBLISHED)
    assert (term.source, term.source_url) == ("", "")
