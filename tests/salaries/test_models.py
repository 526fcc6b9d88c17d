"""salaries.models: sources, salary ranges by country and publication, exchange rates, growth periods."""

from datetime import date
from decimal import Decimal

import pytest

from roles.models import RegionalSalary
from salaries.models import ExchangeRate, Source
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_latest_per_currency_keeps_only_each_currencys_newest_rate(django_assert_num_queries):
    old = f.ExchangeRateFactory(as_of=date(2024, 1, 1), usd_per_unit=Decimal("1.05"))
    new = f.ExchangeRateFactory(currency=old.currency, as_of=date(2025, 1, 1), usd_per_unit=Decimal("1.08"))
    pound = f.ExchangeRateFactory(
        currency=f.CurrencyFactory(code="GBP", name="Pound sterling", symbol="£"), as_of=date(2023, 6, 1)
    )
    with django_assert_num_queries(1):  # rates joined with currency and source
        rates = list(ExchangeRate.objects.latest_per_currency())
        assert [rate.currency.name for rate in rates] == ["Euro", "Pound sterling"]
    assert rates == [new, pound]


def test_regional_salaries_in_country_match_regions_that_include_it():
    germany = f.RegionFactory(name="Germany", slug="germany", iso_code="DE")
    western_europe = f.RegionFactory(name="Western Europe", slug="western-europe", kind="region", iso_code="")
    western_europe.members.add(germany)
    in_region = f.RegionalSalaryFactory(region=western_europe)
    in_country = f.RegionalSalaryFactory(region=germany)
    f.RegionalSalaryFactory()

    assert set(RegionalSalary.objects.in_country("de")) == {in_region, in_country}


def test_regional_salaries_of_draft_roles_are_not_published():
    public = f.RegionalSalaryFactory()
    f.RegionalSalaryFactory(role=f.RoleFactory(is_published=False))

    assert list(RegionalSalary.objects.published()) == [public]


def test_source_as_of_display_follows_precision():
    assert f.SourceFactory.build(as_of_precision=Source.Precision.MONTH).as_of_display == "May 2023"
    assert f.SourceFactory.build(as_of_precision=Source.Precision.YEAR).as_of_display == "2023"
    assert f.SourceFactory.build(as_of=None, as_of_precision="").as_of_display == ""


def test_source_label_names_the_publisher_and_its_date():
    assert f.SourceFactory.build(publisher_abbreviation="BLS").label == "BLS, May 2023"
    assert f.SourceFactory.build(publisher_abbreviation="", publisher="Guide").label == "Guide, May 2023"
    assert f.SourceFactory.build(publisher_abbreviation="X", as_of=None, as_of_precision="").label == "X"


def test_growth_period_reads_as_a_span_or_a_horizon():
    assert f.GrowthProjectionFactory.build(period_start_year=2022, period_end_year=2032).period_display == "2022–2032"
    horizon = f.GrowthProjectionFactory.build(period_start_year=None, period_end_year=None, horizon_years=5)
    assert horizon.period_display == "the next 5 years"
    assert f.GrowthProjectionFactory.build(period_start_year=None, period_end_year=None).period_display == ""
