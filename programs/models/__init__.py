"""The directory's records. Import them from here: `from programs.models import Program`."""

from .places import Institution, Site, validate_zip
from .program import Program, ProgramQuerySet, detail_lookups
from .rates import RateKind, TravelRate
from .sessions import EnrollmentRestriction, LabSession, SessionPlan

__all__ = [
    "EnrollmentRestriction",
    "Institution",
    "LabSession",
    "Program",
    "ProgramQuerySet",
    "RateKind",
    "TravelRate",
    "detail_lookups",
    "SessionPlan",
    "Site",
    "validate_zip",
]
