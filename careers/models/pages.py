"""Sources and the guide pages that cite them."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from core.dates import stale_cutoff

from .. import rendering


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
