"""roles.comparisons: choosing roles to compare, and the skills gap between two of them."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from roles.comparisons import compare, parse_role_slugs, roles_by_slugs, shared_skills
from roles.models import Role
from roles.skills_gap import skills_gap
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_parse_role_slugs_keeps_order_drops_duplicates_and_explains_limits():
    assert parse_role_slugs(" a, b ,a ") == ["a", "b"]
    with pytest.raises(ValidationError, match="at least 2"):
        parse_role_slugs("a")
    with pytest.raises(ValidationError, match="at most 4"):
        parse_role_slugs("a,b,c,d,e")


def test_roles_by_slugs_names_unknown_and_unpublished_roles():
    known = f.RoleFactory(slug="known")
    f.RoleFactory(slug="draft", is_published=False)

    assert roles_by_slugs(Role.objects.published(), ["known"]) == [known]
    with pytest.raises(ValidationError, match="Unknown role: draft, nope"):
        roles_by_slugs(Role.objects.published(), ["known", "draft", "nope"])


def test_skills_gap_splits_shared_missing_and_unneeded_skills(django_assert_num_queries):
    shared, to_add, unneeded = f.SkillFactory(), f.SkillFactory(), f.SkillFactory()
    current, target = f.RoleFactory(slug="current"), f.RoleFactory(slug="target")
    f.RoleSkillFactory(role=current, skill=shared)
    f.RoleSkillFactory(role=current, skill=unneeded)
    f.RoleSkillFactory(role=target, skill=shared)
    f.RoleSkillFactory(role=target, skill=to_add)
    f.KeyFactsFactory(role=current, median_pay=Decimal("100000"))
    f.KeyFactsFactory(role=target, median_pay=Decimal("130000"))

    # roles with headline figures, their skills, their levels with US pay
    with django_assert_num_queries(3):
        roles = roles_by_slugs(Role.objects.for_comparison(), ["current", "target"])
        gap = skills_gap(*roles)
        common = shared_skills(roles)

    assert (gap.shared, gap.to_add, gap.not_needed) == ([shared], [to_add], [unneeded])
    assert gap.coverage_pct == 50
    assert gap.median_pay_difference_usd == Decimal("30000")
    assert common == [shared]


def test_compare_puts_each_role_with_the_ends_of_its_ladder_and_the_shared_skills(django_assert_num_queries):
    shared = f.SkillFactory(name="Budgeting")
    laddered, bare = f.RoleFactory(title="Laddered"), f.RoleFactory(title="Bare")
    top = f.CareerLevelFactory(role=laddered, order=3, slug="top")
    first = f.CareerLevelFactory(role=laddered, order=1, slug="first")
    f.CareerLevelFactory(role=laddered, order=2, slug="middle")
    for role in (laddered, bare):
        f.RoleSkillFactory(role=role, skill=shared)
    f.RoleSkillFactory(role=laddered)
    facts = f.KeyFactsFactory(role=laddered)
    roles = roles_by_slugs(Role.objects.published().for_comparison(), [laddered.slug, bare.slug])

    with django_assert_num_queries(0):
        result = compare(roles)

    columns = {column.role.title: column for column in result.roles}
    assert (columns["Laddered"].first_level, columns["Laddered"].top_level) == (first, top)
    assert (columns["Bare"].first_level, columns["Bare"].top_level) == (None, None)
    assert columns["Laddered"].facts == facts
    assert columns["Bare"].facts is None
    assert result.shared_skills == [shared]
