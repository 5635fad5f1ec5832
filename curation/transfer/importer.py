"""Importing a parsed row: new, changed (which columns) or unchanged; validated; written."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction

from core.constraints import validate_constraints
from core.history import HISTORY_REASON_MAX, set_links, stamp
from core.validation import plain_message
from programs import generation, geo
from programs.models import EnrollmentRestriction, Institution, LabSession, Program, Site

from . import writing
from .cells import SessionSpec, SiteRef, _session_spec, display, institution_values, listing_values
from .columns import (
    IMPORT_COLUMNS,
    INSTITUTION_COLUMNS,
    INSTITUTION_FIELD_COLUMNS,
    PROGRAM_FIELDS,
)
from .lookups import Lookups
from .parsing import ParsedRow, parse_row


@dataclass
class Change:
    column: str
    before: str
    after: str


@dataclass
class Outcome:
    status: str  # "new", "changed" or "unchanged"
    slug: str
    program: Program | None = None
    changes: list[Change] = field(default_factory=list)
    # What else the row creates: "New institution: …", "New site: …".
    notes: list[str] = field(default_factory=list)

    @property
    def changed_columns(self) -> list[str]:
        return [change.column for change in self.changes]


FRIENDLY_CODES = {
    "null": "Required: this cell cannot be empty.",
    "blank": "Required: this cell cannot be empty.",
}


def _messages(error: ValidationError, model=None) -> dict[str, list[str]]:
    """A ValidationError as {field: [message]}, with plainer words for empty cells and for
    numbers out of range (core.validation, the admin's wording too)."""
    result: dict[str, list[str]] = {}
    error_dict = error.error_dict if hasattr(error, "error_dict") else {NON_FIELD_ERRORS: [error]}
    for name, errors in error_dict.items():
        for item in errors:
            for single in item.error_list if hasattr(item, "error_list") else [item]:
                message = (
                    FRIENDLY_CODES.get(single.code)
                    or plain_message(single, _label(model, name))
                    or " ".join(single.messages)
                )
                result.setdefault(name, []).append(message)
    return result


def _label(model, name: str) -> str | None:
    try:
        return model._meta.get_field(name).verbose_name
    except Exception:
        return None


def _verbose(model, name: str) -> str:
    if name == NON_FIELD_ERRORS:
        return ""
    try:
        return str(model._meta.get_field(name).verbose_name) + ": "
    except Exception:
        return f"{name}: "


def _full_clean(obj, exclude=()) -> None:
    """The model's own validation: field validators, clean() and its check constraints
    (evaluated in Python: core.constraints). Uniqueness is not asked of the database row
    by row: the import knows every program, institution and site the file names (Lookups)
    and creates one only when none exists, and the rows of a file may not repeat a program."""
    obj.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
    validate_constraints(obj, exclude=exclude, unique=False)


class Importer:
    """Checks rows one at a time, remembering what earlier rows of the same file said.

    `prepare(rows)` reads what the file names from the database in a few queries. `run()`
    checks a row and either writes it at once (`write=True`, inside its own savepoint) or
    keeps its plan (`write=False`) for `write_pending()`, which writes every kept row in one
    short transaction. The admin and the command check the whole file first, writing
    nothing, and write only a file with no invalid row: complete or not at all.
    """

    def __init__(self, *, user=None, reason: str = "Imported from a file"):
        self.user = user
        self.reason = reason[:HISTORY_REASON_MAX]
        self.seen: dict[str, int] = {}  # program slug -> row number
        self.institutions: dict[str, tuple[int, dict]] = {}  # slug -> (row, values given)
        self.lookups = Lookups()
        self.pending: list[tuple[Outcome, dict, dict, list[str]]] = []
        self._announced: set[int] = set()  # id() of the new objects a row's notes named
        self._saved: set[int] = set()  # id() of the institutions written by this file

    def prepare(self, rows) -> None:
        self.lookups.prepare(rows)

    def write_pending(self) -> None:
        """Write every row `run(write=False)` kept, in one transaction (one generation bump):
        institutions and sites first, then the new programs together (curation/transfer/
        writing.py: a few statements for any number), then the changed ones one by one."""
        with transaction.atomic(), generation.batch():
            institutions, sites = {}, {}
            for _outcome, plan, _after, _changed in self.pending:
                institutions.setdefault(id(plan["institution"]), plan["institution"])
                sites.update({id(site): site for site in plan["sites"].values()})
            new_institutions = [i for i in institutions.values() if i._state.adding]
            writing.create_places(
                [self._stamp(i) for i in new_institutions],
                [self._stamp(s) for s in sites.values() if s._state.adding],
                user=self.user,
            )
            self._saved.update(id(i) for i in new_institutions)  # written: not again below
            for _outcome, plan, _after, _changed in self.pending:
                self._save_places(plan)  # the existing institutions the rows change
            new = [item for item in self.pending if item[1]["program"]._state.adding]
            writing.create_programs(
                [self._new_listing(plan, after) for _outcome, plan, after, _changed in new],
                user=self.user,
            )
            created = {id(item[1]["program"]) for item in new}
            for outcome, plan, after, changed in self.pending:
                if id(plan["program"]) in created:
                    outcome.program = plan["program"]
                else:
                    outcome.program = self._write(plan, after, changed)
        self.pending = []

    def _new_listing(self, plan: dict, after: dict) -> writing.NewListing:
        program = self._stamp(plan["program"])
        program.institution = plan["institution"]
        sites = {SiteRef(s.name, s.zip_code): s for s in plan["sites"].values()}
        return writing.NewListing(
            program=program,
            sessions=[
                (
                    self._stamp(LabSession(**spec.fields)),
                    [sites[ref] for ref in spec.sites],
                )
                for spec in after["lab_sessions"]
            ],
            restrictions=[
                self._stamp(EnrollmentRestriction(state=state, reason=reason))
                for state, reason in after["cannot_enrol"]
            ],
        )

    def _save_places(self, plan: dict) -> None:
        """The row's institution (when new or changed; once per file) and its new sites."""
        institution: Institution = plan["institution"]
        if id(institution) not in self._saved and (
            institution._state.adding or plan["institution_changed"]
        ):
            self._stamp(institution).save()
            self._saved.add(id(institution))  # rows that repeat its values write it once
        for site in plan["sites"].values():
            if site._state.adding:
                self._stamp(site).save()

    # The one entry point.
    def run(self, row: Mapping[str, Any], number: int, write: bool = True) -> Outcome:
        parsed = parse_row(row)
        values = parsed.values
        slug = values["slug"]
        if slug in self.seen:
            raise ValidationError(
                {"slug": [f"Row {self.seen[slug]} already has this program: list it once."]}
            )
        self.seen[slug] = number

        program = self.lookups.program(slug)
        before = listing_values(program) if program else None
        if before is not None and before["institution"] in self.institutions:
            # An earlier row gives this institution's values: once it is written, they are
            # the ones this row compares with (as if the rows were written one by one).
            before.update(self.institutions[before["institution"]][1])

        institution = self.lookups.institution(values["institution"])
        wanted_institution = self._institution_values(parsed, institution, number)
        sites = self._resolve_sites(values["lab_sessions"])
        sessions = tuple(
            SessionSpec(
                **spec.fields,
                sites=tuple(sorted(SiteRef(sites[s].name, sites[s].zip_code) for s in spec.sites)),
            )
            for spec in values["lab_sessions"]
        )

        after = {"slug": slug, "institution": values["institution"], **wanted_institution}
        after.update({name: values[name] for name in PROGRAM_FIELDS})
        after["lab_sessions"] = sessions
        after["cannot_enrol"] = values["cannot_enrol"]

        if before is None:
            changed = list(IMPORT_COLUMNS)
        else:
            changed = [c for c in IMPORT_COLUMNS if before[c] != after[c]]
        outcome = Outcome(
            status="new" if before is None else ("changed" if changed else "unchanged"),
            slug=slug,
            program=program,
            changes=[
                Change(c, display(c, before[c]) if before else "", display(c, after[c]))
                for c in changed
            ],
        )
        if outcome.status == "unchanged":
            return outcome
        if institution is None:
            outcome.notes.append(
                f"New institution: {after['institution_name']} ({after['institution']})"
            )
        for site in sites.values():
            if site._state.adding and id(site) not in self._announced:
                self._announced.add(id(site))
                outcome.notes.append(
                    f"New site: {site.name}, {site.city}, {site.state} {site.zip_code}"
                )

        plan = self._validate(program, institution, after, sites, changed)
        if write:
            with transaction.atomic():
                outcome.program = self._write(plan, after, changed)
        else:
            self.pending.append((outcome, plan, after, changed))
        return outcome

    def _institution_values(self, parsed: ParsedRow, institution, number) -> dict:
        slug = parsed.values["institution"]
        if not parsed.institution_given:
            if institution is None:
                raise ValidationError(
                    {
                        "institution": [
                            f"No institution has the slug '{slug}'. To create it, fill in "
                            "the institution_ columns (name, city, state, ZIP, control)."
                        ]
                    }
                )
            return institution_values(institution)
        given = {column: parsed.values[column] for column in INSTITUTION_COLUMNS}
        earlier = self.institutions.get(slug)
        if earlier is not None and earlier[1] != given:
            row, values = earlier
            differing = [c for c in INSTITUTION_COLUMNS if values[c] != given[c]]
            raise ValidationError(
                {
                    column: [
                        f"Row {row} gives institution '{slug}' a different value "
                        f"({display(column, values[column])}). Make the rows agree, or "
                        "leave every institution_ cell empty to keep the institution as it is."
                    ]
                    for column in differing
                }
            )
        self.institutions.setdefault(slug, (number, given))
        return given

    def _resolve_sites(self, sessions: tuple[SessionSpec, ...]) -> dict[SiteRef, Site]:
        """Each site named by the row: the existing one (same name, any letter case, and
        ZIP), or a new unsaved Site whose city, state and coordinates come from the ZIP."""
        resolved: dict[SiteRef, Site] = {}
        errors = []
        for number, spec in enumerate(sessions, start=1):
            for ref in spec.sites:
                if ref in resolved:
                    continue
                site = self.lookups.site(ref)
                if site is None:
                    place = geo.lookup_zip(ref.zip_code)
                    if place is None:
                        errors.append(
                            f"Lab session {number}, site '{ref.name}': '{ref.zip_code}' is "
                            "not a US ZIP code that exists. Enter 5 digits, e.g. 43210."
                        )
                        continue
                    site = Site(
                        name=ref.name,
                        zip_code=place.zip_code,
                        city=place.city,
                        state=place.state,
                        latitude=place.latitude,  # as Site.save() sets them (bulk writes skip it)
                        longitude=place.longitude,
                    )
                    self.lookups.add_site(site)  # later rows of the file use the same one
                resolved[ref] = site
        if errors:
            raise ValidationError({"lab_sessions": errors})
        return resolved

    def _validate(self, program, institution, after, sites, changed) -> dict:
        """Build every object the row writes and run the models' own validation on it."""
        errors: dict[str, list[str]] = {}

        def add(column, messages):
            errors.setdefault(column, []).extend(messages)

        # The institution, when it is new or the row changes it.
        institution_changed = any(c in INSTITUTION_COLUMNS for c in changed)
        if institution is None:
            institution = Institution(slug=after["institution"])
            self.lookups.add_institution(institution)  # later rows of the file use it
        if institution._state.adding or institution_changed:
            for column, name in INSTITUTION_COLUMNS.items():
                setattr(institution, name, after[column])
            try:
                _full_clean(institution)
            except ValidationError as error:
                for name, messages in _messages(error, Institution).items():
                    column = INSTITUTION_FIELD_COLUMNS.get(name, "institution")
                    add(column, messages)

        # The program.
        if program is None:
            program = Program(slug=after["slug"])
        for name in PROGRAM_FIELDS:
            setattr(program, name, after[name])
        # The institution was found by its slug (no need to ask again whether it exists), or
        # is new and is saved first, when the row is written.
        exclude = ["institution"]
        if not institution._state.adding:
            program.institution = institution
        try:
            _full_clean(program, exclude=exclude)
        except ValidationError as error:
            for name, messages in _messages(error, Program).items():
                add(name if name in IMPORT_COLUMNS else NON_FIELD_ERRORS, messages)

        # Lab sessions, their new sites, and enrolment restrictions.
        sessions = []
        for number, spec in enumerate(after["lab_sessions"], start=1):
            session = LabSession(**spec.fields)
            try:
                _full_clean(session, exclude=["program"])
            except ValidationError as error:
                for name, messages in _messages(error).items():
                    label = _verbose(LabSession, name)
                    add("lab_sessions", [f"Lab session {number}: {label}{m}" for m in messages])
            sessions.append(session)
        for ref, site in sites.items():
            if site._state.adding:
                try:
                    _full_clean(site)
                except ValidationError as error:
                    for name, messages in _messages(error).items():
                        label = _verbose(Site, name)
                        add("lab_sessions", [f"Site '{ref.name}': {label}{m}" for m in messages])
        for state, reason in after["cannot_enrol"]:
            restriction = EnrollmentRestriction(state=state, reason=reason)
            try:
                _full_clean(restriction, exclude=["program"])
            except ValidationError as error:
                for name, messages in _messages(error).items():
                    label = _verbose(EnrollmentRestriction, name)
                    add("cannot_enrol", [f"{state}: {label}{m}" for m in messages])
        if errors:
            raise ValidationError(errors)
        return {
            "program": program,
            "institution": institution,
            "institution_changed": institution_changed,
            "sites": sites,
        }

    def _stamp(self, obj, reason: str | None = None):
        """Who made the change and why, for the history."""
        return stamp(obj, reason or self.reason, self.user)

    def _write(self, plan: dict, after: dict, changed: list[str]) -> Program:
        program: Program = plan["program"]
        self._save_places(plan)
        program.institution = plan["institution"]
        is_new = program._state.adding
        nested = [c for c in ("lab_sessions", "cannot_enrol") if c in changed]
        reason = self.reason
        if nested and not program._state.adding:
            reason = f"{self.reason} ({', '.join(nested)} changed)"
        self._stamp(program, reason).save()

        by_key = {SiteRef(s.name, s.zip_code): s for s in plan["sites"].values()}
        if "lab_sessions" in changed:
            existing = [] if is_new else sorted(program.lab_sessions.all(), key=lambda s: s.pk)
            self._write_sessions(program, after["lab_sessions"], by_key, existing)
        if "cannot_enrol" in changed:
            existing = [] if is_new else list(program.enrollment_restrictions.all())
            self._write_restrictions(program, after["cannot_enrol"], existing)
        return program

    def _write_sessions(self, program, wanted: tuple[SessionSpec, ...], sites, existing) -> None:
        """Update sessions in place, position by position, so each keeps its history.
        `existing`: the program's sessions as read before the import (in order)."""
        for index, spec in enumerate(wanted):
            if index < len(existing):
                session = existing[index]
                current = _session_spec(session)
                saved = current.fields != spec.fields
                if saved:
                    for name, value in spec.fields.items():
                        setattr(session, name, value)
                    self._stamp(session).save()
                if current.sites != spec.sites:
                    # One history row for the session's change, its sites included.
                    self._stamp(session)
                    set_links(
                        session, "sites", [sites[ref] for ref in spec.sites], just_saved=saved
                    )
            else:
                session = self._stamp(LabSession(program=program, **spec.fields))
                session.save()
                set_links(session, "sites", [sites[ref] for ref in spec.sites], just_saved=True)
        for session in existing[len(wanted) :]:
            self._stamp(session).delete()

    def _write_restrictions(self, program, wanted: tuple[tuple[str, str], ...], existing) -> None:
        existing = {r.state: r for r in existing}
        wanted_map = dict(wanted)
        for state, restriction in existing.items():
            if state not in wanted_map:
                self._stamp(restriction).delete()
            elif restriction.reason != wanted_map[state]:
                restriction.reason = wanted_map[state]
                self._stamp(restriction).save()
        for state, reason in wanted:
            if state not in existing:
                restriction = EnrollmentRestriction(program=program, state=state, reason=reason)
                self._stamp(restriction).save()
