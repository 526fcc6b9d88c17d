"""Natural keys: naming a row by what it is (a slug, a role and a position) instead of its database id.

A fixture written on one instance names a skill by its slug and a FAQ entry by its role's slug and its
position, so it loads on another instance without colliding with that instance's ids, and loading it
twice finds the same rows instead of adding copies. These are Django's own `natural_key()` and
`get_by_natural_key()`, which the serializers and `loaddata` use.

A model declares its key once, as lookups (`natural_key_lookups = ("role__slug", "order")`); the mixin
reads them on the instance for `natural_key()` and the QuerySet filters by them for
`get_by_natural_key()`, so the two cannot disagree. A model whose primary key is already a natural one
(a currency's ISO code) declares none: Django's serializer leaves out the primary key of a model with a
natural key, which would drop the code itself.
"""

from django.db import models
from django.db.models import Count


def follow_lookup(obj, lookup: str):
    """The value `lookup` ("level__role__slug") reaches from `obj`: one query per foreign key crossed
    that was not loaded with `select_related`."""
    for name in lookup.split("__"):
        obj = getattr(obj, name)
    return obj


class NaturalKeyModel:
    """Mixin for a model that lists its natural key in `natural_key_lookups`."""

    natural_key_lookups: tuple[str, ...] = ()

    def natural_key(self) -> tuple:
        """The values of `natural_key_lookups`, e.g. ("technical-manager", 3) (see `follow_lookup`)."""
        return tuple(follow_lookup(self, lookup) for lookup in self.natural_key_lookups)


class NaturalKeyQuerySet(models.QuerySet):
    """`get_by_natural_key()` for models that mix in `NaturalKeyModel`."""

    def get_by_natural_key(self, *key):
        """The one row whose `natural_key()` is `key` (one query, joining what the lookups cross).

        A shorter key names the rows matching its first lookups, so a file written before a model's key
        grew still loads where that prefix names one row (`MultipleObjectsReturned` where it does not)."""
        lookups = self.model.natural_key_lookups
        if not key or len(key) > len(lookups):
            raise self.model.DoesNotExist(f"{self.model._meta.object_name}: {list(key)} is not a natural key")
        return self.get(**dict(zip(lookups, key, strict=False)))

    def duplicate_natural_keys(self) -> set[tuple]:
        """Natural keys that more than one of these rows share, which `get_by_natural_key()` could not
        tell apart (one GROUP BY query; NULLs group together, as they match together)."""
        lookups = self.model.natural_key_lookups
        groups = self.order_by().values(*lookups).annotate(rows=Count("pk")).filter(rows__gt=1)
        return {tuple(group[lookup] for lookup in lookups) for group in groups}


def natural_key_is_unique(model) -> bool:
    """Whether the database guarantees that no two rows share a natural key (no query): the fields the
    lookups start from are unique together (a unique field, constraint or `unique_together`), and a
    lookup that crosses a foreign key ends at a unique field of the row it reaches ("role__slug").
    Conservative: a key it cannot prove unique may still be."""
    fields = set()
    for lookup in model.natural_key_lookups:
        name, _, rest = lookup.partition("__")
        field = model._meta.get_field(name)
        if rest and not _ends_at_unique_field(field.related_model, rest):
            return False
        fields.add(field.name)
    unique_sets = [{field.name} for field in model._meta.concrete_fields if field.unique]
    unique_sets += [set(names) for names in model._meta.unique_together]
    unique_sets += [
        set(constraint.fields)
        for constraint in model._meta.constraints
        if isinstance(constraint, models.UniqueConstraint) and constraint.fields and constraint.condition is None
    ]
    return any(unique <= fields for unique in unique_sets)


def _ends_at_unique_field(model, lookup: str) -> bool:
    name, _, rest = lookup.partition("__")
    field = model._meta.get_field(name)
    return _ends_at_unique_field(field.related_model, rest) if rest else field.unique
