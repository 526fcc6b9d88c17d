"""Guide fixture files: roles with everything they own, written by `export_guide`, loaded one file at a
time by `load_guides`.

A file is a list of rows in Django's YAML fixture format. Rows are named by their natural keys
(`careerguide.natural_keys`), never by database ids: a guide's own rows by the role's slug and their
place in the guide, the shared rows they point at (sources, currencies, regions, skills, tools, tool
categories, certifications, related roles) by slug, ISO code or, for a source, publisher, title,
date and occupation. So a file written on one instance loads on another without its ids colliding
there, and loading it twice finds the same rows again. An exported file carries the shared rows it needs and loads on an
empty database.

How `guide_files_load` treats a file:
- The guides it holds are the roles it has guide rows for (key facts, ladder, FAQ, ...) or whose own
  row carries guide prose, tools or certifications (the registry `roles.models.parts`). A
  file that holds no guide is reference data (`01_reference.yaml`, `03_exchange_rates.yaml`).
- A guide is loaded while the database has no guide for that role, i.e. the role is missing or a
  title-only stub, which the guide fills in; otherwise it is left as it is, with its editors' changes.
- Every other row (shared rows, stubs of related roles) is created when it is missing and otherwise
  left alone, so an instance keeps its own wording of a skill whatever copy a file carries.
- A guide is saved by the one writer of guides, the replace mode the text import uses
  (`roles.guide_rows.guides_replace`): rows matched by natural key, only what differs written and
  recorded in history, rows of the guide the file no longer has deleted, each with a history entry.
  (A guide a file names by database ids, as `dumpdata` writes, or without its role's row, is saved
  row by row like the shared rows.)
- `reload=True` re-applies every guide, and every shared row from the first file that holds it (the
  file a fresh load creates it from), but never a stub over a role that holds a guide.
- Each file is loaded in its own transaction: a broken file changes nothing and the others still load.
"""

import functools
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

import yaml
from django.apps import apps
from django.core import serializers
from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist, ValidationError
from django.core.management.color import no_style
from django.core.serializers.base import DeserializedObject
from django.core.serializers.pyyaml import DjangoSafeDumper, SafeLoader
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, models, transaction
from django.utils.text import capfirst

from careerguide.cache import bump_content_version
from careerguide.natural_keys import follow_lookup, natural_key_is_unique
from roles.guide_rows import (
    GuideFileError,
    delete_rows,
    guides_replace,
    record_history,
    reference,
    row_identity,
    stale_guide_rows,
)
from roles.models import (
    GUIDE_LINKS,
    GUIDE_ROWS,
    GUIDE_TEXT_FIELDS,
    Certification,
    Role,
    Skill,
    Tool,
    ToolCategory,
)
from salaries.models import Currency, Region, Source

# The shared rows a guide points at, each listed before the rows that point at it.
SHARED_MODELS: tuple[type[models.Model], ...] = (Currency, Source, Region, ToolCategory, Tool, Skill, Certification)
# A related role that is not exported as a guide is written as a stub: enough to link to it.
STUB_FIELDS = ("title", "slug", "summary", "is_published", "created_at", "updated_at")

HEADER = """\
# Guide fixture: {slugs}.
# Written by `manage.py export_guide {slugs}`; loaded by `manage.py load_guides` (README, "Guide fixtures").
# Rows are named by natural keys, never by database ids: a guide's rows by the role's slug and their place in
# the guide, the shared rows it points at (sources, currencies, regions, skills, tools, certifications, related
# roles) by slug, ISO code or publisher, title, date and occupation. The shared rows are included, so the file
# loads on an empty database; where they exist already, load_guides leaves them as they are.
"""


class GuideExportError(Exception):
    """The roles cannot be exported; the message says why."""


# --- Export ---------------------------------------------------------------------------------------


