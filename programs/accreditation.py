"""What a program's accreditation means for its graduates' MLT certification: one home.

Whether graduates can sit MLT(ASCP) through Route 1, or MLT(AMT) through its first route, is
derived from the program's accreditation (agency and status) and its institution's accreditor,
never typed per program. The cards, the detail page, compare, the API, the facets and the
career guide's checker all read it from here.

The rules (sources read on 2026-12-01; the career guide cites them):
- ASCP Route 1 needs an MLT program accredited by NAACLS or ABHES. ASCP's page for program
  directors: NAACLS grants *serious applicant* status once the application and self-study are
  complete, and people who finish after that date may apply under the program route. So a
  serious applicant counts, for people finishing from now on. Probation and inactive programs
  are still accredited.
- AMT's first route accepts a program *or* an institution accredited by NAACLS or by an agency
  recognised by the US Department of Education or CHEA. We take a named institutional
  accreditor as that recognition: curators record only the accreditor the college states.
"""

from dataclasses import dataclass

from django.db.models import Q

from .choices import NO_SCHOOL_STATEMENT, AccreditationStatus, Agency

# Agencies ASCP recognises for the MLT program route.
ASCP_AGENCIES = (Agency.NAACLS, Agency.ABHES)
# Statuses under which a program counts for ASCP Route 1 (serious applicant included).
ASCP_STATUSES = (AccreditationStatus.SERIOUS_APPLICANT, *AccreditationStatus.accredited())
# Programmatic accreditation AMT accepts on its own: held, not applied for.
AMT_STATUSES = tuple(AccreditationStatus.accredited())


# The statuses a listing may record with each agency: the one rule that the database
# constraint `program_agency_matches_status` and Program.clean() are both built from. A
# programmatic agency goes with any status but "not accredited"; "no programmatic
# accreditor" only with "not accredited". No agency (empty) means no source names one: the
# accreditation is then not published, or the school says the program is accredited without
# naming the award or the agency ("accredited"). An award (initial, continuing, probation...)
# or a serious applicant's status is an agency's, so it needs that agency: with none, the
# badge would say "accredited" while the certification lines say it is not.
AGENCY_STATUSES = {
    Agency.NAACLS: tuple(s for s in AccreditationStatus if s != AccreditationStatus.NOT_ACCREDITED),
    Agency.ABHES: tuple(s for s in AccreditationStatus if s != AccreditationStatus.NOT_ACCREDITED),
    Agency.NONE: (AccreditationStatus.NOT_ACCREDITED,),
    "": (AccreditationStatus.UNKNOWN, AccreditationStatus.ACCREDITED),
}


def agency_matches_status_condition() -> Q:
    """AGENCY_STATUSES as a check-constraint condition on programs."""
    condition = Q()
    for agency, statuses in AGENCY_STATUSES.items():
        condition |= Q(accreditation_agency=agency, accreditation_status__in=list(statuses))
    return condition


def agency_status_problem(agency: str, status: str) -> str:
    """What is wrong with recording `status` with `agency` (AGENCY_STATUSES), or ''."""
    if agency not in AGENCY_STATUSES or status not in AccreditationStatus.values:
        return ""  # a value outside the choices: the field's own check says so
    if status in AGENCY_STATUSES[agency]:
        return ""
    if agency == Agency.NONE or status == AccreditationStatus.NOT_ACCREDITED:
        return "Use 'Not accredited' exactly when the agency is 'No programmatic accreditor'."
    if agency == "":
        return (
            f"'{AccreditationStatus(status).label}' is an accrediting agency's status: choose "
            "the agency that gives it. Leave the agency empty only when the accreditation is "
            "not published, or the school says the program is accredited without naming the award."
        )
    return ""


@dataclass(frozen=True)
class Outlook:
    """Whether graduates can sit each exam through the program, and why, in plain words."""

    ascp: bool
    amt: bool
    ascp_reason: str
    amt_reason: str


