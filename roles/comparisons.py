"""Comparing roles and the skills gap between two roles, shared by the compare pages and the API.

Works on roles loaded with `Role.objects.published().for_comparison()`, so it never queries.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_slug

from .models import CareerLevel, Role, Skill

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


def coverage_pct(held: int, needed: int) -> int:
    """`held` out of `needed` in whole percent, capped at 100 (100 when nothing is needed): the one rule
    behind every "covered" figure, the skills gap's and the self-assessment's alike."""
    return 100 if needed <= 0 else round(100 * min(held, needed) / needed)


def partition_skills(needed: Sequence[Skill], held_pks: set) -> tuple[list[Skill], list[Skill]]:
    """`needed` split into the skills whose pk is in `held_pks` and the rest, each in `needed`'s order."""
    return [skill for skill in needed if skill.pk in held_pks], [skill for skill in needed if skill.pk not in held_pks]


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
        return coverage_pct(len(self.shared), len(self.shared) + len(self.to_add))

    @property
    def median_pay_difference_usd(self):
        """Target minus current headline median pay in USD, or None when either is unknown."""
        if self.from_role.median_pay_usd is None or self.to_role.median_pay_usd is None:
            return None
        return self.to_role.median_pay_usd - self.from_role.median_pay_usd


def skills_gap(from_role: Role, to_role: Role) -> SkillsGap:
    """Compare two roles' skills, keeping the target role's skill order."""
    needed = to_role.skill_list
    needed_pks = {skill.pk for skill in needed}
    shared, to_add = partition_skills(needed, {skill.pk for skill in from_role.skill_list})
    return SkillsGap(
        from_role=from_role,
        to_role=to_role,
        shared=shared,
        to_add=to_add,
        not_needed=[skill for skill in from_role.skill_list if skill.pk not in needed_pks],
    )


def shared_skills(roles: Sequence[Role]) -> list[Skill]:
    """Skills every one of `roles` lists, in the first role's order."""
    if not roles:
        return []
    common = set.intersection(*({skill.pk for skill in role.skill_list} for role in roles))
    return [skill for skill in roles[0].skill_list if skill.pk in common]


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
