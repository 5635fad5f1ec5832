"""Forms for the eligibility checker and the self-check. Rules live in eligibility.py."""

import calendar
from datetime import date
from decimal import Decimal

from django import forms
from django.core.validators import MaxValueValidator
from django.utils import timezone

from .eligibility import EXPERIENCE_AREAS, Applicant, ProgramAccreditation
from .selfcheck import Answer

YES_NO = [("yes", "Yes"), ("no", "No")]
YES_NO_UNSURE = [("yes", "Yes"), ("no", "No"), ("unsure", "Not sure")]
TRISTATE = {"yes": True, "no": False, "unsure": None}
# How far ahead someone may plan to finish a program they are in, or about to start.
PLANNING_YEARS = 6
MONTHS = [("", "Month")] + [(str(n), calendar.month_name[n]) for n in range(1, 13)]
EARLIEST_YEAR = 1950


def _number_messages(what, low, high, example) -> dict:
    text = f"Enter {what} as a number from {low} to {high}, for example {example}"
    return {"invalid": text, "min_value": text, "max_value": text, "max_digits": text}


class EligibilityForm(forms.Form):
    """What the checker asks. Every field has a plain-language error message."""

    associate_degree = forms.ChoiceField(
        label="Do you have an associate degree?",
        help_text="Any subject. If you have a bachelor's degree, you will have well over 60 "
        "semester hours: enter them below.",
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether you have an associate degree"},
    )
    semester_hours = forms.IntegerField(
        label="Semester hours of college credit, in total",
        help_text="Leave empty if you have none. Quarter hours: multiply by 2, then divide by 3.",
        required=False,
        min_value=0,
        max_value=400,
        error_messages=_number_messages("your total semester hours", 0, 400, 60),
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "input-short"}),
    )
    chemistry_hours = forms.IntegerField(
        label="Of those, semester hours of chemistry",
        required=False,
        min_value=0,
        max_value=400,
        error_messages=_number_messages("your chemistry hours", 0, 400, 8),
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "input-short"}),
    )
    biology_hours = forms.IntegerField(
        label="Of those, semester hours of biology",
        required=False,
        min_value=0,
        max_value=400,
        error_messages=_number_messages("your biology hours", 0, 400, 8),
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "input-short"}),
    )
    college_accredited = forms.ChoiceField(
        label="Is your college accredited by an agency the US Department of Education or CHEA "
        "recognises?",
        help_text="This is the college's own (institutional) accreditation, regional or "
        "national, not the MLT program's. Colleges say who accredits them on their website.",
        choices=YES_NO_UNSURE,
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether your college is accredited, or choose Not sure"},
    )
    mlt_program = forms.ChoiceField(
        label="Your MLT program: how is it accredited?",
        help_text="Choose the accreditation the program held when you finished, or holds now "
        "if you have not finished yet. The directory shows each program's accreditor and "
        "status.",
        choices=[(member.value, member.label) for member in ProgramAccreditation],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the option that describes your MLT program"},
    )
    program_credential = forms.ChoiceField(
        label="What does the MLT program award?",
        choices=[
            ("degree", "A degree in MLT (associate or higher)"),
            ("certificate", "A certificate"),
        ],
        widget=forms.RadioSelect,
        required=False,
        error_messages={"invalid_choice": "Choose a degree or a certificate"},
    )
    program_month = forms.TypedChoiceField(
        label="Month",
        choices=MONTHS,
        coerce=int,
        required=False,
        error_messages={"invalid_choice": "Choose the month you finished the program"},
    )
    program_year = forms.IntegerField(
        label="Year",
        required=False,
        min_value=EARLIEST_YEAR,
        error_messages=_number_messages("the year you finished", EARLIEST_YEAR, "this year", 2022),
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "input-year"}),
    )
    military = forms.ChoiceField(
        label="Have you completed a 50-week US military medical laboratory training course?",
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether you completed a military laboratory course"},
    )
    military_credits = forms.ChoiceField(
        label="Were the course's credits earned at, or accepted for transfer by, an accredited "
        "college toward a degree?",
        help_text="Only if you completed the course. AMT's military route asks for this.",
        choices=YES_NO_UNSURE,
        widget=forms.RadioSelect,
        required=False,
        error_messages={"invalid_choice": "Choose yes, no or not sure"},
    )
    military_month = forms.TypedChoiceField(
        label="Month",
        choices=MONTHS,
        coerce=int,
        required=False,
        error_messages={"invalid_choice": "Choose the month you finished the course"},
    )
    military_year = forms.IntegerField(
        label="Year",
        required=False,
        min_value=EARLIEST_YEAR,
        error_messages=_number_messages("the year you finished", EARLIEST_YEAR, "this year", 2019),
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "input-year"}),
    )
    experience_years = forms.DecimalField(
        label="Years of full-time clinical laboratory experience in the last 10 years",
        help_text="For example 3 or 2.5. Leave empty if you have none. Ask the certifying body "
        "how it counts part-time work.",
        required=False,
        min_value=0,
        max_value=10,
        max_digits=3,
        decimal_places=1,
        error_messages={
            **_number_messages("your years of experience", 0, 10, 3),
            "max_decimal_places": "Use at most one decimal place, for example 2.5",
            "max_whole_digits": "Enter a number from 0 to 10, for example 3",
        },
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "class": "input-short"}),
    )
    experience_areas = forms.MultipleChoiceField(
        label="Areas your experience covers",
        help_text="Tick every area you have worked in.",
        choices=list(EXPERIENCE_AREAS.items()),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choose areas from the list"},
    )
    experience_lab = forms.ChoiceField(
        label="Was this experience in the US or Canada, or in an accredited laboratory?",
        help_text="Only if you have experience. ASCP's experience route asks for this.",
        choices=YES_NO_UNSURE,
        widget=forms.RadioSelect,
        required=False,
        error_messages={"invalid_choice": "Choose yes, no or not sure"},
    )

    # The questions a directory program answers for itself (see `for_program`).
    PROGRAM_FIELDS = ("college_accredited", "mlt_program", "program_credential")

    def __init__(self, *args, today: date | None = None, program_facts=None, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.today = today or timezone.localdate()
        self.program_facts = program_facts
        for name in self.answered_by_program:
            self.fields[name].required = False
        for name, latest in (
            ("program_year", self.today.year + PLANNING_YEARS),
            ("military_year", self.today.year),
        ):
            field = self.fields[name]
            field.max_value = latest
            field.validators.append(MaxValueValidator(latest))
            field.widget.attrs["max"] = latest
            what = "program" if name == "program_year" else "military course"
            field.error_messages.update(
                _number_messages(f"the year you finished the {what}", EARLIEST_YEAR, latest, 2022)
            )

    @property
    def answered_by_program(self) -> tuple[str, ...]:
        """The program questions the directory's listing answers (none without a program;
        what the program awards stays a question when the listing does not record it)."""
        facts = self.program_facts
        if facts is None:
            return ()
        if facts.is_degree is None:
            return tuple(n for n in self.PROGRAM_FIELDS if n != "program_credential")
        return self.PROGRAM_FIELDS

    @property
    def asks_program_credential(self) -> bool:
        return "program_credential" not in self.answered_by_program

    def _finished(self, prefix: str, what: str, future: bool = False) -> date | None:
        month = self.cleaned_data.get(f"{prefix}_month")
        year = self.cleaned_data.get(f"{prefix}_year")
        if f"{prefix}_year" in self.errors or f"{prefix}_month" in self.errors:
            return None
        if not month:
            self.add_error(f"{prefix}_month", f"Choose the month you finished the {what}")
        if not year:
            self.add_error(f"{prefix}_year", f"Enter the year you finished the {what}")
        if not month or not year:
            return None
        # The last day of the month: the reading most favourable to the person, flagged by
        # the checker when it is close to a limit.
        finished = date(year, month, calendar.monthrange(year, month)[1])
        first = date(year, month, 1)
        if first > self.today:
            if future:
                return finished  # a plan: "if I finish in May 2028"
            self.add_error(
                f"{prefix}_year", f"The month you finished the {what} cannot be in the future"
            )
            return None
        return min(finished, self.today)

    def clean(self):
        data = super().clean()
        facts = self.program_facts
        if facts is not None:
            # The program's accreditation and credential come from the directory, not the form.
            data["mlt_program"] = facts.accreditation.value
            if facts.is_degree is not None:
                data["program_credential"] = "degree" if facts.is_degree else "certificate"
            accredited = facts.college_accredited
            data["college_accredited"] = {True: "yes", None: "unsure"}[accredited]
            for name in self.answered_by_program:
                self.errors.pop(name, None)
        total = data.get("semester_hours")
        if total is not None:
            for name, subject in (("chemistry_hours", "chemistry"), ("biology_hours", "biology")):
                if (data.get(name) or 0) > total:
                    self.add_error(
                        name,
                        f"Your {subject} hours cannot be more than your total semester hours "
                        f"({total})",
                    )
        data["program_completed"] = None
        if data.get("mlt_program") and data["mlt_program"] != ProgramAccreditation.NONE:
            data["program_completed"] = self._finished("program", "program", future=True)
            if not data.get("program_credential") and "program_credential" not in self.errors:
                self.add_error(
                    "program_credential", "Say whether the program awards a degree or a certificate"
                )
        data["military_completed"] = None
        if data.get("military") == "yes":
            data["military_completed"] = self._finished("military", "course")
            if not data.get("military_credits") and "military_credits" not in self.errors:
                self.add_error(
                    "military_credits",
                    "Say whether the course's credits were accepted by a college",
                )
        needs_lab = (data.get("experience_years") or 0) > 0 and not data.get("experience_lab")
        if needs_lab and "experience_lab" not in self.errors:
            self.add_error(
                "experience_lab", "Say where you gained your experience, or choose Not sure"
            )
        return data

    def applicant(self) -> Applicant:
        data = self.cleaned_data
        return Applicant(
            associate_degree=data["associate_degree"] == "yes",
            semester_hours=data.get("semester_hours") or 0,
            chemistry_hours=data.get("chemistry_hours") or 0,
            biology_hours=data.get("biology_hours") or 0,
            college_accredited=TRISTATE[data["college_accredited"]],
            mlt_program=ProgramAccreditation(data["mlt_program"]),
            program_is_degree=data.get("program_credential") != "certificate",
            program_completed=data["program_completed"],
            military_course_completed=data["military_completed"],
            military_credits_accepted=TRISTATE.get(data.get("military_credits") or "no"),
            experience_years=data.get("experience_years") or Decimal(0),
            experience_areas=frozenset(data.get("experience_areas") or ()),
            experience_acceptable_lab=TRISTATE.get(data.get("experience_lab") or "yes"),
        )


class SelfCheckForm(forms.Form):
    """One yes / not sure / no question per statement, built from the records."""

    def __init__(self, *args, statements=(), **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.statements = list(statements)
        for statement in self.statements:
            self.fields[statement.field_name] = forms.ChoiceField(
                label=statement.statement,
                help_text=statement.hint,
                choices=Answer.choices(),
                widget=forms.RadioSelect,
                required=False,
                error_messages={"invalid_choice": "Choose yes, not sure or no"},
            )

    def clean(self):
        data = super().clean()
        if self.statements and not any(data.get(s.field_name) for s in self.statements):
            raise forms.ValidationError("Answer at least one statement to see a result")
        return data

    def answers(self):
        return [
            (statement, Answer(self.cleaned_data[statement.field_name]))
            for statement in self.statements
            if self.cleaned_data.get(statement.field_name)
        ]
