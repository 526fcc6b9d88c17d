"""Comparing roles side by side, shared by the compare page and the API (the skills gap is `skills_gap.py`).

Works on roles loaded with `Role.objects.published().for_comparison()`, so it never queries.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_slug

from .models import CareerLevel, Role, Skill
from .skills_gap import skill_key

MAX_COMPARED_ROLES = 4


def _is_slug(text: str) -> bool:
    try:
        validate_slug(text)
    except ValidationError:
        return False
    return True


def parse_role_slugs(raw: str | None, *, minimum: int = 2, maximum: int = MAX_COMPARED_ROLES) -> list[str]:
    """Split `"a,b,c"` into distinct slugs, keeping order; raise ValidationError with a reader-facing message."""
    slugs = list(dict.fromkeys(part.strip() for part in (raw or "").split(",") if part.strip()))
    malformed = [slug for slug in slugs if not _is_slug(slug)]
    if malformed:
        raise ValidationError(f"Not a role slug: {malformed[0][:50]!r}; slugs look like technical-manager.")
    if len(slugs) < minimum:
        raise ValidationError(f"Choose at least {minimum} different roles, e.g. roles=technical-manager,other-role.")
    if len(slugs) > maximum:
        raise ValidationError(f"Compare at most {maximum} roles at a time (got {len(slugs)}).")
    return slugs


def roles_by_slugs(queryset, slugs: Sequence[str]) -> list[Role]:
    """Fetch the roles in `slugs` order; raise ValidationError naming any slug that is not a public role."""
    found = {role.slug: role for role in queryset.filter(slug__in=slugs)}
    missing = [slug for slug in slugs if slug not in found]
    if missing:
        raise ValidationError(f"Unknown role: {', '.join(missing)}.", code="unknown_role")
    return [found[slug] for slug in slugs]


def shared_skills(roles: Sequence[Role]) -> list[Skill]:
    """Skills every one of `roles` lists (under its own name or a synonym), in the first role's order."""
    if not roles:
        return []
    common = set.intersection(*({skill_key(link) for link in role.role_skills.all()} for role in roles))
    return [link.skill for link in roles[0].role_skills.all() if skill_key(link) in common]


@dataclass(frozen=True)
class ComparedRole:
    """One column of a comparison: the role with the ends of its ladder."""

    role: Role
    first_level: CareerLevel | None
    top_level: CareerLevel | None

    @property
    def facts(self):
        """The role's `KeyFacts`, or None when it has none (joined by `for_comparison()`: no query)."""
        return getattr(self.role, "key_facts", None)


@dataclass(frozen=True)
class Comparison:
    """Roles side by side and the skills they all need; the compare page and the API both show this."""

    roles: list[ComparedRole]
    shared_skills: list[Skill]


def compare(roles: Sequence[Role]) -> Comparison:
    """Compare roles loaded with `for_comparison()` (levels in ladder order, by `Meta.ordering`). No query."""
    columns = []
    for role in roles:
        levels = list(role.levels.all())
        columns.append(ComparedRole(role, levels[0] if levels else None, levels[-1] if levels else None))
    return Comparison(roles=columns, shared_skills=shared_skills(roles))
