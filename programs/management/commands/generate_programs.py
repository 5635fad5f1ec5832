"""Generate realistic synthetic listings fast (bulk inserts), for benchmarks.

    manage.py generate_programs --count 100000

Adds fictional institutions, sites (real ZIP codes, so distances are real), programs, lab
sessions and enrolment restrictions. Every generated slug starts with "synthetic-", so
`--delete` removes exactly what this command made.
"""

import random
import time
from contextlib import contextmanager
from datetime import date, timedelta
from importlib import import_module

from django.core.management.base import BaseCommand
from django.db import connection, transaction
from tqdm import tqdm

from programs import generation, geo
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
    State,
)
from programs.models import EnrollmentRestriction, Institution, LabSession, Program, Site

PREFIX = "synthetic-"
WORDS = [
    "Valley",
    "River",
    "Lakes",
    "Prairie",
    "Summit",
    "Harbor",
    "Pine",
    "Cedar",
    "Maple",
    "Granite",
    "Meadow",
    "Canyon",
    "Bay",
    "Ridge",
    "Forest",
    "Coastal",
    "Northern",
    "Southern",
    "Eastern",
    "Western",
    "Central",
    "Heritage",
    "Pioneer",
    "Frontier",
]
KINDS = [
    "Community College",
    "Technical College",
    "State College",
    "Health Sciences Institute",
    "College of Allied Health",
    "Polytechnic",
]
PROGRAM_NAMES = {
    Credential.CERTIFICATE: "Medical Laboratory Technician Certificate",
    Credential.AAS: "Medical Laboratory Technology, AAS",
    Credential.AS: "Clinical Laboratory Technician, AS",
    Credential.AOS: "Medical Laboratory Technician, AOS",
    Credential.ASSOCIATE: "Medical Laboratory Technician, associate degree",
}
DESCRIPTIONS = [
    "Online lectures with a supervised clinical practicum in a laboratory near you.",
    "Online coursework plus scheduled campus lab sessions for hands-on skills in hematology, "
    "chemistry, microbiology and blood banking.",
    "Evening live online classes for working adults; phlebotomy and urinalysis practice on "
    "campus before the practicum.",
]


@contextmanager
def campus_day_triggers_paused():
    """Bulk loading: skip the per-row campus_days triggers on PostgreSQL and recompute the
    column once, set-based, at the end (the same statement the migration uses)."""
    if connection.vendor != "postgresql":
        yield
        return
    triggers = import_module("programs.migrations.0013_campus_days_travel_only")
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE programs_labsession DISABLE TRIGGER USER")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            # Run the deferred foreign-key checks now: ALTER TABLE refuses pending events.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("ALTER TABLE programs_labsession ENABLE TRIGGER USER")
            cursor.execute(triggers.BACKFILL)


