"""The directory's records. Import them from here: `from programs.models import Program`."""

from .places import Institution, Site, validate_zip
from .program import Program, ProgramQuerySet, detail_lookups
from .provenance import FactSource
from .sessions import EnrollmentRestriction, LabSession, SessionPlan

__all__ = [
    "EnrollmentRestriction",
    "FactSource",
    "Institution",
    "LabSession",
    "Program",
    "ProgramQuerySet",
    "detail_lookups",
    "SessionPlan",
    "Site",
    "validate_zip",
]
