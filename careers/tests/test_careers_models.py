"""Careers models: constraints that must hold, the demo loader, the admin, directory links."""

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.urls import reverse

from careers import demo
from careers.directory import directory_problems, directory_url
from careers.eligibility import ROUTES
from careers.models import (
    CertificationRoute,
    ChecklistItem,
    Duty,
    LicensingState,
    Page,
    PageSource,
    SalaryFigure,
    SelfCheckStatement,
    Source,
    SpecialtyArea,
    WorkSetting,
)
from careers.tests.factories import (
    LicensingStateFactory,
    PageFactory,
    PageSourceFactory,
    SalaryFigureFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db

FACT_MODELS = [
    Source,
    Page,
    PageSource,
    SalaryFigure,
    Duty,
    WorkSetting,
    SpecialtyArea,
    CertificationRoute,
    LicensingState,
    ChecklistItem,
    SelfCheckStatement,
]


def breaks(**kwargs):
    with pytest.raises(IntegrityError), transaction.atomic():
        SalaryFigureFactory(**kwargs)


def test_salary_figure_constraints():
    breaks(amount=0)
    breaks(kind=SalaryFigure.Kind.PERCENTILE, percentile=None)
    breaks(kind=SalaryFigure.Kind.PERCENTILE, percentile=100)
    breaks(kind=SalaryFigure.Kind.MEDIAN, percentile=50)
    breaks(kind="average")
    assert SalaryFigureFactory(kind=SalaryFigure.Kind.PERCENTILE, percentile=90).kind_label == (
        "90th percentile"
    )


def test_one_figure_per_source_kind_and_scope_even_without_a_percentile():
    figure = SalaryFigureFactory(scope="technicians")
    with pytest.raises(IntegrityError), transaction.atomic():
        SalaryFigureFactory(source=figure.source, scope="technicians")
    SalaryFigureFactory(source=figure.source, scope="technologists")  # another scope is fine


def test_salary_figure_clean_explains_the_percentile_rule():
    figure = SalaryFigureFactory.build(
        source=SourceFactory(), kind=SalaryFigure.Kind.PERCENTILE, percentile=None
    )
    with pytest.raises(ValidationError) as error:
        figure.full_clean()
    assert "percentile" in error.value.message_dict


def test_licensing_state_is_unique_and_must_be_a_real_state():
    LicensingStateFactory(state="CA")
    with pytest.raises(IntegrityError), transaction.atomic():
        LicensingStateFactory(state="CA")
    with pytest.raises(IntegrityError), transaction.atomic():
        LicensingStateFactory(state="XX")
    with pytest.raises(IntegrityError), transaction.atomic():
        LicensingStateFactory(state="NY", confidence="probably")


def test_source_year_must_be_plausible_and_citation_says_what_is_missing():
    with pytest.raises(IntegrityError), transaction.atomic():
        SourceFactory(year=20231)
    assert SourceFactory(publisher="", year=None, title="An article").citation == (
        "Publisher not named, An article (undated)"
    )


def test_page_queryset_published_and_visible_to():
    published = PageFactory()
    draft = PageFactory(is_published=False)
    assert list(Page.objects.published()) == [published]
    staff = type("U", (), {"is_active": True, "is_staff": True})()
    public = type("U", (), {"is_active": True, "is_staff": False})()
    assert set(Page.objects.visible_to(staff)) == {published, draft}
    assert list(Page.objects.visible_to(public)) == [published]
    assert list(Page.objects.visible_to(None)) == [published]
    assert published.get_absolute_url() == f"/careers/{published.slug}/"
    assert str(published) == published.title


def test_page_source_is_unique_per_page():
    item = PageSourceFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        PageSource.objects.create(page=item.page, source=item.source, order=2)


# --- demo data --------------------------------------------------------------------------------


def test_loader_seeds_every_fact_and_loading_twice_changes_nothing():
    first = demo.load()
    assert first.changed
    counts = {model: model.objects.count() for model in FACT_MODELS}
    assert counts[Page] == 8 and counts[Duty] == 6 and counts[WorkSetting] == 6
    assert counts[SpecialtyArea] == 8 and counts[LicensingState] == 13
    assert counts[SalaryFigure] == 4
    html = list(Page.objects.order_by("pk").values_list("body_html", "updated_on"))
    second = demo.load()
    assert not second.changed
    assert str(second) == "Guide content already loaded: nothing changed."
    assert {model: model.objects.count() for model in FACT_MODELS} == counts
    assert list(Page.objects.order_by("pk").values_list("body_html", "updated_on")) == html


def test_loader_restores_an_edited_fact():
    demo.load()
    SalaryFigure.objects.filter(label="BLS").update(amount=1)
    report = demo.load()
    assert report.updated == {"salary figures": 1}
    assert SalaryFigure.objects.get(label="BLS").amount == 60780


def test_loader_restoring_a_pages_sources_bumps_the_generation():
    """A page's source list is restored with bulk_create (no signal) onto a page that has
    none, so nothing else is saved: the loader bumps the generation itself, or the cached
    guide page would keep showing no sources."""
    from programs import generation

    demo.load()
    page = Page.objects.filter(page_sources__isnull=False).first()
    page.page_sources.all().delete()
    before = generation.current()
    report = demo.load()
    assert report.updated == {"page source lists": 1}
    assert generation.current() > before


def test_load_demo_data_command_seeds_the_guide_too(capsys):
    call_command("load_demo_data")
    assert Page.objects.published().count() == 8
    capsys.readouterr()
    call_command("load_demo_data")
    out = capsys.readouterr().out
    assert "Guide content already loaded: nothing changed." in out


def test_every_rule_route_has_a_seeded_description():
    demo.load()
    assert set(CertificationRoute.objects.values_list("key", flat=True)) == {
        route.key for route in ROUTES
    }
    for route in ROUTES:
        record = CertificationRoute.objects.get(key=route.key)
        assert record.is_open == route.is_open
        assert record.credential == route.credential


def test_every_seeded_figure_and_fact_has_a_source():
    demo.load()
    for model in (SalaryFigure, Duty, WorkSetting, SpecialtyArea, CertificationRoute):
        assert not model.objects.filter(source__isnull=True).exists()
    assert not LicensingState.objects.filter(source__isnull=True).exists()
    for page in Page.objects.all():
        assert page.page_sources.exists(), page.slug


# --- directory links ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        "q=phlebotomy",
        "state=CA&state=NY",
        "credential=aas",
        "accreditation=initial&accreditation=continuing",
        "agency=naacls",
        "delivery=online_live",
        "certification=amt",
        "clinical=must_be_employed",
        "max_tuition=10000&max_months=24",
        "lab=none",
        "lab=4",
        "zip=43210&radius=100&sort=distance",
        "enrolls=PR",
        "sort=recently_verified",
        # Repeatable like every choice filter of the directory (this was refused once).
        "credential=aas&credential=as",
        "delivery=online&delivery=hybrid&agency=naacls&agency=none",
    ],
)
def test_directory_accepts_the_filters_it_documents(query):
    assert directory_problems(query) == []


