"""The shortlist models, moved here from the programs app. Their tables already exist
(programs_shortlist, programs_shortlistitem, created by programs.0006): this migration only
takes them over in Django's state, and moves their content types (and so their permissions
and admin log entries) to this app. Every share and edit link keeps working."""

import django.db.models.deletion
import django.db.models.functions.text
import django.db.models.lookups
from django.db import migrations, models

import shortlists.models


def move_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in ("shortlist", "shortlistitem"):
        if not ContentType.objects.filter(app_label="shortlists", model=model).exists():
            ContentType.objects.filter(app_label="programs", model=model).update(
                app_label="shortlists"
            )


def restore_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in ("shortlist", "shortlistitem"):
        if not ContentType.objects.filter(app_label="programs", model=model).exists():
            ContentType.objects.filter(app_label="shortlists", model=model).update(
                app_label="programs"
            )


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("programs", "0009_curators_group"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name='Shortlist',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('token', models.CharField(default=shortlists.models.new_share_token, editable=False, max_length=64, unique=True)),
                        ('edit_secret_hash', models.CharField(editable=False, max_length=64)),
                        ('title', models.CharField(blank=True, max_length=120)),
                        ('note', models.TextField(blank=True, max_length=1000)),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                    ],
                    options={
                        'db_table': 'programs_shortlist',
                        'ordering': ['-created_at', 'pk'],
                        'constraints': [models.CheckConstraint(condition=django.db.models.lookups.GreaterThanOrEqual(django.db.models.functions.text.Length('token'), 43), name='shortlist_token_long_enough'), models.CheckConstraint(condition=django.db.models.lookups.Exact(django.db.models.functions.text.Length('edit_secret_hash'), 64), name='shortlist_edit_hash_is_sha256'), models.CheckConstraint(condition=django.db.models.lookups.LessThanOrEqual(django.db.models.functions.text.Length('title'), 120), name='shortlist_title_max_length'), models.CheckConstraint(condition=django.db.models.lookups.LessThanOrEqual(django.db.models.functions.text.Length('note'), 1000), name='shortlist_note_max_length')],
                    },
                ),
                migrations.CreateModel(
                    name='ShortlistItem',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('position', models.PositiveSmallIntegerField(default=0)),
                        ('program_name', models.CharField(max_length=200)),
                        ('institution_name', models.CharField(max_length=200)),
                        ('shared_updated_at', models.DateTimeField()),
                        ('shared_status', models.CharField(choices=[('draft', 'Draft'), ('published', 'Published'), ('archived', 'Archived')], max_length=10)),
                        ('shared_last_verified', models.DateField()),
                        ('shared_facts', models.JSONField(blank=True, default=dict, help_text='Key facts as shown when shared, to report changes.')),
                        ('program', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='programs.program')),
                        ('shortlist', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='items', to='shortlists.shortlist')),
                    ],
                    options={
                        'db_table': 'programs_shortlistitem',
                        'ordering': ['shortlist', 'position', 'pk'],
                        'constraints': [models.UniqueConstraint(fields=('shortlist', 'program'), name='shortlist_item_unique_program'), models.CheckConstraint(condition=models.Q(('shared_status__in', ['draft', 'published', 'archived'])), name='shortlist_item_status_valid')],
                    },
                ),
            ],
        ),
        migrations.RunPython(move_content_types, restore_content_types),
    ]
