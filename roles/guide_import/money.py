"""Money in a guide's text: amounts, currencies (signs and ISO 4217 codes), ranges and scales.

    money_ranges("CAD 90,000 to 140,000 ($66k-$103k)")   # two MoneyRange values, with their positions

Covers what the guides write: "$65,000-$100,000 USD", "€70k", "≈194.5k", "₹12 lakh", German-style
"85.000 €", and the period a figure is stated per ("$18/hr USD", "NZD 35 to NZD 48 per hour").
A single-amount parser such as price-parser does not fit: the parse needs each amount's position in the
sentence (to pair a local range with the US-dollar range in the parenthesis after it), ranges joined by
"to"/"–", and scales, and it must read every guide exactly as it always has.
"""

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache

import pycountry

APPROXIMATE = re.compile(r"(?:about|approximately|approx\.|roughly|around|circa|nearly|some|~|≈)\s*$", re.I)

# Currency signs. "$" alone means US dollars unless an ISO code follows the amount ("$90,000 CAD").
CURRENCY_SYMBOLS = {
    "US$": "USD",
    "CA$": "CAD",
    "C$": "CAD",
    "A$": "AUD",
    "AU$": "AUD",
    "NZ$": "NZD",
    "S$": "SGD",
    "HK$": "HKD",
    "R$": "BRL",
    "MX$": "MXN",
    "$": "USD",
    "€": "EUR",
    "£": "GBP",
    "¥": "JPY",
    "₹": "INR",
    "₩": "KRW",
    "₽": "RUB",
    "₺": "TRY",
    "₪": "ILS",
    "₱": "PHP",
    "₦": "NGN",
    "₫": "VND",
    "฿": "THB",
    "zł": "PLN",
    "Kč": "CZK",
    "Fr.": "CHF",
    "R": "ZAR",
    "kr": "",  # Swedish, Norwegian, Danish or Icelandic: only with an ISO code
}
# Signs several currencies write: an amount with one of these and no ISO code has a guessed currency.
AMBIGUOUS_SIGNS = frozenset({"$", "¥"})
_SYMBOL_ALT = "|".join(re.escape(symbol) for symbol in sorted(CURRENCY_SYMBOLS, key=len, reverse=True))
_NUM = r"\d{1,3}(?:,\d{2,3})+(?:\.\d+)?|\d{1,3}(?:[.\u00a0\u202f ]\d{3})+(?!\d)|\d+(?:\.\d+)?"
_SCALES = {
    "k": 1_000,
    "thousand": 1_000,
    "m": 1_000_000,
    "mn": 1_000_000,
    "million": 1_000_000,
    "bn": 1_000_000_000,
    "billion": 1_000_000_000,
    "lakh": 100_000,
    "lakhs": 100_000,
    "crore": 10_000_000,
}
_MONEY = re.compile(
    rf"(?:(?<![A-Za-z])(?P<pre>{_SYMBOL_ALT}|[A-Z]{{3}})\s?)?"
    rf"(?P<num>{_NUM})"
    r"(?:\s?(?P<scale>k|K|thousand|M|mn|million|bn|billion|lakhs?|crore)\b)?"
    r"(?P<plus>\+)?"
    r"(?:\s?/\s?(?P<per>hour|hr|h|year|yr)\b)?"
    r"(?:\s?(?P<post>[A-Z]{3}\b|€|£|zł|kr\b|Kč))?"
)
# The period written after an amount (and its currency code): "$18/hr", "NZD 48 per hour", "$41,000 a year".
_PERIOD_AFTER = re.compile(
    r"\s*(?:/\s?(?P<slash>hour|hr|h|year|yr)\b|(?:per|an?|each)\s+(?P<word>hour|year|annum)\b|(?P<ly>hourly|yearly|annually)\b)",
    re.I,
)
# "hourly rates of €20": the period named just before the amounts of its clause.
_HOURLY_BEFORE = re.compile(r"\bhourly\b[^\d.;()]{0,30}$", re.I)
HOUR, YEAR = "hour", "year"
# A pay figure below this with no period written next to it ("$18 USD") is not read as a year's pay: the
# import refuses it, naming its line, rather than store an hourly wage as a yearly one.
SMALLEST_YEARLY = 1000
_RANGE_JOIN = re.compile(r"\s*(?:-|–|—|to|and)\s*")


@cache
def iso_currencies() -> frozenset[str]:
    """Every ISO 4217 code pycountry knows."""
    return frozenset(currency.alpha_3 for currency in pycountry.currencies)


def currency_name(code: str) -> str:
    currency = pycountry.currencies.get(alpha_3=code)
    return currency.name if currency else code


