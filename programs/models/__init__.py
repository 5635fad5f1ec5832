"""The directory's records. Import them from here: `from programs.models import Program`."""

from .generation import DirectoryGeneration
from .places import Institution, Site, validate_zip
from .program import Program, ProgramQuerySet, detail_lookups, not_admitting_condition
from .provenance import FactSource
from .querysets import enrolling_condition
from .rates import RateKind, TravelRate
from .sessions import EnrollmentRestriction, LabSession, SessionPlan

__all__ = [
    "DirectoryGeneration",
    "EnrollmentRestriction",
    "FactSource",
    "Institution",
    "LabSession",
    "Program",
    "ProgramQuerySet",
    "RateKind",
    "TravelRate",
    "detail_lookups",
    "enrolling_condition",
    "not_admitting_condition",
    "SessionPlan",
    "Site",
    "validate_zip",
]
