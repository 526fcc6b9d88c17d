"""Guide rows in the fixture format, saved: what `load_guides` and the text import share.

A row is `{"model": "roles.faq", "fields": {...}}` with foreign keys given as natural keys (`["orbital-gardener"]`),
the format `export_guide` writes (`roles.guide_fixtures`). `guide_replace` is the loader's replace mode: it
makes one guide's rows in the database equal the rows given (the role's own row and, part by part in the
order of `roles.models.parts.GUIDE_ROWS`, the rows it owns): rows are matched by natural key, the changed
fields of a matched row are written, missing rows created and the guide's rows the input no longer has
deleted, each with a history entry naming who (`user`) and why (`reason`), and what changed is reported
per part ("FAQ entries: 1 added, 2 changed (answer)").
"""

from collections import defaultdict
from contextlib import nullcontext
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import DEFAULT_DB_ALIAS, DatabaseError, models, transaction
from django.db.models import F
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from careerguide.formatting import truncate
from roles.models import GUIDE_LINKS, GUIDE_ROWS, Role

# The role's dates its own save sets (`auto_now`); a fixture's row states them.
_ROLE_DATES = ("created_at", "updated_at")
# Moved aside while rows swap the values of a unique field (two ladder levels trading places).
_SHIFT = 10_000


class GuideFileError(Exception):
    """Guide rows cannot be loaded; the message says why, naming the row when it can. `row` is the
    (model, natural key) of the row at fault, when one is, so a caller can say where it stands."""

    def __init__(self, message: str, *, row: tuple | None = None):
        super().__init__(message)
        self.row = row


# --- Reading a row --------------------------------------------------------------------------------


def row_identity(model, data: dict) -> tuple:
    """What identifies a row: its pk when it gives one, else its natural key, read from the row (no
    query). A foreign key in the natural key must be given as that row's natural key."""
    if "pk" in data:
        return ("pk", (model._meta.pk.to_python(data["pk"]),))
    lookups = getattr(model, "natural_key_lookups", ())
    if not lookups:
        raise GuideFileError("the row has no pk and its model no natural key, so nothing tells whether it exists")
    return ("natural key", tuple(_natural_key_part(model, lookup, data["fields"]) for lookup in lookups))


def _natural_key_part(model, lookup: str, fields: dict):
    """The value of one natural-key lookup ("level__role__slug") in a row's fields."""
    name, _, rest = lookup.partition("__")
    relation = model._meta.get_field(name)
    value = fields.get(relation.name)
    if not rest:
        return relation.to_python(value)
    target_lookups = getattr(relation.related_model, "natural_key_lookups", ())
    if not isinstance(value, list) or rest not in target_lookups or len(value) != len(target_lookups):
        raise GuideFileError(f"{relation.name} must name its row by natural key ({', '.join(target_lookups)})")
    return _leaf_field(relation.related_model, rest).to_python(value[target_lookups.index(rest)])


def _leaf_field(model, lookup: str):
    """The field a lookup ends at ("role__slug" on CareerLevel: Role.slug)."""
    name, _, rest = lookup.partition("__")
    relation = model._meta.get_field(name)
    return _leaf_field(relation.related_model, rest) if rest else relation


def reference(model, value, references: dict, database: str):
    """The pk of the row a foreign key names: by natural key (a list, looked up once per load and kept in
    `references`, which a caller may fill beforehand with rows it knows) or by pk."""
    if not isinstance(value, list):
        return model._meta.pk.to_python(value)
    key = tuple(value)
    if (model, key) not in references:
        try:
            references[(model, key)] = model._default_manager.db_manager(database).get_by_natural_key(*key).pk
        except model.DoesNotExist:
            raise GuideFileError(f"no {model._meta.label_lower} has the natural key {value}") from None
        except model.MultipleObjectsReturned:
            raise GuideFileError(f"several {model._meta.label_lower} rows have the natural key {value}") from None
    return references[(model, key)]


def row_values(model, fields: dict, *, references: dict, database: str) -> tuple[dict, dict]:
    """The row's values by attribute name (`role_id`), foreign keys resolved, and its many-to-many values."""
    values, many_to_many = {}, {}
    for name, value in fields.items():
        relation = model._meta.get_field(name)
        if relation.many_to_many:
            target = relation.related_model
            many_to_many[relation.name] = [reference(target, item, references, database) for item in value]
        elif relation.is_relation:
            target = relation.related_model
            values[relation.attname] = None if value is None else reference(target, value, references, database)
        else:
            values[relation.attname] = relation.to_python(value)
    return values, many_to_many


