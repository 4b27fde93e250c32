from django.db import migrations


def create_types(apps, schema_editor):
    from support.catalogue import ensure_default_types

    ensure_default_types(apps.get_model("support", "InterventionType"))


class Migration(migrations.Migration):
    dependencies = [("support", "0001_initial")]

    operations = [migrations.RunPython(create_types, migrations.RunPython.noop)]
