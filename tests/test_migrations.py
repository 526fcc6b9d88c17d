"""Migrations keep every row: the guide's pay figures moved from `salaries` to `roles` (salaries 0002, roles 0008)
on databases that already held guides.

The test loads the guide, then walks the database back to the schema every install had before the move
(roles 0007, salaries 0001) and forward again, checking each row, history entry, content type and
editor's permission on the way.
"""

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from roles.models import GrowthProjection, KeyFacts, LevelSalary, RegionalSalary

MOVED = (KeyFacts, GrowthProjection, LevelSalary, RegionalSalary)
BEFORE_THE_MOVE = [("roles", "0007_search_title_and_lighter_prose"), ("salaries", "0001_initial")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


def latest():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()


def table_rows(table: str) -> list[dict]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)} ORDER BY 1")  # noqa: S608 (names from models)
        names = [column[0] for column in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def on_columns_of(rows: dict[str, list[dict]], older: dict[str, list[dict]]) -> dict[str, list[dict]]:
    """`rows` cut to the columns the `older` schema's tables have: columns later migrations added (a pay
    figure's `pay_period`, roles 0009) did not exist before the move."""
    kept = {name: set(table[0]) if table else set() for name, table in older.items()}
    return {name: [{k: v for k, v in row.items() if k in kept[name]} for row in table] for name, table in rows.items()}


def moved_tables(app_label: str) -> dict[str, str]:
    """The tables of the moved models and their history, as named by `app_label`, by model name."""
    names = [model._meta.model_name for model in MOVED]
    return {name: f"{app_label}_{name}" for name in (*names, *(f"historical{name}" for name in names))}


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_guides_pay_figures_keep_every_row_across_the_move_between_apps():
    call_command("load_guides", verbosity=0)
    editors = Group.objects.create(name="Migration test editors")
    editors.permissions.add(Permission.objects.get(codename="change_regionalsalary"))
    content_type_ids = {model: ContentType.objects.get_for_model(model).pk for model in MOVED}
    rows = {name: table_rows(table) for name, table in moved_tables("roles").items()}
    assert all(rows[model._meta.model_name] for model in MOVED)  # the guide has figures of every kind
    assert all(rows[f"historical{model._meta.model_name}"] for model in MOVED)

    try:
        migrate(BEFORE_THE_MOVE)
        ContentType.objects.clear_cache()
        # The schema of every install before the move: the tables and content types are salaries'.
        old = {name: table_rows(table) for name, table in moved_tables("salaries").items()}
        assert old == on_columns_of(rows, old)
        assert set(
            ContentType.objects.filter(pk__in=content_type_ids.values()).values_list("app_label", flat=True)
        ) == {"salaries"}
    finally:
        migrate(latest())
        ContentType.objects.clear_cache()

    assert {name: table_rows(table) for name, table in moved_tables("roles").items()} == rows
    for model, pk in content_type_ids.items():
        assert ContentType.objects.get_for_model(model).pk == pk
    assert editors.permissions.get().content_type.app_label == "roles"
    assert list(Group.objects.get(pk=editors.pk).permissions.values_list("codename", flat=True)) == [
        "change_regionalsalary"
    ]
