"""Showing regional salary ranges in the reader's chosen currency, saying when a figure is converted."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

# What `?currency=` may ask for besides a currency with an exchange rate: amounts as the source
# quotes them (local currency), or the source's own US-dollar equivalents.
LOCAL = "LOCAL"
USD = "USD"


def round_to_hundred(amount: Decimal) -> Decimal:
    """Round a converted amount to the nearest 100, so it does not pretend to more precision than the rate."""
    return (Decimal(amount) / 100).quantize(Decimal(1), rounding=ROUND_HALF_UP) * 100


def round_to_ten_cents(amount: Decimal) -> Decimal:
    """Round a converted hourly wage to the nearest 0.10, for the same reason."""
    return Decimal(amount).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class ShownRange:
    """A `RegionalSalary` as the page shows it: the amounts, their currency and how they were obtained."""

    salary: object
    low: object
    high: object
    currency: object
    converted: bool
    approximate: bool


def shown_range(salary, *, display: str, rate=None) -> ShownRange:
    """`salary` in `display` (LOCAL, USD or a code whose `rate` is given). No query.

    The local figure is used whenever it is already in the wanted currency; otherwise the source's USD
    equivalent is divided by the rate and rounded to the nearest 100 (an hourly one to the nearest 0.10).
    The range keeps its period: `salary.pay_period`.
    """
    if display == LOCAL or salary.currency_id == display:
        return ShownRange(salary, salary.local_min, salary.local_max, salary.currency, False, False)
    if display == USD:
        return ShownRange(salary, salary.usd_min, salary.usd_max, USD, False, salary.usd_is_approximate)
    # An hourly wage rounded to the nearest 100 would be 0: to the nearest 10 cents instead.
    rounded = round_to_ten_cents if getattr(salary, "pay_period", "") == "hour" else round_to_hundred
    low = rounded(salary.usd_min / rate.usd_per_unit)
    high = rounded(salary.usd_max / rate.usd_per_unit)
    return ShownRange(salary, low, high, rate.currency, True, True)