class Command(BaseCommand):
    help = "Bulk-insert synthetic programs (with institutions, sites and sessions) for benchmarks."

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=100_000)
        parser.add_argument("--seed", type=int, default=7)
        parser.add_argument("--batch", type=int, default=5000)
        parser.add_argument("--delete", action="store_true", help="Remove synthetic rows only.")

    def handle(self, *args, count, seed, batch, delete, **options):
        started = time.perf_counter()
        self.delete_synthetic()
        if delete:
            self.stdout.write("Synthetic listings removed.")
            return
        rnd = random.Random(seed)
        zips = [p for p in geo.places() if p.state in State.values]
        with transaction.atomic(), campus_day_triggers_paused():
            institutions = self.make_institutions(rnd, zips, max(1, count // 4), batch)
            sites = self.make_sites(rnd, zips, institutions, max(1, count // 10), batch)
            self.make_programs(rnd, institutions, sites, count, batch)
            generation.bump()  # bulk_create sends no signal
        self.stdout.write(f"Generated {count:,} programs in {time.perf_counter() - started:.1f} s.")

    def delete_synthetic(self):
        # One generation bump for the whole removal, not one per deleted row.
        with transaction.atomic(), generation.batch():
            programs = Program.objects.filter(slug__startswith=PREFIX)
            LabSession.objects.filter(program__in=programs).delete()
            EnrollmentRestriction.objects.filter(program__in=programs).delete()
            programs.delete()
            Site.objects.filter(name__startswith="Synthetic ").delete()
            Institution.objects.filter(slug__startswith=PREFIX).delete()

    def make_institutions(self, rnd, zips, n, batch):
        rows = []
        for i in range(n):
            place = rnd.choice(zips)
            name = f"{rnd.choice(WORDS)} {rnd.choice(WORDS)} {rnd.choice(KINDS)} {i}"
            rows.append(
                Institution(
                    name=name,
                    slug=f"{PREFIX}{i}",
                    city=place.city.title(),
                    state=place.state,
                    zip_code=place.zip_code,
                    website=f"https://www.synthetic-{i}.example/",
                    accreditor="Higher Learning Commission",
                    control=rnd.choice(Control.values),
                )
            )
        return Institution.objects.bulk_create(rows, batch_size=batch)

    def make_sites(self, rnd, zips, institutions, n, batch):
        rows = []
        for i in range(n):
            owner = institutions[i % len(institutions)]
            place = geo.lookup_zip(owner.zip_code) if i % 3 else rnd.choice(zips)
            rows.append(
                Site(
                    name=f"Synthetic lab {i}",
                    institution=owner if i % 3 else None,
                    city=place.city.title(),
                    state=place.state,
                    zip_code=place.zip_code,
                    latitude=place.latitude,
                    longitude=place.longitude,
                )
            )
        return Site.objects.bulk_create(rows, batch_size=batch)

    def make_programs(self, rnd, institutions, sites, count, batch):
        today = date.today()
        statuses = AccreditationStatus.values
        through = LabSession.sites.through
        progress = tqdm(total=count, unit="programs", disable=None)
        for start in range(0, count, batch):
            programs = []
            for i in range(start, min(count, start + batch)):
                credential = rnd.choice(Credential.values)
                status = rnd.choice(statuses)
                agency = (
                    Agency.NONE
                    if status == AccreditationStatus.NOT_ACCREDITED
                    else rnd.choice([Agency.NAACLS, Agency.NAACLS, Agency.ABHES])
                )
                months = 12 if credential == Credential.CERTIFICATE else rnd.choice([18, 20, 24])
                has_outcomes = status != AccreditationStatus.SERIOUS_APPLICANT
                programs.append(
                    Program(
                        institution=rnd.choice(institutions),
                        name=PROGRAM_NAMES[credential],
                        slug=f"{PREFIX}{i}",
                        description=rnd.choice(DESCRIPTIONS),
                        credential=credential,
                        delivery=rnd.choice(Delivery.values),
                        accreditation_agency=agency,
                        accreditation_status=status,
                        length_months=months,
                        credit_hours=30 if credential == Credential.CERTIFICATE else 60,
                        tuition_total=rnd.randrange(3000, 40000, 100),
                        clinical_hours=rnd.choice([360, 400, 480]),
                        clinical_arrangement=rnd.choice(ClinicalArrangement.values),
                        pass_rate=rnd.randint(55, 100) if has_outcomes else None,
                        graduation_rate=rnd.randint(55, 100) if has_outcomes else None,
                        placement_rate=rnd.randint(55, 100) if has_outcomes else None,
                        outcomes_year=2025 if has_outcomes else None,
                        program_url=f"https://www.synthetic-{i}.example/mlt",
                        source_url=f"https://www.synthetic-{i}.example/mlt/outcomes",
                        last_verified=today - timedelta(days=rnd.randint(0, 700)),
                        status=PublicationStatus.PUBLISHED
                        if rnd.random() < 0.95
                        else PublicationStatus.DRAFT,
                    )
                )
            programs = Program.objects.bulk_create(programs, batch_size=batch)
            sessions, offered_at, restrictions = [], [], []
            for program in programs:
                if program.delivery == Delivery.HYBRID or rnd.random() < 0.2:
                    for _ in range(rnd.choice([1, 1, 2])):
                        days, visits = rnd.choice([(1, 1), (2, 3), (5, 1), (2, 1)])
                        sessions.append(
                            LabSession(
                                program=program,
                                kind=rnd.choice(SessionKind.values),
                                days=days,
                                visits=visits,
                                frequency=rnd.choice(Frequency.values),
                                total_days=days * visits * rnd.choice([1, 2, 4]),
                            )
                        )
                if rnd.random() < 0.1:
                    for state in rnd.sample(State.values, 2):
                        restrictions.append(EnrollmentRestriction(program=program, state=state))
            sessions = LabSession.objects.bulk_create(sessions, batch_size=batch)
            for session in sessions:
                for site in rnd.sample(sites, rnd.choice([1, 1, 2, 3])):
                    offered_at.append(through(labsession_id=session.pk, site_id=site.pk))
            through.objects.bulk_create(offered_at, batch_size=batch)
            EnrollmentRestriction.objects.bulk_create(restrictions, batch_size=batch)
            progress.update(len(programs))
        progress.close()
