"""salaries.conversion: showing a range in the reader's currency, saying when it is converted."""

from decimal import Decimal
from types import SimpleNamespace

from salaries.conversion import round_to_hundred, shown_range


def test_round_to_hundred():
    assert round_to_hundred(Decimal("34568")) == Decimal("34600")
    assert round_to_hundred(Decimal("34549.99")) == Decimal("34500")


def _salary(currency="CAD"):
    return SimpleNamespace(
        currency_id=currency,
        currency=SimpleNamespace(code=currency),
        local_min=Decimal(90000),
        local_max=Decimal(140000),
        usd_min=Decimal(65000),
        usd_max=Decimal(100000),
        usd_is_approximate=True,
    )


def test_shown_range_in_local_currency_usd_and_converted():
    rate = SimpleNamespace(usd_per_unit=Decimal("1.25"), currency=SimpleNamespace(code="EUR"))
    local = shown_range(_salary(), display="LOCAL")
    assert (local.low, local.high, local.converted, local.approximate) == (
        Decimal(90000),
        Decimal(140000),
        False,
        False,
    )
    usd = shown_range(_salary(), display="USD")
    assert (usd.low, usd.high, usd.converted, usd.approximate) == (Decimal(65000), Decimal(100000), False, True)
    euros = shown_range(_salary(), display="EUR", rate=rate)
    assert (euros.low, euros.high, euros.converted) == (Decimal(52000), Decimal(80000), True)
    already = shown_range(_salary("EUR"), display="EUR", rate=rate)
    assert (already.low, already.converted) == (Decimal(90000), False)
