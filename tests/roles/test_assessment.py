"""The self-assessment's rules (roles/assessment.py) on a fictional guide: level matching, readiness figures,
skills to build, routes, certifications and pay."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from roles.assessment import RULES, Answers, Education, Strength, assess, check_choices, check_years, match_level
from roles.models import EducationPath, Role
from salaries.models import Region
from tests import factories as f
from tests.guide_data import spare_region

pytestmark = pytest.mark.django_db

# The shape of a real ladder: ranges share their end years, the last is open-ended ("20+").
LADDER = [
    ("Junior Beekeeper", 3, 5, 1, 2),
    ("Beekeeper", 5, 8, 2, 3),
    ("Senior Beekeeper", 8, 12, 3, 4),
    ("Lead Beekeeper", 12, 15, 3, 4),
    ("Apiary Director", 15, 20, 4, 5),
    ("Chief of Hives", 20, None, 5, None),
]
SKILLS = ["Hive inspection", "Swarm control", "Queen rearing", "Honey extraction"]


@pytest.fixture
def world():
    """A fictional guide with a six-level ladder, four skills, two certifications, routes and pay."""
    role = f.RoleFactory(title="Lunar Beekeeper", slug="lunar-beekeeper")
    usd = f.CurrencyFactory()
    eur = f.CurrencyFactory(code="EUR", name="Euro", symbol="€")
    us = f.RegionFactory(name="United States", slug="united-states", iso_code="US", currency=usd)
    moonland = spare_region(currency=eur)
    craters = f.NamedRegionFactory(name="Crater Union", slug="crater-union", currency=eur)
    craters.members.add(moonland)
    nowhere = spare_region()
    survey, editorial = f.SourceFactory(title="Hive wage survey"), f.SourceFactory(title="Moon pay estimates")
    for order, (title, low, high, in_low, in_high) in enumerate(LADDER, start=1):
        level = f.CareerLevelFactory(
            role=role,
            order=order,
            title=title,
            slug=title.lower().replace(" ", "-"),
            years_total_min=low,
            years_total_max=high,
            years_in_role_min=in_low,
            years_in_role_max=in_high,
        )
        f.FocusAreaFactory(level=level, text=f"Grow into {title}")
        if order != 4:  # Lead Beekeeper has no US figure
            f.LevelSalaryFactory(level=level, region=us, currency=usd, source=survey, median=Decimal(50000 * order))
    for order, name in enumerate(SKILLS):
        f.RoleSkillFactory(role=role, skill=f.SkillFactory(name=name, slug=name.lower().replace(" ", "-")), order=order)
    role.certifications.add(
        f.CertificationFactory(name="Certified Apiarist", slug="certified-apiarist"),
        f.CertificationFactory(name="Low-gravity Safety", slug="low-gravity-safety"),
    )
    f.EducationPathFactory(role=role, order=1, kind=EducationPath.Kind.DEGREE, currency=usd, source=editorial)
    f.EducationPathFactory(
        role=role, order=2, kind=EducationPath.Kind.POSTGRADUATE, name="Master's in Apiculture", source=editorial
    )
    f.EducationPathFactory(role=role, order=3, kind=EducationPath.Kind.BOOTCAMP, name="Hive bootcamp", source=editorial)
    f.KeyFactsFactory(role=role, typical_education="A bachelor's in apiculture.", typical_education_source=editorial)
    f.RegionalSalaryFactory(role=role, region=craters, currency=eur, source=editorial)
    loaded = Role.objects.published().for_assessment().get(pk=role.pk)
    regions = {region.slug: region for region in Region.objects.with_groups()}
    return loaded, regions, moonland.slug, nowhere.slug


def answers(years=9, *, skills=None, **kwargs) -> Answers:
    return Answers(skills=skills or {}, years_total=years, **kwargs)


@pytest.mark.parametrize(
    ("years", "level", "following"),
    [
        (0, None, "Junior Beekeeper"),
        (4, "Junior Beekeeper", "Beekeeper"),
        (9, "Senior Beekeeper", "Lead Beekeeper"),
        (25, "Chief of Hives", None),
    ],
)
def test_total_years_match_the_level_whose_range_holds_them(world, years, level, following):
    role, *_ = world

    result = assess(role, answers(years))

    assert (result.match.level.title if result.match.level else None) == level
    assert (result.match.next.title if result.match.next else None) == following
    assert [item.level.title for item in result.readiness] == [t for t in (level, following) if t]


def test_below_the_first_level_says_where_the_ladder_starts_and_measures_the_first_level(world):
    role, *_ = world

    result = assess(role, answers(0))

    assert (
        result.match.explanation == "Your 0 years of experience are fewer than the 3 years the first level, "
        "Junior Beekeeper, starts at."
    )
    (first,) = result.readiness
    experience = next(m for m in first.measures if m.key == "experience")
    assert (experience.have, experience.need, experience.percent, experience.short) == (0, 3, 0, 3)
    assert [m.key for m in first.measures] == ["skills", "experience"]  # no current level, so no time at it
    assert result.focus_areas == []


def test_open_ended_top_range_is_explained(world):
    role, *_ = world

    result = assess(role, answers(25))

    assert result.match.explanation == "Your 25 years fall in the range of Chief of Hives (20+ years, open-ended)."


def test_shared_end_years_match_the_higher_level_and_say_so(world):
    role, *_ = world

    result = assess(role, answers(5))

    assert result.match.level.title == "Beekeeper"
    assert [level.title for level in result.match.also_in_range] == ["Junior Beekeeper"]
    assert "overlap" in result.match.explanation
    assert "Junior Beekeeper (3–5 years)" in result.match.explanation


def test_years_in_a_gap_or_past_a_closed_top_match_the_last_level_reached():
    role = f.RoleFactory()
    low = f.CareerLevelFactory(role=role, order=1, title="Low", years_total_min=2, years_total_max=4)
    high = f.CareerLevelFactory(role=role, order=2, title="High", years_total_min=7, years_total_max=9)

    gap = match_level([low, high], 5)
    beyond = match_level([low, high], 30)

    assert (gap.level, gap.next) == (low, high)
    assert "short of the 7 years High starts at" in gap.explanation
    assert (beyond.level, beyond.next) == (high, None)
    assert "the last level of this ladder" in beyond.explanation


def test_all_skills_strong_covers_every_skill_and_leaves_nothing_to_build(world):
    role, *_ = world
    strong = {name.lower().replace(" ", "-"): Strength.STRONG for name in SKILLS}

    result = assess(role, answers(9, skills=strong))

    assert result.skills_to_build == []
    assert len(result.skills_held) == 4
    for readiness in result.readiness:
        skills = readiness.measures[0]
        assert (skills.key, skills.have, skills.need, skills.percent) == ("skills", 4, 4, 100)


def test_no_skills_puts_every_skill_to_build_as_missing_in_the_guides_order(world):
    role, *_ = world

    result = assess(role, answers(9))

    assert [item.skill.name for item in result.skills_to_build] == SKILLS
    assert {item.reason for item in result.skills_to_build} == {"Missing: rated “none”."}
    assert result.readiness[0].measures[0].percent == 0


def test_missing_skills_come_before_the_ones_being_learnt(world):
    role, *_ = world
    rated = {"hive-inspection": Strength.LEARNING, "swarm-control": Strength.WORKING, "honey-extraction": "none"}

    result = assess(role, answers(9, skills=rated))

    assert [item.skill.name for item in result.skills_to_build] == [
        "Queen rearing",
        "Honey extraction",
        "Hive inspection",
    ]
    assert result.skills_to_build[-1].reason == "Only “learning” so far."
    assert result.readiness[0].measures[0].how == (
        "1 of the 4 skills the guide lists for the role rated “working” or “strong”."
    )


def test_readiness_for_the_next_level_counts_years_and_time_at_the_current_level(world):
    role, *_ = world

    current, following = assess(role, answers(9, years_at_level=2)).readiness

    assert [(m.key, m.have, m.need, m.percent) for m in current.measures[1:]] == [("experience", 9, 8, 100)]
    assert [(m.key, m.have, m.need, m.percent, m.short_display) for m in following.measures[1:]] == [
        ("experience", 9, 12, 75, "3 more years to go."),
        ("time_at_level", 2, 3, 67, "1 more year to go."),
    ]


def test_a_role_with_no_ladder_matches_no_level_and_shows_no_pay_by_level():
    role = Role.objects.for_assessment().get(pk=f.RoleFactory().pk)

    result = assess(role, answers(12))

    assert (result.match.level, result.match.next) == (None, None)
    assert result.match.explanation == "This guide has no career ladder, so there is no level to match."
    assert result.readiness == result.pay == result.skills_to_build == []


def test_pay_now_and_next_with_a_missing_us_figure(world):
    role, *_ = world

    now, following = assess(role, answers(9)).pay

    assert (now.level.title, now.us.median) == ("Senior Beekeeper", Decimal(150000))
    assert (following.level.title, following.us) == ("Lead Beekeeper", None)


def test_a_country_falls_back_to_a_region_that_includes_it(world):
    role, regions, moonland, _ = world

    result = assess(role, answers(9, region=regions[moonland]))

    assert [salary.region.slug for salary in result.regional] == ["crater-union"]
    assert [source.title for source in result.footnotes.sources] == ["Moon pay estimates", "Hive wage survey"]


def test_a_region_with_no_figure_gives_no_range(world):
    role, regions, _, nowhere = world

    result = assess(role, answers(9, region=regions[nowhere]))

    assert result.region.slug == nowhere
    assert result.regional == []


def test_routes_the_readers_education_includes_are_marked_and_certifications_split(world):
    role, *_ = world

    result = assess(role, answers(9, education=Education.BACHELOR, certifications=frozenset({"certified-apiarist"})))

    assert [(route.path.kind, route.done) for route in result.routes] == [
        ("degree", True),
        ("postgraduate", False),
        ("bootcamp", False),
    ]
    assert [c.slug for c in result.certifications_held] == ["certified-apiarist"]
    assert [c.slug for c in result.certifications_to_get] == ["low-gravity-safety"]
    assert result.education_label == "Bachelor's degree"
    assert result.typical_education == "A bachelor's in apiculture."


def test_unknown_skills_strengths_and_certifications_are_refused_by_field(world):
    role, *_ = world

    with pytest.raises(ValidationError) as refused:
        check_choices(role, skills={"juggling": "strong", "hive-inspection": "expert"}, certifications=["pmp", 3])

    assert refused.value.message_dict == {
        "skills": [
            "'juggling' is not one of this role's skills.",
            "'expert' for 'hive-inspection' is not a strength; use one of: none, learning, working, strong.",
        ],
        "certifications": [
            "'pmp' is not one of this role's certifications.",
            "'3' is not one of this role's certifications.",
        ],
    }
    check_choices(role, skills={"hive-inspection": "working"}, certifications=["certified-apiarist"])  # no error


def test_years_at_the_level_cannot_exceed_the_total():
    with pytest.raises(ValidationError) as refused:
        check_years(3, 4)
    assert list(refused.value.message_dict) == ["years_at_level"]
    check_years(4, 4)


def test_the_rules_claim_no_weighting():
    assert any("no weights" in rule for rule in RULES)
    assert len(RULES) == 7
