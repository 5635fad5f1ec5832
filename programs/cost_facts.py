"""The facts of programs/facts.py that the true-cost estimate works out: trips, nights
away, travel cost, tuition and the estimated total, as a reader and the CSV see them.

Each is written from the same `true_cost.Burden` the estimate on the program page shows, so
the card, compare, a shared list, the CSV and the API never disagree with that page.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from core import formatting

from . import estimate, true_cost
from .models import Program

# The student's own figures (true_cost.Options) for the facts worked out from the burden,
# set through `using` by compare_rows and fact_texts while they run (a fact's text takes the
# program and the origin only).
_OPTIONS: ContextVar["true_cost.Options | None"] = ContextVar("fact_options", default=None)


def burden(program: Program, origin) -> "true_cost.Burden":
    return true_cost.burden(program, origin, _OPTIONS.get())


def nights(program: Program, origin) -> str:
    plan = burden(program, origin).plan
    if plan is None:
        return ""
    if plan.sites_unknown and not plan.nights:
        return formatting.SITE_NOT_PUBLISHED
    return f"{'at least ' if plan.at_least and plan.nights else ''}{plan.nights}"


def travel_cost(program: Program, origin) -> str:
    result = burden(program, origin)
    if result.plan is None:
        return ""
    if result.plan.sites_unknown and not result.estimate.travel:
        return formatting.SITE_NOT_PUBLISHED
    least = "at least " if result.plan.cost_is_minimum else ""
    return f"{least}{formatting.money(result.estimate.travel)}"


def total(program: Program, origin) -> str:
    result = burden(program, origin)
    if result.estimate.total_unknown:
        if origin is None and tuition_term(program, origin).basis.endswith(
            estimate.BY_RESIDENCE_ONLY
        ):
            return formatting.TOTAL_NEEDS_ZIP  # published by residence only, and no ZIP
        return formatting.TOTAL_NOT_KNOWN
    least = "at least " if result.estimate.at_least else ""
    return f"{least}{formatting.money(result.estimate.total)}"


def tuition_term(program: Program, origin) -> "estimate.Term":
    """The estimate's tuition term; with no ZIP and no figure of the student's own, read
    straight from the published figures (the rest of the estimate needs the travel rates,
    a query a result card has no use for)."""
    options = _OPTIONS.get()
    if origin is None and (options is None or options.tuition is None):
        return estimate.tuition_term(true_cost.tuition_facts(program))
    return burden(program, origin).estimate.term("tuition")


def tuition(program: Program, origin) -> str:
    """The tuition the estimate counts for this student (for no ZIP, the figure it counts
    for everyone), with how it was worked out: the school's own total alone, a price per
    credit times the credits, or the figures by residence that a ZIP chooses between."""
    term = tuition_term(program, origin)
    if term.amount is None and term.basis == estimate.TUITION_NOT_PUBLISHED:
        return formatting.NOT_PUBLISHED
    if term.basis.startswith(estimate.WHOLE_PROGRAM):
        # The school's own total, and (without a ZIP) that residence figures exist too.
        return formatting.money(term.amount) + term.basis.removeprefix(estimate.WHOLE_PROGRAM)
    return term.in_words


def tuition_amount(program: Program, origin):
    """The dollars of `tuition` ("" when there is no figure), for the CSV."""
    amount = tuition_term(program, origin).amount
    return "" if amount is None else int(amount)


def csv_figure(key: str):
    return lambda p, o: formatting.blank(burden(p, o).as_data()[key]) if o is not None else ""


@contextmanager
def using(options):
    """Work the facts out with the student's own figures (true_cost.Options, or None for
    the defaults) for the time of the block."""
    token = _OPTIONS.set(options)
    try:
        yield
    finally:
        _OPTIONS.reset(token)
