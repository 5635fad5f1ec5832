"""The career guide: pages curators write in Markdown, and the facts those pages show.

Facts that age (salary figures, certification routes, licensing states, ...) are records of
their own, each with its source, so a curator updates a figure once and every page shows it.
A page places a block of facts with a marker paragraph such as ``[[salary-chart]]`` (see
`careers.blocks`).

One module per kind of record: pages.py, facts.py, certification.py, checklist.py.
"""

from .certification import (  # noqa: F401
    CertificationRoute,
    CertifyingBody,
    LicensingState,
)
from .checklist import (  # noqa: F401
    ChecklistItem,
    SelfCheckStatement,
)
from .facts import (  # noqa: F401
    Duty,
    SalaryFigure,
    SpecialtyArea,
    WorkSetting,
)
from .pages import (  # noqa: F401
    RESERVED_SLUGS,
    Page,
    PageQuerySet,
    PageSource,
    Source,
    SourceQuerySet,
)
