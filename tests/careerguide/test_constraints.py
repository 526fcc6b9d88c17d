"""careerguide.constraints: a broken constraint is reported with its own sentence, on the field it names."""

from decimal import Decimal

import pytest
from django.apps import apps
from django.core.exceptions import NON_FIELD_ERRORS

from careerguide.constraints import constraint_errors, non_negative_fields
from tests import factories

pytestmark = pytest.mark.django_db


def _messages(errors):
    return {field: [error.message for error in messages] for field, messages in errors.items()}


def test_a_check_constraint_reports_its_message_on_its_field():
    salary = factories.RegionalSalaryFactory.build(local_min=Decimal(200), local_max=Decimal(100))

    assert _messages(constraint_errors(salary)) == {"local_max": ["The maximum must be at least the minimum."]}


def test_a_constraint_without_a_field_reports_on_the_whole_row():
    salary = factories.LevelSalaryFactory.build(median=None, average=None)

    assert _messages(constraint_errors(salary)) == {NON_FIELD_ERRORS: ["Give the median, the average or both."]}


def test_a_unique_constraint_queries_and_reports_on_its_field():
    level = factories.CareerLevelFactory(order=1)
    twin = factories.CareerLevelFactory.build(role=level.role, order=1, slug="other")

    errors = constraint_errors(twin)

    assert _messages(errors) == {"order": ["Another level of this role already has this position on the ladder."]}
    assert errors["order"][0].code == "career_level_unique_order"


def test_several_broken_constraints_are_all_reported():
    salary = factories.RegionalSalaryFactory.build(
        local_min=Decimal(-1), local_max=Decimal(-2), usd_min=Decimal(5), usd_max=Decimal(1)
    )

    assert set(constraint_errors(salary)) == {"local_min", "local_max", "usd_max"}


def test_excluded_fields_skip_the_constraints_that_need_them():
    salary = factories.RegionalSalaryFactory.build(local_min=Decimal(200), local_max=Decimal(100))

    assert constraint_errors(salary, exclude={"local_max"}) == {}


def test_a_valid_row_has_no_errors():
    assert constraint_errors(factories.RegionalSalaryFactory.build()) == {}


@pytest.mark.parametrize("app_label", ["roles", "salaries"])
def test_every_constraint_names_a_field_of_its_own_model_or_none(app_label):
    for model in apps.get_app_config(app_label).get_models():
        field_names = {field.name for field in model._meta.get_fields()}
        for constraint in model._meta.constraints:
            assert constraint.violation_error_code in field_names | {None}, constraint.name


def test_non_negative_fields_are_the_ones_a_non_negative_constraint_guards():
    assert non_negative_fields(apps.get_model("roles", "RegionalSalary")) == {"local_min", "usd_min"}
    assert non_negative_fields(apps.get_model("roles", "Skill")) == set()
