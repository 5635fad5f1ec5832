"""The career guide: pages curators write in Markdown, and the facts those pages show.

Facts that age (salary figures, certification routes, licensing states, ...) are records of
their own, each with its source, so a curator updates a figure once and every page shows it.
A page places a block of facts with a marker paragraph such as ``[[salary-chart]]`` (see
`careers.blocks`).
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from core.dates import stale_cutoff
from programs.choices import State

from . import rendering
from .directory import directory_url, validate_directory_query


class SourceQuerySet(models.QuerySet):
    def due_for_review(self, today=None):
        """Never checked, or last checked before the site's stale cut-off (12 months)."""
        return self.filter(Q(checked_on__isnull=True) | Q(checked_on__lt=stale_cutoff(today)))


class Source(models.Model):
    """Where a fact or a page's content comes from, shown as a citation."""

    key = models.SlugField(
        max_length=60,
        unique=True,
        help_text="A short, stable name for this source, e.g. 'bls-ooh'. Not shown to readers.",
    )
    title = models.CharField(max_length=300)
    publisher = models.CharField(
        max_length=200,
        blank=True,
        help_text="Leave empty when the source does not say who published it: the page then "
        "says so.",
    )
    url = models.URLField("URL", max_length=500, blank=True)
    year = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Year of publication; empty when the source is undated."
    )
    edition = models.CharField(
        max_length=120,
        blank=True,
        help_text="The date or edition of the figures or text, in the source's words, e.g. "
        "'May 2023 wages; 2022-32 projections' or 'as in force 2021'. Empty when not stated.",
    )
    checked_on = models.DateField(
        "last checked",
        null=True,
        blank=True,
        help_text="When a curator last read this source and confirmed the facts that cite it. "
        "Shown to readers next to each fact; sources not checked within 12 months are listed "
        "for review in the admin.",
    )
    note = models.TextField(
        blank=True,
        help_text="What readers should know about this source, e.g. that it is a secondary "
        "copy or that it is disputed.",
    )

    history = HistoricalRecords()

    objects = SourceQuerySet.as_manager()

    class Meta:
        ordering = ["publisher", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(year__isnull=True) | Q(year__gte=1900, year__lte=2100),
                name="source_year_plausible",
            ),
        ]

    def __str__(self):
        return self.citation

    @property
    def citation(self) -> str:
        """e.g. 'U.S. Bureau of Labor Statistics, Occupational Outlook Handbook (2024)'."""
        publisher = self.publisher or "Publisher not named"
        year = self.year or "undated"
        return f"{publisher}, {self.title} ({year})"

    @property
    def is_traceable(self) -> bool:
        """A source a reader could find and check: it names its publisher and has an address."""
        return bool(self.publisher and self.url)

    @property
    def is_due_for_review(self) -> bool:
        return self.checked_on is None or self.checked_on < stale_cutoff()


# /careers/<slug>/ addresses the guide already uses for something else.
RESERVED_SLUGS = {"eligibility"}


class PageQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def visible_to(self, user):
        """Published pages for the public; every page for staff (preview)."""
        if user is not None and user.is_active and user.is_staff:
            return self
        return self.published()


class Page(models.Model):
    title = models.CharField(max_length=200)
    slug = models.SlugField(
        max_length=100,
        unique=True,
        help_text="Appears in links from other pages and the directory: change it only to fix "
        "a mistake.",
    )
    summary = models.CharField(
        max_length=300,
        help_text="One or two sentences: shown in the guide's index, search results and link "
        "previews.",
    )
    body = models.TextField(
        help_text=rendering.BODY_HELP,
    )
    body_html = models.TextField(editable=False, default="")
    toc = models.JSONField(
        "table of contents", editable=False, default=list, help_text="Built from the headings."
    )
    order = models.PositiveSmallIntegerField(
        default=100, help_text="Position in the guide's reading order (lowest first)."
    )
    is_published = models.BooleanField(
        "published", default=False, help_text="Drafts are visible only to staff, as a preview."
    )
    updated_on = models.DateField(
        "content updated",
        default=timezone.localdate,
        help_text="The date readers see as 'Updated'. Change it when the content changes.",
    )

    # The rendered HTML and contents are rebuilt from the body on save.
    history = HistoricalRecords(excluded_fields=["body_html", "toc"])

    objects = PageQuerySet.as_manager()

    class Meta:
        ordering = ["order", "title"]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        # Rendered and sanitised once, here; the pages show the stored HTML.
        rendered = rendering.render(self.body)
        self.body_html, self.toc = rendered.html, rendered.toc
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "body" in update_fields:
            kwargs["update_fields"] = {*update_fields, "body_html", "toc"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("careers:page", kwargs={"slug": self.slug})

    def clean(self):
        if self.slug in RESERVED_SLUGS:
            raise ValidationError({"slug": f"'{self.slug}' is taken by another guide address."})
        try:
            rendering.render(self.body)
        except rendering.MarkdownError as error:
            raise ValidationError({"body": str(error)}) from error

    @property
    def blocks(self) -> list[str]:
        """The names of the fact blocks this page shows, in order."""
        return rendering.block_names(self.body_html)


class PageSource(models.Model):
    """A source cited by a page; its position gives the citation number ([^1], [^2], ...)."""

    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="page_sources")
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="page_sources")
    order = models.PositiveSmallIntegerField(default=1)

    history = HistoricalRecords()

    class Meta:
        ordering = ["page", "order", "pk"]
        verbose_name = "source cited"
        verbose_name_plural = "sources cited (numbered in this order)"
        constraints = [
            models.UniqueConstraint(fields=["page", "source"], name="pagesource_unique"),
        ]

    def __str__(self):
        return f"{self.page}: {self.source}"


