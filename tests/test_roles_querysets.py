"""QuerySet methods the pages add: best-paid roles, picker, skill detail, levels of a role, skill lists."""

from decimal import Decimal

import pytest

from roles.models import CareerLevel, Role, Skill
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_best_paid_orders_by_usd_median_and_skips_unknown_pay():
    low = f.KeyFactsFactory(median_pay=Decimal("90000")).role
    high = f.KeyFactsFactory(median_pay=Decimal("190000")).role
    f.RoleFactory()  # no key facts
    f.KeyFactsFactory(currency=f.CurrencyFactory(code="EUR", name="Euro", symbol="€"))  # not in USD
    assert list(Role.objects.published().best_paid()) == [high, low]


def test_for_picker_loads_titles_and_slugs_in_title_order():
    b, a = f.RoleFactory(title="B role"), f.RoleFactory(title="A role")
    roles = list(Role.objects.for_picker())
    assert roles == [a, b]
    assert roles[0].get_deferred_fields() >= {"summary", "description"}


def test_with_skill_detail_annotates_what_each_role_says_about_the_skill():
    skill = f.SkillFactory()
    link = f.RoleSkillFactory(skill=skill, detail="e.g. Python, Go")
    f.RoleSkillFactory(role=link.role, detail="something else")
    roles = list(Role.objects.needing_skill(skill).with_skill_detail(skill))
    assert [(role, role.skill_detail) for role in roles] == [(link.role, "e.g. Python, Go")]


def test_of_role_keeps_the_levels_of_that_role_only():
    level = f.CareerLevelFactory()
    f.CareerLevelFactory()
    assert list(CareerLevel.objects.of_role(level.role.slug)) == [level]


def test_most_needed_counts_public_roles_only_and_drops_unused_skills():
    popular, niche, unused = f.SkillFactory(name="Popular"), f.SkillFactory(name="Niche"), f.SkillFactory()
    for _ in range(2):
        f.RoleSkillFactory(skill=popular)
    f.RoleSkillFactory(skill=niche)
    f.RoleSkillFactory(skill=niche, role=f.RoleFactory(is_published=False))
    skills = list(Skill.objects.most_needed())
    assert [(skill.name, skill.role_count) for skill in skills] == [("Popular", 2), ("Niche", 1)]
    assert unused not in skills


def test_for_taxonomy_groups_by_category_then_name():
    soft = f.SkillFactory(name="Adaptability", category=Skill.Category.SOFT)
    tech_b, tech_a = f.SkillFactory(name="B tech"), f.SkillFactory(name="A tech")
    assert list(Skill.objects.for_taxonomy()) == [soft, tech_a, tech_b]
