import datetime

import factory
from django.contrib.auth import get_user_model

from programs.choices import (
    AccreditationStatus,
    Agency,
    ClinicalArrangement,
    Control,
    Credential,
    Delivery,
    Frequency,
    PublicationStatus,
    SessionKind,
)
from programs.models import EnrollmentRestriction, Institution, LabSession, Program, Site


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("correct horse battery staple")


class InstitutionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Institution

    name = factory.Sequence(lambda n: f"Fictional College {n}")
    slug = factory.Sequence(lambda n: f"fictional-college-{n}")
    city = "Dayton"
    state = "OH"
    zip_code = "45402"
    website = "https://college.example/"
    accreditor = "Higher Learning Commission"
    control = Control.PUBLIC


class SiteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Site

    name = factory.Sequence(lambda n: f"Teaching lab {n}")
    city = "Dayton"
    state = "OH"
    zip_code = "45402"


class ProgramFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Program

    institution = factory.SubFactory(InstitutionFactory)
    name = factory.Sequence(lambda n: f"Medical Laboratory Technology {n}")
    slug = factory.Sequence(lambda n: f"mlt-program-{n}")
    description = "Online coursework with a clinical practicum."
    credential = Credential.AAS
    delivery = Delivery.ONLINE
    accreditation_agency = Agency.NAACLS
    accreditation_status = AccreditationStatus.CONTINUING
    length_months = 24
    credit_hours = 60
    tuition_total = 9000
    clinical_arrangement = ClinicalArrangement.PROGRAM_ARRANGES
    pass_rate = 85
    graduation_rate = 80
    placement_rate = 90
    outcomes_year = 2025
    program_url = "https://college.example/mlt"
    source_url = "https://college.example/mlt/outcomes"
    last_verified = factory.LazyFunction(lambda: datetime.date.today())
    status = PublicationStatus.PUBLISHED


class LabSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LabSession
        skip_postgeneration_save = True

    program = factory.SubFactory(ProgramFactory, delivery=Delivery.HYBRID)
    kind = SessionKind.WEEKEND
    days = 2
    visits = 3
    frequency = Frequency.PER_TERM
    total_days = 24

    @factory.post_generation
    def sites(self, create, extracted, **kwargs):
        if not create:
            return
        self.sites.set(extracted if extracted is not None else [SiteFactory()])


class EnrollmentRestrictionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EnrollmentRestriction

    program = factory.SubFactory(ProgramFactory)
    state = "CA"
