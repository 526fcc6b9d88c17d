"""Writing amounts of money for readers: "$164,070", "€70,000", "INR 1,500,000", "$90k"."""

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


def format_money(amount, currency) -> str:
    """A whole amount with thousands separators and the currency in front; empty for None."""
    if amount is None:
        return ""
    whole = Decimal(amount).quantize(Decimal(1), rounding=ROUND_HALF_UP)
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


def round_to_hundred(amount: Decimal) -> Decimal:
    """Round a converted amount to the nearest 100, so it does not pretend to more precision than the rate."""
    return (Decimal(amount) / 100).quantize(Decimal(1), rounding=ROUND_HALF_UP) * 100
