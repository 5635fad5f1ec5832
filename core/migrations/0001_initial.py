from django.db import migrations, models


def first_row(apps, schema_editor):
    apps.get_model("core", "CacheGeneration").objects.get_or_create(pk=1)


class Migration(migrations.Migration):
    initial = True
    dependencies = []

    operations = [
        migrations.CreateModel(
            name="CacheGeneration",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("value", models.PositiveBigIntegerField(default=0)),
                ("changed_at", models.DateTimeField(auto_now=True)),
            ],
            options={"verbose_name": "cache generation"},
        ),
        migrations.RunPython(first_row, migrations.RunPython.noop),
    ]
