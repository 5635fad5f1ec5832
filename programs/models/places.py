"""Institutions and the sites where campus lab sessions happen."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from core.spreadsheet import validate_no_formula
from core.validation import validate_xml_characters

from .. import geo
from ..choices import Control, State


def validate_zip(value: str) -> None:
    if problem := geo.zip_problem(value):
        raise ValidationError(problem)


class Institution(models.Model):
    """A college or university. Curated by hand, or created from the federal College
    Scorecard data (`import_scorecard`), which also keeps the `scorecard_*` figures current.
    Empty text and NULL numbers mean the value is not known (never zero)."""

    # In every feed entry's title (XML): validate_xml_characters.
    name = models.CharField(
        max_length=200, validators=[validate_no_formula, validate_xml_characters]
    )
    slug = models.SlugField(max_length=200, unique=True)
    unitid = models.PositiveIntegerField(
        "IPEDS UNITID",
        unique=True,
        null=True,
        blank=True,
        help_text="The federal id of the institution (College Scorecard, IPEDS): how the "
        "Scorecard import finds it.",
    )
    opeid6 = models.CharField("OPE id (6 digits)", max_length=6, blank=True)
    city = models.CharField(max_length=100, blank=True, validators=[validate_no_formula])
    state = models.CharField(max_length=2, choices=State.choices, blank=True)
    zip_code = models.CharField("ZIP code", max_length=5, validators=[validate_zip], blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    website = models.URLField(max_length=300, blank=True)
    net_price_calculator_url = models.URLField("net price calculator", max_length=300, blank=True)
    accreditor = models.CharField(
        "institutional accreditor",
        max_length=200,
        blank=True,
        help_text="The agency that accredits the whole institution, e.g. a regional accreditor.",
        validators=[validate_no_formula],
    )
    control = models.CharField(max_length=20, choices=Control.choices, blank=True)
    # From the College Scorecard institution file (edition in `scorecard_edition`).
    predominant_degree = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="Scorecard PREDDEG: 1 certificate, 2 associate, 3 bachelor's.",
    )
    highest_degree = models.PositiveSmallIntegerField(null=True, blank=True)
    distance_only = models.BooleanField("offers programs only at a distance", null=True, blank=True)
    scorecard_tuition_in_state = models.PositiveIntegerField(
        "in-state tuition and fees, one year ($)", null=True, blank=True
    )
    scorecard_tuition_out_of_state = models.PositiveIntegerField(
        "out-of-state tuition and fees, one year ($)", null=True, blank=True
    )
    # Cost of attendance minus grants: below zero when grants exceed the cost.
    scorecard_net_price = models.IntegerField(
        "average net price, one year ($)", null=True, blank=True
    )
    scorecard_completion_rate = models.DecimalField(
        "completion rate (0-1, within 150% of normal time)",
        max_digits=5,
        decimal_places=4,
        null=True,
        blank=True,
    )
    scorecard_median_earnings = models.PositiveIntegerField(
        "median earnings 10 years after entry ($)", null=True, blank=True
    )
    scorecard_median_debt = models.PositiveIntegerField(
        "median debt of completers ($)", null=True, blank=True
    )
    scorecard_enrollment = models.PositiveIntegerField(
        "undergraduate enrolment", null=True, blank=True
    )
    scorecard_edition = models.CharField(
        "College Scorecard edition",
        max_length=20,
        blank=True,
        help_text="e.g. '2023-24'; empty when no figure came from the Scorecard.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=[*State.values, ""]), name="institution_state_valid"
            ),
            models.CheckConstraint(
                condition=Q(control__in=[*Control.values, ""]), name="institution_control_valid"
            ),
            models.CheckConstraint(
                condition=Q(scorecard_completion_rate__isnull=True)
                | Q(scorecard_completion_rate__gte=0, scorecard_completion_rate__lte=1),
                name="institution_completion_rate_0_1",
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__gte=-90, latitude__lte=90, longitude__gte=-180, longitude__lte=180),
                name="institution_coordinates_valid",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.location})"

    @property
    def location(self) -> str:
        """'Ogden, UT'; as much as is known, or that the location is not published."""
        return (
            ", ".join(part for part in (self.city, self.state) if part) or "location not published"
        )


class Site(models.Model):
    """A place where campus lab sessions are held. Coordinates come from the ZIP code."""

    name = models.CharField(
        max_length=200,
        help_text="e.g. 'Main campus, Health Sciences lab'",
        validators=[validate_no_formula],
    )
    institution = models.ForeignKey(
        Institution,
        on_delete=models.PROTECT,
        related_name="sites",
        null=True,
        blank=True,
        help_text="The institution that runs this site, if any (partner sites may have none).",
    )
    address = models.CharField(max_length=200, blank=True, validators=[validate_no_formula])
    city = models.CharField(max_length=100, validators=[validate_no_formula])
    state = models.CharField(max_length=2, choices=State.choices)
    zip_code = models.CharField("ZIP code", max_length=5, validators=[validate_zip])
    latitude = models.FloatField(editable=False)
    longitude = models.FloatField(editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["state", "city", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__gte=-90, latitude__lte=90), name="site_latitude_range"
            ),
            models.CheckConstraint(
                condition=Q(longitude__gte=-180, longitude__lte=180), name="site_longitude_range"
            ),
            models.CheckConstraint(condition=Q(state__in=State.values), name="site_state_valid"),
            models.UniqueConstraint(fields=["name", "zip_code"], name="site_unique_name_zip"),
        ]
        indexes = [models.Index(fields=["latitude", "longitude"], name="site_lat_lng_idx")]

    def __str__(self):
        return f"{self.name}, {self.city}, {self.state} {self.zip_code}"

    def save(self, *args, **kwargs):
        place = geo.lookup_zip(self.zip_code or "")
        if place is None:
            raise ValidationError({"zip_code": geo.zip_problem(self.zip_code or "")})
        self.zip_code = place.zip_code
        self.latitude, self.longitude = place.latitude, place.longitude
        super().save(*args, **kwargs)

    def clean(self):
        place = geo.lookup_zip(self.zip_code or "")
        if place is None:
            raise ValidationError({"zip_code": geo.zip_problem(self.zip_code or "")})
        if self.state and place.state != self.state:
            raise ValidationError(
                {"zip_code": f"ZIP code {place.zip_code} is in {place.state}, not {self.state}."}
            )

    @property
    def location(self) -> str:
        return f"{self.city}, {self.state}"

    def distance_from(self, place: geo.Place) -> float:
        return geo.haversine_miles(place.latitude, place.longitude, self.latitude, self.longitude)
