"""What a reader has and still needs: the skills gap between two roles, and the coverage rule the
self-assessment shares. Shared by the skills-gap page and the API.

Works on roles loaded with `Role.objects.published().for_comparison()`, so it never queries. Two skills an
editor marked as one (`SkillSynonym`) count as the same skill: each link's `skill_key` (annotated by
`RoleSkill.objects.with_skill_key()`) is the pk of the skill it counts as.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from .models import Role, RoleSkill, Skill


def coverage_pct(held: int, needed: int) -> int:
    """`held` out of `needed` in whole percent, capped at 100 (100 when nothing is needed): the one rule
    behind every "covered" figure, the skills gap's and the self-assessment's alike."""
    return 100 if needed <= 0 else round(100 * min(held, needed) / needed)


def skill_key(link: RoleSkill) -> int:
    """The pk of the skill a role's skill link counts as: its synonym's target, else its own skill."""
    return getattr(link, "skill_key", None) or link.skill_id


def partition_skills(needed: Sequence[RoleSkill], held_keys: set) -> tuple[list[RoleSkill], list[RoleSkill]]:
    """`needed` (skill links) split into those whose `skill_key` is in `held_keys` and the rest, each in
    `needed`'s order."""
    held = [link for link in needed if skill_key(link) in held_keys]
    return held, [link for link in needed if skill_key(link) not in held_keys]


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
    needed = list(to_role.role_skills.all())
    had = list(from_role.role_skills.all())
    shared, to_add = partition_skills(needed, {skill_key(link) for link in had})
    _, not_needed = partition_skills(had, {skill_key(link) for link in needed})
    return SkillsGap(
        from_role=from_role,
        to_role=to_role,
        shared=[link.skill for link in shared],
        to_add=[link.skill for link in to_add],
        not_needed=[link.skill for link in not_needed],
    )
