"""factory_boy factories for every content model. Tests build their own data with these."""

from datetime import date
from decimal import Decimal
from string import ascii_uppercase

import factory
import pycountry
from factory.django import DjangoModelFactory

from roles import models as roles
from salaries.models import Currency, ExchangeRate, Region, Source


class SourceFactory(DjangoModelFactory):
    class Meta:
        model = Source

    publisher = "U.S. Bureau of Labor Statistics"
    publisher_abbreviation = "BLS"
    title = factory.Sequence(lambda n: f"Statistics release {n}")
    measures = "Annual pay of the occupation named below."
    kind = Source.Kind.OFFICIAL_STATISTIC
    as_of = date(2023, 5, 1)
    as_of_precision = Source.Precision.MONTH


class CurrencyFactory(DjangoModelFactory):
    class Meta:
        model = Currency
        django_get_or_create = ("code",)

    code = "USD"
    name = "US dollar"
    symbol = "$"


UNASSIGNED_COUNTRY_CODES = sorted(
    {f"{first}{second}" for first in ascii_uppercase for second in ascii_uppercase}
    - {country.alpha_2 for country in pycountry.countries}
)


class RegionFactory(DjangoModelFactory):
    class Meta:
        model = Region

    name = factory.Sequence(lambda n: f"Country {n}")
    slug = factory.Sequence(lambda n: f"country-{n}")
    kind = Region.Kind.COUNTRY
    # Codes no real country has, so a generated country never collides with "US" or "DE" made by a test.
    iso_code = factory.Sequence(lambda n: UNASSIGNED_COUNTRY_CODES[n % len(UNASSIGNED_COUNTRY_CODES)])
    area = Region.Area.EUROPE
    currency = factory.SubFactory(CurrencyFactory)


class NamedRegionFactory(RegionFactory):
    """A named group of countries such as Western Europe: no ISO code."""

    name = factory.Sequence(lambda n: f"Region {n}")
    slug = factory.Sequence(lambda n: f"region-{n}")
    kind = Region.Kind.REGION
    iso_code = ""


class RoleFactory(DjangoModelFactory):
    class Meta:
        model = roles.Role

    title = factory.Sequence(lambda n: f"Role {n}")
    slug = factory.Sequence(lambda n: f"role-{n}")
    summary = factory.LazyAttribute(lambda o: f"What a {o.title} does, in one sentence.")
    description = "A longer description of the role."
    is_published = True
    guide_reviewed_on = date(2026, 11, 25)


class SkillFactory(DjangoModelFactory):
    class Meta:
        model = roles.Skill

    name = factory.Sequence(lambda n: f"Skill {n}")
    slug = factory.Sequence(lambda n: f"skill-{n}")
    category = roles.Skill.Category.TECHNICAL
    description = "What the skill covers."


class RoleSkillFactory(DjangoModelFactory):
    class Meta:
        model = roles.RoleSkill

    role = factory.SubFactory(RoleFactory)
    skill = factory.SubFactory(SkillFactory)
    order = factory.Sequence(int)


class RoleRelationFactory(DjangoModelFactory):
    class Meta:
        model = roles.RoleRelation

    from_role = factory.SubFactory(RoleFactory)
    to_role = factory.SubFactory(RoleFactory)
    order = factory.Sequence(int)


class CareerLevelFactory(DjangoModelFactory):
    class Meta:
        model = roles.CareerLevel

    role = factory.SubFactory(RoleFactory)
    order = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Level {n}")
    slug = factory.Sequence(lambda n: f"level-{n}")
    years_total_min = 3
    years_total_max = 5
    years_in_role_min = 1
    years_in_role_max = 2
    scope = "What someone at this level is responsible for."


class FocusAreaFactory(DjangoModelFactory):
    class Meta:
        model = roles.FocusArea

    level = factory.SubFactory(CareerLevelFactory)
    order = factory.Sequence(int)
    text = factory.Sequence(lambda n: f"Focus area {n}")


