"""QuerySet methods the salary pages add: the newest exchange rate of each currency."""

from datetime import date
from decimal import Decimal

import pytest

from salaries.models import ExchangeRate
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
