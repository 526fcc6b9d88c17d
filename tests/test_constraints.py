"""Every database constraint rejects bad data by itself, without help from forms."""

from datetime import date
from decimal import Decimal

import pytest
from django.apps import apps
from django.db import IntegrityError, transaction

from tests import factories as f

# (constraint name, function that writes a row breaking exactly that constraint)
CASES = {
    "source_as_of_has_precision": lambda: f.SourceFactory(as_of=date(2023, 5, 1), as_of_precision=""),
    "role_relation_unique": lambda: _duplicate(f.RoleRelationFactory, "from_role", "to_role"),
    "role_relation_not_self": lambda: _self_relation(),
    "career_level_unique_order": lambda: _duplicate(f.CareerLevelFactory, "role", "order"),
    "career_level_unique_slug": lambda: _duplicate(f.CareerLevelFactory, "role", "slug"),
    "career_level_years_total_min_lte_max": lambda: f.CareerLevelFactory(years_total_min=8, years_total_max=5),
    "career_level_years_in_role_min_lte_max": lambda: f.CareerLevelFactory(years_in_role_min=4, years_in_role_max=3),
    "role_skill_unique": lambda: _duplicate(f.RoleSkillFactory, "role", "skill"),
    "skill_synonym_not_itself": lambda: (lambda skill: f.SkillSynonymFactory(skill=skill, same_as=skill))(
        f.SkillFactory()
    ),
    "education_cost_min_gte_0": lambda: f.EducationPathFactory(cost_min=Decimal("-1"), cost_max=None),
    "education_cost_max_gte_0": lambda: f.EducationPathFactory(cost_min=None, cost_max=Decimal("-1")),
    "education_cost_min_lte_max": lambda: f.EducationPathFactory(cost_min=Decimal("10"), cost_max=Decimal("5")),
    "education_duration_min_lte_max": lambda: f.EducationPathFactory(duration_min=24, duration_max=12),
    "education_cost_has_currency": lambda: f.EducationPathFactory(currency=None),
    "education_duration_has_unit": lambda: f.EducationPathFactory(duration_unit=""),
    "career_entry_step_unique_order": lambda: _duplicate(f.CareerEntryStepFactory, "role", "order"),
    "entry_timeline_years_min_lte_max": lambda: f.CareerEntryTimelineFactory(years_min=10, years_max=7),
    "specialization_unique_slug": lambda: _duplicate(f.SpecializationFactory, "role", "slug"),
    "currency_code_iso_4217": lambda: f.CurrencyFactory(code="usd"),
    "region_unique_iso_code": lambda: _duplicate(f.RegionFactory, "iso_code"),
    "region_country_has_iso_code": lambda: f.RegionFactory(iso_code=""),
    "level_salary_unique_region": lambda: _duplicate(f.LevelSalaryFactory, "level", "region"),
    "level_salary_median_gte_0": lambda: f.LevelSalaryFactory(median=Decimal("-1")),
    "level_salary_average_gte_0": lambda: f.LevelSalaryFactory(average=Decimal("-1")),
    "level_salary_has_figure": lambda: f.LevelSalaryFactory(median=None, average=None),
    "regional_salary_unique_region": lambda: _duplicate(f.RegionalSalaryFactory, "role", "region"),
    "regional_salary_local_min_gte_0": lambda: f.RegionalSalaryFactory(local_min=Decimal("-5")),
    "regional_salary_usd_min_gte_0": lambda: f.RegionalSalaryFactory(usd_min=Decimal("-5")),
    "regional_salary_local_min_lte_max": lambda: f.RegionalSalaryFactory(local_min=200, local_max=100),
    "regional_salary_usd_min_lte_max": lambda: f.RegionalSalaryFactory(usd_min=200, usd_max=100),
    "key_facts_median_pay_gte_0": lambda: f.KeyFactsFactory(median_pay=Decimal("-1")),
    "key_facts_pay_range_min_gte_0": lambda: f.KeyFactsFactory(pay_range_min=Decimal("-1")),
    "key_facts_pay_range_min_lte_max": lambda: f.KeyFactsFactory(pay_range_min=300000, pay_range_max=200000),
    "key_facts_median_pay_has_source": lambda: f.KeyFactsFactory(median_pay_source=None, pay_range_source=None),
    "key_facts_pay_range_has_source": lambda: f.KeyFactsFactory(pay_range_source=None),
    "key_facts_openings_has_source": lambda: f.KeyFactsFactory(annual_openings_source=None),
    "growth_projection_one_headline_per_role": lambda: _two_headlines(),
    "growth_projection_pct_min_lte_max": lambda: f.GrowthProjectionFactory(pct_min=12, pct_max=10),
    "growth_projection_period_start_lte_end": lambda: f.GrowthProjectionFactory(
        period_start_year=2032, period_end_year=2022
    ),
    "exchange_rate_unique_date": lambda: _duplicate(f.ExchangeRateFactory, "currency", "as_of"),
    "exchange_rate_positive": lambda: f.ExchangeRateFactory(usd_per_unit=0),
    "occupation_soc_code_format": lambda: f.OccupationFactory(soc_code="113021"),
    "wage_estimate_unique_cell": lambda: _duplicate(f.WageEstimateFactory, "occupation", "release", "industry", "area"),
}


def _duplicate(factory, *fields):
    first = factory()
    return factory(**{field: getattr(first, field) for field in fields})


def _self_relation():
    role = f.RoleFactory()
    return f.RoleRelationFactory(from_role=role, to_role=role)


def _two_headlines():
    first = f.GrowthProjectionFactory(is_headline=True)
    return f.GrowthProjectionFactory(role=first.role, is_headline=True, source=first.source)


def _project_constraints():
    """Map each named constraint of our apps to (model, constraint)."""
    return {
        constraint.name: (model, constraint)
        for app_label in ("roles", "salaries")
        for model in apps.get_app_config(app_label).get_models()
        for constraint in model._meta.constraints
    }


def test_every_named_constraint_has_a_rejection_test():
    assert set(_project_constraints()) == set(CASES)


@pytest.mark.django_db
@pytest.mark.parametrize("constraint_name", sorted(CASES))
def test_constraint_rejects_bad_row(constraint_name):
    with pytest.raises(IntegrityError) as excinfo, transaction.atomic():
        CASES[constraint_name]()
    message = str(excinfo.value)
    if "UNIQUE constraint failed" in message:
        # SQLite reports a unique violation by its columns rather than the constraint's name.
        model, constraint = _project_constraints()[constraint_name]
        columns = [model._meta.get_field(name).column for name in constraint.fields]
        assert message.endswith(", ".join(f"{model._meta.db_table}.{column}" for column in columns))
    else:
        assert constraint_name in message


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("factory", "field"),
    [
        (f.CareerLevelFactory, "years_total_min"),
        (f.CareerLevelFactory, "years_in_role_min"),
        (f.CareerEntryTimelineFactory, "years_min"),
        (f.KeyFactsFactory, "annual_openings"),
    ],
)
def test_positive_integer_fields_reject_negative_values(factory, field):
    with pytest.raises(IntegrityError), transaction.atomic():
        factory(**{field: -1})


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("factory", "field"),
    [(f.RoleFactory, "slug"), (f.RoleFactory, "title"), (f.SkillFactory, "slug"), (f.ToolFactory, "slug")],
)
def test_unique_fields_reject_duplicates(factory, field):
    first = factory()
    with pytest.raises(IntegrityError), transaction.atomic():
        factory(**{field: getattr(first, field)})
