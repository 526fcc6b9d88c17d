"""Job-description templates (roles/job_description.py) built from a fictional guide's data."""

from decimal import Decimal

import pytest

from roles import job_description
from roles.models import Role
from salaries.models import Region
from tests import factories as f
from tests.guide_data import spare_region

pytestmark = pytest.mark.django_db

HEADINGS = [
    "About the role",
    "Scope at this level",
    "Responsibilities",
    "Focus at this level",
    "Required skills",
    "Nice to have",
    "Education",
    "Experience",
    "Certifications",
    "Pay",
]


@pytest.fixture
def role():
    role = f.RoleFactory(title="Orbital Gardener", slug="orbital-gardener", summary="Grows food in orbit.")
    usd = f.CurrencyFactory()
    us = f.RegionFactory(name="United States", slug="united-states", iso_code="US", currency=usd)
    survey = f.SourceFactory(title="Orbital pay survey")
    for order, title in enumerate(["Junior Orbital Gardener", "Orbital Gardener"], start=1):
        level = f.CareerLevelFactory(
            role=role, order=order, title=title, slug=f"level-{order}", years_total_min=2 * order, years_total_max=None
        )
        f.FocusAreaFactory(level=level, text=f"Tend bigger domes ({order})")
        f.LevelSalaryFactory(level=level, region=us, currency=usd, source=survey, median=Decimal(60000 * order))
    f.ResponsibilityFactory(role=role, text="Keep the hydroponics running.")
    f.RoleSkillFactory(role=role, skill=f.SkillFactory(name="Hydroponics"), detail="Nutrient film technique")
    role.tools.add(f.ToolFactory(name="Dome monitor", category=f.ToolCategoryFactory(name="Monitoring")))
    role.certifications.add(f.CertificationFactory(name="Zero-g Horticulture", abbreviation="ZGH"))
    f.EducationPathFactory(role=role, name="Space botany degree", source=survey)
    f.KeyFactsFactory(role=role, typical_education="A degree in botany.", typical_education_source=survey)
    return role


def build(role, level_slug="level-2", region=None):
    loaded = Role.objects.published().for_job_description().get(pk=role.pk)
    return job_description.build(loaded, level_slug, region=region)


def test_every_section_comes_from_the_guide_with_its_source(role):
    jd = build(role)

    assert [section.heading for section in jd.sections] == HEADINGS
    texts = {section.id: [line.text for line in [*section.paragraphs, *section.items]] for section in jd.sections}
    assert texts["scope"][0] == "Level 2 of 2 on the Orbital Gardener career ladder."
    assert texts["required-skills"] == ["Hydroponics: Nutrient film technique"]
    assert texts["nice-to-have"] == ["Monitoring: Dome monitor"]
    assert texts["certifications"] == ["Zero-g Horticulture (ZGH)"]
    assert texts["experience"] == ["4+ years of total experience, typically 1–2 years at this level."]
    assert texts["pay"] == ["United States: median $120,000, average $135,000 a year."]
    assert [source.title for source in jd.sources] == ["Orbital pay survey"]
    assert jd.file_stem == "orbital-gardener-level-2-job-description"


def test_a_region_adds_its_range_or_says_it_has_none(role):
    eur = f.CurrencyFactory(code="EUR", name="Euro", symbol="€")
    moon = spare_region(currency=eur)
    dark_side = spare_region()
    f.RegionalSalaryFactory(role=role, region=moon, currency=eur, source=f.SourceFactory(title="Moon survey"))
    regions = {region.slug: region for region in Region.objects.with_groups()}

    with_range = build(role, region=regions[moon.slug])
    without = build(role, region=regions[dark_side.slug])

    pay = with_range.sections[-1].items
    assert pay[1].text == f"{moon.name}, the role at any level: €70,000–€110,000 a year (about $75,000–$120,000)."
    assert pay[1].source.title == "Moon survey"
    assert with_range.file_stem == f"orbital-gardener-level-2-{moon.slug}-job-description"
    assert without.sections[-1].items[-1].text == (
        f"{dark_side.name}: the guide gives no pay figure for this country or region."
    )


def test_markdown_and_text_carry_every_section_and_numbered_sources(role):
    jd = build(role)

    markdown = job_description.to_markdown(jd)
    text = job_description.to_text(jd)

    assert markdown.startswith("# Orbital Gardener\n")
    for heading in [*HEADINGS, "Sources"]:
        assert f"\n## {heading}\n" in markdown
        assert f"\n{heading}\n{'-' * len(heading)}\n" in text
    assert "- United States: median $120,000, average $135,000 a year. [1]" in markdown
    assert "[1] U.S. Bureau of Labor Statistics (BLS), Orbital pay survey, May 2023." in text
    assert "its skills are listed as required and its tools as nice to have" in markdown


def test_render_names_the_file_and_its_type(role):
    body, content_type, file_name = job_description.render(build(role, "level-1"), "txt")

    assert body.startswith("Junior Orbital Gardener\n=======================\n")
    assert content_type == "text/plain; charset=utf-8"
    assert file_name == "orbital-gardener-level-1-job-description.txt"


def test_missing_figures_say_so_and_empty_sections_are_left_out():
    bare = f.RoleFactory(summary="")
    f.CareerLevelFactory(role=bare, slug="only")

    jd = build(bare, "only")

    assert [section.id for section in jd.sections] == ["scope", "experience", "pay"]
    assert jd.sections[-1].items[0].text == "United States: the guide gives no pay for this level."
    assert build(bare, "no-such-level") is None
