"""Create the "Editors" group: staff who keep the guides current.

Editors may view, add and change every content model of the roles and salaries apps, and delete
rows of them (a FAQ entry, a salary range), but not whole roles, and nothing about users or groups.
Re-running the migration (e.g. after `migrate roles 0002`) resets the group to exactly these rights.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CONTENT_APPS = ["roles", "salaries"]
NO_DELETE = {("roles", "role")}


def create_editors_group(apps, schema_editor):
    # Permissions are normally created after all migrations (post_migrate); create them now so
    # the group can be given them on a fresh database.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, using=schema_editor.connection.alias)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias

    permissions = []
    for app_label in CONTENT_APPS:
        for model in apps.get_app_config(app_label).get_models():
            if model._meta.model_name.startswith("historical"):
                continue  # revision rows are written by the history machinery, not by editors
            content_type = ContentType.objects.db_manager(db).get_for_model(model)
            actions = ["view", "add", "change"]
            if (app_label, model._meta.model_name) not in NO_DELETE:
                actions.append("delete")
            codenames = [f"{action}_{model._meta.model_name}" for action in actions]
            permissions += Permission.objects.using(db).filter(content_type=content_type, codename__in=codenames)

    group, _ = Group.objects.using(db).get_or_create(name="Editors")
    group.permissions.set(permissions)


def delete_editors_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.using(schema_editor.connection.alias).filter(name="Editors").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("roles", "0002_initial"),
        ("salaries", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_editors_group, delete_editors_group)]
