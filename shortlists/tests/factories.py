"""Shared shortlists for tests, made the way the site makes them."""

from programs.models import Program
from programs.tests.factories import LabSessionFactory, ProgramFactory
from shortlists import sharing


def four_programs() -> list[Program]:
    """Four published programs: two online, two hybrid (with campus sessions)."""
    return [
        ProgramFactory(name="Alpha Online AAS", slug="alpha-online-aas"),
        ProgramFactory(name="Beta Online Certificate", slug="beta-online-cert", tuition_total=6500),
        LabSessionFactory(program__name="Gamma Hybrid AS", program__slug="gamma-hybrid-as").program,
        LabSessionFactory(program__name="Delta Hybrid AAS", program__slug="delta-hybrid").program,
    ]


def shared_list(programs=None, title="For Maria: hybrid options near Dayton", note=""):
    """(shortlist, edit secret) for `programs` (default: four_programs())."""
    programs = four_programs() if programs is None else programs
    with_facts = Program.objects.with_details().in_bulk([p.pk for p in programs])
    return sharing.create_shortlist([with_facts[p.pk] for p in programs], title, note)