def guides_export(*, slugs: Iterable[str], database: str = DEFAULT_DB_ALIAS) -> str:
    """The guide fixture of the roles with these slugs: their rows, every row they own and the shared
    rows those point at, in a fixed order, as YAML text.

    One query for the roles (plus two prefetches), one per guide part, about one per shared model and
    round of references (tools lead to their categories, groups of regions to their countries), and a
    GROUP BY per model whose natural key the database does not keep unique, to check that each key names
    one row. Raises `GuideExportError` for an unknown slug or for rows a natural key cannot tell apart.
    """
    slugs = sorted(set(slugs))
    guides = list(Role.objects.using(database).filter(slug__in=slugs).prefetch_related("tools", "certifications"))
    missing = sorted(set(slugs) - {role.slug for role in guides})
    if missing:
        raise GuideExportError(f"Unknown role{'s' if len(missing) > 1 else ''}: {', '.join(missing)}.")

    owned = {
        model: sorted(
            _with_related(model.objects.using(database).filter(**{f"{owner}__in": guides})),
            key=_sort_key,
        )
        for model, owner in ((part.model, part.owner) for part in GUIDE_ROWS)
    }
    shared = _shared_rows(guides, owned, database=database)
    _check_natural_keys(
        [*((model, shared[model]) for model in SHARED_MODELS), (Role, [*shared[Role], *guides]), *owned.items()],
        database=database,
    )

    groups = []
    for model in SHARED_MODELS:
        if model is Region:  # countries first: a group of countries lists them as its members
            for kind, heading in ((Region.Kind.COUNTRY, "Countries"), (Region.Kind.REGION, "Groups of countries")):
                groups.append((heading, _serialize([row for row in shared[Region] if row.kind == kind])))
        else:
            groups.append((capfirst(model._meta.verbose_name_plural), _serialize(shared[model])))
    groups.append(("Related roles without a guide in this file: stubs to link to", _serialize_stubs(shared[Role])))
    groups.append(("Roles", _serialize(sorted(guides, key=_sort_key))))
    groups.extend((capfirst(model._meta.verbose_name_plural), _serialize(rows)) for model, rows in owned.items())

    text = HEADER.format(slugs=" ".join(slugs))
    for heading, rows in groups:
        if rows:
            text += f"\n# --- {heading} ---\n\n" + _dump(rows)
    return text


def _with_related(queryset):
    """The queryset joining the rows that its rows' natural keys, sort keys and foreign keys read."""
    paths = _related_paths(queryset.model)
    return queryset.select_related(*paths) if paths else queryset


def _related_paths(model) -> list[str]:
    """The `select_related` paths that a row's natural key, sort key and foreign keys read."""
    paths = set()
    for relation in [f for f in model._meta.concrete_fields if f.is_relation]:
        paths.add(relation.name)
        for lookup in getattr(relation.related_model, "natural_key_lookups", ()):
            *through, _ = lookup.split("__")
            paths.update(f"{relation.name}__{'__'.join(through[: n + 1])}" for n in range(len(through)))
    return sorted(paths)


def _shared_rows(guides, owned, *, database) -> dict:
    """The shared rows the guides and their rows point at, and those those point at, by model (in
    `SHARED_MODELS` order, then the stub roles), each list in fixture order."""
    wanted = defaultdict(set)
    guide_pks = {role.pk for role in guides}

    def note_references(row):
        for relation in row._meta.concrete_fields:
            target = relation.related_model
            if relation.is_relation and (target in SHARED_MODELS or target is Role):
                value = getattr(row, relation.attname)
                if value is not None and not (target is Role and value in guide_pks):
                    wanted[target].add(value)

    for role in guides:
        wanted[Tool].update(tool.pk for tool in role.tools.all())
        wanted[Certification].update(certification.pk for certification in role.certifications.all())
    for rows in owned.values():
        for row in rows:
            note_references(row)

    found = defaultdict(dict)
    while pending := {model: pks - found[model].keys() for model, pks in wanted.items() if pks - found[model].keys()}:
        for model, pks in pending.items():
            queryset = _with_related(model.objects.using(database).filter(pk__in=pks))
            if model is Region:
                queryset = queryset.prefetch_related("members")
            for row in queryset:
                found[model][row.pk] = row
                if model is not Role:  # a stub is written without anything it points at
                    note_references(row)
                if model is Region:
                    wanted[Region].update(member.pk for member in row.members.all())
    return {model: sorted(found[model].values(), key=_sort_key) for model in (*SHARED_MODELS, Role)}


def _check_natural_keys(groups, *, database) -> None:
    """Raise `GuideExportError` if a natural key of an exported row also names another row. One GROUP
    BY query per model whose natural key the database does not keep unique by itself."""
    problems = []
    for model, rows in groups:
        if not rows or not hasattr(model, "natural_key_lookups") or natural_key_is_unique(model):
            continue
        ambiguous = {row.natural_key() for row in rows} & model.objects.using(database).duplicate_natural_keys()
        problems.extend(
            f"{model._meta.label}: more than one row has the natural key {list(key)} "
            f"({', '.join(model.natural_key_lookups)})"
            for key in sorted(ambiguous, key=_comparable)
        )
    if problems:
        raise GuideExportError(
            "A fixture could not tell these rows apart; make each one differ (e.g. renumber its order) "
            "and export again:\n" + "\n".join(problems)
        )


