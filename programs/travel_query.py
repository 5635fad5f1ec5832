"""The travel rule of travel.py as SQL, so the directory can sort by "fewest nights away" and
"lowest estimated total" in the database (at 100,000 listings a sort in Python would read
every row).

The figures shown on pages always come from `true_cost.burden` (Python); these annotations
only order the results. They follow the same rule: per requirement the nearest site
(straight-line), trips = visits over the program (when not published, the visits of one
term, course or year, else 1), days per visit (1 when not published), nights = trips x
days and one drive a trip when the nearest site is over the threshold, else a drive each
campus day; no travel for labs at the student's workplace or a lab the student arranges.
A trip no road makes (travel.py: from Hawaii to the mainland, say) is priced here as if
driven, so such students' "lowest estimated total" still orders by distance; the page
leaves flights unpriced. The page also counts every flight as overnight; here a trip is
overnight only past the student's threshold, so a threshold raised past a flight's
distance (San Juan to Miami with 1,500 miles) counts its nights as 0 for the nights
filter and sort. The estimated total rounds differently from the page (the page
rounds driving to whole dollars once), so two programs within a dollar may swap places:
never more.
"""

from django.db.models import (
    Case,
    ExpressionWrapper,
    F,
    FloatField,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from . import geo, travel
from .choices import Frequency, LabLocation
from .estimate import Rates
from .models.sessions import ONE_PERIOD


def no_travel_condition() -> Q:
    """Requirements that need no travel: LabSession.needs_travel, in SQL."""
    return Q(location__in=LabLocation.near_student()) | Q(local_alternative=True)


def nearest_site_miles(latitude: float, longitude: float):
    """Per lab session: the straight-line miles to its nearest site (NULL without sites)."""
    from .models import Site

    return Subquery(
        Site.objects.filter(lab_sessions=OuterRef("pk"))
        .annotate(miles=geo.distance_expression(latitude, longitude, "latitude", "longitude"))
        .order_by("miles")
        .values("miles")[:1],
        output_field=FloatField(),
    )


def session_figures(latitude: float, longitude: float, overnight_miles: float):
    """Expressions per lab session: trips, days per trip, nights, round-trip miles."""
    days = Case(When(days__gt=0, then=F("days")), default=Value(1), output_field=IntegerField())
    trips = Case(
        When(
            Q(total_days__gt=0, days__gt=0),
            then=(F("total_days") + F("days") - 1) / F("days"),
        ),
        # Held once, or so many each term, course or year (one period counted).
        When(
            Q(frequency__in=[Frequency.ONCE, *ONE_PERIOD], visits__gt=0),
            then=F("visits"),
        ),
        default=Value(1),
        output_field=IntegerField(),
    )
    miles = nearest_site_miles(latitude, longitude)
    travels = ~no_travel_condition()
    overnight = travels & Q(nearest__gt=overnight_miles)
    nights = Case(When(overnight, then=trips * days), default=Value(0), output_field=IntegerField())
    # travel.Leg.drives: one drive a trip overnight, else one a campus day.
    round_trip = Case(
        When(overnight, then=2 * F("nearest") * trips),
        When(travels & Q(nearest__isnull=False), then=2 * F("nearest") * trips * days),
        default=Value(0.0),
        output_field=FloatField(),
    )
    return miles, nights, round_trip


def program_travel(latitude: float, longitude: float, overnight_miles: float):
    """Per program (OuterRef("pk")): (nights away, straight-line miles) subqueries."""
    from .models import LabSession

    miles, nights, round_trip = session_figures(latitude, longitude, overnight_miles)

    def total(expression, field):
        return Coalesce(
            Subquery(
                LabSession.objects.filter(program=OuterRef("pk"))
                .annotate(nearest=miles)
                .values("program")
                .annotate(total=Sum(expression))
                .values("total"),
                output_field=field,
            ),
            Value(0, output_field=field),
        )

    return total(nights, IntegerField()), total(round_trip, FloatField())


def with_travel(
    queryset,
    origin: geo.Place,
    overnight_miles: float = travel.DEFAULT_OVERNIGHT_MILES,
    rates: Rates | None = None,
):
    """Annotate `sort_nights_away`, `sort_travel_miles` and `sort_estimated_total` for
    sorting (named apart from the model's own `travel_miles()` and the pages' figures).
    The total is NULL where no tuition is published: sort it last (total_order)."""
    rates = rates or Rates.defaults()
    nights, miles = program_travel(origin.latitude, origin.longitude, overnight_miles)
    cost = published_cost_expression(origin.state)
    per_night = rates.lodging.amount + rates.meals.amount  # a night away has a campus day
    total = ExpressionWrapper(
        cost
        + F("sort_travel_miles") * Value(float(rates.mileage.amount))
        + F("sort_nights_away") * Value(float(per_night)),
        output_field=FloatField(),
    )
    return queryset.annotate(sort_nights_away=nights, sort_travel_miles=miles).annotate(
        sort_estimated_total=total
    )


def total_order():
    """The order of `sort_estimated_total`, lowest first: a program that publishes no
    tuition has no total to rank (its page says "at least"), so it comes after the rest."""
    return F("sort_estimated_total").asc(nulls_last=True)


def published_cost_expression(student_state: str):
    """Tuition and fees as estimate.tuition_term and estimate.fees_term count them, in SQL:
    NULL where no tuition is published; fees the school does not publish count as 0 (the
    page's total then says "at least")."""
    return tuition_expression(student_state) + fees_expression()


def fees_expression():
    """The fees term of estimate.fees_term in SQL (0 when included in the tuition figure or
    not published)."""
    return Case(
        When(fees_in_tuition=True, then=Value(0.0)),
        When(fees_total__isnull=False, then=F("fees_total") * Value(1.0)),
        When(
            Q(fees_per_credit__isnull=False, credit_hours__gt=0),
            then=F("fees_per_credit") * F("credit_hours") * Value(1.0),
        ),
        default=Value(0.0),
        output_field=FloatField(),
    )


def tuition_expression(student_state: str):
    """The tuition term of estimate.tuition_term in SQL (NULL where nothing is published)."""
    whens = []
    if student_state:
        whens += [
            When(
                Q(institution__state=student_state, tuition_in_state__isnull=False),
                then=F("tuition_in_state") * Value(1.0),
            ),
            When(
                Q(tuition_out_of_state__isnull=False) & ~Q(institution__state=student_state),
                then=F("tuition_out_of_state") * Value(1.0),
            ),
        ]
    whens += [
        When(
            Q(tuition_per_credit__isnull=False, credit_hours__gt=0),
            then=F("tuition_per_credit") * F("credit_hours") * Value(1.0),
        ),
        When(tuition_total__isnull=False, then=F("tuition_total") * Value(1.0)),
    ]
    return Case(*whens, default=Value(None), output_field=FloatField())