def fit(model, values: dict) -> dict:
    """Text cut to its column's length (PostgreSQL refuses what SQLite would keep)."""
    for name, value in values.items():
        if isinstance(value, str):
            limit = getattr(model._meta.get_field(name), "max_length", None)
            if limit and len(value) > limit:
                values[name] = truncate(value, limit)
    return values


# --- The replace mode -----------------------------------------------------------------------------


@dataclass
class GuideReplace:
    """What replacing one guide's rows did: the changes in words, per part, and whether anything changed."""

    role: Role | None = None
    created_role: bool = False
    changes: list[str] = field(default_factory=list)
    changed: bool = False
    # Rows written, the role's own included: what the fixture loader reports per file.
    created: int = 0
    updated: int = 0
    removed: int = 0


@dataclass
class _Part:
    """One part's rows: those the input gives (by natural key) and those the database holds."""

    model: type[models.Model]
    owner: str
    wanted: dict[tuple, dict] = field(default_factory=dict)
    current: dict[tuple, models.Model] = field(default_factory=dict)


def guide_replace(
    rows: list[dict],
    *,
    references: dict,
    user=None,
    reason: str,
    new: bool = False,
    report_changes: bool = True,
    database: str = DEFAULT_DB_ALIAS,
) -> GuideReplace:
    """Make one guide equal `rows`: its role's row first, then the rows of its parts (see the module
    docstring). `references` maps (model, natural key) to the pk of rows the caller knows (it gains the
    rows written here); `new` says the guide has no rows yet (its parts are not read). With
    `report_changes` false (a guide filled in for the first time) nothing is listed.

    Queries: the role (read, save, history), per part one read (none when `new`), and for what changed one
    bulk update, one insert and their history inserts, one delete and history insert per removed row.
    """
    (result,) = guides_replace(
        [rows],
        references=references,
        user=user,
        reason=reason,
        new={rows[0]["fields"]["slug"]} if new else set(),
        report_changes=report_changes,
        database=database,
    )
    return result


def guides_replace(
    guides: list[list[dict]],
    *,
    references: dict,
    user=None,
    reason: str,
    new: set[str] = frozenset(),
    report_changes: bool = True,
    pinpoint: bool = False,
    database: str = DEFAULT_DB_ALIAS,
) -> list[GuideReplace]:
    """`guide_replace` for several guides at once: every role's own row first, so a guide's rows may
    point at a role whose guide comes later (two guides naming each other as related careers); `new`
    holds the slugs of the guides with no rows yet. With `pinpoint` (rows from a file), a row the
    database refuses is named in the `GuideFileError`, for two queries more per part written."""
    results = []
    for rows in guides:
        result = GuideReplace()
        slug = rows[0]["fields"]["slug"]
        role = _replace_role(
            rows[0], result, new=slug in new, references=references, user=user, reason=reason, database=database
        )
        result.role = role
        results.append(result)
    for rows, result in zip(guides, results, strict=True):
        writing = _Writing(references=references, user=user, reason=reason, db=database, pinpoint=pinpoint)
        _replace_parts(rows[1:], result, writing, new=result.role.slug in new)
        if not report_changes or result.created_role:
            result.changes = []
    return results


@dataclass(frozen=True)
class _Writing:
    """How the rows of a replace are written: the known references, who and why, where, and whether a
    refused row is pinpointed (`guides_replace`)."""

    references: dict
    user: object
    reason: str
    db: str
    pinpoint: bool


def _replace_parts(rows: list[dict], result: GuideReplace, writing: _Writing, *, new: bool):
    """Make the rows the guide owns equal `rows`, part by part, in registry order."""
    parts = _parts(rows)
    for part in parts:
        if not new:
            part.current = _current(part, result.role, database=writing.db)
    removed = {}
    for part in reversed(parts):  # rows owned through others go before them, each with its history entry
        removed[part.model] = [obj for key, obj in part.current.items() if key not in part.wanted]
        delete_rows(removed[part.model], user=writing.user, reason=writing.reason, database=writing.db)
        result.removed += len(removed[part.model])
    for part in parts:
        words = _write_part(part, removed[part.model], result, writing)
        if words:
            result.changed = True
            result.changes.append(words)


def _parts(rows: list[dict]) -> list[_Part]:
    """The rows by guide part, in registry order; a row given twice (same natural key) counts once."""
    parts = {part.model._meta.label_lower: _Part(part.model, part.owner.split("__")[0]) for part in GUIDE_ROWS}
    for data in rows:
        part = parts[data["model"].lower()]
        key = row_identity(part.model, data)[1]
        part.wanted.setdefault(key, data["fields"])
    return list(parts.values())