@functools.total_ordering
class _Descending:
    """Sorts its value the other way round (a "-field" entry of `Meta.ordering`)."""

    def __init__(self, value):
        self.value = value

    def __eq__(self, other):
        return self.value == other.value

    def __lt__(self, other):
        return other.value < self.value


def _comparable(values) -> tuple:
    """Values that sort without comparing None with anything else (None sorts last)."""
    return tuple((value is None, value) for value in values)


def _sort_key(row) -> tuple:
    """Where a row goes in its group: its model's `Meta.ordering` (the order the guide shows), with a
    related row (`role_id`) replaced by that row's own sort key and ties broken by the natural key, so
    that no database id decides the order. Reads related rows (use `_related_paths`)."""
    key = []
    for entry in row._meta.ordering:
        name = entry.removeprefix("-")
        if name == "pk":
            continue
        value = follow_lookup(row, name.removesuffix("_id"))
        value = _sort_key(value) if isinstance(value, models.Model) else _comparable([value])
        key.append(_Descending(value) if entry.startswith("-") else value)
    natural_key = row.natural_key() if hasattr(row, "natural_key") else (row.pk,)
    return (*key, _comparable(natural_key))


def _serialize(rows) -> list[dict]:
    """Django's serialization of the rows with natural keys, many-to-many lists sorted by natural key, without
    the columns the database computes (a GeneratedField: the yearly equivalents of a salary range)."""
    data = serializers.serialize("python", rows, use_natural_foreign_keys=True, use_natural_primary_keys=True)
    for item, row in zip(data, rows, strict=True):
        for relation in row._meta.many_to_many:
            if relation.name in item["fields"]:
                item["fields"][relation.name].sort(key=_comparable)
        for column in row._meta.concrete_fields:
            if column.generated:
                item["fields"].pop(column.name, None)
    return data


def _serialize_stubs(roles) -> list[dict]:
    """Related roles as unpublished stubs: title, slug and summary, and the timestamps a load needs."""
    data = serializers.serialize("python", roles, fields=STUB_FIELDS, use_natural_primary_keys=True)
    for item in data:
        item["fields"]["is_published"] = False
    return data


class _FixtureDumper(DjangoSafeDumper):
    """Django's YAML dumper, writing multi-line text as literal blocks and natural keys on one line."""


def _represent_text(dumper, value):
    # PyYAML falls back to a quoted string when a block cannot hold the text exactly.
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|" if "\n" in value else None)


def _represent_natural_key(dumper, value):
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=True)


_FixtureDumper.add_representer(str, _represent_text)
_FixtureDumper.add_representer(tuple, _represent_natural_key)  # the serializer's natural keys are tuples


def _dump(rows: list[dict]) -> str:
    return yaml.dump(
        rows, Dumper=_FixtureDumper, allow_unicode=True, sort_keys=False, default_flow_style=False, width=100
    )


# --- Loading --------------------------------------------------------------------------------------


class _Mode(Enum):
    APPLY = "apply"  # save the row, updating it if it exists
    CREATE = "create"  # save the row only if it is missing


# The guide rows of a file, by model label, with the field that leads to their role.
_OWNER_FIELDS = {part.model._meta.label_lower: part.owner.split("__")[0] for part in GUIDE_ROWS}
# What a broken row raises (as opposed to a bug): reported with the file's name and the row's number.
_ROW_ERRORS = (DatabaseError, ObjectDoesNotExist, FieldDoesNotExist, ValidationError, ValueError, TypeError)


@dataclass
class GuideFile:
    """One fixture file, read and sorted into the guides it holds and everything else."""

    path: Path
    rows: list[dict] = field(default_factory=list)
    guides: set[str] = field(default_factory=set)
    owners: dict[int, str] = field(default_factory=dict)  # row number -> slug of the guide it belongs to
    error: str = ""


@dataclass
class GuideFileLoad:
    """What loading one fixture file did."""

    name: str
    guides: tuple[str, ...] = ()  # the guides the file holds
    loaded: tuple[str, ...] = ()  # those it loaded (or re-applied); the others were left alone
    created: int = 0
    updated: int = 0
    removed: int = 0  # rows of its guides it no longer has (with reload)
    error: str = ""

    @property
    def saved(self) -> int:
        return self.created + self.updated

    @property
    def left_alone(self) -> tuple[str, ...]:
        return tuple(slug for slug in self.guides if slug not in self.loaded)


