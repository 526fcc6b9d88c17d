"""Comparing roles and the skills gap between two roles, shared by the compare pages and the API.

Works on roles loaded with `Role.objects.published().for_comparison()`, so it never queries.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError

from .models import Role, Skill

MAX_COMPARED_ROLES = 4
_SLUG = re.compile(r"[-a-zA-Z0-9_]+")


def parse_role_slugs(raw: str | None, *, minimum: int = 2, maximum: int = MAX_COMPARED_ROLES) -> list[str]:
    """Split `"a,b,c"` into distinct slugs, keeping order; raise ValidationError with a reader-facing message."""
    slugs = list(dict.fromkeys(part.strip() for part in (raw or "").split(",") if part.strip()))
    malformed = [slug for slug in slugs if not _SLUG.fullmatch(slug)]
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


def _skills(role: Role) -> list[Skill]:
    return [link.skill for link in role.role_skills.all()]


@dataclass(frozen=True)
class SkillsGap:
    """What someone in `from_role` already has and still needs for `to_role`."""

    from_role: Role
    to_role: Role
    shared: list[Skill]
    to_add: list[Skill]
    not_needed: list[Skill]

    @property
    def coverage_pct(self) -> int:
        """Share of the target role's skills already held, in whole percent (100 when it lists none)."""
        needed = len(self.shared) + len(self.to_add)
        return 100 if needed == 0 else round(100 * len(self.shared) / needed)

    @property
    def median_pay_difference_usd(self):
        """Target minus current headline median pay in USD, or None when either is unknown."""
        if self.from_role.median_pay_usd is None or self.to_role.median_pay_usd is None:
            return None
        return self.to_role.median_pay_usd - self.from_role.median_pay_usd


def skills_gap(from_role: Role, to_role: Role) -> SkillsGap:
    """Compare two roles' skills, keeping the target role's skill order."""
    held = {skill.pk for skill in _skills(from_role)}
    needed = _skills(to_role)
    needed_pks = {skill.pk for skill in needed}
    return SkillsGap(
        from_role=from_role,
        to_role=to_role,
        shared=[skill for skill in needed if skill.pk in held],
        to_add=[skill for skill in needed if skill.pk not in held],
        not_needed=[skill for skill in _skills(from_role) if skill.pk not in needed_pks],
    )


def shared_skills(roles: Sequence[Role]) -> list[Skill]:
    """Skills every one of `roles` lists, in the first role's order."""
    if not roles:
        return []
    common = set.intersection(*({skill.pk for skill in _skills(role)} for role in roles))
    return [skill for skill in _skills(roles[0]) if skill.pk in common]
