"""factory_boy factories for the career guide's models."""

import factory

from careers.models import (
    CertificationRoute,
    CertifyingBody,
    LicensingState,
    Page,
    PageSource,
    SalaryFigure,
    Source,
)


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source

    key = factory.Sequence(lambda n: f"source-{n}")
    title = factory.Sequence(lambda n: f"A report on laboratory work, part {n}")
    publisher = "Example Bureau"
    url = "https://example.org/report"
    year = 2024


class PageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Page

    title = factory.Sequence(lambda n: f"Guide page {n}")
    slug = factory.Sequence(lambda n: f"guide-page-{n}")
    summary = "A short summary of the page."
    body = "Some text.\n\n## A heading\n\nMore text."
    order = factory.Sequence(lambda n: n * 10)
    is_published = True


class PageSourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PageSource

    page = factory.SubFactory(PageFactory)
    source = factory.SubFactory(SourceFactory)
    order = 1


class SalaryFigureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SalaryFigure

    source = factory.SubFactory(SourceFactory)
    year = 2024
    kind = SalaryFigure.Kind.MEDIAN
    amount = 50_000
    scope = factory.Sequence(lambda n: f"scope {n}")
    label = "Example"


class CertificationRouteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CertificationRoute

    key = factory.Sequence(lambda n: f"route-{n}")
    body = CertifyingBody.ASCP
    credential = "MLT(ASCP)"
    name = factory.Sequence(lambda n: f"Route {n}")
    education = "An associate degree."
    training = "An accredited program."
    source = factory.SubFactory(SourceFactory)


class LicensingStateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LicensingState

    state = "CA"
    source = factory.SubFactory(SourceFactory)