@dataclass
class _Row:
    """A row of a file to save: where it is, its model, what identifies it and how to save it."""

    number: int
    data: dict
    model: type[models.Model]
    identity: tuple  # ("pk", (pk,)) or ("natural key", key)
    mode: _Mode


def guide_file_read(path: Path) -> GuideFile:
    """Parse a fixture file and find the guides it holds (no query). A file that cannot be parsed, or
    whose rows do not say which role they belong to, comes back with `error` set."""
    guide_file = GuideFile(path=path)
    try:
        # Django's fixture loader: PyYAML's (C) SafeLoader, which builds plain data only.
        rows = yaml.load(path.read_text(encoding="utf-8"), Loader=SafeLoader)  # noqa: S506
        if rows is None:
            raise GuideFileError("the file is empty")
        if not isinstance(rows, list) or not all(_is_row(row) for row in rows):
            raise GuideFileError("not a fixture: expected a list of rows, each with a model and its fields")
        guide_file.rows = rows
        guide_file.owners = _guide_rows(rows)
        guide_file.guides = set(guide_file.owners.values())
    except UnicodeDecodeError as exc:
        guide_file.error = f"not UTF-8 (byte {exc.start})"
    except yaml.YAMLError as exc:
        guide_file.error = f"not valid YAML: {exc}"
    except (OSError, GuideFileError) as exc:
        guide_file.error = str(exc)
    return guide_file


def _is_row(row) -> bool:
    return isinstance(row, dict) and isinstance(row.get("model"), str) and isinstance(row.get("fields"), dict)


def _guide_rows(rows: list[dict]) -> dict[int, str]:
    """The rows that belong to a guide, by row number, with the slug of the guide's role: the rows of
    guide parts, and the rows of the roles that have any (or that carry guide content themselves)."""
    by_pk = {(row["model"].lower(), row["pk"]): row for row in rows if isinstance(row.get("pk"), int | str)}
    owners = {}
    for number, row in enumerate(rows, start=1):
        label = row["model"].lower()
        if label in _OWNER_FIELDS:
            owners[number] = _owner_slug(label, row["fields"], by_pk)
            if not owners[number]:
                raise GuideFileError(
                    f"row {number} ({label}) does not name its role by slug or by the id of a role in the "
                    "file; write guide files with export_guide"
                )
    guides = set(owners.values())
    for number, row in enumerate(rows, start=1):
        slug = row["fields"].get("slug")
        if row["model"].lower() == "roles.role" and (slug in guides or _has_guide_content(row["fields"])):
            owners[number] = slug
    return owners


def _owner_slug(label: str, fields: dict, by_pk: dict) -> str | None:
    """The slug of the role a guide row belongs to: the first part of its role's (or level's) natural
    key, or, for a file that uses ids, the slug of the row in the file with that id."""
    owner = _OWNER_FIELDS[label]
    value = fields.get(owner)
    if isinstance(value, list):
        return value[0] if value else None
    if owner == "level":
        level = by_pk.get(("roles.careerlevel", value))
        return _owner_slug("roles.careerlevel", level["fields"], by_pk) if level else None
    role = by_pk.get(("roles.role", value))
    return role["fields"].get("slug") if role else None


def _has_guide_content(fields: dict) -> bool:
    """Whether a role's own row carries a guide (its prose, tools or certifications), like
    `RoleQuerySet.holding_guides` does for a saved role."""
    return any(fields.get(name) for name in (*GUIDE_TEXT_FIELDS, *GUIDE_LINKS))