class SalaryFigure(models.Model):
    class Kind(models.TextChoices):
        MEDIAN = "median", "Median"
        LOW = "low", "Lowest"
        HIGH = "high", "Highest"
        PERCENTILE = "percentile", "Percentile"

    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="salary_figures")
    year = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="The year the figure describes; empty when undated."
    )
    period = models.CharField(
        max_length=40,
        blank=True,
        help_text="A more exact period when the source gives one, e.g. 'May 2023'.",
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    percentile = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Only for kind 'Percentile', e.g. 10 or 90."
    )
    amount = models.PositiveIntegerField(help_text="US dollars a year.")
    scope = models.CharField(
        max_length=200,
        help_text="Whom the figure covers, in the source's terms, e.g. 'technologists and "
        "technicians combined'.",
    )
    label = models.CharField(
        max_length=80,
        help_text="Short name of the source for the chart, e.g. 'BLS' or 'The article'.",
    )
    order = models.PositiveSmallIntegerField(default=100)

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="salaryfigure_amount_positive"),
            models.CheckConstraint(
                condition=(
                    Q(kind="percentile")
                    & Q(percentile__isnull=False)
                    & Q(percentile__gte=1)
                    & Q(percentile__lte=99)
                )
                | (~Q(kind="percentile") & Q(percentile__isnull=True)),
                name="salaryfigure_percentile_iff_kind",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["median", "low", "high", "percentile"]),
                name="salaryfigure_kind_valid",
            ),
            models.UniqueConstraint(
                "source",
                "kind",
                Coalesce("percentile", 0),
                "scope",
                name="salaryfigure_unique_per_source",
                violation_error_message="This source already has that figure for that scope.",
            ),
        ]

    def __str__(self):
        return f"{self.label} {self.kind_label}: ${self.amount:,} ({self.when})"

    def clean(self):
        if self.kind == self.Kind.PERCENTILE and not self.percentile:
            raise ValidationError({"percentile": "Give the percentile, from 1 to 99."})
        if self.kind != self.Kind.PERCENTILE and self.percentile:
            raise ValidationError({"percentile": "Leave empty unless the kind is 'Percentile'."})

    @property
    def kind_label(self) -> str:
        if self.kind == self.Kind.PERCENTILE:
            return f"{self.percentile}th percentile"
        return self.get_kind_display().lower()

    @property
    def when(self) -> str:
        return self.period or (str(self.year) if self.year else "undated")


class Duty(models.Model):
    """Something an MLT does on an ordinary day."""

    title = models.CharField(max_length=120, unique=True)
    description = models.TextField(help_text="What it means, for someone new to the job.")
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="duties")
    order = models.PositiveSmallIntegerField(default=100)

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "title"]
        verbose_name_plural = "duties"

    def __str__(self):
        return self.title


class WorkSetting(models.Model):
    name = models.CharField(max_length=120, unique=True)
    description = models.TextField(help_text="What the work is like there.")
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="work_settings")
    order = models.PositiveSmallIntegerField(default=100)

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


class SpecialtyArea(models.Model):
    name = models.CharField(max_length=120, unique=True)
    description = models.TextField(help_text="What the specialty is.")
    credential = models.CharField(
        max_length=300,
        blank=True,
        help_text="The credential it leads to, e.g. 'Technologist in Blood Banking, BB(ASCP)'. "
        "Leave empty when no source confirms one: the page then says so.",
    )
    credential_note = models.CharField(max_length=300, blank=True)
    source = models.ForeignKey(
        Source,
        on_delete=models.PROTECT,
        related_name="specialty_areas",
        help_text="Where the credential comes from.",
    )
    order = models.PositiveSmallIntegerField(default=100)

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