@pytest.mark.parametrize(
    "query",
    [
        "",
        "colour=blue",
        "credential=bachelor",
        "state=ZZ",
        "lab=some",
        "zip=123",
        "sort=cheapest",
        "max_tuition=-5",
        "accreditation",
    ],
)
def test_directory_refuses_what_it_does_not_know(query):
    assert directory_problems(query)


def test_directory_url_and_checklist_validation():
    assert directory_url({"accreditation": ["initial", "continuing"]}) == (
        reverse("programs:list") + "?accreditation=initial&accreditation=continuing"
    )
    item = ChecklistItem(
        question="Q?", explanation="E.", link_text="Link", directory_query="lab=sometimes"
    )
    with pytest.raises(ValidationError) as error:
        item.full_clean()
    assert "directory_query" in error.value.message_dict


# --- admin -------------------------------------------------------------------------------------


@pytest.mark.parametrize("model", FACT_MODELS, ids=lambda m: m.__name__)
def test_admin_changelist_and_forms_load(admin_client, model):
    demo.load()
    info = (model._meta.app_label, model._meta.model_name)
    if model is PageSource:
        # Edited inline on the page, not on its own.
        assert admin_client.get(f"/admin/{info[0]}/{info[1]}/").status_code == 404
        return
    obj = model.objects.first()
    response = admin_client.get(reverse("admin:{}_{}_changelist".format(*info)))
    assert response.status_code == 200
    assert str(obj) in response.content.decode() or model is Page
    assert (
        admin_client.get(reverse("admin:{}_{}_change".format(*info), args=[obj.pk])).status_code
        == 200
    )
    assert admin_client.get(reverse("admin:{}_{}_add".format(*info))).status_code == 200
    assert (
        admin_client.get(reverse("admin:{}_{}_changelist".format(*info)), {"q": "a"}).status_code
        == 200
    )


