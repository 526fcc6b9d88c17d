"""roles.models: the QuerySet methods pages, API and admin share, and what a loaded guide computes."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from roles.models import CareerLevel, Role, Skill
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_published_hides_drafts_and_future_publish_dates():
    live = f.RoleFactory(is_published=True)
    f.RoleFactory(is_published=False)
    f.RoleFactory(is_published=True, published_at=timezone.now() + timedelta(days=1))
    past = f.RoleFactory(is_published=True, published_at=timezone.now() - timedelta(days=1))

    assert set(Role.objects.published()) == {live, past}
    assert [role.is_public for role in Role.objects.filter(pk__in=[live.pk, past.pk])] == [True, True]


def test_search_matches_title_summary_and_skill_names_without_duplicates():
    manager = f.RoleFactory(title="Technical Manager", summary="Leads engineers.")
    by_skill = f.RoleFactory(title="Data Engineer", summary="Builds pipelines.")
    design = f.SkillFactory(name="System Design")
    f.RoleSkillFactory(role=by_skill, skill=design)
    f.RoleSkillFactory(role=by_skill, skill=f.SkillFactory(name="System Security"))

    assert list(Role.objects.search("technical")) == [manager]
    assert list(Role.objects.search("pipelines")) == [by_skill]
    assert list(Role.objects.search("system")) == [by_skill]
    assert Role.objects.search("   ").count() == 2


def test_needing_skill_lists_each_role_once():
    skill = f.SkillFactory()
    role = f.RoleFactory()
    f.RoleSkillFactory(role=role, skill=skill)
    f.RoleSkillFactory(role=f.RoleFactory(), skill=f.SkillFactory())

    assert list(Role.objects.needing_skill(skill)) == [role]


def test_with_headline_figures_annotates_usd_median_and_headline_growth_only():
    role = f.RoleFactory()
    f.KeyFactsFactory(role=role, median_pay=Decimal("164070"))
    f.GrowthProjectionFactory(role=role, pct_min=16, pct_max=16, is_headline=True)
    f.GrowthProjectionFactory(role=role, pct_min=10, pct_max=12, is_headline=False)
    bare = f.RoleFactory()

    figures = {r.pk: r for r in Role.objects.with_headline_figures()}

    assert figures[role.pk].median_pay_usd == Decimal("164070")
    assert figures[role.pk].growth_pct == Decimal("16")
    assert figures[bare.pk].median_pay_usd is None
    assert figures[bare.pk].growth_pct is None


def test_median_pay_in_another_currency_is_not_reported_as_usd():
    role = f.RoleFactory()
    eur = f.CurrencyFactory(code="EUR", name="Euro", symbol="€")
    f.KeyFactsFactory(role=role, currency=eur, median_pay=Decimal("90000"))

    assert Role.objects.with_headline_figures().get().median_pay_usd is None


def _full_role():
    role = f.RoleFactory()
    f.KeyFactsFactory(role=role)
    f.GrowthProjectionFactory(role=role)
    for _ in range(2):
        level = f.CareerLevelFactory(role=role)
        f.FocusAreaFactory(level=level)
        f.LevelSalaryFactory(level=level)
        f.RoleSkillFactory(role=role)
        f.ResponsibilityFactory(role=role)
        f.SpecializationFactory(role=role)
        f.ProConFactory(role=role)
        f.FAQFactory(role=role)
        f.RegionalSalaryFactory(role=role)
        f.RoleRelationFactory(from_role=role)
    role.tools.add(f.ToolFactory(), f.ToolFactory())
    return role


@pytest.mark.parametrize("extra_roles", [0, 5])
def test_for_guide_page_loads_a_whole_guide_in_fixed_queries(django_assert_num_queries, extra_roles):
    role = _full_role()
    for _ in range(extra_roles):
        _full_role()

    # 1 role + key facts + sources; 20 prefetches: levels, focus areas, level salaries, skills,
    # responsibilities, tools, certifications, education, timelines, entry steps, top industries,
    # insights, specializations, pros/cons, FAQ, visas, data notes, regional salaries, growth
    # projections, relations.
    with django_assert_num_queries(21):
        loaded = Role.objects.for_guide_page().get(pk=role.pk)
        levels = list(loaded.levels.all())
        assert [len(level.focus_areas.all()) for level in levels] == [1, 1]
        assert [level.salaries.all()[0].region.name for level in levels]
        assert len(loaded.role_skills.all()) == 2
        assert len(loaded.regional_salaries.all()) == 2
        assert [t.category.name for t in loaded.tools.all()]
        assert [rel.to_role.title for rel in loaded.relations.all()]


def test_career_level_with_us_salary_uses_the_us_row():
    us = f.RegionFactory(name="United States", slug="united-states", iso_code="US")
    level = f.CareerLevelFactory()
    f.LevelSalaryFactory(level=level, region=us, median=Decimal("128000"), average=Decimal("135000"))
    f.LevelSalaryFactory(level=level, median=Decimal("1"), average=Decimal("2"))

    annotated = CareerLevel.objects.with_us_salary().get()

    assert (annotated.us_median, annotated.us_average) == (Decimal("128000"), Decimal("135000"))


def test_skill_role_count_counts_only_public_roles():
    skill = f.SkillFactory()
    f.RoleSkillFactory(skill=skill, role=f.RoleFactory(is_published=True))
    f.RoleSkillFactory(skill=skill, role=f.RoleFactory(is_published=False))
    unused = f.SkillFactory()

    counts = {s.pk: s.role_count for s in Skill.objects.with_role_count()}

    assert counts == {skill.pk: 1, unused.pk: 0}


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


def test_level_years_display_marks_open_ended_bands():
    level = f.CareerLevelFactory.build(years_total_min=20, years_total_max=None, years_in_role_min=5)
    level.years_in_role_max = None

    assert (level.years_total_display, level.years_in_role_display) == ("20+", "5+")


def test_guide_parts_are_computed_from_the_prefetched_rows(django_assert_num_queries):
    role = f.RoleFactory()
    python = f.RoleSkillFactory(role=role, order=1, skill=f.SkillFactory(name="Python", category="technical"))
    listening = f.RoleSkillFactory(role=role, order=2, skill=f.SkillFactory(name="Listening", category="soft"))
    sql = f.RoleSkillFactory(role=role, order=3, skill=f.SkillFactory(name="SQL", category="technical"))
    con = f.ProConFactory(role=role, kind="con", order=1)
    pro = f.ProConFactory(role=role, kind="pro", order=1)
    f.GrowthProjectionFactory(role=role, is_headline=False)
    headline = f.GrowthProjectionFactory(role=role, is_headline=True)
    loaded = Role.objects.for_guide_page().get(pk=role.pk)

    with django_assert_num_queries(0):
        assert loaded.headline_growth == headline
        assert loaded.skill_list == [python.skill, listening.skill, sql.skill]
        assert loaded.skills_by_category() == {"technical": [python, sql], "soft": [listening]}
        assert loaded.pros_and_cons() == {"pro": [pro], "con": [con]}


def test_a_role_without_parts_has_empty_groups_and_no_headline():
    role = Role.objects.for_guide_page().get(pk=f.RoleFactory().pk)

    assert role.headline_growth is None
    assert role.skills_by_category() == {"technical": [], "soft": []}
    assert role.pros_and_cons() == {"pro": [], "con": []}


@pytest.mark.parametrize(
    ("fields", "cost", "duration"),
    [
        (
            {"cost_min": Decimal(40000), "cost_max": Decimal(100000), "cost_max_open_ended": True},
            "$40,000–$100,000+",
            None,
        ),
        ({"cost_min": Decimal(0), "cost_max": None}, "Free", None),
        ({"cost_min": Decimal(500), "cost_max": Decimal(500)}, "$500", None),
        ({"cost_min": None, "cost_max": None, "currency": None}, "", None),
        ({"duration_min": 12, "duration_max": 24, "duration_unit": "weeks"}, None, "12–24 weeks"),
        ({"duration_min": 4, "duration_max": 4, "duration_unit": "years"}, None, "4 years"),
        ({"duration_min": None, "duration_max": None, "duration_unit": ""}, None, ""),
    ],
)
def test_education_path_cost_and_duration_read_as_the_guide_writes_them(fields, cost, duration):
    path = f.EducationPathFactory.build(**{"currency": f.CurrencyFactory.build(code="USD", symbol="$"), **fields})

    if cost is not None:
        assert path.cost_display == cost
    if duration is not None:
        assert path.duration_display == duration
