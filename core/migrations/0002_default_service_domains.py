from django.db import migrations


def create_domains(apps, schema_editor):
    from core.domains import ensure_default_domains

    ensure_default_domains(apps.get_model("core", "ServiceDomain"))


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [migrations.RunPython(create_domains, migrations.RunPython.noop)]