class ResponsibilityFactory(DjangoModelFactory):
    class Meta:
        model = roles.Responsibility

    role = factory.SubFactory(RoleFactory)
    order = factory.Sequence(int)
    text = factory.Sequence(lambda n: f"Responsibility {n}")


class ToolCategoryFactory(DjangoModelFactory):
    class Meta:
        model = roles.ToolCategory

    name = factory.Sequence(lambda n: f"Tool category {n}")
    slug = factory.Sequence(lambda n: f"tool-category-{n}")
    order = factory.Sequence(int)


class ToolFactory(DjangoModelFactory):
    class Meta:
        model = roles.Tool

    name = factory.Sequence(lambda n: f"Tool {n}")
    slug = factory.Sequence(lambda n: f"tool-{n}")
    category = factory.SubFactory(ToolCategoryFactory)


class CertificationFactory(DjangoModelFactory):
    class Meta:
        model = roles.Certification

    name = factory.Sequence(lambda n: f"Certification {n}")
    slug = factory.Sequence(lambda n: f"certification-{n}")
    area = "Project management"


class EducationPathFactory(DjangoModelFactory):
    class Meta:
        model = roles.EducationPath

    role = factory.SubFactory(RoleFactory)
    order = factory.Sequence(int)
    kind = roles.EducationPath.Kind.DEGREE
    name = "Bachelor's degree"
    cost_min = Decimal("40000")
    cost_max = Decimal("100000")
    currency = factory.SubFactory(CurrencyFactory)
    duration_min = 4
    duration_max = 4
    duration_unit = roles.EducationPath.DurationUnit.YEARS


class CareerEntryStepFactory(DjangoModelFactory):
    class Meta:
        model = roles.CareerEntryStep

    role = factory.SubFactory(RoleFactory)
    order = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Step title {n}")
    text = "Do the work that this step describes."


class TopIndustryFactory(DjangoModelFactory):
    class Meta:
        model = roles.TopIndustry

    role = factory.SubFactory(RoleFactory)
    order = factory.Sequence(int)
    name = factory.Sequence(lambda n: f"Industry {n}")


class CareerEntryTimelineFactory(DjangoModelFactory):
    class Meta:
        model = roles.CareerEntryTimeline

    role = factory.SubFactory(RoleFactory)
    order = factory.Sequence(int)
    route = "Fast track"
    years_min = 3
    years_max = 5


class MarketInsightFactory(DjangoModelFactory):
    class Meta:
        model = roles.MarketInsight

    role = factory.SubFactory(RoleFactory)
    kind = roles.MarketInsight.Kind.TREND
    order = factory.Sequence(int)
    body = "A market observation."


class SpecializationFactory(DjangoModelFactory):
    class Meta:
        model = roles.Specialization

    role = factory.SubFactory(RoleFactory)
    order = factory.Sequence(int)
    name = factory.Sequence(lambda n: f"Specialization {n}")
    slug = factory.Sequence(lambda n: f"specialization-{n}")
    description = "What the specialisation involves."


class ProConFactory(DjangoModelFactory):
    class Meta:
        model = roles.ProCon

    role = factory.SubFactory(RoleFactory)
    kind = roles.ProCon.Kind.PRO
    order = factory.Sequence(int)
    text = factory.Sequence(lambda n: f"Point {n}")


class FAQFactory(DjangoModelFactory):
    class Meta:
        model = roles.FAQ

    role = factory.SubFactory(RoleFactory)
    order = factory.Sequence(int)
    question = factory.Sequence(lambda n: f"Question {n}?")
    answer = "An answer."


class VisaRouteFactory(DjangoModelFactory):
    class Meta:
        model = roles.VisaRoute

    role = factory.SubFactory(RoleFactory)
    order = factory.Sequence(int)
    kind = roles.VisaRoute.Kind.SKILLED_WORKER
    name = "Skilled worker visa"
    country = factory.SubFactory(RegionFactory)


class DataNoteFactory(DjangoModelFactory):
    class Meta:
        model = roles.DataNote

    role = factory.SubFactory(RoleFactory)
    kind = roles.DataNote.Kind.GAP
    section = roles.DataNote.Section.KEY_FACTS
    subject = "Top industries"
    note = "The source leaves this section empty."


