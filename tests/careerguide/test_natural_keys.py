"""careerguide.natural_keys: one declaration gives `natural_key()` and `get_by_natural_key()`."""

from datetime import date

import pytest
from django.apps import apps

from careerguide.natural_keys import NaturalKeyModel, natural_key_is_unique
from roles.models import (
    FAQ,
    CareerLevel,
    FocusArea,
    GrowthProjection,
    KeyFacts,
    RegionalSalary,
    Role,
    RoleSearchIndex,
    Skill,
)
from salaries.models import Currency, Source
from tests import factories

pytestmark = pytest.mark.django_db


def content_models():
    return [
        model
        for app in ("roles", "salaries")
        for model in apps.get_app_config(app).get_models()
        if not model._meta.label.split(".")[1].startswith("Historical")
        and model is not RoleSearchIndex  # derived by database triggers from the content, never edited
    ]


def test_every_content_model_but_currency_has_a_natural_key_its_default_manager_finds():
    without = {model for model in content_models() if not issubclass(model, NaturalKeyModel)}

    assert without == {Currency}  # its primary key, the ISO code, is the natural key
    for model in content_models():
        if model is not Currency:
            assert model.natural_key_lookups, model
            assert hasattr(model._default_manager, "get_by_natural_key"), model


def test_natural_key_follows_foreign_keys_and_finds_the_row_again():
    level = factories.CareerLevelFactory(role__slug="orbital-gardener", slug="apprentice")
    focus = factories.FocusAreaFactory(level=level, order=3)

    assert focus.natural_key() == ("orbital-gardener", "apprentice", 3)
    assert FocusArea.objects.get_by_natural_key("orbital-gardener", "apprentice", 3) == focus
    assert Role.objects.get_by_natural_key("orbital-gardener") == level.role


def test_a_missing_date_in_a_natural_key_matches_null():
    source = factories.SourceFactory(publisher="BLS", title="Employment Projections", as_of=None, as_of_precision="")
    projection = factories.GrowthProjectionFactory(
        role__slug="r", source=source, period_start_year=None, period_end_year=None, horizon_years=5
    )

    assert Source.objects.get_by_natural_key("BLS", "Employment Projections", None) == source
    assert GrowthProjection.objects.get_by_natural_key(*projection.natural_key()) == projection
    with pytest.raises(Source.DoesNotExist):
        Source.objects.get_by_natural_key("BLS", "Employment Projections", date(2024, 1, 1))


def test_a_source_is_one_release_for_one_occupation_and_a_shorter_key_still_finds_a_lone_one():
    def oews(occupation):
        return factories.SourceFactory(
            publisher="Fictional Bureau", title="Wages", as_of=date(2030, 5, 1), occupation=occupation
        )

    gardeners, beekeepers = oews("Orbital Gardeners"), oews("Lunar Beekeepers")
    lone = factories.SourceFactory(publisher="Fictional Bureau", title="Projections", as_of=None, as_of_precision="")

    assert gardeners.natural_key() == ("Fictional Bureau", "Wages", date(2030, 5, 1), "Orbital Gardeners")
    assert Source.objects.get_by_natural_key(*beekeepers.natural_key()) == beekeepers
    # A file written before the occupation joined the key names a source by three values.
    assert Source.objects.get_by_natural_key("Fictional Bureau", "Projections", None) == lone
    with pytest.raises(Source.MultipleObjectsReturned):
        Source.objects.get_by_natural_key("Fictional Bureau", "Wages", date(2030, 5, 1))
    with pytest.raises(Source.DoesNotExist):
        Source.objects.get_by_natural_key(*gardeners.natural_key(), "one value too many")


def test_duplicate_natural_keys_lists_keys_that_name_more_than_one_row():
    role = factories.RoleFactory(slug="twice")
    factories.FAQFactory(role=role, order=1)
    factories.FAQFactory(role=role, order=1)
    factories.FAQFactory(role=role, order=2)

    assert FAQ.objects.duplicate_natural_keys() == {("twice", 1)}
    with pytest.raises(FAQ.MultipleObjectsReturned):
        FAQ.objects.get_by_natural_key("twice", 1)


def test_natural_key_is_unique_when_a_unique_field_or_constraint_says_so():
    assert natural_key_is_unique(Skill)  # slug is unique
    assert natural_key_is_unique(KeyFacts)  # one per role
    assert natural_key_is_unique(CareerLevel)  # unique (role, slug), and a role's slug is unique
    assert natural_key_is_unique(RegionalSalary)
    assert not natural_key_is_unique(FAQ)  # nothing keeps two entries from sharing an order
    assert not natural_key_is_unique(Source)