def guide_files_load(
    *, paths: Iterable[Path], reload: bool, reason: str, user=None, database: str = DEFAULT_DB_ALIAS
) -> list[GuideFileLoad]:
    """Load the fixture files in `paths`, in that order, each in its own transaction, as the module
    docstring describes; every row saved gets one history entry with `reason`.

    One query to find which guides the database holds already; per file, one query per model to find
    which of its rows exist, one per distinct natural key its rows point at, one to save each row, a
    constraint check, and one history insert per model.
    """
    files = [guide_file_read(path) for path in paths]
    held_by = {}
    for guide_file in files:
        for slug in sorted(guide_file.guides):
            if slug in held_by and not guide_file.error:
                guide_file.error = f"holds the guide {slug}, which {held_by[slug]} holds already"
            held_by.setdefault(slug, guide_file.path.name)
    present = set(Role.objects.using(database).filter(slug__in=held_by).holding_guides().values_list("slug", flat=True))

    reports = []
    seen = set()  # shared rows met in an earlier file
    for guide_file in files:
        report = GuideFileLoad(name=guide_file.path.name, guides=tuple(sorted(guide_file.guides)))
        reports.append(report)
        if guide_file.error:
            report.error = guide_file.error
            continue
        loading = guide_file.guides if reload else guide_file.guides - present
        try:
            plan = _plan(guide_file, loading=loading, guides=present | held_by.keys(), reload=reload, seen=seen)
            saved = _load_file(
                plan, guide_file, loading=loading, reload=reload, user=user, reason=reason, database=database
            )
            report.created, report.updated, report.removed = saved
        except GuideFileError as exc:
            report.error = str(exc)
        else:
            report.loaded = tuple(sorted(loading))
    return reports


def _load_file(plan, guide_file: GuideFile, *, loading, reload, user, reason, database) -> tuple[int, int, int]:
    """Save one file's planned rows in one transaction: the shared rows row by row (`_load_rows`), then
    each guide through the text import's writer, the loader's replace mode (`guide_replace`), which
    writes only what differs and records history for that alone. A guide whose rows a file names by
    database id (Django's `dumpdata`), or whose role's row the file lacks, is saved row by row too.
    Returns (created, updated, removed)."""
    guides = _replaceable_guides(plan, guide_file, loading)
    in_guides = {row.number for rows in guides.values() for row in rows}
    with transaction.atomic(using=database):
        replacing = (loading - guides.keys()) if reload else set()
        shared = [row for row in plan if row.number not in in_guides]
        counts = list(_load_rows(shared, replacing=replacing, user=user, reason=reason, database=database))
        roles = set(Role.objects.using(database).filter(slug__in=guides).values_list("slug", flat=True))
        try:
            results = guides_replace(
                [[row.data for row in rows] for rows in guides.values()],
                references={},
                user=user,
                reason=reason,
                new=guides.keys() - roles,
                report_changes=False,
                pinpoint=True,
                database=database,
            )
        except GuideFileError as exc:
            raise _at_row(exc, [row for rows in guides.values() for row in rows]) from exc
        except _ROW_ERRORS as exc:
            raise GuideFileError(str(exc)) from exc
        for result in results:
            counts = [counts[0] + result.created, counts[1] + result.updated, counts[2] + result.removed]
        if guides and any(counts):
            bump_content_version()  # guide_replace bulk-writes, which sends no model signals
    return tuple(counts)


def _at_row(error: GuideFileError, rows: list[_Row]) -> GuideFileError:
    """The error naming the file's row it is about ("row 2 (roles.roleskill): ..."), when it names one."""
    number = {(row.model, row.identity[1]): row.number for row in rows}.get(error.row)
    if number is None:
        return error
    return GuideFileError(f"row {number} ({error.row[0]._meta.label_lower}): {error}")


def _replaceable_guides(plan, guide_file: GuideFile, loading) -> dict[str, list[_Row]]:
    """The guides of `loading` whose rows all name themselves by natural key and whose role's row is in
    the file: slug -> its rows, the role's first (what `guide_replace` takes)."""
    rows_of = defaultdict(list)
    for row in plan:
        slug = guide_file.owners.get(row.number)
        if slug in loading:
            rows_of[slug].append(row)
    guides = {}
    for slug, rows in rows_of.items():
        role_rows = [row for row in rows if row.model is Role]
        if len(role_rows) == 1 and all(row.identity[0] == "natural key" for row in rows):
            guides[slug] = role_rows + [row for row in rows if row.model is not Role]
    return guides


def _plan(guide_file: GuideFile, *, loading, guides, reload, seen) -> list[_Row]:
    """The rows of the file to save and how to save them (no query). `guides` are the roles that hold
    a guide in the database or in any of the files: their stubs are never re-applied over them."""
    plan = []
    for number, data in enumerate(guide_file.rows, start=1):
        label = data["model"].lower()
        try:
            model = apps.get_model(label)
        except (LookupError, ValueError) as exc:
            raise GuideFileError(f"row {number}: Invalid model identifier: {label}") from exc
        try:
            identity = row_identity(model, data)
        except (GuideFileError, *_ROW_ERRORS) as exc:
            raise GuideFileError(f"row {number} ({label}): {exc}") from exc
        if number in guide_file.owners:
            if guide_file.owners[number] in loading:
                plan.append(_Row(number, data, model, identity, _Mode.APPLY))
            continue
        first_copy = (model, identity) not in seen
        seen.add((model, identity))
        stub_of_a_guide = model is Role and data["fields"].get("slug") in guides
        reapply = reload and first_copy and not stub_of_a_guide
        plan.append(_Row(number, data, model, identity, _Mode.APPLY if reapply else _Mode.CREATE))
    return plan


