"""Curators edit a program's sources (where each group of facts came from, and when it was
last checked) inline on the program: they add, change and delete them, and every change is
kept in the history."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

PERMISSIONS = ["add_factsource", "change_factsource", "delete_factsource", "view_factsource"]


def forwards(apps, schema_editor):
    # Permissions are normally created after migrations run; the group needs them now.
    app_config = apps.get_app_config("programs")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="Curators")
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="programs", codename__in=PERMISSIONS)
    )


def backwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name="Curators"):
        group.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="programs", codename__in=PERMISSIONS
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("programs", "0024_accreditation_note"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
