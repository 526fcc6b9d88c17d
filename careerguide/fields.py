"""Model fields shared by the apps."""

from django.db import DatabaseError, models


class StoredGeneratedField(models.GeneratedField):
    """Django's GeneratedField, whose system check does not need the database to be up.

    The check asks the database whether it can compute the column, and on PostgreSQL that opens a connection
    to learn the server's version, so `manage.py check --deploy` on a machine without the database (a build
    step, CI's settings checks) failed with a connection error instead of reporting. When the database cannot
    be reached, its question is left unasked: every database the project supports (PostgreSQL 15+, SQLite
    3.31+) stores generated columns, and `migrate` would fail plainly on one that does not."""

    def _check_supported(self, databases):
        try:
            return super()._check_supported(databases)
        except DatabaseError:
            return []
