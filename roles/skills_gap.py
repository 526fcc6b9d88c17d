"""What a reader has and still needs: the skills gap between two roles, and the coverage rule the
self-assessment shares. Shared by the skills-gap page and the API.

Works on roles loaded with `Role.objects.published().for_comparison()`, so it never queries.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from .models import Role, Skill


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