@dataclass(frozen=True)
class Amount:
    value: Decimal
    currency: str  # "" when the text names none
    symbol: str
    open_ended: bool
    start: int
    end: int
    period: str = ""  # "hour" or "year" when the text states it next to the amount, else ""


def _currency_of(pre: str | None, post: str | None) -> tuple[str, str]:
    """(ISO code, symbol) from the signs before and after an amount; an ISO code beats a symbol."""
    symbol = ""
    for sign in (post, pre):
        if sign and sign in iso_currencies():
            return sign, ""
    for sign in (pre, post):
        if sign and sign in CURRENCY_SYMBOLS:
            symbol = sign
            if CURRENCY_SYMBOLS[sign]:
                return CURRENCY_SYMBOLS[sign], sign
    return "", symbol


def decimal_amount(text: str, scale: str | None) -> Decimal | None:
    raw = text.replace("\u00a0", " ").replace("\u202f", " ")
    if re.fullmatch(r"\d{1,3}(?:[. ]\d{3})+", raw) and not scale:
        raw = raw.replace(".", "").replace(" ", "")
    raw = raw.replace(",", "").replace(" ", "")
    try:
        value = Decimal(raw)
    except InvalidOperation:
        return None
    if scale:
        value *= _SCALES[scale.lower()]
    return Decimal(int(value)) if value == value.to_integral_value() else value.normalize()


def _amounts(text: str) -> list[Amount]:
    found = []
    for match in _MONEY.finditer(text):
        value = decimal_amount(match["num"], match["scale"])
        if value is None:
            continue
        pre, post = match["pre"], match["post"]
        if pre and len(pre) == 3 and pre.isalpha() and pre.isupper() and pre not in iso_currencies():
            pre = None  # a word in capitals before a number, not a currency
        code, symbol = _currency_of(pre, post)
        period = _period(match["per"] or "")
        if not period:
            after = _PERIOD_AFTER.match(text, match.end())
            period = _period((after and (after["slash"] or after["word"] or after["ly"])) or "")
        found.append(Amount(value, code, symbol, bool(match["plus"]), match.start(), match.end(), period))
    return found


def _period(word: str) -> str:
    """ "hour" or "year" for a period word ("hr", "annum", "hourly"), else ""."""
    word = word.lower()
    if word in ("hour", "hr", "h", "hourly"):
        return HOUR
    if word in ("year", "yr", "annum", "yearly", "annually"):
        return YEAR
    return ""


@dataclass(frozen=True)
class MoneyRange:
    low: Amount
    high: Amount
    currency: str
    symbol: str
    period: str = ""  # "hour" or "year" when stated, else "" (the caller's default: a year)
    currency_guessed: bool = False  # read from a sign several currencies use ("$", "¥"), no ISO code written

    @property
    def start(self):
        return self.low.start

    @property
    def end(self):
        return self.high.end


def money_ranges(text: str, *, default_currency: str = "") -> list[MoneyRange]:
    """Money amounts and ranges ("CUR 90,000 to CUR 140,000", "$65,000-$100,000 USD", "€70k") in `text`.

    A range takes the ISO code written on either side, else a sign; a lone amount is a range of one.
    Amounts without any currency (years, percentages) are skipped unless `default_currency` is given.
    """
    amounts = _amounts(text)
    ranges = []
    index = 0
    while index < len(amounts):
        low = amounts[index]
        high = low
        if index + 1 < len(amounts) and _RANGE_JOIN.fullmatch(text[low.end : amounts[index + 1].start]):
            high = amounts[index + 1]
            index += 1
        index += 1
        currency = next(
            (
                code
                for code in (high.currency, low.currency)
                if code and (code != "USD" or not (high.symbol or low.symbol) or "$" not in high.symbol + low.symbol)
            ),
            "",
        )
        # An ISO code after the amount beats "$" before it: "$90,000 and $140,000 CAD".
        codes = [m for m in re.findall(r"[A-Z]{3}", text[low.start : high.end]) if m in iso_currencies()]
        if codes:
            currency = codes[-1]
        elif not currency:
            currency = high.currency or low.currency
        if not currency and not (low.symbol or high.symbol):
            if not default_currency:
                continue
            currency = default_currency
        if not currency:
            continue
        period = high.period or low.period
        if not period and _HOURLY_BEFORE.search(text[max(0, low.start - 40) : low.start]):
            period = HOUR
        symbol = low.symbol or high.symbol
        guessed = not codes and symbol in AMBIGUOUS_SIGNS
        ranges.append(MoneyRange(low, high, currency, symbol, period, guessed))
    return ranges
