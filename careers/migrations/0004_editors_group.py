"""The "Editors" group: the people who write the career guide and keep its facts current.

They add, change and delete the guide's facts (salary figures, duties, routes, licensing
states, ...) and sources cited by pages; they add and change pages but do not delete them
(they unpublish a page instead). Every change is kept in the history. They see nothing of
the program directory or the users.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Editors"
MODELS = [
    "page",
    "pagesource",
    "source",
    "salaryfigure",
    "duty",
    "worksetting",
    "specialtyarea",
    "certificationroute",
    "licensingstate",
    "checklistitem",
    "selfcheckstatement",
]
# Pages are unpublished, not deleted; sources are protected by what cites them.
NOT_DELETABLE = {"page", "source"}
PERMISSIONS = [
    f"{action}_{model}"
    for model in MODELS
    for action in ("add", "change", "delete", "view")
    if not (action == "delete" and model in NOT_DELETABLE)
]


def forwards(apps, schema_editor):
    # Permissions are normally created after migrations run; the group needs them now.
    app_config = apps.get_app_config("careers")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP)
    permissions = list(
        Permission.objects.filter(content_type__app_label="careers", codename__in=PERMISSIONS)
    )
    missing = set(PERMISSIONS) - {p.codename for p in permissions}
    if missing:
        raise RuntimeError(f"Permissions not found: {sorted(missing)}")
    group.permissions.set(permissions)


def backwards(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("careers", "0003_baseline_history"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
