"""PostgreSQL full-text and typo-tolerant search (a no-op on SQLite).

- pg_trgm for trigram word similarity on program and institution names;
- a trigger keeps programs_program.search_vector up to date from the program's name and
  description and its institution's name, city and state (weights A, A, B, C), also when
  the institution changes;
- a GIN index on the vector and GIN trigram indexes on the names.
"""

from django.db import migrations

from programs.choices import State

STATE_NAME_CASE = "CASE inst.state " + " ".join(
    f"WHEN '{code}' THEN '{name}'" for code, name in State.choices
) + " ELSE '' END"

FORWARDS = f"""
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE OR REPLACE FUNCTION programs_program_search_update() RETURNS trigger AS $$
DECLARE
    inst RECORD;
BEGIN
    SELECT name, city, state INTO inst FROM programs_institution WHERE id = NEW.institution_id;
    NEW.search_vector :=
        setweight(to_tsvector('english', coalesce(NEW.name, '')), 'A') ||
        setweight(to_tsvector('english', coalesce(inst.name, '')), 'A') ||
        setweight(to_tsvector('simple', coalesce(inst.city, '') || ' ' || coalesce(inst.state, '')
            || ' ' || {STATE_NAME_CASE}), 'B') ||
        setweight(to_tsvector('english', coalesce(NEW.description, '')), 'C');
    RETURN NEW;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER programs_program_search
    BEFORE INSERT OR UPDATE OF name, description, institution_id, search_vector ON programs_program
    FOR EACH ROW EXECUTE FUNCTION programs_program_search_update();

CREATE OR REPLACE FUNCTION programs_institution_search_update() RETURNS trigger AS $$
BEGIN
    IF NEW.name IS DISTINCT FROM OLD.name OR NEW.city IS DISTINCT FROM OLD.city
       OR NEW.state IS DISTINCT FROM OLD.state THEN
        UPDATE programs_program SET search_vector = NULL WHERE institution_id = NEW.id;
    END IF;
    RETURN NEW;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER programs_institution_search
    AFTER UPDATE ON programs_institution
    FOR EACH ROW EXECUTE FUNCTION programs_institution_search_update();

UPDATE programs_program SET search_vector = NULL;

CREATE INDEX programs_program_search_gin ON programs_program USING gin (search_vector);
CREATE INDEX programs_program_name_trgm ON programs_program USING gin (name gin_trgm_ops);
CREATE INDEX programs_institution_name_trgm ON programs_institution
    USING gin (name gin_trgm_ops);
"""

BACKWARDS = """
DROP INDEX IF EXISTS programs_institution_name_trgm;
DROP INDEX IF EXISTS programs_program_name_trgm;
DROP INDEX IF EXISTS programs_program_search_gin;
DROP TRIGGER IF EXISTS programs_institution_search ON programs_institution;
DROP FUNCTION IF EXISTS programs_institution_search_update();
DROP TRIGGER IF EXISTS programs_program_search ON programs_program;
DROP FUNCTION IF EXISTS programs_program_search_update();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARDS)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARDS)


class Migration(migrations.Migration):
    dependencies = [("programs", "0002_search_vector")]

    operations = [migrations.RunPython(forwards, backwards)]
