"""The one rule for text a spreadsheet would run as a formula ("CSV injection").

Excel, LibreOffice and Google Sheets treat a cell that starts with =, +, -, @, a tab or a
carriage return as a formula (OWASP, "CSV Injection"). The rule is applied three ways:

- `validate_no_formula` is a validator on every free-text model field people fill in, so
  the admin, the import (which runs full_clean()) and any other form refuse such text;
- the import also refuses a cell in the form `neutralise` writes (a quote before a formula
  character), since the value behind it is one the directory does not accept;
- `neutralise` is applied to every cell of every CSV the site writes (admin export,
  `export_programs`, shortlist CSV), in case such text reached the database another way.
"""

from django.core.exceptions import ValidationError

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NAMES = {"\t": "a tab", "\r": "a carriage return"}


def starts_like_formula(value) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def formula_message(value: str) -> str:
    first = _NAMES.get(value[0], f"'{value[0]}'")
    return (
        f"“{value[:40]}” starts with {first}, which a spreadsheet would run as a formula. "
        "Start the text with a letter or a digit."
    )


def validate_no_formula(value):
    """A model-field validator (referenced by migrations: keep the name)."""
    if starts_like_formula(value):
        raise ValidationError(formula_message(value), code="formula")


def neutralise(value):
    """A CSV cell that a spreadsheet shows as text: a quote before a formula character."""
    if starts_like_formula(value):
        return "'" + value
    return value


def is_neutralised_formula(value) -> bool:
    """Whether a cell is `neutralise`'s output: "'=..." (as an export writes it)."""
    return isinstance(value, str) and value.startswith("'") and starts_like_formula(value[1:])