class LevelSalaryFactory(DjangoModelFactory):
    class Meta:
        model = roles.LevelSalary

    level = factory.SubFactory(CareerLevelFactory)
    region = factory.SubFactory(RegionFactory)
    currency = factory.SubFactory(CurrencyFactory)
    source = factory.SubFactory(SourceFactory)
    median = Decimal("128000")
    average = Decimal("135000")


class RegionalSalaryFactory(DjangoModelFactory):
    class Meta:
        model = roles.RegionalSalary

    role = factory.SubFactory(RoleFactory)
    region = factory.SubFactory(RegionFactory)
    currency = factory.SubFactory(CurrencyFactory)
    source = factory.SubFactory(SourceFactory)
    local_min = Decimal("70000")
    local_max = Decimal("110000")
    usd_min = Decimal("75000")
    usd_max = Decimal("120000")


class KeyFactsFactory(DjangoModelFactory):
    class Meta:
        model = roles.KeyFacts

    role = factory.SubFactory(RoleFactory)
    currency = factory.SubFactory(CurrencyFactory)
    median_pay = Decimal("164070")
    median_pay_source = factory.SubFactory(SourceFactory)
    pay_range_min = Decimal("115000")
    pay_range_max = Decimal("220000")
    pay_range_source = factory.SelfAttribute("median_pay_source")
    annual_openings = 85000
    annual_openings_source = factory.SelfAttribute("median_pay_source")
    typical_education = "Bachelor's degree"


class GrowthProjectionFactory(DjangoModelFactory):
    class Meta:
        model = roles.GrowthProjection

    role = factory.SubFactory(RoleFactory)
    pct_min = Decimal("16")
    pct_max = Decimal("16")
    period_start_year = 2022
    period_end_year = 2032
    is_headline = True
    source = factory.SubFactory(SourceFactory)


class ExchangeRateFactory(DjangoModelFactory):
    class Meta:
        model = ExchangeRate

    currency = factory.SubFactory(CurrencyFactory, code="EUR", name="Euro", symbol="€")
    usd_per_unit = Decimal("1.08")
    as_of = date(2025, 1, 1)
    source = factory.SubFactory(SourceFactory)


# --- BLS OEWS (tests of the import and the API load tests/data/oews with `import_oews`, the one writer;
# these build single rows for model-level tests such as the constraints) ---------------------------------
from salaries import models as oews  # noqa: E402


class OewsReleaseFactory(DjangoModelFactory):
    class Meta:
        model = oews.OewsRelease
        django_get_or_create = ("code",)

    code = "2030A01"
    name = "May 2030"
    reference_date = date(2030, 5, 1)


class OccupationFactory(DjangoModelFactory):
    class Meta:
        model = oews.Occupation

    soc_code = factory.Sequence(lambda n: f"98-{1000 + n:04d}")
    title = factory.Sequence(lambda n: f"Imaginary Occupation {n}")
    level = oews.Occupation.Level.DETAILED


class OewsAreaFactory(DjangoModelFactory):
    class Meta:
        model = oews.OewsArea

    code = factory.Sequence(lambda n: f"98{n:05d}")
    name = factory.Sequence(lambda n: f"Imaginary Area {n}")
    kind = oews.OewsArea.Kind.METRO
    state_code = "98"


class OewsIndustryFactory(DjangoModelFactory):
    class Meta:
        model = oews.OewsIndustry

    code = factory.Sequence(lambda n: f"98{n:04d}")
    name = factory.Sequence(lambda n: f"Imaginary Industry {n}")
    level = 3
    position = factory.Sequence(lambda n: n)


class WageEstimateFactory(DjangoModelFactory):
    class Meta:
        model = oews.WageEstimate

    release = factory.SubFactory(OewsReleaseFactory)
    occupation = factory.SubFactory(OccupationFactory)
    area = factory.SubFactory(OewsAreaFactory)
    industry = factory.SubFactory(OewsIndustryFactory)
    employment = 1000
    annual_median = 50000
