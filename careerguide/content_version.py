"""The content version, kept in the database so that no cache outage can hide a change.

The response cache's keys start with it (careerguide.cache). It used to live in the cache itself: a Redis
stall during an edit dropped the bump, and readers got the old page as a cache hit for minutes. Now:

- `bump()` writes it in the database, in the same transaction as the change, so it is visible exactly
  when the change is. Once per transaction: a guide import or an admin form saving twenty rows in one
  transaction makes one UPDATE, not twenty (the new version becomes visible with all of them, at commit).
  A transaction that reads the version between two changes (a test asking for a page between two saves
  in its one transaction) bumps it again at the next change, so what it read is never reused.
- `current()` reads it from the database at most once per `CONTENT_VERSION_SECONDS` (1 s) per process and
  keeps it in memory meanwhile: a change is seen by every worker within that second, whatever happened to
  Redis. A bump in this process is seen at once.
- When the version cannot be read (the database is away), `current()` answers None and the request is
  served without the cache.
"""

import time

from django.apps import apps
from django.conf import settings
from django.db import transaction

from .errors import DATABASE_OUTAGE_ERRORS


def _model():
    # By name: this module is imported while the apps load (roles.apps connects the cache's signals), before
    # models may be imported.
    return apps.get_model("careerguide", "ContentVersion")


# This process's copy: (version, monotonic time it was read); None until read.
_local: tuple[str, float] | None = None
# The attribute of a database connection holding the marker of the version its open transaction wrote.
_PENDING = "_careerguide_content_version_pending"


class _BumpMarker:
    """An on-commit callback that does nothing: its presence in the on-commit list is what counts."""

    def __call__(self) -> None:
        pass


def _bumped_in_open_transaction(connection) -> bool:
    """Whether the connection's open transaction already wrote a new version nobody has read since.

    The marker is an on-commit callback registered by that bump: Django drops it when the transaction (or
    the savepoint the bump was made in) rolls back, and runs and drops it at commit, so its presence in the
    connection's on-commit list means "bumped in this transaction, and not undone"."""
    marker = getattr(connection, _PENDING, None)
    return (
        marker is not None
        and connection.in_atomic_block
        and any(callback is marker for _savepoints, callback, _robust in connection.run_on_commit)
    )


def current() -> str | None:
    """The content version; one query when this process's copy is older than `CONTENT_VERSION_SECONDS`.
    None when the database cannot be read."""
    global _local
    # A version read inside a transaction must not be reused for the transaction's later changes.
    setattr(transaction.get_connection(_model().objects.db), _PENDING, None)
    now = time.monotonic()
    if _local is not None and now - _local[1] < settings.CONTENT_VERSION_SECONDS:
        return _local[0]
    try:
        value = _model().objects.filter(pk=1).values_list("value", flat=True).first()
    except DATABASE_OUTAGE_ERRORS:
        return None
    if value is None:
        return None
    _local = (str(value), now)
    return _local[0]


def forget() -> None:
    """Drop this process's copy: the next `current()` reads the database."""
    global _local
    _local = None


def use(version: str) -> None:
    """Take `version` as current in this process for the next `CONTENT_VERSION_SECONDS`, without reading it."""
    global _local
    _local = (version, time.monotonic())


def bump() -> None:
    """Record a content change: one UPDATE, in the change's transaction, so it is visible when the change is;
    none when this transaction already made one that nobody has read since. This process uses the new
    version at once (a rolled-back one only costs fresh renders)."""
    model = _model()
    connection = transaction.get_connection(model.objects.db)
    if _bumped_in_open_transaction(connection):
        return
    version = time.time_ns()
    if not model.objects.filter(pk=1).update(value=version):
        model.objects.create(pk=1, value=version)
    use(str(version))
    if connection.in_atomic_block:
        marker = _BumpMarker()
        transaction.on_commit(marker, using=model.objects.db)
        setattr(connection, _PENDING, marker)
