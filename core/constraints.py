"""A model's check constraints, evaluated in Python instead of one query each.

`Model.full_clean()` checks every CheckConstraint with its own `SELECT` (Django's `Q.check`),
about 30 queries for a listing with a lab session. Bulk work (the program import) validates
thousands of objects, so it calls `validate_constraints(instance)` here: the conditions the
directory uses (field lookups exact, in, gt, gte, lt, lte, isnull; F() and +, -, * of them;
AND, OR, NOT) are evaluated in Python with SQL's three-valued logic (a comparison with NULL
is unknown, and a check constraint passes when its condition is unknown, as in the
database). Anything else falls back to the constraint's own query, so a new kind of
condition is still checked, only more slowly. core/tests/test_constraints.py compares both
ways on every model's constraints.
"""

import operator

from django.core.exceptions import ValidationError
from django.db.models import CheckConstraint, F, Q, Value
from django.db.models.expressions import CombinedExpression


class Unsupported(Exception):
    """The condition uses something this module does not evaluate."""


_LOOKUPS = {
    "exact": operator.eq,
    "gt": operator.gt,
    "gte": operator.ge,
    "lt": operator.lt,
    "lte": operator.le,
}
_ARITHMETIC = {"+": operator.add, "-": operator.sub, "*": operator.mul}


def _field_value(instance, name: str):
    field = instance._meta.get_field(name)
    if field.is_relation:
        raise Unsupported(name)
    return getattr(instance, field.attname)


def _value(instance, expression):
    if isinstance(expression, F):
        if "__" in expression.name:
            raise Unsupported(expression.name)
        return _field_value(instance, expression.name)
    if isinstance(expression, Value):
        return expression.value
    if isinstance(expression, CombinedExpression):
        combine = _ARITHMETIC.get(expression.connector)
        if combine is None:
            raise Unsupported(expression.connector)
        left, right = _value(instance, expression.lhs), _value(instance, expression.rhs)
        return None if left is None or right is None else combine(left, right)
    if hasattr(expression, "resolve_expression"):
        raise Unsupported(type(expression).__name__)
    return expression


def _lookup(instance, key: str, wanted):
    name, _, lookup = key.partition("__")
    lookup = lookup or "exact"
    value = _field_value(instance, name)
    if lookup == "isnull" or (lookup == "exact" and wanted is None):  # field=None is isnull
        return (value is None) == bool(True if lookup == "exact" else wanted)
    if lookup == "in":
        if value is None:
            return None
        options = [_value(instance, option) for option in wanted]
        if value in options:
            return True
        return None if None in options else False
    compare = _LOOKUPS.get(lookup)
    if compare is None:
        raise Unsupported(key)
    other = _value(instance, wanted)
    if value is None or other is None:
        return None
    return compare(value, other)


def evaluate(condition, instance) -> bool | None:
    """True, False or None (unknown) for `condition` on `instance`; Unsupported otherwise."""
    if not isinstance(condition, Q):
        raise Unsupported(type(condition).__name__)
    results = []
    for child in condition.children:
        if isinstance(child, Q):
            results.append(evaluate(child, instance))
        elif isinstance(child, tuple) and len(child) == 2:
            results.append(_lookup(instance, *child))
        else:
            raise Unsupported(repr(child))
    if condition.connector == Q.AND:
        result = False if False in results else (None if None in results else True)
    elif condition.connector == Q.OR:
        result = True if True in results else (None if None in results else False)
    else:
        raise Unsupported(condition.connector)
    if condition.negated:
        return None if result is None else not result
    return result


def validate_constraints(instance, exclude=None, *, unique: bool = True) -> None:
    """`instance.validate_constraints(exclude)` with check constraints evaluated in Python
    where possible. Unique constraints ask the database, unless `unique=False` (the caller
    knows the rows it compares with, as the import does)."""
    exclude = set(exclude or ())
    errors: dict = {}
    for model_class, constraints in instance.get_constraints():
        for constraint in constraints:
            try:
                if isinstance(constraint, CheckConstraint):
                    _check(constraint, model_class, instance, exclude)
                elif unique:
                    constraint.validate(model_class, instance, exclude=exclude)
            except ValidationError as error:
                fields = getattr(constraint, "fields", ())
                if getattr(error, "code", None) == "unique" and len(fields) == 1:
                    errors.setdefault(fields[0], []).append(error)
                else:
                    errors = error.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)


_SKIPPED: dict[tuple, bool] = {}  # (model, constraint, excluded fields) -> does it use them


def _check(constraint: CheckConstraint, model_class, instance, exclude) -> None:
    if exclude:
        key = (model_class._meta.label, constraint.name, frozenset(exclude))
        if key not in _SKIPPED:
            _SKIPPED[key] = constraint._expression_refs_exclude(
                model_class, constraint.condition, exclude
            )
        if _SKIPPED[key]:
            return
    try:
        passed = evaluate(constraint.condition, instance) is not False
    except Unsupported:
        constraint.validate(model_class, instance, exclude=exclude)
        return
    if not passed:
        raise ValidationError(
            constraint.get_violation_error_message(), code=constraint.violation_error_code
        )