def verdict(reason: str) -> str:
    """A reason's answer, for a table cell or a CSV: the words before its colon ("Yes",
    "No", "Not known", "Not confirmed", or a condition such as "Yes, for people who finish
    after NAACLS granted serious applicant status"); each reason below opens with one."""
    return reason.split(":", 1)[0]


def outlook(status: str, agency: str, institution_accreditor: str) -> Outlook:
    """What this accreditation means for MLT(ASCP) Route 1 and MLT(AMT)."""
    agency_name = Agency(agency).label if agency in Agency.values else agency
    programmatic = agency in ASCP_AGENCIES
    ascp = programmatic and status in ASCP_STATUSES
    if ascp and status == AccreditationStatus.SERIOUS_APPLICANT:
        ascp_reason = (
            "Yes, for people who finish after NAACLS granted serious applicant status: ASCP "
            "accepts them under Route 1, with an associate degree or 60 semester hours."
        )
    elif ascp:
        ascp_reason = (
            f"Yes: the program is accredited by {agency_name}, which ASCP Route 1 accepts, "
            "with an associate degree or 60 semester hours."
        )
    elif status == AccreditationStatus.ACCREDITED and not agency:
        ascp_reason = (
            "Not confirmed: the school says the program is accredited but does not name the "
            "agency. ASCP Route 1 needs NAACLS or ABHES: ask the program which, or look it up "
            "in NAACLS's list of accredited programs."
        )
    elif status != AccreditationStatus.UNKNOWN:  # the listing records the program's status
        ascp_reason = "No: the program is not accredited at present."
    else:  # the status is unknown
        ascp_reason = (
            f"Not known: {NO_SCHOOL_STATEMENT}. ASCP Route 1 needs a program accredited by "
            "NAACLS or ABHES: ask the program."
        )

    held = programmatic and status in AMT_STATUSES
    accreditor = institution_accreditor or ""
    if held:
        amt, amt_reason = True, f"Yes: the program is accredited by {agency_name}."
    elif accreditor:
        amt = True
        amt_reason = (
            f"Yes, through the college's own accreditation ({accreditor}): AMT accepts a "
            "program or an institution accredited by a recognised agency."
        )
    elif status == AccreditationStatus.ACCREDITED and not agency:
        amt = False
        amt_reason = (
            "Not known: the school says the program is accredited but does not name the "
            "agency, and the college's own accreditation (which AMT also accepts) is not "
            "recorded here. Ask the program."
        )
    elif status != AccreditationStatus.UNKNOWN:  # the listing records the program's status
        amt = False
        program = (
            "is applying for accreditation but does not hold it yet"
            if status == AccreditationStatus.SERIOUS_APPLICANT
            else "is not accredited at present"
        )
        amt_reason = (
            f"Not known: the program {program}, and the college's own accreditation (which "
            "AMT also accepts) is not recorded here. Ask the program."
        )
    else:
        amt = False
        amt_reason = (
            "Not known: neither the program's nor the college's accreditation is recorded. "
            "Ask the program."
        )
    return Outlook(ascp=ascp, amt=amt, ascp_reason=ascp_reason, amt_reason=amt_reason)


def ascp_condition(prefix: str = "") -> Q:
    """The same rule as `outlook().ascp`, as a query condition on programs."""
    return Q(
        **{
            f"{prefix}accreditation_agency__in": ASCP_AGENCIES,
            f"{prefix}accreditation_status__in": ASCP_STATUSES,
        }
    )


def amt_condition(prefix: str = "") -> Q:
    """The same rule as `outlook().amt`, as a query condition on programs."""
    held = Q(
        **{
            f"{prefix}accreditation_agency__in": ASCP_AGENCIES,
            f"{prefix}accreditation_status__in": AMT_STATUSES,
        }
    )
    return held | ~Q(**{f"{prefix}institution__accreditor": ""})


CONDITIONS = {"ascp": ascp_condition, "amt": amt_condition}