def test_page_admin_shows_a_rendered_preview_and_source_inline(admin_client):
    demo.load()
    page = Page.objects.get(slug="salary")
    text = admin_client.get(reverse("admin:careers_page_change", args=[page.pk])).text
    assert '<div class="careers-preview">' in text
    assert '<h2 id="what-the-bls-figure-covers">What the BLS figure covers</h2>' in text
    assert "sources cited (numbered in this order)" in text.lower()
    assert "[[licensing-states]]" in text  # the list of blocks a curator can place
    assert 'id="id_slug"' in text


def test_page_admin_publish_actions(admin_client):
    draft = PageFactory(is_published=False)
    admin_client.post(
        reverse("admin:careers_page_changelist"),
        {"action": "publish", "_selected_action": [draft.pk]},
    )
    draft.refresh_from_db()
    assert draft.is_published
    admin_client.post(
        reverse("admin:careers_page_changelist"),
        {"action": "unpublish", "_selected_action": [draft.pk]},
    )
    draft.refresh_from_db()
    assert not draft.is_published


def test_saving_a_page_in_the_admin_sanitises_it(admin_client):
    response = admin_client.post(
        reverse("admin:careers_page_add"),
        {
            "title": "New page",
            "slug": "new-page",
            "summary": "Summary.",
            "body": '## Hello\n\n<script>alert(1)</script><a href="javascript:x()">x</a>',
            "order": 5,
            "is_published": "on",
            "updated_on": "2026-01-02",
            "page_sources-TOTAL_FORMS": 0,
            "page_sources-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    page = Page.objects.get(slug="new-page")
    assert "<script" not in page.body_html and "javascript:" not in page.body_html
    assert page.toc == [{"id": "hello", "title": "Hello", "level": 2}]


def test_admin_rejects_a_body_with_an_unknown_block(admin_client):
    response = admin_client.post(
        reverse("admin:careers_page_add"),
        {
            "title": "Bad page",
            "slug": "bad-page",
            "summary": "Summary.",
            "body": "[[salary-chart-typo]]",
            "order": 5,
            "updated_on": "2026-01-02",
            "page_sources-TOTAL_FORMS": 0,
            "page_sources-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 200
    assert "Unknown block [[salary-chart-typo]]" in response.text
    assert not Page.objects.filter(slug="bad-page").exists()


def _valid_values(name, field):
    """A few values the directory accepts for `name`, read off the FilterSet's own field."""
    choices = [str(value) for value, _ in getattr(field, "choices", []) if value != ""]
    if choices:
        return choices
    if getattr(field, "openapi_enum", None):
        return list(field.openapi_enum)
    if isinstance(field, forms.IntegerField):
        return [str(field.min_value if field.min_value is not None else 1)]
    return {"q": ["hybrid Dayton"], "lab": ["none", "3"], "zip": ["43210"]}[name]


def _cases():
    from programs.filters import ProgramFilter

    form = ProgramFilter().form
    for name, field in form.fields.items():
        for value in _valid_values(name, field):
            yield f"{name}={value}"
        values = _valid_values(name, field)
        if isinstance(field, forms.MultipleChoiceField) and len(values) > 1:
            yield f"{name}={values[0]}&{name}={values[1]}"


@pytest.mark.django_db
def test_the_guide_accepts_every_query_the_directory_accepts():
    """Cases derived from ProgramFilter: whatever the directory takes without an error, a
    guide link may use; a value the directory flags, the guide refuses too."""
    from django.http import QueryDict

    from programs.filters import ProgramFilter

    cases = list(_cases())
    assert len(cases) > 80
    for query in cases:
        assert not ProgramFilter(QueryDict(query)).errors, query
        assert directory_problems(query) == [], query
    for query in ["max_months=0", "radius=0", "state=ZZ", "lab=lots", "zip=00000"]:
        assert ProgramFilter(QueryDict(query)).errors, query
        assert directory_problems(query), query


# --- freshness: every fact shows when its source was last checked (issue #11) ----------------


def test_sources_due_for_review_are_the_never_checked_and_the_older_than_a_year():
    import datetime

    today = datetime.date(2026, 12, 1)
    fresh = SourceFactory(checked_on=datetime.date(2026, 1, 1))
    edge = SourceFactory(checked_on=datetime.date(2025, 12, 1))  # exactly 12 months: still fresh
    old = SourceFactory(checked_on=datetime.date(2025, 11, 30))
    never = SourceFactory(checked_on=None)
    due = set(Source.objects.due_for_review(today))
    assert due == {old, never}
    assert fresh not in due and edge not in due


def test_the_guide_admin_lists_facts_not_checked_within_12_months(admin_client):
    import datetime

    from django.utils import timezone

    old_source = SourceFactory(checked_on=datetime.date(2020, 1, 1), title="An old survey")
    new_source = SourceFactory(checked_on=timezone.localdate(), title="A new survey")
    old = SalaryFigureFactory(source=old_source, amount=11_111)
    new = SalaryFigureFactory(source=new_source, amount=22_222)
    url = reverse("admin:careers_salaryfigure_changelist")
    due = admin_client.get(url, {"review": "due"}).text
    assert "$11,111" in due and "$22,222" not in due
    assert "Not checked within 12 months (due for review)" in due
    assert "Source last checked" in due
    current = admin_client.get(url, {"review": "current"}).text
    assert "$22,222" in current and "$11,111" not in current
    sources = admin_client.get(reverse("admin:careers_source_changelist"), {"review": "due"}).text
    assert "An old survey" in sources and "A new survey" not in sources
    assert old.pk and new.pk
    # A licensing state with no source at all is due too.
    no_source = LicensingStateFactory(state="GA", source=None)
    states = admin_client.get(
        reverse("admin:careers_licensingstate_changelist"), {"review": "due"}
    ).text
    assert "Georgia" in states and no_source.pk


def test_every_seeded_guide_source_but_the_article_was_checked_and_shows_it(client):
    demo.load()
    unchecked = set(Source.objects.filter(checked_on__isnull=True).values_list("key", flat=True))
    assert unchecked == {"mlt-article"}
    text = client.get(reverse("careers:page", kwargs={"slug": "certification-and-licensure"})).text
    assert 'Last checked <time datetime="2026-12-01">1 December 2026</time>' in text
    salary = client.get(reverse("careers:page", kwargs={"slug": "salary"})).text
    assert "Not checked: we could not trace it." in salary


def test_licensing_state_confidence_constraint_allows_repealed_only_as_named():
    LicensingStateFactory(state="RI", confidence="repealed")
    with transaction.atomic(), pytest.raises(IntegrityError):
        LicensingState.objects.filter(state="RI").update(confidence="abolished")
    assert str(LicensingState.objects.get(state="RI")) == "Rhode Island (not licensing: repealed)"
