"""Generate synthetic guides in one transaction, or remove every synthetic row.

Fast: rows are built in memory, `ROLES_PER_CHUNK` roles at a time, and written by `writer.write()` in
multi-row INSERTs, the models in the order of `schema.ROLE_MODELS` (the registry of guide parts). The
whole run is one transaction: interrupted, it leaves nothing behind.
"""

import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, models, reset_queries, transaction

from .parts import build_guide, missing_builders
from .schema import ALL_MODELS, LABELLED_SHARED, ROLE_MODELS, SYNTHETIC_PREFIX, Role
from .shared import ensure_reference, last_synthetic_number, load_context
from .writer import Keys, analyze, reset_sequences, write

ROLES_PER_CHUNK = 500


@dataclass(frozen=True)
class GenerationReport:
    """What a run wrote: the role numbers, rows per model label, and how long it took."""

    first_number: int
    last_number: int
    rows: Counter
    seconds: float
    loaded_reference: bool

    @property
    def roles(self) -> int:
        return self.last_number - self.first_number + 1


@transaction.atomic
def synthetic_data_generate(
    *, roles: int, seed: int = 0, progress: Callable[[int, int], None] | None = None
) -> GenerationReport:
    """Write `roles` synthetic guides, numbered on from any synthetic roles already there, in one transaction.

    Queries: a constant set-up (reference check, existing synthetic numbers, one max-key query per model,
    the taxonomy), then one insert per model and batch of `BATCH_SIZE` rows, then on PostgreSQL one
    sequence reset per model and one ANALYZE. `progress(done, total)` is called after every
    `ROLES_PER_CHUNK` roles. Raises ImproperlyConfigured, before writing anything, when a guide part of the
    registry has no builder.
    """
    if roles < 1:
        raise ValueError("Generate at least one role.")
    if missing := missing_builders():
        raise ImproperlyConfigured(f"No synthetic builder for the guide part(s) {', '.join(missing)}.")
    started = time.monotonic()
    loaded_reference = ensure_reference()
    first = last_synthetic_number() + 1
    rows: Counter = Counter()
    keys = Keys(ALL_MODELS)
    numbers = range(first, first + roles)
    context = load_context(seed=seed, keys=keys, numbers=numbers, first_role_pk=keys.reserve(Role, roles), rows=rows)
    for start in range(0, roles, ROLES_PER_CHUNK):
        chunk: dict[type[models.Model], list[dict]] = {model: [] for model in ROLE_MODELS}
        for number in numbers[start : start + ROLES_PER_CHUNK]:
            build_guide(context, chunk, number)
        # A relation may point at a role of a later chunk: foreign keys are checked at commit (Django
        # creates them deferrable, initially deferred, on PostgreSQL and SQLite).
        write(chunk, rows)
        if settings.DEBUG and not connection.force_debug_cursor:
            # With DEBUG on, Django keeps the SQL of every statement, hundreds of megabytes for 10,000 roles.
            # A test counting queries sets force_debug_cursor, and its log is left alone.
            reset_queries()
        if progress:
            progress(min(start + ROLES_PER_CHUNK, roles), roles)
    reset_sequences(ALL_MODELS)
    analyze(ALL_MODELS)
    return GenerationReport(
        first_number=first,
        last_number=first + roles - 1,
        rows=rows,
        seconds=time.monotonic() - started,
        loaded_reference=loaded_reference,
    )


@transaction.atomic
def synthetic_data_purge() -> dict[str, int]:
    """Delete the synthetic roles with everything they own, then the labelled shared rows nothing uses any more.

    Rows are deleted by one `DELETE ... WHERE ... IN (subquery)` per table, children first, found by
    following every reverse foreign key (so a section model added later is covered too): CASCADE deletes,
    SET_NULL clears the reference (a real level naming a synthetic role as `same_as_role`). Shared rows that
    a real role or region still uses (an editor may have picked a synthetic skill) are kept. Real rows,
    history included, are never touched. Returns the rows deleted per model label.
    """
    analyze(ALL_MODELS)
    deleted: Counter = Counter()
    _delete_with_dependents(Role.objects.synthetic(), deleted)
    for model, label_field in LABELLED_SHARED:
        unused = model._base_manager.filter(**{f"{label_field}__startswith": SYNTHETIC_PREFIX})
        for relation in _reverse_foreign_keys(model):
            if relation.on_delete is not models.DO_NOTHING:
                column = relation.field.attname
                users = relation.related_model._base_manager.filter(**{f"{column}__isnull": False})
                unused = unused.exclude(pk__in=users.values(column))
        _raw_delete(unused, deleted)
    return {label: count for label, count in deleted.items() if count}


def _reverse_foreign_keys(model) -> list:
    """Every foreign key pointing at `model`, hidden ones included (many-to-many tables, `related_name="+"`).

    django-simple-history's tables point at their rows with DO_NOTHING keys (no database constraint).
    """
    return [
        field
        for field in model._meta.get_fields(include_hidden=True)
        if field.auto_created and not field.concrete and (field.one_to_many or field.one_to_one)
    ]


def _delete_with_dependents(queryset, deleted: Counter) -> None:
    for relation in _reverse_foreign_keys(queryset.model):
        dependents = relation.related_model._base_manager.filter(**{f"{relation.field.name}__in": queryset})
        if relation.on_delete is models.CASCADE:
            _delete_with_dependents(dependents, deleted)
        elif relation.on_delete is models.SET_NULL:
            dependents.update(**{relation.field.name: None})
        elif relation.on_delete not in (models.DO_NOTHING, models.DB_CASCADE):  # DB_CASCADE: the database deletes them
            raise NotImplementedError(
                f"{relation.related_model._meta.label}.{relation.field.name}: {relation.on_delete}"
            )
    _raw_delete(queryset, deleted)


def _raw_delete(queryset, deleted: Counter) -> None:
    """One DELETE statement, without loading the rows or sending signals.

    `QuerySet.delete()` would load every row to send `post_delete`, and django-simple-history would answer
    each with a history entry: a million rows read and written again for test data.
    """
    deleted[queryset.model._meta.label] += queryset._raw_delete(queryset.db)
