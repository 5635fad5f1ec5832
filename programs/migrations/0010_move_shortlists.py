"""The shortlist models moved to the shortlists app. The tables stay as they are (the
models name them with db_table), so this only changes Django's record of which app owns
them; shortlists.0001 takes them over."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("programs", "0009_curators_group"),
        ("shortlists", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="ShortlistItem"),
                migrations.DeleteModel(name="Shortlist"),
            ],
            database_operations=[],
        ),
    ]