def _current(part: _Part, role: Role, *, database: str) -> dict[tuple, models.Model]:
    """The guide's rows of one part in the database, by natural key (one query joining what keys read)."""
    lookup = "level__role" if part.owner == "level" else part.owner
    paths = sorted({lookup.rsplit("__", 1)[0] for lookup in part.model.natural_key_lookups if "__" in lookup})
    queryset = part.model._default_manager.using(database).filter(**{lookup: role}).select_related(*paths)
    return {obj.natural_key(): obj for obj in queryset}


def _write_part(part: _Part, removed: list, result: GuideReplace, writing: _Writing) -> str:
    """Update the part's changed rows, create its missing ones (counted in `result`); the changes in words
    ("" for none). With `pinpoint`, the writes go in a savepoint, so a row the database refuses can be
    found and named (`_refused_row`); rows that come from a parse rather than a file need no such care."""
    model, references, db = part.model, writing.references, writing.db
    user, reason = writing.user, writing.reason
    updates, changed_names, creates = [], set(), []
    for key, fields in part.wanted.items():
        try:
            values, _ = row_values(model, fields, references=references, database=db)
        except (GuideFileError, ValueError, TypeError, ValidationError) as exc:
            raise GuideFileError(str(exc), row=(model, key)) from exc
        values = fit(model, values)
        obj = part.current.get(key)
        if obj is None:
            creates.append((key, model(**values)))
            continue
        diff = [name for name, value in values.items() if getattr(obj, name) != value]
        if diff:
            for name in diff:
                setattr(obj, name, values[name])
            updates.append(obj)
            changed_names.update(diff)
    try:
        with transaction.atomic(using=db) if writing.pinpoint else nullcontext():
            if updates:
                _move_aside(model, updates, changed_names, db=db)
                bulk_update_with_history(
                    updates,
                    model,
                    sorted(changed_names),
                    batch_size=500,
                    default_user=user,
                    default_change_reason=reason,
                )
            if creates:
                objs = [obj for _, obj in creates]
                bulk_create_with_history(objs, model, batch_size=500, default_user=user, default_change_reason=reason)
    except DatabaseError as exc:
        keyed = [(obj.natural_key(), obj) for obj in updates] + creates
        raise GuideFileError(str(exc), row=_refused_row(model, keyed, db=db)) from exc
    for key, obj in [*part.current.items(), *creates]:
        references[(model, key)] = obj.pk
    result.created += len(creates)
    result.updated += len(updates)
    return _change_words(model, len(creates), updates, changed_names, len(removed))


def _refused_row(model, keyed: list, *, db: str) -> tuple | None:
    """The (model, natural key) of the first row the database refuses alone, each tried in a savepoint
    rolled back at once: a bulk write that failed does not say which row it failed on."""
    for key, obj in keyed:
        try:
            with transaction.atomic(using=db):
                obj.save_base(raw=True, using=db)
                transaction.set_rollback(True, using=db)
        except DatabaseError:
            return (model, key)
    return None


def _move_aside(model, updates: list, changed_names: set[str], *, db: str) -> None:
    """Shift a whole-number field of a unique constraint that the updates change out of the way first,
    so rows can trade values (no history: the update records the change)."""
    unique = [set(c.fields) for c in model._meta.constraints if isinstance(c, models.UniqueConstraint)]
    for name in sorted(changed_names & set().union(*unique)):
        if isinstance(model._meta.get_field(name), models.IntegerField):
            model._default_manager.using(db).filter(pk__in=[obj.pk for obj in updates]).update(
                **{name: F(name) + _SHIFT}
            )


def _change_words(model, created: int, updates: list, changed_names: set[str], removed: int) -> str:
    words = []
    if created:
        words.append(f"{created} added")
    if updates:
        words.append(f"{len(updates)} changed ({', '.join(sorted(changed_names))})")
    if removed:
        words.append(f"{removed} removed")
    label = str(model._meta.verbose_name_plural)
    return f"{label[:1].upper()}{label[1:]}: {', '.join(words)}" if words else ""


def delete_rows(objects: list, *, user=None, reason: str, database: str = DEFAULT_DB_ALIAS) -> None:
    """Delete rows one by one, each with a history entry naming `user` and `reason`."""
    for obj in objects:
        obj._change_reason = reason
        obj._history_user = user
        obj.delete(using=database)


