"""Keep programs_program.campus_days equal to the sum of its lab sessions' total_days.

Database triggers (PostgreSQL and SQLite) so every write path keeps it right: the admin,
imports, bulk inserts and raw SQL alike.
"""

from django.db import migrations

RECOMPUTE = (
    "UPDATE programs_program SET campus_days = (SELECT COALESCE(SUM(total_days), 0) "
    "FROM programs_labsession WHERE program_id = {ref}) WHERE id = {ref}"
)

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
CREATE TRIGGER programs_labsession_campus_days
    AFTER INSERT OR UPDATE OR DELETE ON programs_labsession
    FOR EACH ROW EXECUTE FUNCTION programs_labsession_campus_days();

-- A program saved from a stale in-memory copy must not overwrite the sum.
CREATE OR REPLACE FUNCTION programs_program_campus_days() RETURNS trigger AS $$
BEGIN
    NEW.campus_days := (SELECT COALESCE(SUM(total_days), 0) FROM programs_labsession
                        WHERE program_id = NEW.id);
    RETURN NEW;
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER programs_program_campus_days
    BEFORE UPDATE OF campus_days ON programs_program
    FOR EACH ROW EXECUTE FUNCTION programs_program_campus_days();
"""

SQLITE = [
    f"""CREATE TRIGGER programs_labsession_campus_days_insert AFTER INSERT ON programs_labsession
    BEGIN {RECOMPUTE.format(ref="NEW.program_id")}; END""",
    f"""CREATE TRIGGER programs_labsession_campus_days_update AFTER UPDATE ON programs_labsession
    BEGIN {RECOMPUTE.format(ref="OLD.program_id")}; {RECOMPUTE.format(ref="NEW.program_id")}; END""",
    f"""CREATE TRIGGER programs_labsession_campus_days_delete AFTER DELETE ON programs_labsession
    BEGIN {RECOMPUTE.format(ref="OLD.program_id")}; END""",
    # A program saved from a stale in-memory copy must not overwrite the sum (SQLite does
    # not run triggers recursively by default, so this UPDATE does not fire itself).
    f"""CREATE TRIGGER programs_program_campus_days AFTER UPDATE OF campus_days ON programs_program
    BEGIN {RECOMPUTE.format(ref="NEW.id")}; END""",
]

BACKFILL = (
    "UPDATE programs_program SET campus_days = (SELECT COALESCE(SUM(total_days), 0) "
    "FROM programs_labsession WHERE program_id = programs_program.id)"
)


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES)
    elif vendor == "sqlite":
        for statement in SQLITE:
            schema_editor.execute(statement)
    else:  # pragma: no cover
        raise NotImplementedError(f"campus_days triggers are not written for {vendor}")
    schema_editor.execute(BACKFILL)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "DROP TRIGGER IF EXISTS programs_labsession_campus_days ON programs_labsession;"
            "DROP FUNCTION IF EXISTS programs_labsession_campus_days();"
            "DROP TRIGGER IF EXISTS programs_program_campus_days ON programs_program;"
            "DROP FUNCTION IF EXISTS programs_program_campus_days();"
        )
    else:
        for name in ("insert", "update", "delete"):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS programs_labsession_campus_days_{name}")
        schema_editor.execute("DROP TRIGGER IF EXISTS programs_program_campus_days")


class Migration(migrations.Migration):
    dependencies = [("programs", "0004_campus_days")]

    operations = [migrations.RunPython(forwards, backwards)]
