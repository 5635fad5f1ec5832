"""The columns of the program file: their names, order and which are read on import."""

from pathlib import Path

from django.conf import settings

# Program fields in the order a spreadsheet shows them; each column is named after its field.
PROGRAM_FIELDS = [
    "name",
    "description",
    "credential",
    "delivery",
    "accreditation_agency",
    "accreditation_status",
    "accreditation_awarded",
    "accreditation_next_review",
    "length_months",
    "credit_hours",
    "tuition_total",
    "tuition_in_state",
    "tuition_out_of_state",
    "start_terms",
    "prerequisites",
    "clinical_hours",
    "clinical_arrangement",
    "pass_rate",
    "graduation_rate",
    "placement_rate",
    "outcomes_year",
    "program_url",
    "source_url",
    "last_verified",
    "status",
]
# institution_<column> -> Institution field
INSTITUTION_COLUMNS = {
    "institution_name": "name",
    "institution_city": "city",
    "institution_state": "state",
    "institution_zip": "zip_code",
    "institution_website": "website",
    "institution_accreditor": "accreditor",
    "institution_control": "control",
}
INSTITUTION_FIELD_COLUMNS = {name: column for column, name in INSTITUTION_COLUMNS.items()}
INSTITUTION_FIELD_COLUMNS["slug"] = "institution"

# The columns an import reads, in file order. `slug` is the natural key.
IMPORT_COLUMNS = [
    "slug",
    "institution",
    *INSTITUTION_COLUMNS,
    *PROGRAM_FIELDS,
    "lab_sessions",
    "cannot_enrol",
]
# Exported for reading only, and derived: campus_days is kept by database triggers from the lab
# sessions; eligible_ascp and eligible_amt follow from the accreditation columns and the
# institution's accreditor (programs/accreditation.py). An import accepts them and ignores them.
READ_ONLY_COLUMNS = ["campus_days", "eligible_ascp", "eligible_amt"]
EXPORT_COLUMNS = IMPORT_COLUMNS + READ_ONLY_COLUMNS

YES = {"yes", "y", "true", "1"}
NO = {"no", "n", "false", "0"}


SAMPLE_FILE = Path(settings.BASE_DIR) / "fixtures" / "programs_import_sample.csv"


class FileProblem(ValueError):
    """The file as a whole cannot be imported; the message says why, in plain words."""
