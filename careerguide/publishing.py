"""The publication rule: what the public may see, what is a draft, what waits for its date.

A publishable model has `is_published` and an optional `published_at`; it is public once it is
published and its moment has come. The rule is written once here and applied to the model itself
(`PublishableQuerySet`) and to rows that belong to one (`public_condition("role__")`).
"""

from django.db import models
from django.db.models import Q
from django.utils import timezone


def public_condition(prefix: str = "") -> Q:
    """A filter for rows whose publishable (reached through `prefix`, e.g. "role__") is public now."""
    return Q(**{f"{prefix}is_published": True}) & (
        Q(**{f"{prefix}published_at__isnull": True}) | Q(**{f"{prefix}published_at__lte": timezone.now()})
    )


def is_public_now(is_published: bool, published_at) -> bool:
    """The same rule for an object already loaded (no query)."""
    return is_published and (published_at is None or published_at <= timezone.now())


class PublishableQuerySet(models.QuerySet):
    """Filters by publication state; each adds a WHERE clause to the same query."""

    def published(self):
        """Public now: published, and past its publish date if one is set."""
        return self.filter(public_condition())

    def scheduled(self):
        """Published, but waiting for a publish date still in the future."""
        return self.filter(is_published=True, published_at__gt=timezone.now())

    def drafts(self):
        """Not published."""
        return self.filter(is_published=False)
