"""The "Curators" group: the people who keep the program directory accurate.

They add and change programs, institutions, sites, lab sessions and enrolment restrictions.
They cannot delete programs, institutions or sites (they archive a listing instead); they
can delete lab sessions and enrolment restrictions, which they edit inside a program, and
every such deletion is kept in the history. They see nothing of the guide or the users.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Curators"
PERMISSIONS = [
    "add_program",
    "change_program",
    "view_program",
    "add_institution",
    "change_institution",
    "view_institution",
    "add_site",
    "change_site",
    "view_site",
    "add_labsession",
    "change_labsession",
    "delete_labsession",
    "view_labsession",
    "add_enrollmentrestriction",
    "change_enrollmentrestriction",
    "delete_enrollmentrestriction",
    "view_enrollmentrestriction",
]


def forwards(apps, schema_editor):
    # Permissions are normally created after migrations run; the group needs them now.
    app_config = apps.get_app_config("programs")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP)
    permissions = list(
        Permission.objects.filter(content_type__app_label="programs", codename__in=PERMISSIONS)
    )
    missing = set(PERMISSIONS) - {p.codename for p in permissions}
    if missing:
        raise RuntimeError(f"Permissions not found: {sorted(missing)}")
    group.permissions.set(permissions)


def backwards(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("programs", "0008_baseline_history"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