class CertifyingBody(models.TextChoices):
    ASCP = "ascp", "ASCP Board of Certification"
    AMT = "amt", "American Medical Technologists (AMT)"
    AAB = "aab", "AAB Board of Registry (American Association of Bioanalysts)"


class CertificationRoute(models.Model):
    """One way to qualify for an MLT certification exam, as the certifying body states it."""

    key = models.SlugField(
        max_length=40,
        unique=True,
        help_text="Matches a route in careers/eligibility.py, e.g. 'ascp-1'.",
    )
    body = models.CharField("certifying body", max_length=10, choices=CertifyingBody.choices)
    credential = models.CharField(max_length=40, help_text="e.g. MLT(ASCP)")
    name = models.CharField(max_length=80, help_text="e.g. Route 1")
    education = models.TextField(help_text="The academic requirement, in plain words.")
    training = models.TextField(help_text="The training or experience requirement.")
    is_open = models.BooleanField(default=True, help_text="Untick for a discontinued route.")
    note = models.TextField(blank=True, help_text="Caveats, e.g. what is unconfirmed.")
    source = models.ForeignKey(
        Source, on_delete=models.PROTECT, related_name="certification_routes"
    )
    order = models.PositiveSmallIntegerField(default=100)

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(body__in=CertifyingBody.values), name="certroute_body_valid"
            ),
        ]

    def __str__(self):
        return f"{self.credential} {self.name}"


class LicensingState(models.Model):
    """A state (or territory) that licenses clinical laboratory personnel, or once did."""

    class Confidence(models.TextChoices):
        CONFIRMED = "confirmed", "Confirmed"
        DISPUTED = "disputed", "Disputed"
        # Kept on the list, marked, because older lists still name the state.
        REPEALED = "repealed", "Not licensing: repealed"

    state = models.CharField(max_length=2, choices=State.choices, unique=True)
    confidence = models.CharField(
        max_length=10, choices=Confidence.choices, default=Confidence.CONFIRMED
    )
    note = models.TextField(
        blank=True, help_text="What readers should know, e.g. why the listing is disputed."
    )
    source = models.ForeignKey(
        Source, on_delete=models.PROTECT, related_name="licensing_states", null=True, blank=True
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["state"]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=State.values), name="licensingstate_state_valid"
            ),
            models.CheckConstraint(
                condition=Q(confidence__in=["confirmed", "disputed", "repealed"]),
                name="licensingstate_confidence_valid",
            ),
        ]

    def __str__(self):
        suffix = {
            self.Confidence.DISPUTED: " (disputed)",
            self.Confidence.REPEALED: " (not licensing: repealed)",
        }.get(self.confidence, "")
        return f"{self.get_state_display()}{suffix}"

    def get_absolute_url(self):
        return reverse("careers:page", kwargs={"slug": "certification-and-licensure"}) + (
            "#licensing-states"
        )

    @property
    def is_disputed(self) -> bool:
        return self.confidence == self.Confidence.DISPUTED

    @property
    def is_repealed(self) -> bool:
        return self.confidence == self.Confidence.REPEALED


class ChecklistItem(models.Model):
    """A question to ask of an online program, with a link to the matching directory filter."""

    question = models.CharField(max_length=200, unique=True)
    explanation = models.TextField()
    link_text = models.CharField(max_length=120, help_text="e.g. 'Show accredited programs'")
    directory_query = models.CharField(
        max_length=300,
        validators=[validate_directory_query],
        help_text="The directory filter, as a query string, e.g. "
        "'accreditation=initial&accreditation=continuing'.",
    )
    order = models.PositiveSmallIntegerField(default=100)

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "question"]

    def __str__(self):
        return self.question

    @property
    def directory_url(self) -> str:
        return directory_url(self.directory_query)


class SelfCheckStatement(models.Model):
    """A statement for the 'Is this career for you?' self-check."""

    statement = models.CharField(max_length=200, unique=True, help_text="e.g. 'I enjoy science'")
    hint = models.CharField(max_length=300, blank=True)
    if_not = models.TextField(
        help_text="What it means for you if this does not describe you: honest, not a pitch."
    )
    order = models.PositiveSmallIntegerField(default=100)

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "statement"]

    def __str__(self):
        return self.statement

    @property
    def field_name(self) -> str:
        return f"s{self.pk}"
