"""How figures and text are written for readers, on pages and in the admin alike: money, percentages, dates.

Every amount and percentage the site shows goes through these functions, so a CAD amount reads
"CAD 90,000" everywhere and a growth range "10–12%" everywhere. None of them queries.
"""

import calendar
from decimal import ROUND_HALF_UP, Decimal


def currency_prefix(currency) -> str:
    """The symbol when it is unambiguous (“$” only for US dollars, one character), else the ISO code and a space.

    `currency` is a `Currency` or an ISO code.
    """
    code = getattr(currency, "code", currency) or ""
    symbol = getattr(currency, "symbol", "") or ("$" if code == "USD" else "")
    if len(symbol) == 1 and (symbol != "$" or code == "USD"):
        return symbol
    return f"{code} "


def truncate(text: str, limit: int) -> str:
    """`text` cut to at most `limit` characters, ending in “…” when cut (for fields with a maximum length)."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def format_money(amount, currency, *, cents: bool = False) -> str:
    """A whole amount with thousands separators and the currency in front; empty for None. With `cents`
    (an hourly wage), an amount that is not whole keeps its two decimals: “$30.10”."""
    if amount is None:
        return ""
    exact = Decimal(amount)
    places = Decimal("0.01") if cents and exact != exact.to_integral_value() else Decimal(1)
    whole = exact.quantize(places, rounding=ROUND_HALF_UP)
    sign = "−" if whole < 0 else ""
    return f"{sign}{currency_prefix(currency)}{abs(whole):,}"


def format_money_short(amount, currency) -> str:
    """Thousands as “k”, millions as “M” (“$90k”, “INR 1.5M”): for chart labels and tight spaces."""
    if amount is None:
        return ""
    value = Decimal(amount)
    for size, suffix in ((Decimal(1_000_000), "M"), (Decimal(1_000), "k")):
        if abs(value) >= size:
            short = (value / size).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP).normalize()
            return f"{currency_prefix(currency)}{short:f}{suffix}"
    return format_money(value, currency)


def format_number(value) -> str:
    """A Decimal without trailing zeros or exponent: 1.25000000 → “1.25”; empty for None."""
    if value is None:
        return ""
    return f"{Decimal(value).normalize():f}"


def format_percent(value) -> str:
    """A percentage without trailing zeros: 16.00 → “16%”; empty for None."""
    return "" if value is None else f"{format_number(value)}%"


def format_percent_range(low, high=None) -> str:
    """“16%” for a single figure, “10–12%” for a range (`high` None or equal to `low`); empty for None."""
    if low is None:
        return ""
    if high is None or Decimal(high) == Decimal(low):
        return format_percent(low)
    return f"{format_number(low)}–{format_number(high)}%"


def format_year_range(low, high) -> str:
    """“3–5” for a closed range of years, “20+” when there is no upper bound."""
    return f"{low}+" if high is None else f"{low}–{high}"


class DatePrecision:
    """How much of a reference date is meaningful (the values `Source.Precision` stores)."""

    DAY = "day"
    MONTH = "month"
    YEAR = "year"


def format_reference_date(value, precision: str) -> str:
    """Write a date only as precisely as it is known: “2025”, “May 2023” or “2 January 2025”."""
    if value is None:
        return ""
    if precision == DatePrecision.YEAR:
        return str(value.year)
    if precision == DatePrecision.MONTH:
        return f"{calendar.month_name[value.month]} {value.year}"
    return f"{value.day} {calendar.month_name[value.month]} {value.year}"
