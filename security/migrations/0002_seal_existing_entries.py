from django.db import migrations


def seal_existing(apps, schema_editor):
    from security import chain

    chain.seal_existing()


class Migration(migrations.Migration):
    dependencies = [("security", "0001_initial"), ("auditlog", "__latest__")]
    operations = [migrations.RunPython(seal_existing, migrations.RunPython.noop)]
