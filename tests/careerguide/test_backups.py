"""`manage.py backup_db` / `restore_db` (`careerguide.backups`): back up, wipe, restore, and every table holds
exactly the rows it held, on SQLite and on PostgreSQL (pg_dump/pg_restore found like scripts/with-postgres)."""

import os
import re
import sqlite3
from contextlib import closing
from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from careerguide.backups import BackupError, postgres_tool
from roles.models import Skill
from tests import factories
from tests.admin_helpers import editors_group
from tests.api_data import full_guide

# The restore replaces the database outside the test's transaction; the migrations' rows (the Editors group)
# are put back for the next tests by serialized_rollback.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture(autouse=True)
def _postgres_client_programs():
    if connection.vendor != "postgresql":
        return
    try:
        postgres_tool("pg_dump")
        postgres_tool("pg_restore")
    except BackupError as missing:
        if os.environ.get("CI") == "true":
            raise
        pytest.skip(str(missing))


def every_table() -> dict[str, list]:
    """Every row of every table of the database, sorted, by table name."""
    tables = connection.introspection.table_names()
    with connection.cursor() as cursor:
        contents = {}
        for table in tables:
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608 - names from the schema
            contents[table] = sorted(cursor.fetchall(), key=repr)
    return contents


def backup(tmp_path) -> Path:
    out = StringIO()
    call_command("backup_db", "--dir", str(tmp_path), stdout=out)
    return Path(out.getvalue().strip())


def restore(path: Path, *args) -> str:
    out = StringIO()
    call_command("restore_db", str(path), "--no-input", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def content():
    """A whole guide (every model the guide has, many-to-many links included) and an editor."""
    full_guide(2)
    editor = User.objects.create_user("editor", "editor@example.org", "password", is_staff=True)
    editor.groups.add(editors_group())


def test_backup_then_wipe_then_restore_gives_back_every_row_of_every_table(tmp_path, content):
    model_tables = {model._meta.db_table for model in apps.get_models(include_auto_created=True)}
    before = every_table()
    assert model_tables <= set(before)  # every model and many-to-many table is compared, and django_migrations
    assert {"roles_role_tools", "salaries_region_members", "auth_user_groups", "django_migrations"} <= set(before)
    assert all(before[table] for table in ("roles_role", "roles_role_tools", "roles_regionalsalary"))

    path = backup(tmp_path)
    assert path.parent == tmp_path
    assert path.name.startswith("careerguide-")
    assert path.suffix == (".dump" if connection.vendor == "postgresql" else ".sqlite3")
    assert [p.name for p in tmp_path.iterdir()] == [path.name]  # no partial file left behind

    call_command("flush", "--no-input", verbosity=0)
    assert not Skill.objects.exists()
    assert every_table() != before

    assert restore(path) == f"Restored the database from {path}.\n"

    after = every_table()
    # The restore bumps the content version (so no cached page outlives it): the one value that differs.
    assert after.pop("careerguide_contentversion")[0][1] > before.pop("careerguide_contentversion")[0][1]
    assert after == before
    # Sequences came back too: a new row does not collide with a restored one.
    assert factories.SkillFactory(slug="after-restore").pk > max(pk for pk, *_ in before["roles_skill"])


def test_missing_backup_is_a_clear_error_and_changes_nothing(tmp_path, content):
    before = every_table()

    with pytest.raises(CommandError, match=r"^Cannot restore: No backup file at .*missing\.dump\.$"):
        restore(tmp_path / "missing.dump")

    assert every_table() == before


def test_a_file_that_is_not_a_backup_is_refused(tmp_path, content):
    before = every_table()
    text = tmp_path / "notes.dump"
    text.write_text("not a backup")

    with pytest.raises(
        CommandError, match=re.escape("notes.dump is not a backup this command writes; this database is")
    ):
        restore(text)

    assert every_table() == before


def test_the_other_databases_backup_is_refused_naming_what_it_is(tmp_path, content):
    other = tmp_path / "other"
    if connection.vendor == "postgresql":
        with closing(sqlite3.connect(other)) as db:
            db.execute("CREATE TABLE django_migrations (id integer)")
        expected = "is an SQLite database; this database is PostgreSQL, which restores from a PostgreSQL"
    else:
        other.write_bytes(b"PGDMP\x01\x0e\x00")
        expected = "is a PostgreSQL custom-format dump (pg_dump -Fc); this database is SQLite"
    before = every_table()

    with pytest.raises(CommandError, match=re.escape(expected)):
        restore(other)

    assert every_table() == before


def test_a_truncated_backup_is_refused_with_a_sentence_and_changes_nothing(tmp_path, content):
    path = backup(tmp_path)
    data = path.read_bytes()
    # Half a file (a copy cut short); past SQLite's first pages, so its header still reads as a database.
    path.write_bytes(data[: len(data) // 2])
    before = every_table()

    with pytest.raises(CommandError) as refused:
        restore(path)

    message = str(refused.value)
    if connection.vendor == "sqlite":
        assert message == (
            f"Cannot restore: {path} is a damaged SQLite database (database disk image is malformed); "
            "restore another backup."
        )
    else:
        assert message.startswith(
            "Restore failed: pg_restore failed (exit status 1): pg_restore: error: could not read"
        )
    assert every_table() == before


@pytest.mark.sqlite_only
def test_an_sqlite_file_of_another_application_is_refused(tmp_path, content):
    stranger = tmp_path / "stranger.sqlite3"
    with closing(sqlite3.connect(stranger)) as db:
        db.execute("CREATE TABLE notes (text)")

    with pytest.raises(CommandError, match="is an SQLite database, but not one of this site"):
        restore(stranger)


def test_restore_asks_first_and_a_no_changes_nothing(tmp_path, content, monkeypatch):
    path = backup(tmp_path)
    User.objects.filter(username="editor").delete()
    monkeypatch.setattr("builtins.input", lambda prompt: "no")

    with pytest.raises(CommandError, match=r"^Restore cancelled; nothing was changed\.$"):
        call_command("restore_db", str(path), stdout=StringIO())

    assert not User.objects.filter(username="editor").exists()
