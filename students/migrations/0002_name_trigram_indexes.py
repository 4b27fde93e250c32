"""Trigram indexes for the student search on PostgreSQL (the search is a case-insensitive substring
match on names: a B-tree cannot serve it, a trigram GIN index can). pg_trgm is a trusted extension
since PostgreSQL 13: the database owner may create it. SQLite has no such index and needs none at the
size of a demo; the migration does nothing there."""

from django.db import migrations

COLUMNS = ("last_name", "first_name")


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for column in COLUMNS:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS students_student_{column}_trgm "
            f'ON students_student USING gin (UPPER("{column}"::text) gin_trgm_ops)'
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for column in COLUMNS:
        schema_editor.execute(f"DROP INDEX IF EXISTS students_student_{column}_trgm")


class Migration(migrations.Migration):
    dependencies = [("students", "0001_initial")]
    operations = [migrations.RunPython(create, drop, elidable=False)]
