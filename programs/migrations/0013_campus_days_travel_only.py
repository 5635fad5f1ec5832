"""Campus days now count only requirements that may take a student to a campus, and are
unknown (NULL) when one of them does not publish its total days.

Requirements at the student's workplace, at a lab the student arranges or at an affiliated
lab near the student involve no campus travel and add nothing. A requirement whose place is
not published counts as possibly on campus. The triggers of migration 0005 are replaced on
both databases (SQLite drops a table's triggers when Django rebuilds the table, which the
previous migration did).
"""

from django.db import migrations

TRAVEL = "location IN ('campus', 'unknown')"
VALUE = (
    "(CASE WHEN EXISTS (SELECT 1 FROM programs_labsession WHERE program_id = {ref} "
    f"AND {TRAVEL} AND total_days IS NULL) THEN NULL "
    "ELSE (SELECT COALESCE(SUM(total_days), 0) FROM programs_labsession "
    f"WHERE program_id = {{ref}} AND {TRAVEL}) END)"
)
RECOMPUTE = "UPDATE programs_program SET campus_days = " + VALUE + " WHERE id = {ref}"

POSTGRES = f"""
CREATE OR REPLACE FUNCTION programs_labsession_campus_days() RETURNS trigger AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        {RECOMPUTE.format(ref="OLD.program_id")};
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        {RECOMPUTE.format(ref="NEW.program_id")};
    END IF;
    RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION programs_program_campus_days() RETURNS trigger AS $$
BEGIN
    NEW.campus_days := {VALUE.format(ref="NEW.id")};
    RETURN NEW;
END
$$ LANGUAGE plpgsql;
"""

SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS programs_labsession_campus_days_insert",
    "DROP TRIGGER IF EXISTS programs_labsession_campus_days_update",
    "DROP TRIGGER IF EXISTS programs_labsession_campus_days_delete",
    "DROP TRIGGER IF EXISTS programs_program_campus_days",
]
SQLITE = [
    f"""CREATE TRIGGER programs_labsession_campus_days_insert AFTER INSERT ON programs_labsession
    BEGIN {RECOMPUTE.format(ref="NEW.program_id")}; END""",
    f"""CREATE TRIGGER programs_labsession_campus_days_update AFTER UPDATE ON programs_labsession
    BEGIN {RECOMPUTE.format(ref="OLD.program_id")}; {RECOMPUTE.format(ref="NEW.program_id")}; END""",
    f"""CREATE TRIGGER programs_labsession_campus_days_delete AFTER DELETE ON programs_labsession
    BEGIN {RECOMPUTE.format(ref="OLD.program_id")}; END""",
    f"""CREATE TRIGGER programs_program_campus_days AFTER UPDATE OF campus_days ON programs_program
    BEGIN {RECOMPUTE.format(ref="NEW.id")}; END""",
]
BACKFILL = "UPDATE programs_program SET campus_days = " + VALUE.format(ref="programs_program.id")


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES)
    elif vendor == "sqlite":
        for statement in SQLITE_DROP + SQLITE:
            schema_editor.execute(statement)
    else:  # pragma: no cover
        raise NotImplementedError(f"campus_days triggers are not written for {vendor}")
    schema_editor.execute(BACKFILL)


def backwards(apps, schema_editor):
    """Back to the triggers of migration 0005 (every session counted). On SQLite, migration
    0011 restores them once it has rebuilt its tables."""
    import importlib

    if schema_editor.connection.vendor == "postgresql":
        previous = importlib.import_module("programs.migrations.0005_campus_days_triggers")
        schema_editor.execute(
            "DROP TRIGGER IF EXISTS programs_labsession_campus_days ON programs_labsession;"
            "DROP TRIGGER IF EXISTS programs_program_campus_days ON programs_program;"
        )
        previous.forwards(apps, schema_editor)
    else:
        for statement in SQLITE_DROP:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("programs", "0012_real_directory")]

    operations = [migrations.RunPython(forwards, backwards)]
