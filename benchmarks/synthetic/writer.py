"""Writing synthetic rows fast: primary keys handed out here, and multi-row INSERTs without model instances.

Rows are plain dicts of attribute values, written by `bulk_insert()` (what `bulk_create` writes, without a
model instance per row) in multi-row INSERTs of `BATCH_SIZE` rows, so the number of queries grows with the
number of batches, never with a query per row. Primary keys are assigned before writing, so a child points
at its parent without reading keys back. Nothing goes through `save()` or sends a signal, so
django-simple-history records nothing: this is test data, not an editor's work.
"""

from collections import Counter
from collections.abc import Iterable

from django.core.management.color import no_style
from django.db import connection, models
from django.utils import timezone

# Keys start here (or above the table's highest key): the fixtures give their rows explicit keys far below
# it, so `load_guides` run after generating inserts the real guide instead of overwriting synthetic rows.
FIRST_PK = 1_000_000
BATCH_SIZE = 1_000


class Keys:
    """Primary keys to hand out, per model: from `FIRST_PK`, or above the table's highest key."""

    def __init__(self, model_list: Iterable[type[models.Model]]):
        # One aggregate query per model.
        self._next = {
            model: max(FIRST_PK, (model._base_manager.aggregate(top=models.Max("pk"))["top"] or 0) + 1)
            for model in model_list
        }

    def take(self, model) -> int:
        return self.reserve(model, 1)

    def reserve(self, model, count: int) -> int:
        """The first of `count` consecutive keys."""
        key = self._next[model]
        self._next[model] = key + count
        return key


def write(rows_by_model: dict[type[models.Model], list[dict]], counts: Counter) -> None:
    """Insert each model's rows, in the dict's order (one query per model and batch of `BATCH_SIZE` rows)."""
    for model, rows in rows_by_model.items():
        if rows:
            bulk_insert(model, rows)
            counts[model._meta.label] += len(rows)


def _column_defaults(fields) -> list[tuple]:
    """Per field: its attribute, the value for rows that leave it out (or a function giving one per row),
    and its conversion for the database."""
    now = timezone.now()
    columns = []
    for field in fields:
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            fallback, per_row = now, None
        elif callable(field.default):
            fallback, per_row = None, field.get_default
        else:
            fallback, per_row = field.get_default(), None
        columns.append((field.attname, fallback, per_row, field.get_db_prep_save))
    return columns


def bulk_insert(model, rows: list[dict]) -> None:
    """What `bulk_create` does, without a model instance per row: one multi-row INSERT per batch.

    A row is a dict of attribute values (`role_id`, not `role`). A field the row leaves out gets its
    default, an `auto_now`/`auto_now_add` field the current time, and every value goes through its field's
    `get_db_prep_save()`: the values `bulk_create` would write. Building and compiling a model instance per
    row made a 10,000-role run (1.2 million rows) three to four times slower, too slow for three minutes.
    """
    fields = [field for field in model._meta.concrete_fields if not field.generated]
    columns_of_row = _column_defaults(fields)
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    placeholders = f"({', '.join(['%s'] * len(fields))})"
    batch_size = min(BATCH_SIZE, connection.ops.bulk_batch_size(fields, rows))
    with connection.cursor() as cursor:
        for start in range(0, len(rows), batch_size):
            batch = rows[start : start + batch_size]
            params = [
                prepare(row[attname] if attname in row else per_row() if per_row else fallback, connection)
                for row in batch
                for attname, fallback, per_row, prepare in columns_of_row
            ]
            # Only quoted identifiers and placeholders are interpolated; every value is a parameter.
            sql = f"INSERT INTO {table} ({columns}) VALUES {', '.join([placeholders] * len(batch))}"  # noqa: S608
            cursor.execute(sql, params)


def reset_sequences(model_list: Iterable[type[models.Model]]) -> None:
    """Move PostgreSQL's key sequences past the keys handed out here (one query per model; none on SQLite,
    whose AUTOINCREMENT follows the highest key by itself)."""
    statements = connection.ops.sequence_reset_sql(no_style(), list(model_list))
    if statements:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)


def analyze(model_list: Iterable[type[models.Model]]) -> None:
    """Refresh PostgreSQL's planner statistics of these tables (one query; nothing on SQLite).

    Right after a million-row insert autovacuum has not caught up yet: with the statistics of empty tables
    the planner picks nested loops that make the next page, or `synthetic_data_purge()`, take minutes.
    """
    if connection.vendor == "postgresql":
        tables = ", ".join(connection.ops.quote_name(model._meta.db_table) for model in model_list)
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {tables}")
