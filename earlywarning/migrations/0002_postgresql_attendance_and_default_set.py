"""On PostgreSQL only, attendance becomes a table partitioned by month, without any index (ADR 0013):
a weekly import touches one or two months, which partition pruning finds without an index, and an
index over 100 million rows (btree or even BRIN) would more than halve the bulk load. The import
creates each month's partition before writing; a default partition catches anything else. Other
databases keep the table of 0001 (composite primary key). Then the default criteria set ships with
the product.
"""

from django.db import migrations

PARTITIONED = """
DROP TABLE earlywarning_attendance;
CREATE TABLE earlywarning_attendance (
    student_id integer NOT NULL,
    date date NOT NULL,
    period smallint NOT NULL,
    status smallint NOT NULL
) PARTITION BY RANGE (date);
CREATE TABLE earlywarning_attendance_default PARTITION OF earlywarning_attendance DEFAULT;
"""

BACK = """
DROP TABLE earlywarning_attendance;
CREATE TABLE earlywarning_attendance (
    student_id bigint NOT NULL,
    date date NOT NULL,
    period smallint NOT NULL,
    status smallint NOT NULL,
    PRIMARY KEY (student_id, date, period)
);
"""


def partition(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PARTITIONED)


def unpartition(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACK)


def default_set(apps, schema_editor):
    from lib.risk import DEFAULT_CRITERIA

    CriteriaSet = apps.get_model("earlywarning", "CriteriaSet")
    if not CriteriaSet.objects.filter(is_default=True).exists():
        CriteriaSet.objects.create(
            name="défaut",
            version=1,
            criteria=[c.to_dict() for c in DEFAULT_CRITERIA],
            notes="Critères livrés avec Élève 360 (notes de domaine §7).",
            is_default=True,
        )


class Migration(migrations.Migration):
    dependencies = [("earlywarning", "0001_initial")]

    operations = [
        migrations.RunPython(partition, unpartition),
        migrations.RunPython(default_set, migrations.RunPython.noop),
    ]
