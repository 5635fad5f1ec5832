"""Turn College Scorecard rows into institution records: plan first, then write.

`plan()` compares every row with the institutions already stored (matched by UNITID) and
sorts it into new, changed, unchanged, skipped (outside the states the directory covers) or
rejected (with the reason); `apply()` writes a plan in one transaction. A dry run is simply a
plan that is never applied.

What an update touches: the federal figures, the institution's identifiers and coordinates,
its accreditor, control and net price calculator are the Scorecard's and are kept up to
date. Its name, city, state, ZIP code and website are the curators' once a record exists
(a curated name such as "Minnesota North College (Hibbing campus)" is never replaced); the
Scorecard fills them only where they are empty. A value the Scorecard does not report (NULL,
NA, PrivacySuppressed) is no news: it never replaces a stored one. An empty ACCREDAGENCY
would otherwise erase the accreditor a curator recorded, and with it the listings' AMT
eligibility (programs/accreditation.py).

Every institution the import writes has a history row that says so (REASON), with the user
who ran it when the caller names one.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.text import slugify
from simple_history.utils import bulk_create_with_history

from core.history import stamp
from programs import generation, geo
from programs.choices import State
from programs.models import Institution

from . import scorecard

# Institution field <- ScorecardInstitution attribute.
FEDERAL_FIELDS = {
    "opeid6": "opeid6",
    "latitude": "latitude",
    "longitude": "longitude",
    "net_price_calculator_url": "net_price_calculator_url",
    "control": "control",
    "accreditor": "accreditor",
    "predominant_degree": "predominant_degree",
    "highest_degree": "highest_degree",
    "distance_only": "distance_only",
    "scorecard_tuition_in_state": "tuition_fee_in_state",
    "scorecard_tuition_out_of_state": "tuition_fee_out_of_state",
    "scorecard_net_price": "average_net_price",
    "scorecard_completion_rate": "completion_rate",
    "scorecard_median_earnings": "median_earnings",
    "scorecard_median_debt": "median_debt",
    "scorecard_enrollment": "undergraduate_enrollment",
}
IDENTITY_FIELDS = {
    "name": "name",
    "city": "city",
    "state": "state",
    "zip_code": "zip_code",
    "website": "website",
}
REASON = f"College Scorecard import ({scorecard.SOURCE_EDITION})"

# Text columns store "" for "not reported"; the others store NULL.
TEXT_FIELDS = {
    "opeid6",
    "net_price_calculator_url",
    "control",
    "accreditor",
    "name",
    "city",
    "state",
    "zip_code",
    "website",
}


@dataclass
class Planned:
    line: int
    unitid: str
    status: str  # new / changed / unchanged / skipped / rejected
    name: str = ""
    reason: str = ""
    values: dict = field(default_factory=dict)  # the fields to write
    changes: list[str] = field(default_factory=list)  # names of the fields that change


@dataclass
class Plan:
    rows: list[Planned] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for row in self.rows if row.status == status)

    @property
    def rejected(self) -> list[Planned]:
        return [row for row in self.rows if row.status == "rejected"]

    @property
    def summary(self) -> str:
        return (
            f"{self.count('new')} new, {self.count('changed')} changed, "
            f"{self.count('unchanged')} unchanged, {self.count('skipped')} skipped, "
            f"{self.count('rejected')} rejected"
        )


NOT_REPORTED = (None, "")  # a not-reported value as wanted_values() and the fields hold it


def _stored(field_name: str, value):
    if value is None and field_name in TEXT_FIELDS:
        return ""
    return value


def wanted_values(row: scorecard.ScorecardInstitution) -> dict:
    """Every field the Scorecard row sets, in stored form."""
    values = {name: _stored(name, getattr(row, attr)) for name, attr in FEDERAL_FIELDS.items()}
    for name, attr in IDENTITY_FIELDS.items():
        values[name] = _stored(name, getattr(row, attr))
    # A ZIP code the directory's ZIP table does not know cannot be validated: leave it empty.
    if values["zip_code"] and geo.lookup_zip(values["zip_code"]) is None:
        values["zip_code"] = ""
    values["scorecard_edition"] = scorecard.SOURCE_EDITION
    return values


def plan(parsed: Iterable[scorecard.ParsedRow]) -> Plan:
    """Compare the parsed rows with the stored institutions; writes nothing."""
    rows = list(parsed)
    unitids = [row.institution.unitid for row in rows if row.institution]
    existing = {
        inst.unitid: inst for inst in Institution.objects.filter(unitid__in=unitids).order_by()
    }
    result = Plan()
    for row in rows:
        if row.institution is None:
            result.rows.append(Planned(row.line, row.unitid, "rejected", reason=row.error))
            continue
        inst = row.institution
        if inst.state not in State.values:
            result.rows.append(
                Planned(
                    row.line,
                    str(inst.unitid),
                    "skipped",
                    name=inst.name,
                    reason=f"{inst.state} is not one of the states the directory covers",
                )
            )
            continue
        values = wanted_values(inst)
        current = existing.get(inst.unitid)
        if current is None:
            result.rows.append(Planned(row.line, str(inst.unitid), "new", inst.name, "", values))
            continue
        for name in IDENTITY_FIELDS:
            if getattr(current, name):  # the curators' value stands
                values.pop(name)
        for name, value in list(values.items()):
            if value in NOT_REPORTED and getattr(current, name) not in NOT_REPORTED:
                values.pop(name)  # not reported: the stored value stands
        changes = [name for name, value in values.items() if getattr(current, name) != value]
        status = "changed" if changes else "unchanged"
        result.rows.append(
            Planned(row.line, str(inst.unitid), status, current.name, "", values, changes)
        )
    return result


def _new_slug(name: str, unitid: str, taken: set[str]) -> str:
    base = slugify(name)[:180] or "institution"
    slug = f"{base}-{unitid}"
    while slug in taken:
        slug += "-x"
    taken.add(slug)
    return slug


@transaction.atomic
def apply(result: Plan, progress: Callable[[], None] = lambda: None, user=None) -> None:
    """Write the plan's new and changed rows, all in one transaction; the history names
    `user`, when given, and REASON."""
    taken = set(Institution.objects.values_list("slug", flat=True))
    new = []
    changed = {int(row.unitid): row for row in result.rows if row.status == "changed"}
    for row in result.rows:
        if row.status == "new":
            new.append(
                Institution(
                    unitid=int(row.unitid),
                    slug=_new_slug(row.name, row.unitid, taken),
                    **row.values,
                )
            )
    bulk_create_with_history(
        new, Institution, batch_size=500, default_user=user, default_change_reason=REASON
    )
    if new:
        generation.mark_written()  # bulk_create sends no signal
    for inst in Institution.objects.filter(unitid__in=changed):
        row = changed[inst.unitid]
        for name in row.changes:
            setattr(inst, name, row.values[name])
        stamp(inst, REASON, user).save()  # one by one: the history records each change
        progress()
