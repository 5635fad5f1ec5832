"""The curators' workplace in the Django admin, one module per part:

- programs.py: listings (ProgramAdmin), with workplace.py's extra views (deleted listings,
  restore, re-verification, import sample) and import/export hooks;
- places.py: institutions and sites; sessions.py: lab sessions and enrolment restrictions;
- rates.py: the federal travel rates of the cost estimate;
- filters.py: list filters; forms.py: the import upload form.
"""

from . import places, programs, rates, sessions  # noqa: F401  (registers the model admins)
