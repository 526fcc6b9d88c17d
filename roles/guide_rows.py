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
from dataclasses import dataclass, field

from django.db import DEFAULT_DB_ALIAS, models
from django.db.models import F
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from careerguide.formatting import truncate
from roles.models import GUIDE_LINKS, GUIDE_ROWS, Role

# Moved aside while rows swap the values of a unique field (two ladder levels trading places).
_SHIFT = 10_000


class GuideFileError(Exception):
    """Guide rows cannot be loaded; the message says why, naming the row when it can."""


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
    result = GuideReplace()
    role = _replace_role(rows[0], result, new=new, references=references, user=user, reason=reason, database=database)
    result.role = role
    parts = _parts(rows[1:])
    for part in parts:
        if not new:
            part.current = _current(part, role, database=database)
    removed = {}
    for part in reversed(parts):  # rows owned through others go before them, each with its history entry
        removed[part.model] = [obj for key, obj in part.current.items() if key not in part.wanted]
        delete_rows(removed[part.model], user=user, reason=reason, database=database)
    for part in parts:
        words = _write_part(part, removed[part.model], references=references, user=user, reason=reason, db=database)
        if words:
            result.changed = True
            result.changes.append(words)
    if not report_changes or result.created_role:
        result.changes = []
    return result


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


def _write_part(part: _Part, removed: list, *, references: dict, user, reason: str, db: str) -> str:
    """Update the part's changed rows, create its missing ones; the changes in words ("" for none)."""
    model = part.model
    updates, changed_names, creates = [], set(), []
    for key, fields in part.wanted.items():
        values, _ = row_values(model, fields, references=references, database=db)
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
    if updates:
        _move_aside(model, updates, changed_names, db=db)
        bulk_update_with_history(
            updates, model, sorted(changed_names), batch_size=500, default_user=user, default_change_reason=reason
        )
    if creates:
        objs = [obj for _, obj in creates]
        bulk_create_with_history(objs, model, batch_size=500, default_user=user, default_change_reason=reason)
    for key, obj in [*part.current.items(), *creates]:
        references[(model, key)] = obj.pk
    return _change_words(model, len(creates), updates, changed_names, len(removed))


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
    """Save the role's own row if it is new or changed, and its links (tools, certifications)."""
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
    if role._state.adding or role_changed:
        role._change_reason, role._history_user = reason, user
        role.save(using=database)
        result.changed = True
    if role_changed:
        result.changes.append(f"Role: {', '.join(role_changed)}")
    references[(Role, (role.slug,))] = role.pk
    _replace_links(role, links, result, user=user, reason=reason)
    return role


def _replace_links(role: Role, links: dict, result: GuideReplace, *, user, reason: str) -> None:
    """Set the role's tools and certifications if they differ (one read each unless the role is new)."""
    role._change_reason, role._history_user = reason, user
    for name in GUIDE_LINKS:
        wanted = list(dict.fromkeys(links.get(name, [])))
        manager = getattr(role, name)
        current = set() if result.created_role else set(manager.values_list("pk", flat=True))
        if current != set(wanted):
            manager.set(wanted)
            result.changed = True
            result.changes.append(
                f"Role {name}: {len(set(wanted) - current)} added, {len(current - set(wanted))} removed"
            )


def stale_guide_rows(slugs, kept: dict, *, database: str = DEFAULT_DB_ALIAS) -> list:
    """The rows the guides of `slugs` own that are not among `kept` (model -> pks), rows owned through
    others first: what a reload deletes. One query per part."""
    stale = defaultdict(list)
    for part in reversed(GUIDE_ROWS):
        queryset = part.model._default_manager.using(database).filter(**{f"{part.owner}__slug__in": list(slugs)})
        stale[part.model] = list(queryset.exclude(pk__in=kept.get(part.model, ())))
    return [obj for rows in stale.values() for obj in rows]
