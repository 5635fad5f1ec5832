"""core.constraints evaluates check constraints in Python exactly as the database does: every
check constraint of the directory's models, on values inside, at and beyond each limit,
NULL included, gives the same verdict both ways."""

import itertools

import pytest
from django.core.exceptions import ValidationError
from django.db.models import CheckConstraint, Q

from core import constraints
from programs.models import EnrollmentRestriction, Institution, LabSession, Program, Site
from programs.tests.factories import (
    EnrollmentRestrictionFactory,
    InstitutionFactory,
    LabSessionFactory,
    ProgramFactory,
    SiteFactory,
)

pytestmark = pytest.mark.django_db

NUMBERS = [None, -181, -91, -1, 0, 0.5, 1, 2, 24, 89, 90, 91, 100, 101, 179, 181]
TEXT = ["", "bogus", "OH"]


def referenced_fields(condition) -> set[str]:
    names = set()
    for child in condition.children:
        if isinstance(child, Q):
            names |= referenced_fields(child)
        else:
            key, value = child
            names.add(key.split("__")[0])
            names |= {n for n in str(value).split("'") if n.isidentifier() and "_" in n}
    return names


def candidates(model, name):
    field = model._meta.get_field(name)
    if field.choices:
        return [None, "", "bogus", *[value for value, _ in field.choices][:3]]
    if field.get_internal_type() in ("CharField", "TextField", "SlugField"):
        return TEXT
    if field.get_internal_type() == "DateField":
        from datetime import date

        return [None, date(2022, 1, 1), date(2023, 1, 1)]
    if "Integer" in field.get_internal_type():  # the database would round 0.5
        return [n for n in NUMBERS if n is None or float(n).is_integer()]
    return NUMBERS


def in_database(constraint, model, instance) -> bool:
    try:
        constraint.validate(model, instance)
    except ValidationError:
        return False
    return True


def in_python(constraint, instance) -> bool:
    return constraints.evaluate(constraint.condition, instance) is not False


FACTORIES = [
    (Program, lambda: ProgramFactory.build()),
    (Institution, lambda: InstitutionFactory.build()),
    (Site, lambda: SiteFactory.build(latitude=40.0, longitude=-83.0)),
    (LabSession, lambda: LabSessionFactory.build(program=None)),
    (EnrollmentRestriction, lambda: EnrollmentRestrictionFactory.build(program=None)),
]


@pytest.mark.parametrize(("model", "make"), FACTORIES, ids=lambda m: getattr(m, "__name__", ""))
def test_python_and_database_agree_on_every_check_constraint(model, make):
    checked = 0
    for constraint in model._meta.constraints:
        if not isinstance(constraint, CheckConstraint):
            continue
        try:
            constraints.evaluate(constraint.condition, make())
        except constraints.Unsupported:
            continue  # falls back to the database: nothing to compare
        names = sorted(n for n in referenced_fields(constraint.condition) if _is_field(model, n))
        values = [candidates(model, n) for n in names]
        for combination in itertools.islice(itertools.product(*values), 400):
            instance = make()
            for name, value in zip(names, combination, strict=True):
                setattr(instance, name, value)
            assert in_python(constraint, instance) == in_database(constraint, model, instance), (
                constraint.name,
                dict(zip(names, combination, strict=True)),
            )
            checked += 1
    assert checked


def _is_field(model, name):
    try:
        model._meta.get_field(name)
    except Exception:
        return False
    return True


def test_validate_constraints_reports_like_full_clean():
    program = ProgramFactory.build(pass_rate=130, tuition_total=-5)
    with pytest.raises(ValidationError) as python_error:
        constraints.validate_constraints(program, exclude={"institution"}, unique=False)
    with pytest.raises(ValidationError) as django_error:
        program.validate_constraints(exclude={"institution"})
    assert sorted(python_error.value.messages) == sorted(django_error.value.messages)


def test_a_condition_it_cannot_evaluate_falls_back_to_the_database():
    from django.db.models.functions import Length

    condition = Q(name__startswith="A")
    with pytest.raises(constraints.Unsupported):
        constraints.evaluate(condition, ProgramFactory.build(name="Alpha"))
    with pytest.raises(constraints.Unsupported):
        constraints.evaluate(Q(Length("name")), ProgramFactory.build())
    constraint = CheckConstraint(condition=condition, name="starts_with_a")
    constraints._check(constraint, Program, ProgramFactory.build(name="Alpha"), set())
    with pytest.raises(ValidationError):
        constraints._check(constraint, Program, ProgramFactory.build(name="Beta"), set())
