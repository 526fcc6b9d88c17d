"""A complete guide built with the factories, shared by the API tests."""

from datetime import date
from decimal import Decimal

from roles.models import MarketInsight, ProCon, Skill
from salaries.models import Region
from tests import factories


def full_guide(**role_fields):
    """A published role with one of every part a guide has (levels, skills, salaries, FAQ...)."""
    usd = factories.CurrencyFactory(code="USD", name="US dollar", symbol="$")
    eur = factories.CurrencyFactory(code="EUR", name="Euro", symbol="€")
    bls = factories.SourceFactory(title="Occupational Employment and Wage Statistics")
    editorial = factories.SourceFactory(
        publisher="CareerGuide editors",
        publisher_abbreviation="",
        title="Regional salary survey",
        kind="editorial_estimate",
        as_of=date(2025, 1, 1),
        as_of_precision="year",
    )
    role = factories.RoleFactory(**role_fields)
    factories.KeyFactsFactory(role=role, currency=usd, median_pay_source=bls)
    factories.GrowthProjectionFactory(role=role, source=bls, pct_min=Decimal("16"), pct_max=Decimal("16"))
    us = factories.RegionFactory(name="United States", slug="united-states", iso_code="US", currency=usd)
    germany = factories.RegionFactory(name="Germany", slug="germany", iso_code="DE", currency=eur)
    europe = factories.RegionFactory(name="Western Europe", slug="western-europe", kind=Region.Kind.REGION, iso_code="")
    europe.members.add(germany)
    level = factories.CareerLevelFactory(role=role, order=1, title="Junior Technical Manager", slug="junior")
    factories.FocusAreaFactory(level=level, text="Learn budgeting")
    factories.LevelSalaryFactory(level=level, region=us, currency=usd, source=bls)
    python = factories.SkillFactory(name="Python", slug="python", category=Skill.Category.TECHNICAL)
    listening = factories.SkillFactory(name="Listening", slug="listening", category=Skill.Category.SOFT)
    factories.RoleSkillFactory(role=role, skill=python, detail="e.g. scripting")
    factories.RoleSkillFactory(role=role, skill=listening)
    factories.ResponsibilityFactory(role=role, text="Lead the team")
    tool = factories.ToolFactory(name="Jira", slug="jira")
    role.tools.add(tool)
    role.certifications.add(factories.CertificationFactory(name="PMP", slug="pmp"))
    factories.EducationPathFactory(role=role, currency=usd, source=bls)
    factories.CareerEntryTimelineFactory(role=role)
    factories.MarketInsightFactory(role=role, kind=MarketInsight.Kind.CHALLENGE, title="AI", source=editorial)
    factories.SpecializationFactory(role=role, name="AI/ML management", slug="ai-ml")
    factories.ProConFactory(role=role, kind=ProCon.Kind.PRO, text="Good pay")
    factories.ProConFactory(role=role, kind=ProCon.Kind.CON, text="Long hours")
    factories.FAQFactory(role=role, question="Is it stressful?", answer="Sometimes.")
    factories.VisaRouteFactory(role=role, country=germany, name="EU Blue Card")
    factories.DataNoteFactory(role=role)
    factories.RegionalSalaryFactory(
        role=role,
        region=germany,
        currency=eur,
        source=editorial,
        local_min=Decimal("70000"),
        local_max=Decimal("110000"),
        usd_min=Decimal("75000"),
        usd_max=Decimal("120000"),
    )
    factories.RegionalSalaryFactory(
        role=role,
        region=us,
        currency=usd,
        source=editorial,
        local_min=Decimal("120000"),
        local_max=Decimal("200000"),
        usd_min=Decimal("120000"),
        usd_max=Decimal("200000"),
    )
    director = factories.RoleFactory(title="Technical Director", slug="technical-director")
    hidden = factories.RoleFactory(title="Engineering Manager", slug="engineering-manager", is_published=False)
    factories.RoleRelationFactory(from_role=role, to_role=director, note="Next step")
    factories.RoleRelationFactory(from_role=role, to_role=hidden, note="Similar")
    return role