def _existing(rows: list[_Row], *, database: str) -> dict[tuple, object]:
    """The pks of the rows that exist already, by (model, identity): one query per model and kind of
    identity, filtering on the first part of the keys."""
    found = {}
    groups = defaultdict(list)
    for row in rows:
        groups[(row.model, row.identity[0])].append(row.identity[1])
    for (model, kind), keys in groups.items():
        lookups = ("pk",) if kind == "pk" else model.natural_key_lookups
        queryset = model._default_manager.using(database).filter(**{f"{lookups[0]}__in": {key[0] for key in keys}})
        for pk, *key in queryset.values_list("pk", *lookups):
            found[(model, (kind, tuple(key)))] = pk
    return found


def _load_rows(plan: list[_Row], *, replacing: set[str], user, reason: str, database: str) -> tuple[int, int, int]:
    """Save the planned rows (in the caller's transaction) and record their history; delete the rows of the guides
    in `replacing` that the plan does not have (the loader's replace mode, `roles.guide_rows`). Returns
    (created, updated, removed)."""
    saved = defaultdict(lambda: {False: [], True: []})  # model -> existed before? -> pks
    try:
        existing = _existing(plan, database=database)
    except _ROW_ERRORS as exc:
        raise GuideFileError(f"cannot look up its rows: {exc}") from exc
    references = {}  # (model, natural key) -> pk, for the foreign keys of the rows
    for row in plan:
        pk = existing.get((row.model, row.identity))
        if pk is not None and row.mode is _Mode.CREATE:
            continue
        try:
            instance, many_to_many = _build(row, pk=pk, references=references, database=database)
            # History is recorded below, once per row; simple-history would also record each
            # many-to-many change as an entry of its own.
            instance.skip_history_when_saving = True
            DeserializedObject(instance, many_to_many).save(using=database)
            del instance.skip_history_when_saving
        except (GuideFileError, *_ROW_ERRORS) as exc:
            raise GuideFileError(f"row {row.number} ({row.data['model']}): {exc}") from exc
        existing[(row.model, row.identity)] = instance.pk
        if row.identity[0] == "natural key":
            references[(row.model, row.identity[1])] = instance.pk
        saved[row.model][pk is not None].append(instance.pk)
    connection = connections[database]
    try:
        connection.check_constraints(table_names=[model._meta.db_table for model in saved])
    except DatabaseError as exc:
        raise GuideFileError(str(exc)) from exc
    _reset_sequences(connection, list(saved))
    record_history(saved, user=user, reason=reason, database=database)
    kept = {model: by_state[False] + by_state[True] for model, by_state in saved.items()}
    stale = stale_guide_rows(replacing, kept, database=database) if replacing else []
    delete_rows(stale, user=user, reason=reason, database=database)
    created = sum(len(by_state[False]) for by_state in saved.values())
    updated = sum(len(by_state[True]) for by_state in saved.values())
    return created, updated, len(stale)


def _build(row: _Row, *, pk, references: dict, database: str):
    """The model instance a row describes, with `pk` when it exists already, and its many-to-many
    values; what Django's deserializer does, with the natural keys it points at looked up once per
    file (`references`) instead of once per row."""
    model = row.model
    data = {} if pk is None else {model._meta.pk.attname: pk}
    many_to_many = {}
    for name, value in row.data["fields"].items():
        relation = model._meta.get_field(name)
        if relation.many_to_many:
            many_to_many[relation.name] = [
                reference(relation.related_model, item, references, database) for item in value
            ]
        elif relation.is_relation:
            data[relation.attname] = (
                None if value is None else reference(relation.related_model, value, references, database)
            )
        else:
            data[relation.attname] = relation.to_python(value)
    if "pk" in row.data and pk is None:
        data[model._meta.pk.attname] = row.identity[1][0]
    return model(**data), many_to_many


def _reset_sequences(connection, models_saved) -> None:
    """Move id sequences past explicit ids a file gave (as loaddata does; a no-op on SQLite)."""
    statements = connection.ops.sequence_reset_sql(no_style(), models_saved)
    if statements:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
