"""Give the "Editors" group (0003) full rights on the two guide sections added in 0004."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

NEW_MODELS = ["careerentrystep", "topindustry"]
ACTIONS = ["view", "add", "change", "delete"]


def grant(apps, schema_editor):
    # As in 0003: permissions are normally created after all migrations, so create them now.
    app_config = apps.get_app_config("roles")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, using=schema_editor.connection.alias)
    app_config.models_module = None

    db = schema_editor.connection.alias
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    codenames = [f"{action}_{model}" for model in NEW_MODELS for action in ACTIONS]
    permissions = Permission.objects.using(db).filter(content_type__app_label="roles", codename__in=codenames)
    for group in Group.objects.using(db).filter(name="Editors"):
        group.permissions.add(*permissions)


def revoke(apps, schema_editor):
    db = schema_editor.connection.alias
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    codenames = [f"{action}_{model}" for model in NEW_MODELS for action in ACTIONS]
    permissions = Permission.objects.using(db).filter(content_type__app_label="roles", codename__in=codenames)
    for group in Group.objects.using(db).filter(name="Editors"):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [("roles", "0004_guide_steps_and_industries")]

    operations = [migrations.RunPython(grant, revoke)]