def _replace_role(data: dict, result: GuideReplace, *, new: bool, references: dict, user, reason: str, database: str):
    """Save the role's own row if it is new or changed, and its links (tools, certifications), with one
    history entry holding both (simple-history would record the row and each changed link apart)."""
    values, links = row_values(Role, data["fields"], references=references, database=database)
    values = fit(Role, values)
    role = None if new else Role.objects.using(database).filter(slug=values["slug"]).first()
    role_changed = []
    if role is None:
        role = Role(**{"is_published": False, **values})
        result.created_role = result.changed = True
    else:
        role_changed = [name for name, value in values.items() if getattr(role, name) != value]
        for name in role_changed:
            setattr(role, name, values[name])
    role.skip_history_when_saving = True
    if role._state.adding or role_changed:
        if all(name in values for name in _ROLE_DATES):
            role.save_base(raw=True, using=database)  # a fixture's dates are kept, as `loaddata` keeps them
        else:
            role.save(using=database)
        result.changed = True
    if role_changed:
        result.changes.append(f"Role: {', '.join(role_changed)}")
    references[(Role, (role.slug,))] = role.pk
    links_changed = _replace_links(role, links, result)
    del role.skip_history_when_saving
    if result.created_role or role_changed or links_changed:
        record_history({Role: {not result.created_role: [role.pk]}}, user=user, reason=reason, database=database)
        result.created += result.created_role
        result.updated += not result.created_role
    return role


def _replace_links(role: Role, links: dict, result: GuideReplace) -> bool:
    """Set the role's tools and certifications if they differ (one read each unless the role is new);
    whether any did."""
    changed = False
    for name in GUIDE_LINKS:
        wanted = list(dict.fromkeys(links.get(name, [])))
        manager = getattr(role, name)
        current = set() if result.created_role else set(manager.values_list("pk", flat=True))
        if current != set(wanted):
            manager.set(wanted)
            changed = result.changed = True
            result.changes.append(
                f"Role {name}: {len(set(wanted) - current)} added, {len(current - set(wanted))} removed"
            )
    return changed


def record_history(saved: dict, *, user, reason: str, database: str = DEFAULT_DB_ALIAS) -> None:
    """One history entry per row saved without one (`saved`: model -> existed before? -> pks), with its
    many-to-many values, so editors' first changes have a version to compare with and go back to. Per
    model and kind of entry (added or changed): one read and one bulk insert, and for a model whose
    history keeps many-to-many values (a role's tools) one read and one insert per such field."""
    for model, by_state in saved.items():
        history = getattr(model, "history", None)
        if history is None or not hasattr(history, "bulk_history_create"):
            continue
        for existed, pks in by_state.items():
            if pks:
                rows = list(model._default_manager.using(database).filter(pk__in=pks))
                entries = history.bulk_history_create(
                    rows, batch_size=500, update=existed, default_user=user, default_change_reason=reason
                )
                _record_many_to_many_history(history.model, entries, database=database)


def _record_many_to_many_history(history_model, entries, *, database: str) -> None:
    """The many-to-many values of new history entries, as simple-history stores them with each entry
    it records itself (`create_historical_record_m2ms`). `bulk_create` has given the entries their
    ids (PostgreSQL and SQLite 3.35+ return them)."""
    for relation in history_model._history_m2m_fields:
        link_history = getattr(history_model, relation.name).model
        through = relation.remote_field.through
        owner = relation.m2m_field_name()
        entry_of = {getattr(entry, relation.model._meta.pk.attname): entry for entry in entries}  # by row id
        links = through.objects.using(database).filter(**{f"{owner}_id__in": list(entry_of)})
        link_fields = [link_field.attname for link_field in through._meta.fields]
        link_history.objects.using(database).bulk_create(
            [
                link_history(
                    history=entry_of[getattr(link, f"{owner}_id")],
                    **{name: getattr(link, name) for name in link_fields},
                )
                for link in links
            ],
            batch_size=500,
        )


def stale_guide_rows(slugs, kept: dict, *, database: str = DEFAULT_DB_ALIAS) -> list:
    """The rows the guides of `slugs` own that are not among `kept` (model -> pks), rows owned through
    others first: what a reload deletes. One query per part."""
    stale = defaultdict(list)
    for part in reversed(GUIDE_ROWS):
        queryset = part.model._default_manager.using(database).filter(**{f"{part.owner}__slug__in": list(slugs)})
        stale[part.model] = list(queryset.exclude(pk__in=kept.get(part.model, ())))
    return [obj for rows in stale.values() for obj in rows]
