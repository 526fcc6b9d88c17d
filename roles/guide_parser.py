"""Read a plain-text career guide written in the source's layout into plain values. No database.

    guide = parse_guide(text)      # ParsedGuide, or GuideFormatError(message, line)

The layout is the one of `shared/seed/000_4bceecc9f1933efc.txt`: a "Complete X Career Guide" title,
a summary, "Key Facts & Statistics", the prose sections, bulleted lists, a "Salary by Experience
Level" table, the career ladder, global salaries in prose, pros and cons, an FAQ and related careers.
Sections may be missing, empty or filled where that guide leaves them empty (Top Industries, Steps).

Every item keeps the number of the line it came from. Nothing is invented: an empty heading is
recorded as an empty section (with a gap note when readers should know), a "—" table cell is a
missing figure, not zero, and every non-empty line that was neither stored nor recognised as the
site's furniture (navigation, sign-up blurbs) is listed in `unparsed`. Figures of the guide that
disagree with each other are recorded as conflicts, keeping both.

Countries are ISO 3166 alpha-2 codes found with pycountry (names, common and official names,
initials of multi-word names such as "UK" and "UAE", and demonyms such as "Canadian"); currencies
are ISO 4217 codes checked against pycountry. Named regions ("Western Europe", "Nordic countries")
are returned by name: the database decides whether they exist.
"""

import calendar
import re
import unicodedata
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import cache

import pycountry

# --- Results ----------------------------------------------------------------------------------


class GuideFormatError(ValueError):
    """The text is not a guide in the expected layout (empty, no title line, no key facts)."""

    def __init__(self, message: str, line: int):
        super().__init__(message)
        self.message = message
        self.line = line

    def __str__(self):
        return f"line {self.line}: {self.message}"


@dataclass(frozen=True)
class Text:
    """A prose field's text (paragraphs separated by blank lines) and the line it starts on."""

    text: str
    line: int


@dataclass(frozen=True)
class OfficialSource:
    """An official statistic the guide cites: "(… for Computer and Information Systems Managers, May 2023, BLS)"."""

    publisher: str
    abbreviation: str
    title: str
    occupation: str
    as_of: date | None
    precision: str  # "month", "year" or "" (no date)
    period_start: int | None
    period_end: int | None
    line: int


@dataclass(frozen=True)
class KeyFigures:
    """The key facts block. Amounts are in `currency`; None means the guide gives no figure."""

    currency: str
    median: Decimal | None
    median_source: OfficialSource | None  # None: the guide's own figure
    range_min: Decimal | None
    range_max: Decimal | None
    range_max_open_ended: bool
    range_note: str
    openings: int | None
    openings_approximate: bool
    openings_source: OfficialSource | None
    typical_education: str
    line: int


@dataclass(frozen=True)
class Growth:
    """A growth figure: the official projection of the key facts, or the guide's own (source None)."""

    pct_min: Decimal
    pct_max: Decimal
    period_start: int | None
    period_end: int | None
    horizon_years: int | None
    comparison: str
    occupation: str
    source: OfficialSource | None
    line: int


@dataclass(frozen=True)
class Item:
    """One bulleted or sentence item: a responsibility, a pro, a con, a focus area."""

    text: str
    line: int


@dataclass(frozen=True)
class Industry:
    name: str
    note: str
    line: int


@dataclass(frozen=True)
class ToolMention:
    """A tool named in "… like A, B, or C", under the category the sentence gives it."""

    name: str
    category: str
    line: int


@dataclass(frozen=True)
class CertificationMention:
    name: str
    abbreviation: str
    line: int


@dataclass(frozen=True)
class SkillItem:
    """A skill line: its name as the guide writes it, its category, and the role-specific detail.

    `aliases` are other spellings of the same name used to match the shared taxonomy, e.g.
    "SDLC Management" for "Software Development Life Cycle (SDLC) Management".
    """

    name: str
    category: str  # "technical" or "soft"
    detail: str
    aliases: tuple[str, ...]
    line: int


@dataclass(frozen=True)
class Step:
    number: int
    title: str
    text: str
    line: int


@dataclass(frozen=True)
class Timeline:
    route: str
    years_min: int
    years_max: int
    description: str
    line: int


@dataclass(frozen=True)
class EducationRoute:
    kind: str  # an `EducationPath.Kind` value
    name: str
    fields_of_study: str
    description: str
    cost_min: Decimal | None
    cost_max: Decimal | None
    cost_max_open_ended: bool
    cost_note: str
    currency: str  # "" when the guide gives no cost
    duration_min: int | None
    duration_max: int | None
    duration_unit: str  # "weeks", "months", "years" or ""
    line: int


@dataclass(frozen=True)
class LevelPay:
    """One cell pair of the salary-by-level table; None for a "—" or empty cell."""

    title: str
    country: str
    currency: str
    median: Decimal | None
    average: Decimal | None
    line: int


@dataclass(frozen=True)
class Level:
    order: int
    title: str
    years_total_min: int
    years_total_max: int | None  # None: open-ended ("20+")
    years_in_role_min: int
    years_in_role_max: int | None
    scope: str
    focus_areas: tuple[Item, ...]
    line: int


@dataclass(frozen=True)
class Insight:
    kind: str  # a `MarketInsight.Kind` value
    text: str
    line: int


@dataclass(frozen=True)
class Place:
    """Where a salary applies: a country (ISO code) or a named region, with the examples the guide names."""

    kind: str  # "country" or "region"
    code: str  # ISO 3166-1 alpha-2 for a country, "" for a region
    name: str
    examples: tuple[str, ...]  # ISO codes of the countries named as examples of a region
    area: str  # a `Region.Area` value guessed from the paragraph, for a country not yet known


@dataclass(frozen=True)
class RegionalPay:
    place: Place
    currency: str
    local_min: Decimal
    local_max: Decimal
    usd_min: Decimal
    usd_max: Decimal
    usd_is_approximate: bool
    note: str
    symbol: str  # the currency sign the guide used, if any ("€")
    line: int


@dataclass(frozen=True)
class Visa:
    kind: str  # a `VisaRoute.Kind` value
    name: str
    country: str  # ISO code, "" for a route many countries offer
    line: int


@dataclass(frozen=True)
class NamedText:
    """A specialisation: its heading and text."""

    name: str
    text: str
    line: int


@dataclass(frozen=True)
class Question:
    question: str
    answer: str
    line: int


@dataclass(frozen=True)
class Related:
    title: str
    note: str
    line: int


@dataclass(frozen=True)
class Note:
    """A gap or conflict for readers, in the terms of `roles.DataNote` (kind, section, subject, note)."""

    kind: str  # "gap" or "conflict"
    section: str
    subject: str
    note: str
    line: int


@dataclass(frozen=True)
class EmptySection:
    heading: str
    line: int


@dataclass(frozen=True)
class ParsedGuide:
    title: str
    title_line: int
    summary: Text | None
    prose: dict[str, Text]  # Role text field name -> text
    key_facts: KeyFigures | None
    growth: tuple[Growth, ...]
    top_industries: tuple[Industry, ...]
    responsibilities: tuple[Item, ...]
    tools: tuple[ToolMention, ...]
    certifications: tuple[CertificationMention, ...]
    skills: tuple[SkillItem, ...]
    steps: tuple[Step, ...]
    timelines: tuple[Timeline, ...]
    education: tuple[EducationRoute, ...]
    level_pay: tuple[LevelPay, ...]
    levels: tuple[Level, ...]
    insights: tuple[Insight, ...]
    regional_pay: tuple[RegionalPay, ...]
    visas: tuple[Visa, ...]
    specializations: tuple[NamedText, ...]
    pros: tuple[Item, ...]
    cons: tuple[Item, ...]
    faqs: tuple[Question, ...]
    related: tuple[Related, ...]
    publisher: str
    editorial_year: int | None
    notes: tuple[Note, ...]
    empty_sections: tuple[EmptySection, ...]
    unparsed: tuple[tuple[int, str], ...]
    skipped_lines: int  # the site's furniture: navigation, sign-up and pricing blurbs

    @property
    def gaps(self) -> tuple[Note, ...]:
        return tuple(note for note in self.notes if note.kind == "gap")

    @property
    def conflicts(self) -> tuple[Note, ...]:
        return tuple(note for note in self.notes if note.kind == "conflict")


# --- Words, names and codes ---------------------------------------------------------------------

UNNAMED_PUBLISHER = "Guide publisher (not named in the file)"
OFFICIAL_PUBLISHERS = {"BLS": "U.S. Bureau of Labor Statistics"}
# The data sets an official median and an official projection come from, by publisher abbreviation.
OFFICIAL_TITLES = {
    "BLS": ("Occupational Employment and Wage Statistics", "Employment Projections"),
}
DEFAULT_OFFICIAL_TITLES = ("Official wage statistics", "Official employment projections")

_MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
_NUMBER_WORDS = {
    word: number
    for number, word in enumerate(
        ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"]
    )
}
_MISSING_CELLS = {"", "—", "–", "-", "n/a", "na", "?", "unknown", "not available"}
_BULLET = re.compile(r"^[-•*▪]\s*")
_APPROXIMATE = re.compile(r"(?:about|approximately|approx\.|roughly|around|circa|nearly|some|~|≈)\s*$", re.I)

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
    r"(?:\s?(?P<post>[A-Z]{3}\b|€|£|zł|kr\b|Kč))?"
)
_RANGE_JOIN = re.compile(r"\s*(?:-|–|—|to|and)\s*")


def fold(text: str) -> str:
    """Lower case without accents or punctuation, words separated by one space: the key names are matched by.

    "&" counts as "and", "#" as "sharp" and "+" as "plus", so "C#" and "C++" stay apart from "C".
    """
    text = unicodedata.normalize("NFKD", text)
    text = "".join(char for char in text if not unicodedata.combining(char)).casefold()
    text = text.replace("&", " and ").replace("#", " sharp").replace("+", " plus")
    return " ".join(re.sub(r"[^\w]+", " ", text).split())


@cache
def iso_currencies() -> frozenset[str]:
    """Every ISO 4217 code pycountry knows."""
    return frozenset(currency.alpha_3 for currency in pycountry.currencies)


def currency_name(code: str) -> str:
    currency = pycountry.currencies.get(alpha_3=code)
    return currency.name if currency else code


@cache
def _country_index() -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """(folded names -> code, upper-case abbreviations -> code, single-word folded names -> code)."""
    names: dict[str, str] = {}
    words: dict[str, str] = {}
    initials: dict[str, set[str]] = {}
    for country in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            value = getattr(country, attr, None)
            if not value:
                continue
            names[fold(value)] = country.alpha_2
            if "," not in value:
                capitals = [word for word in re.split(r"[\s-]+", value) if word[:1].isupper()]
                if len(capitals) >= 2:
                    initials.setdefault("".join(word[0] for word in capitals), set()).add(country.alpha_2)
            if " " not in value.strip():
                words[fold(value)] = country.alpha_2
    abbreviations = {country.alpha_3: country.alpha_2 for country in pycountry.countries}
    # Initials of multi-word names (UK, US, UAE, NZ) when they name one country only.
    abbreviations.update({key: codes.pop() for key, codes in initials.items() if len(codes) == 1})
    for code in iso_currencies():
        abbreviations.pop(code, None)
    return names, abbreviations, words


def country_name(code: str) -> str:
    """The short English name of the country with this ISO 3166-1 alpha-2 code ("United Kingdom")."""
    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        return code
    return getattr(country, "common_name", None) or country.name


def _demonym(word: str) -> str:
    """The country a demonym names ("Canadian" -> CA, "Japanese" -> JP), or ""."""
    names, _, words = _country_index()
    key = fold(word)
    for suffix in ("n", "an", "ian", "ean", "ese", "ish", "i"):
        if not key.endswith(suffix):
            continue
        stem = key[: -len(suffix)]
        if len(stem) < 4:
            continue
        if stem in names:
            return names[stem]
        matches = {code for name, code in words.items() if name.startswith(stem) and len(name) - len(stem) <= 3}
        if len(matches) == 1:
            return matches.pop()
    return ""


def _country_for_phrase(phrase: str) -> str:
    names, abbreviations, _ = _country_index()
    bare = re.sub(r"^the\s+", "", phrase.strip(), flags=re.I)
    if bare.replace(".", "").isupper() and bare.replace(".", "") in abbreviations:
        return abbreviations[bare.replace(".", "")]
    if fold(bare) in names:
        return names[fold(bare)]
    return _demonym(bare) if " " not in bare else ""


@dataclass(frozen=True)
class _Mention:
    start: int
    end: int
    kind: str  # "country" or "region"
    code: str
    name: str


_REGION = re.compile(
    r"\b(?:(?P<dir>Western|Eastern|Northern|Southern|Central|South[- ]?East(?:ern)?|North[- ]?East(?:ern)?"
    r"|Sub-Saharan)\s+(?P<cont>Europe|Asia|Africa)(?:an|n)?"
    r"|(?P<named>Latin America|North America|South America|Central America|Middle East|Asia[- ]Pacific|APAC"
    r"|Nordic countries|Nordics|Scandinavia|Baltic states|Baltics|Benelux|DACH|Gulf states|Caribbean)n?)\b"
)
_CAPITALISED = re.compile(r"\b[A-Z][\w'’.]*(?:[ -](?:(?:of|and|the|da|de|del|la)[ -])?[A-Z][\w'’.]*)*")


def _mentions(text: str) -> list[_Mention]:
    """Countries and named regions in `text`, in order. Countries inside a region's name are not counted."""
    found: list[_Mention] = []
    for match in _REGION.finditer(text):
        if match["dir"]:
            direction = match["dir"].replace("-", "").replace(" ", "").capitalize()
            direction = {"Southeastern": "South-East", "Northeastern": "North-East"}.get(direction, direction)
            name = f"{direction} {match['cont']}"
        else:
            name = match["named"]
        found.append(_Mention(match.start(), match.end(), "region", "", name))
    taken = [(mention.start, mention.end) for mention in found]
    for match in _CAPITALISED.finditer(text):
        if any(start <= match.start() < end for start, end in taken):
            continue
        words = list(re.finditer(r"\S+", match.group()))
        # The longest run of words that names a country wins ("South Africa" over "Africa").
        hit = None
        for size in range(len(words), 0, -1):
            for first in range(len(words) - size + 1):
                span = words[first : first + size]
                phrase = match.group()[span[0].start() : span[-1].end()].rstrip(".,")
                code = _country_for_phrase(phrase)
                if code:
                    hit = (match.start() + span[0].start(), match.start() + span[-1].end(), code)
                    break
            if hit:
                break
        if hit:
            found.append(_Mention(hit[0], hit[1], "country", hit[2], country_name(hit[2])))
    return sorted(found, key=lambda mention: mention.start)


# --- Amounts ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Amount:
    value: Decimal
    currency: str  # "" when the text names none
    symbol: str
    open_ended: bool
    start: int
    end: int


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


def _number(text: str, scale: str | None) -> Decimal | None:
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


def _amounts(text: str) -> list[_Amount]:
    found = []
    for match in _MONEY.finditer(text):
        value = _number(match["num"], match["scale"])
        if value is None:
            continue
        pre, post = match["pre"], match["post"]
        if pre and len(pre) == 3 and pre.isalpha() and pre.isupper() and pre not in iso_currencies():
            pre = None  # a word in capitals before a number, not a currency
        code, symbol = _currency_of(pre, post)
        found.append(_Amount(value, code, symbol, bool(match["plus"]), match.start(), match.end()))
    return found


@dataclass(frozen=True)
class _Range:
    low: _Amount
    high: _Amount
    currency: str
    symbol: str

    @property
    def start(self):
        return self.low.start

    @property
    def end(self):
        return self.high.end


def _money_ranges(text: str, *, default_currency: str = "") -> list[_Range]:
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
        ranges.append(_Range(low, high, currency, low.symbol or high.symbol))
    return ranges


def _years(text: str) -> int | None:
    text = text.strip().lower()
    if text.isdigit():
        return int(text)
    return _NUMBER_WORDS.get(text)


# --- Sentences and lists ------------------------------------------------------------------------

_ABBREVIATIONS = ("e.g.", "i.e.", "vs.", "U.S.", "U.K.", "approx.", "Dr.", "Mr.", "Ms.", "St.", "No.", "Inc.", "Co.")


def sentences(text: str) -> list[str]:
    """Split prose into sentences, keeping "e.g." and "U.S." inside theirs."""
    parts = re.split(r"(?<=[.!?])\s+(?=[A-Z0-9\"“‘(])", text.strip())
    merged: list[str] = []
    for part in parts:
        if merged and merged[-1].endswith(_ABBREVIATIONS):
            merged[-1] = f"{merged[-1]} {part}"
        else:
            merged.append(part)
    return [part for part in merged if part]


_LIST_ITEM = re.compile(r"[A-Z0-9][\w#+./'’-]*(?:[ ](?:[A-Z0-9][\w#+./'’-]*))*")
_LIST_SEPARATOR = re.compile(r",\s*(?:or\s+|and\s+)?|\s+or\s+|\s+and\s+")


def _name_list(text: str) -> tuple[list[str], int]:
    """Capitalised names at the start of `text` separated by commas, "or" and "and" ("Jira, Asana, or Trello").

    Returns the names and where the list ends.
    """
    names = []
    position = 0
    while True:
        match = _LIST_ITEM.match(text, position)
        if not match:
            break
        names.append(match.group().rstrip(".,"))
        position = match.end()
        separator = _LIST_SEPARATOR.match(text, position)
        if not separator or not _LIST_ITEM.match(text, separator.end()):
            break
        position = separator.end()
    return names, position


def _initials_match(words: list[str], acronym: str) -> bool:
    """Whether `acronym` ("SDLC") spells the initials of the words before it ("Software Development Life Cycle")."""
    letters = [word[0].upper() for word in words if word[:1].isalpha() and word[0].isupper()]
    return len(acronym) >= 2 and "".join(letters[-len(acronym) :]) == acronym.upper()


def skill_name_and_detail(text: str) -> tuple[str, str, tuple[str, ...]]:
    """Split a skill line into (name, detail, aliases).

    The name is the run of capitalised words at the start ("Version Control Systems"); a parenthesis
    that spells out an abbreviation stays in it ("Software Development Life Cycle (SDLC) Management"),
    any other parenthesis ends it and becomes the detail, as does lower-case text ("for complex
    systems") or the text after a colon.
    """
    head, colon, after = text.partition(":")
    if not colon or len(head.split()) > 10:
        head, after = text, ""
    tokens = re.findall(r"\([^()]*\)|[^\s()]+", head)
    name_tokens: list[str] = []
    detail_parts: list[str] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token.startswith("("):
            inner = token[1:-1].strip()
            if re.fullmatch(r"[A-Z][A-Za-z0-9/&]{1,9}", inner) and _initials_match(name_tokens, inner.replace("&", "")):
                name_tokens.append(token)
                index += 1
                continue
            detail_parts.append(inner)
            index += 1
            break
        lead = token.lstrip(".#+-")[:1]
        is_word = lead.isupper() or lead.isdigit()
        is_joiner = token.lower() in {"and", "&", "of", "for", "in", "the", "to", "with", "/"}
        if is_word or (
            is_joiner
            and name_tokens
            and index + 1 < len(tokens)
            and (tokens[index + 1].lstrip(".#+-")[:1].isupper() or tokens[index + 1][:1].isdigit())
        ):
            name_tokens.append(token)
            index += 1
            continue
        break
    rest = re.sub(r"^(?:and|with|plus)\s+", "", " ".join(tokens[index:]).strip())
    if rest:
        detail_parts.append(rest)
    if after.strip():
        detail_parts.append(after.strip())
    name = " ".join(name_tokens).strip(" ,;") or text.strip()
    detail = "; ".join(part for part in detail_parts if part)
    aliases = []
    for acronym in re.finditer(r"\(([A-Z][A-Za-z0-9/&]{1,9})\)", name):
        before = name[: acronym.start()].split()
        spelled = len(acronym.group(1))
        short = " ".join([*before[:-spelled], acronym.group(1)]) + name[acronym.end() :]
        aliases.append(short.strip())
        aliases.append((name[: acronym.start()].rstrip() + name[acronym.end() :]).strip())
    return name, detail, tuple(dict.fromkeys(alias for alias in aliases if alias != name))


def _truncate(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


# --- The layout ---------------------------------------------------------------------------------

_TITLE = re.compile(r"Complete (?P<title>.+?) Career Guide", re.I)
# Markers the site glues to the next line's text ("Explore career guideTechnical Project Manager").
_GLUE = re.compile(
    r"(Explore career guide|View examples|See your skills gap|Assess your readiness|years in role"
    r"|years total experience|Key Focus Areas)(?=[A-Z])"
)
_FURNITURE = {"Explore career guide", "View examples", "See your skills gap", "Assess your readiness"}

# (section key, heading pattern); "{t}" is the guide's title. Each heading is used once.
_HEADINGS = (
    ("key_facts", r"Key Facts(?: (?:&|and) Statistics)?"),
    ("description", r"What is an? {t}\?"),
    ("duties", r"What does an? {t} do\?"),
    ("responsibilities", r"Key Responsibilities"),
    ("work_environment", r"Work Environment"),
    ("tools", r"Tools (?:&|and) Technologies"),
    ("skills_overview", r"{t} Skills (?:&|and) Qualifications"),
    ("education_requirements", r"Education Requirements"),
    ("technical_skills", r"Technical Skills"),
    ("soft_skills", r"Soft Skills"),
    ("how_to_become", r"How to Become an? {t}"),
    ("education", r"Education (?:&|and) Training Needed to Become an? {t}"),
    ("compensation", r"{t} Salary (?:&|and) Outlook"),
    ("level_table", r"Salary by Experience Level"),
    ("market_commentary", r"Market Commentary"),
    ("career_path", r"{t} Career Path"),
    ("toolkit", r"Job Application Toolkit"),
    ("global", r"Global {t} Opportunities"),
    ("global_salaries", r"Global Salaries"),
    ("remote_work", r"Remote Work"),
    ("visa", r"Visa (?:&|and) Immigration"),
    ("market_reality", r"(?P<year>\d{4}) Market Reality for {t}"),
    ("challenges", r"Current Challenges"),
    ("opportunities", r"Growth Opportunities"),
    ("trends", r"Current Market Trends"),
    ("specializations", r"Emerging Speciali[sz]ations"),
    ("pros_cons", r"Pros (?:&|and) Cons of Being an? {t}"),
    ("pros", r"Pros"),
    ("cons", r"Cons"),
    ("faq", r"Frequently Asked Questions"),
    ("related", r"Related Careers"),
    ("readiness", r"Assess your {t} readiness"),
)
# Headings matched with any title only before these sections, where FAQ questions could look alike.
_LATE_SECTIONS = {"faq", "related", "readiness"}
_HEADING_NAMES = {
    "key_facts": "Key Facts & Statistics",
    "education_requirements": "Education Requirements",
    "technical_skills": "Technical Skills",
    "soft_skills": "Soft Skills",
    "responsibilities": "Key Responsibilities",
    "tools": "Tools & Technologies",
    "level_table": "Salary by Experience Level",
    "market_commentary": "Market Commentary",
    "global_salaries": "Global Salaries",
    "remote_work": "Remote Work",
    "visa": "Visa & Immigration",
    "challenges": "Current Challenges",
    "opportunities": "Growth Opportunities",
    "trends": "Current Market Trends",
    "specializations": "Emerging Specializations",
    "pros": "Pros",
    "cons": "Cons",
    "faq": "Frequently Asked Questions",
    "related": "Related Careers",
}
_PROSE_FIELDS = {
    "description": "description",
    "duties": "description",
    "work_environment": "work_environment",
    "skills_overview": "skills_overview",
    "how_to_become": "how_to_become",
    "education_requirements": "education_overview",
    "education": "education_overview",
    "compensation": "compensation_overview",
    "global": "global_overview",
    "global_salaries": "global_overview",
    "remote_work": "remote_work",
    "visa": "visa_overview",
    "market_reality": "market_overview",
}
_KEY_FACT_HEADINGS = ("Median Salary", "Growth Outlook", "Annual Openings", "Top Industries", "Typical Education")
_STEP = re.compile(r"Step (?P<number>\d+)\b\s*[:.\-–—]?\s*(?P<title>.*)", re.I)
_LADDER_YEARS = re.compile(
    r"(?P<tmin>\d+)\s*(?:(?:-|–|to)\s*(?P<tmax>\d+)|(?P<tplus>\+))?\s+years?\s+(?:of\s+)?total experience"
    r"(?:,\s*(?P<rmin>\d+)\s*(?:(?:-|–|to)\s*(?P<rmax>\d+)|(?P<rplus>\+))?\s+years?\s+in (?:the )?role)?",
    re.I,
)
_FOCUS = "Key Focus Areas"


def _is_heading_like(text: str) -> bool:
    """A short line without closing punctuation: a specialisation name, a level title, a related career."""
    return len(text) <= 100 and len(text.split()) <= 12 and not text.endswith((".", ":", "!", ",", ";"))


@dataclass
class _Section:
    key: str
    heading: str
    line: int
    match: re.Match | None
    lines: list[tuple[int, str]]


class _Parser:
    """One guide's parse. Collects into lists; `result()` freezes them."""

    def __init__(self, lines: list[tuple[int, str]]):
        self.lines = lines
        self.prose: dict[str, list[tuple[int, str]]] = {}
        self.unparsed: list[tuple[int, str]] = []
        self.notes: list[Note] = []
        self.empty: list[EmptySection] = []
        self.skipped = 0
        self.growth: list[Growth] = []
        self.top_industries: list[Industry] = []
        self.responsibilities: list[Item] = []
        self.tools: list[ToolMention] = []
        self.certifications: list[CertificationMention] = []
        self.skills: list[SkillItem] = []
        self.steps: list[Step] = []
        self.timelines: list[Timeline] = []
        self.education: list[EducationRoute] = []
        self.level_pay: list[LevelPay] = []
        self.levels: list[Level] = []
        self.insights: list[Insight] = []
        self.regional_pay: list[RegionalPay] = []
        self.visas: list[Visa] = []
        self.specializations: list[NamedText] = []
        self.pros: list[Item] = []
        self.cons: list[Item] = []
        self.faqs: list[Question] = []
        self.related: list[Related] = []
        self.key_facts: KeyFigures | None = None
        self.publisher = UNNAMED_PUBLISHER
        self.editorial_year: int | None = None

    # --- Splitting into sections -----------------------------------------------------------

    def parse(self) -> ParsedGuide:
        number, first = self.lines[0]
        title_match = _TITLE.fullmatch(first)
        if not title_match:
            raise GuideFormatError(
                f"the first line must be the guide's title, “Complete … Career Guide”, not “{_truncate(first, 60)}”",
                number,
            )
        self.title = title_match["title"].strip()
        self.title_line = number
        summary_lines, sections = self._sections(self.lines[1:])
        if not any(section.key == "key_facts" for section in sections):
            line = sections[0].line if sections else (self.lines[1][0] if len(self.lines) > 1 else number)
            raise GuideFormatError(
                "no “Key Facts & Statistics” section: this is not a guide in the expected layout", line
            )
        self.summary = (
            Text("\n\n".join(text for _, text in summary_lines), summary_lines[0][0]) if summary_lines else None
        )
        handlers = {
            "key_facts": self._key_facts,
            "responsibilities": self._responsibilities,
            "tools": self._tools,
            "education_requirements": self._education_requirements,
            "technical_skills": lambda s: self._skills(s, "technical"),
            "soft_skills": lambda s: self._skills(s, "soft"),
            "how_to_become": self._how_to_become,
            "education": self._education,
            "level_table": self._level_table,
            "market_commentary": self._market_commentary,
            "career_path": self._career_path,
            "global_salaries": self._global_salaries,
            "remote_work": self._remote_work,
            "visa": self._visa,
            "market_reality": self._market_reality,
            "challenges": lambda s: self._insights(s, "challenge"),
            "opportunities": lambda s: self._insights(s, "opportunity"),
            "trends": lambda s: self._insights(s, "trend"),
            "specializations": self._specializations,
            "pros_cons": self._not_stored,
            "pros": lambda s: self._bullets(s, self.pros),
            "cons": lambda s: self._bullets(s, self.cons),
            "faq": self._faq,
            "related": self._related,
            "toolkit": self._furniture,
            "readiness": self._readiness,
        }
        for section in sections:
            handler = handlers.get(section.key)
            if handler is None:  # a plain prose section
                self._add_prose(section.key, section.lines)
            else:
                handler(section)
            if not section.lines and section.key not in {"key_facts", "duties", "pros_cons", "how_to_become"}:
                self.empty.append(EmptySection(section.heading, section.line))
        self._certifications()
        self._conflicts()
        return self.result()

    def _sections(self, lines):
        patterns = []
        title = re.escape(self.title) + r"(?:e?s)?"
        for key, pattern in _HEADINGS:
            exact = re.compile(pattern.replace("{t}", title), re.I)
            loose = re.compile(pattern.replace("{t}", ".+"), re.I) if "{t}" in pattern else None
            patterns.append((key, exact, loose))
        seen: set[str] = set()
        summary: list[tuple[int, str]] = []
        sections: list[_Section] = []
        for number, text in lines:
            found = None
            for key, exact, loose in patterns:
                if key in seen:
                    continue
                match = exact.fullmatch(text)
                if not match and loose and not (seen & _LATE_SECTIONS):
                    match = loose.fullmatch(text)
                if match:
                    found = (key, match)
                    break
            if found:
                seen.add(found[0])
                sections.append(_Section(found[0], text, number, found[1], []))
            elif sections:
                sections[-1].lines.append((number, text))
            else:
                summary.append((number, text))
        return summary, sections

    # --- Small helpers ------------------------------------------------------------------------

    def _add_prose(self, key: str, lines) -> None:
        field = _PROSE_FIELDS.get(key, key)
        self.prose.setdefault(field, []).extend(lines)

    def _not_stored(self, section: _Section) -> None:
        """An introduction that no field holds: reported, so an editor can decide."""
        self.unparsed.extend(section.lines)

    def _furniture(self, section: _Section) -> None:
        self.skipped += 1 + len(section.lines)

    def _gap(self, section: str, subject: str, note: str, line: int) -> None:
        self.notes.append(Note("gap", section, subject, note, line))

    def _bullets(self, section: _Section, into: list[Item]) -> None:
        for number, text in section.lines:
            if _BULLET.match(text):
                into.append(Item(_BULLET.sub("", text).strip(), number))
            else:
                self.unparsed.append((number, text))

    # --- Key facts ----------------------------------------------------------------------------

    def _key_facts(self, section: _Section) -> None:
        parts: dict[str, list[tuple[int, str]]] = {}
        heading_lines: dict[str, int] = {}
        current = None
        for number, text in section.lines:
            if text in _KEY_FACT_HEADINGS and text not in parts:
                current = text
                parts[current] = []
                heading_lines[current] = number
            elif current:
                parts[current].append((number, text))
            else:
                self.unparsed.append((number, text))
        if not parts:
            raise GuideFormatError("the “Key Facts & Statistics” section has no key facts", section.line)
        for heading in _KEY_FACT_HEADINGS:
            if heading in parts and not parts[heading]:
                self.empty.append(EmptySection(heading, heading_lines[heading]))
                if heading == "Top Industries":
                    self._gap(
                        "key_facts",
                        "Top industries",
                        "The guide's key facts have a “Top Industries” heading with nothing under it. "
                        "No industries are listed rather than guessed.",
                        heading_lines[heading],
                    )
                else:
                    self._gap(
                        "key_facts",
                        heading.capitalize(),
                        f"The guide's key facts have a “{heading}” heading with no figure under it.",
                        heading_lines[heading],
                    )

        currency = ""
        median = median_source = None
        range_min = range_max = None
        open_ended = False
        range_note = ""
        for number, text in parts.get("Median Salary", []):
            if text.startswith("("):
                median_source = self._official_source(text, number, median=True) or median_source
                if median_source is None:
                    self.unparsed.append((number, text))
            elif text.lower().startswith("range"):
                found = _money_ranges(text)
                if not found:
                    self.unparsed.append((number, text))
                    continue
                pay = found[0]
                range_min, range_max = pay.low.value, pay.high.value
                open_ended = pay.high.open_ended
                currency = currency or pay.currency
                note = re.search(r"\(([^()]*)\)\s*$", text)
                range_note = _capitalise(note.group(1).strip()) if note else ""
            elif text.strip() in _MISSING_CELLS:
                continue
            else:
                found = _money_ranges(text)
                if found and median is None:
                    median, currency = found[0].low.value, found[0].currency
                else:
                    self.unparsed.append((number, text))

        openings = None
        openings_approximate = False
        openings_source = None
        for number, text in parts.get("Annual Openings", []):
            amount = re.fullmatch(
                r"(?P<approx>[≈~]|about |approximately )?\s*(?P<num>[\d.,]+)\s*(?P<scale>k|K|M)?", text
            )
            if amount:
                value = _number(amount["num"], amount["scale"])
                openings = int(value) if value is not None else None
                openings_approximate = bool(amount["approx"])
            elif "(" in text:
                openings_source = self._official_source(text, number, median=False)
                if openings_source is None:
                    self.unparsed.append((number, text))
            elif text.strip() not in _MISSING_CELLS:
                self.unparsed.append((number, text))

        growth_pct = None
        growth_line = 0
        for number, text in parts.get("Growth Outlook", []):
            pct = re.fullmatch(
                r"(?P<lo>[-−]?\d+(?:\.\d+)?)\s*%?\s*(?:(?:-|–|to)\s*(?P<hi>[-−]?\d+(?:\.\d+)?)\s*)?%", text
            )
            if pct:
                low = Decimal(pct["lo"].replace("−", "-"))
                growth_pct = (low, Decimal(pct["hi"].replace("−", "-")) if pct["hi"] else low)
                growth_line = number
            elif growth_pct and "(" in text:
                source = self._official_source(text, number, median=False)
                comparison = text[: text.index("(")].strip()
                occupation = source.occupation if source else ""
                self.growth.append(
                    Growth(
                        growth_pct[0],
                        growth_pct[1],
                        source.period_start if source else None,
                        source.period_end if source else None,
                        None,
                        comparison,
                        occupation or self.title,
                        source,
                        growth_line,
                    )
                )
                growth_pct = None
            elif text.strip() not in _MISSING_CELLS:
                self.unparsed.append((number, text))
        if growth_pct:  # a figure without its description
            self.growth.append(
                Growth(growth_pct[0], growth_pct[1], None, None, None, "", self.title, None, growth_line)
            )

        for number, text in parts.get("Top Industries", []):
            item = re.fullmatch(
                r"(?P<name>[^():–—]+?)\s*(?:\((?P<a>[^()]*)\)|[:–—]\s*(?P<b>.+)|\s-\s(?P<c>.+))?", _BULLET.sub("", text)
            )
            if item and len(item["name"]) <= 150:
                note = (item["a"] or item["b"] or item["c"] or "").strip()
                self.top_industries.append(Industry(item["name"].strip(), _truncate(note, 300), number))
            else:
                self.unparsed.append((number, text))

        education = " ".join(text for _, text in parts.get("Typical Education", []))
        if any(value is not None for value in (median, range_min, openings)) or education or self.growth:
            self.key_facts = KeyFigures(
                currency=currency or "USD",
                median=median,
                median_source=median_source,
                range_min=range_min,
                range_max=range_max,
                range_max_open_ended=open_ended,
                range_note=_truncate(range_note, 300),
                openings=openings,
                openings_approximate=openings_approximate,
                openings_source=openings_source,
                typical_education=education,
                line=section.line,
            )

    def _official_source(self, text: str, number: int, *, median: bool) -> OfficialSource | None:
        """ "(U.S. national median for OCCUPATION, May 2023, BLS)" or "(projected for OCCUPATION, 2022-2032, BLS)"."""
        inner = re.search(r"\(([^()]*)\)", text)
        if not inner:
            return None
        parts = [part.strip() for part in inner.group(1).split(",")]
        if len(parts) < 2 or not re.fullmatch(r"[A-Z][A-Za-z.]{1,9}", parts[-1]):
            return None
        abbreviation = parts.pop()
        as_of, precision, start, end = None, "", None, None
        while len(parts) > 1:
            tail = parts[-1]
            month_year = re.fullmatch(r"(?P<month>[A-Za-z]+)\s+(?P<year>\d{4})", tail)
            period = re.fullmatch(r"(?P<start>\d{4})\s*(?:-|–|to)\s*(?P<end>\d{2,4})", tail)
            if month_year and month_year["month"].lower() in _MONTHS:
                as_of, precision = date(int(month_year["year"]), _MONTHS[month_year["month"].lower()], 1), "month"
            elif re.fullmatch(r"\d{4}", tail):
                as_of, precision = date(int(tail), 1, 1), "year"
            elif period:
                start = int(period["start"])
                end = int(period["end"]) if len(period["end"]) == 4 else start // 100 * 100 + int(period["end"])
            else:
                break
            parts.pop()
        first = ", ".join(parts)
        occupation = re.search(r"\bfor\s+(.+)$", first)
        titles = OFFICIAL_TITLES.get(abbreviation, DEFAULT_OFFICIAL_TITLES)
        return OfficialSource(
            publisher=OFFICIAL_PUBLISHERS.get(abbreviation, abbreviation),
            abbreviation=abbreviation,
            title=titles[0] if median else titles[1],
            occupation=(occupation.group(1) if occupation else first).strip(),
            as_of=as_of,
            precision=precision,
            period_start=start,
            period_end=end,
            line=number,
        )

    # --- Lists ---------------------------------------------------------------------------------

    def _responsibilities(self, section: _Section) -> None:
        self._bullets(section, self.responsibilities)

    def _skills(self, section: _Section, category: str) -> None:
        for number, text in section.lines:
            if not _BULLET.match(text):
                self.unparsed.append((number, text))
                continue
            name, detail, aliases = skill_name_and_detail(_BULLET.sub("", text).strip())
            if len(name) > 120:
                self.unparsed.append((number, text))
                continue
            self.skills.append(SkillItem(name, category, _truncate(detail, 300), aliases, number))

    def _tools(self, section: _Section) -> None:
        for number, text in section.lines:
            found = 0
            for sentence in sentences(text):
                previous_category = ""
                for marker in re.finditer(r"\b(?:like|such as|including)\s+", sentence):
                    names, _ = _name_list(sentence[marker.end() :])
                    if not names:
                        continue
                    category = self._tool_category(sentence, sentence[: marker.start()], previous_category)
                    previous_category = category
                    for name in names:
                        if len(name) <= 80:
                            self.tools.append(ToolMention(name, category, number))
                            found += 1
            if not found:
                self.unparsed.append((number, text))

    @staticmethod
    def _tool_category(sentence: str, before: str, previous: str) -> str:
        """The noun phrase before "like": "Project management software" -> "Project management"."""
        before = re.sub(r"\([^()]*\)", "", before).strip(" ,")
        stop = {
            "use", "uses", "using", "rely", "relies", "on", "with", "work", "works", "might", "may", "they", "them",
            "alongside", "and", "or", "the", "a", "an", "specific", "various", "often", "are", "is", "as", "of",
            "along", "for", "such", "also", "common", "popular", "key", "other", "their", "in", "to", "from",
        }  # fmt: skip
        words: list[str] = []
        for word in reversed(re.split(r"[\s,;:]+", before)):
            if not word or word.lower() in stop or len(words) == 4:
                break
            words.insert(0, word)
        generic = {"software", "tools", "systems", "platforms", "solutions", "applications", "apps", "technologies"}
        if not words or (len(words) == 1 and words[0].lower() in generic):
            lead = re.match(r"(?:For|In)\s+([^,]+),", sentence)
            if lead:
                return _capitalise(lead.group(1).strip())
            if previous and words:
                return f"{previous} {words[0].lower()}"
            return previous or "Other tools"
        if len(words) > 1 and words[-1].lower() in {"software", "tools", "systems"}:
            words = words[:-1]
        return _truncate(_capitalise(" ".join(words)), 80)

    def _education_requirements(self, section: _Section) -> None:
        if not section.lines:
            self._gap(
                "education",
                "Education requirements",
                "The guide has an “Education Requirements” heading with nothing under it. Education routes, "
                "costs and durations come from its separate education section.",
                section.line,
            )
            return
        self._add_prose(section.key, section.lines)

    # --- How to become, steps and timelines ------------------------------------------------------

    def _how_to_become(self, section: _Section) -> None:
        prose: list[tuple[int, str]] = []
        steps: list[tuple[int, re.Match, list[tuple[int, str]]]] = []
        for number, text in section.lines:
            step = _STEP.fullmatch(text)
            if step:
                steps.append((number, step, []))
            elif steps:
                steps[-1][2].append((number, text))
            else:
                prose.append((number, text))
        self._add_prose(section.key, prose)
        if not prose and not steps:
            self.empty.append(EmptySection(section.heading, section.line))
        for number, text in prose:
            for sentence in sentences(text):
                for match in re.finditer(
                    r"(?P<lo>\d+)\s*(?:-|–|to)\s*(?P<hi>\d+)\s+years\s+for\s+(?P<route>[^,;.]+?)(?=,|;|\.|$)",
                    sentence,
                ):
                    route = re.sub(
                        r"^(?:someone|people|those|candidates|professionals|individuals|anyone)\s+"
                        r"(?:who\s+|with\s+|taking\s+|following\s+|on\s+|coming from\s+)?",
                        "",
                        match["route"].strip(),
                    )
                    route = re.sub(r"^(?:an?|the)\s+(?:more\s+)?", "", route)
                    low, high = int(match["lo"]), int(match["hi"])
                    if low <= high:
                        self.timelines.append(
                            Timeline(_truncate(_capitalise(route), 200), low, high, match.group().strip(), number)
                        )
        empty_steps = []
        for number, step, lines in steps:
            title = step["title"].strip()
            body = [text for _, text in lines]
            if not title and body and _is_heading_like(body[0]):
                title = body.pop(0)
            if not title and body:
                first, *rest = sentences(body[0])
                title, body = first, ([" ".join(rest)] if rest else []) + body[1:]
            if not title:
                empty_steps.append((number, int(step["number"])))
                continue
            self.steps.append(Step(int(step["number"]), _truncate(title, 200), "\n\n".join(body), number))
        if empty_steps:
            numbers = [n for _, n in empty_steps]
            first_line, last_line = empty_steps[0][0], empty_steps[-1][0]
            label = f"Step {numbers[0]}" if len(numbers) == 1 else f"Step {numbers[0]} to Step {numbers[-1]}"
            if len(numbers) > 1 and numbers != list(range(numbers[0], numbers[-1] + 1)):
                label = ", ".join(f"Step {n}" for n in numbers)
            self.empty.append(EmptySection(label, first_line))
            if self.steps:
                note = f"The guide lists {label} as headings with no text. Only the steps it describes are shown."
            else:
                note = (
                    f"The guide lists the headings {label} with no text under any of them. The routes into the "
                    "role and the timelines it does give are shown, and no steps."
                )
            self._gap("how_to_become", "Step-by-step path", note, first_line if first_line else last_line)

    # --- Education ---------------------------------------------------------------------------------

    _EDUCATION_KINDS = (
        ("degree", r"\bbachelor'?s?\b|\bassociate'?s? degrees?\b|\bundergraduate degrees?\b"),
        ("postgraduate", r"\bmaster'?s\b|\bMBA\b|\bPh\.?D\b|\bdoctora"),
        ("bootcamp", r"\bboot ?camps?\b"),
        ("certification", r"\bcertifications?\b|\bcertificate programs?\b"),
        ("self_study", r"\bself-(?:study|taught|directed)\b|\bMOOCs?\b"),
    )
    _DURATION = re.compile(
        r"\b(?P<lo>\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
        r"(?:\s*(?:-|–|to)\s*(?P<hi>\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve))?"
        r"[\s-](?P<unit>weeks?|months?|years?)\b",
        re.I,
    )

    def _education(self, section: _Section) -> None:
        self._add_prose(section.key, section.lines)
        routes: dict[str, dict] = {}
        last = None
        for number, text in section.lines:
            for sentence in sentences(text):
                kinds = []
                for kind, pattern in self._EDUCATION_KINDS:
                    match = re.search(pattern, sentence, re.I if kind != "postgraduate" else 0)
                    if kind == "postgraduate" and not match:
                        match = re.search(r"\bmaster'?s\b", sentence, re.I)
                    if match:
                        kinds.append((match.start(), kind))
                kinds.sort()
                for _, kind in kinds:
                    if kind not in routes:
                        routes[kind] = {"line": number, "sentences": [], "cost": None, "duration": None}
                refers_back = re.match(r"(?:These|This|Such|They|Those)\b", sentence)
                target = kinds[0][1] if kinds else (last if refers_back else None)
                if target is None:
                    continue
                last = target
                route = routes[target]
                route["sentences"].append(sentence)
                if route["cost"] is None:
                    route["cost"] = self._education_cost(sentence)
                if route["duration"] is None:
                    route["duration"] = self._DURATION.search(sentence)
        for kind, route in routes.items():
            text = " ".join(route["sentences"])
            cost = route["cost"] or (None, None, False, "", "")
            duration = route["duration"]
            low = high = None
            unit = ""
            if duration:
                low = _years(duration["lo"])
                high = _years(duration["hi"]) if duration["hi"] else low
                unit = duration["unit"].lower().rstrip("s") + "s"
            fields = re.search(r"\bin (?:fields|subjects|areas) (?:like|such as|including) ", text)
            fields_of_study = ", ".join(_name_list(text[fields.end() :])[0]) if fields else ""
            self.education.append(
                EducationRoute(
                    kind=kind,
                    name=self._education_name(kind, text),
                    fields_of_study=_truncate(fields_of_study, 300),
                    description=text,
                    cost_min=cost[0],
                    cost_max=cost[1],
                    cost_max_open_ended=cost[2],
                    cost_note=cost[3],
                    currency=cost[4] if cost[0] is not None or cost[1] is not None else "",
                    duration_min=low,
                    duration_max=high,
                    duration_unit=unit if low is not None else "",
                    line=route["line"],
                )
            )

    @staticmethod
    def _education_name(kind: str, text: str) -> str:
        if kind == "degree":
            return "Associate degree" if re.search(r"associate'?s? degree", text, re.I) else "Bachelor's degree"
        if kind == "postgraduate":
            return "Master's degree or MBA" if "MBA" in text else "Master's degree"
        if kind == "certification":
            return "Online certifications" if re.search(r"online certification", text, re.I) else "Certifications"
        return {"bootcamp": "Bootcamp", "self_study": "Self-study"}[kind]

    @staticmethod
    def _education_cost(sentence: str):
        """(min, max, open-ended, note, currency) of a cost in the sentence, or None."""
        free = re.search(r"\bfrom free to (?P<rest>[^,.;]+)|\bfree\b", sentence, re.I)
        ranges = _money_ranges(sentence)
        if free and (not ranges or free.start() < ranges[0].start):
            rest = free.group("rest") or ""
            rest = re.split(r"\s+(?:over|and|for|with|in|depending|taking|lasting|within)\b", rest)[0]
            currency = "USD" if re.search(r"dollars?", rest) else (ranges[0].currency if ranges else "USD")
            if ranges and rest and rest.strip().startswith(("$", "€", "£")):
                return Decimal(0), ranges[0].high.value, ranges[0].high.open_ended, "", ranges[0].currency
            note = f"free to {rest.strip()}" if rest else "free"
            return Decimal(0), None, False, _truncate(note, 200), currency
        if not ranges:
            return None
        cost = ranges[0]
        return cost.low.value, cost.high.value, cost.high.open_ended, "", cost.currency

    # --- Salary by level and the career ladder ------------------------------------------------------

    def _level_table(self, section: _Section) -> None:
        columns: list[tuple[str, str]] | None = None
        missing: list[str] = []
        for number, text in section.lines:
            if not text.startswith("|"):
                self.unparsed.append((number, text))
                continue
            cells = [cell.strip() for cell in text.strip().strip("|").split("|")]
            if columns is None:
                columns = []
                for cell in cells[1:]:
                    column = re.fullmatch(r"(?P<place>.+?)\s+(?P<stat>Median|Average)", cell, re.I)
                    code = _country_for_phrase(column["place"]) if column else ""
                    columns.append((code, column["stat"].lower() if column else ""))
                if not cells or cells[0].lower() != "level" or not any(code for code, _ in columns):
                    self.unparsed.append((number, text))
                continue
            if all(re.fullmatch(r":?-{3,}:?", cell) for cell in cells):
                continue
            if len(cells) != len(columns) + 1 or not cells[0]:
                self.unparsed.append((number, text))
                continue
            figures: dict[str, dict[str, tuple[Decimal, str] | None]] = {}
            bad = False
            for (code, stat), cell in zip(columns, cells[1:], strict=True):
                if not code or not stat:
                    continue
                value = None
                if cell.lower() not in _MISSING_CELLS:
                    found = _money_ranges(cell)
                    if len(found) == 1 and found[0].low is found[0].high:
                        value = (found[0].low.value, found[0].currency)
                    else:
                        bad = True
                figures.setdefault(code, {})[stat] = value
                if value is None:
                    missing.append(f"{stat} for {cells[0]}")
            if bad:
                self.unparsed.append((number, text))
            for code, stats in figures.items():
                median, average = stats.get("median"), stats.get("average")
                currency = (median or average or (None, ""))[1]
                self.level_pay.append(
                    LevelPay(
                        cells[0],
                        code,
                        currency,
                        median[0] if median else None,
                        average[0] if average else None,
                        number,
                    )
                )
        if missing:
            self._gap(
                "salary",
                "Salary by experience level",
                "The guide's salary table leaves these cells empty: " + "; ".join(missing) + ". They are shown as "
                "missing, not as zero.",
                section.line,
            )

    def _career_path(self, section: _Section) -> None:
        lines = section.lines
        blocks: list[dict] = []
        overview: list[tuple[int, str]] = []
        index = 0
        current = None
        while index < len(lines):
            number, text = lines[index]
            years = _LADDER_YEARS.match(lines[index + 1][1]) if index + 1 < len(lines) else None
            if years and _is_heading_like(text):
                current = {"title": text, "line": number, "years": years, "scope": [], "focus": [], "in_focus": False}
                rest = lines[index + 1][1][years.end() :].strip(" ,.")
                if rest and rest != _FOCUS:
                    current["scope"].append(rest)
                blocks.append(current)
                index += 2
                continue
            if current is None:
                overview.append((number, text))
            elif text == _FOCUS:
                current["in_focus"] = True
                current["has_focus_heading"] = True
            elif current["in_focus"]:
                current["focus"].append((number, text))
            elif _LADDER_YEARS.match(text):
                self.unparsed.append((number, text))
            else:
                current["scope"].append(text)
            index += 1
        self.prose.setdefault("career_path_overview", []).extend(overview)

        merged: dict[str, dict] = {}
        for block in blocks:
            key = fold(block["title"])
            if key not in merged:
                merged[key] = {**block, "years_list": [block["years"]]}
                continue
            entry = merged[key]
            entry["years_list"].append(block["years"])
            entry["scope"] = entry["scope"] or block["scope"]
            entry["focus"] = entry["focus"] or block["focus"]
            entry["has_focus_heading"] = entry.get("has_focus_heading") or block.get("has_focus_heading")
        no_focus = []
        no_scope = []
        for entry in merged.values():
            years = entry["years"]
            numbers = [self._ladder_numbers(match) for match in entry["years_list"]]
            if any(other != numbers[0] for other in numbers[1:]):
                self.notes.append(
                    Note(
                        "conflict",
                        "career_ladder",
                        f"Years for {entry['title']}",
                        f"The guide gives two different experience ranges for the “{entry['title']}” level; "
                        "the first is used.",
                        entry["line"],
                    )
                )
            total_min, total_max, role_min, role_max = numbers[0]
            if role_min is None:
                self.unparsed.append((entry["line"], f"{entry['title']}: {years.group()} [no years in role]"))
                continue
            focus = tuple(
                Item(_truncate(sentence, 300), number)
                for number, text in entry["focus"]
                for sentence in sentences(text)
            )
            if not focus:
                no_focus.append(entry["title"])
            if not entry["scope"]:
                no_scope.append(entry["title"])
            self.levels.append(
                Level(
                    order=len(self.levels) + 1,
                    title=_truncate(entry["title"], 120),
                    years_total_min=total_min,
                    years_total_max=total_max,
                    years_in_role_min=role_min,
                    years_in_role_max=role_max,
                    scope="\n\n".join(entry["scope"]),
                    focus_areas=focus,
                    line=entry["line"],
                )
            )
        if no_focus:
            self._gap(
                "career_ladder",
                "Key focus areas",
                "The guide gives no focus areas for: " + ", ".join(no_focus) + ".",
                section.line,
            )
        if no_scope:
            self._gap(
                "career_ladder",
                "Level descriptions",
                "The guide does not describe what these levels are responsible for: " + ", ".join(no_scope) + ".",
                section.line,
            )

    @staticmethod
    def _ladder_numbers(match: re.Match) -> tuple[int, int | None, int | None, int | None]:
        total_min = int(match["tmin"])
        total_max = None if match["tplus"] else int(match["tmax"] or total_min)
        if match["rmin"] is None:
            return total_min, total_max, None, None
        role_min = int(match["rmin"])
        role_max = None if match["rplus"] else int(match["rmax"] or role_min)
        return total_min, total_max, role_min, role_max

    # --- Market ------------------------------------------------------------------------------------

    def _market_commentary(self, section: _Section) -> None:
        for number, text in section.lines:
            self.insights.append(Insight("outlook", text, number))
            if any(growth.source is None for growth in self.growth):
                continue
            for sentence in sentences(text):
                growth = self._commentary_growth(sentence, number)
                if growth:
                    self.growth.append(growth)
                    break

    def _commentary_growth(self, sentence: str, number: int) -> Growth | None:
        if not re.search(r"\b(?:grow|growth|increase|expand|rise|decline|shrink|projected)", sentence, re.I):
            return None
        pct = re.search(
            r"(?P<lo>[-−]?\d+(?:\.\d+)?)\s*%?\s*(?:-|–|to)\s*(?P<hi>[-−]?\d+(?:\.\d+)?)\s*%|(?P<one>[-−]?\d+(?:\.\d+)?)\s*%",
            sentence,
        )
        if not pct:
            return None
        low = Decimal((pct["lo"] or pct["one"]).replace("−", "-"))
        high = Decimal(pct["hi"].replace("−", "-")) if pct["hi"] else low
        if re.search(r"\b(?:decline|shrink|fall|drop)", sentence, re.I) and low > 0:
            low, high = -high, -low
        horizon = re.search(r"over the (?:next|coming) (?P<n>\w+) years", sentence, re.I)
        period = re.search(r"(?:from|between) (?P<a>\d{4}) (?:and|to) (?P<b>\d{4})", sentence)
        comparison = re.search(
            r"((?:much |slightly |somewhat |a little |about |roughly )?(?:faster|slower) than (?:the )?average[^,.;)]*"
            r"|(?:about )?as fast as (?:the )?average[^,.;)]*)",
            sentence,
            re.I,
        )
        return Growth(
            low,
            high,
            int(period["a"]) if period else None,
            int(period["b"]) if period else None,
            _years(horizon["n"]) if horizon else None,
            _truncate(comparison.group(1).strip(), 200) if comparison else "",
            self.title,
            None,
            number,
        )

    def _market_reality(self, section: _Section) -> None:
        if section.match and section.match.groupdict().get("year"):
            self.editorial_year = int(section.match["year"])
        self._add_prose(section.key, section.lines)

    def _insights(self, section: _Section, kind: str) -> None:
        for number, text in section.lines:
            self.insights.append(Insight(kind, text, number))

    # --- Global salaries, remote work, visas --------------------------------------------------

    def _global_salaries(self, section: _Section) -> None:
        self._add_prose(section.key, section.lines)
        for number, text in section.lines:
            area = self._area(text)
            previous = ""
            for sentence in sentences(text):
                # "This reflects …" after a salary sentence explains that salary: it becomes its note.
                reflects = re.match(
                    r"(?:This|These(?: figures| salaries| ranges)?)\s+(?:reflects?|mirrors?)\b", sentence
                )
                if reflects and previous and self.regional_pay and self.regional_pay[-1].line == number:
                    last = self.regional_pay[-1]
                    self.regional_pay[-1] = replace(last, note=_truncate(f"{last.note} {sentence}".strip(), 300))
                self._salary_sentence(sentence, previous, number, area)
                previous = sentence

    @staticmethod
    def _area(text: str) -> str:
        """The `Region.Area` the paragraph is about: the first area it names."""
        found = []
        for pattern, area in (
            (r"\bEurope(?:an)?\b", "europe"),
            (r"\bAsia[- ]Pacific\b|\bAsia(?:n)?\b", "asia_pacific"),
            (r"\bLatin America(?:n)?\b|\bSouth America(?:n)?\b", "latin_america"),
            (r"\bNorth America(?:n)?\b", "north_america"),
        ):
            match = re.search(pattern, text)
            if match:
                found.append((match.start(), area))
        return min(found)[1] if found else ""

    def _salary_sentence(self, sentence: str, previous: str, number: int, area: str) -> None:
        parens = [(match.start(), match.end(), match.group(1)) for match in re.finditer(r"\(([^()]*)\)", sentence)]
        local = [
            pay for pay in _money_ranges(sentence) if not any(start <= pay.start < end for start, end, _ in parens)
        ]
        if not local:
            if re.search(r"\d{1,3}(?:,\d{3})+|\d+\s?k\b", sentence):
                self.unparsed.append((number, f"{sentence} [no currency found]"))
            return
        cursor = 0
        for index, pay in enumerate(local):
            next_start = local[index + 1].start if index + 1 < len(local) else len(sentence)
            usd = None
            approximate = False
            usd_paren_end = pay.end
            for start, end, content in parens:
                if pay.end <= start < next_start:
                    found = [r for r in _money_ranges(content, default_currency="") if r.currency == "USD"]
                    if found:
                        usd = found[0]
                        approximate = bool(_APPROXIMATE.search(content[: found[0].start]))
                        usd_paren_end = end
                        break
            if usd is None and pay.currency == "USD":
                usd = pay
                approximate = bool(_APPROXIMATE.search(sentence[max(0, pay.start - 20) : pay.start]))
            segment = sentence[cursor : pay.start]
            cursor = pay.end
            if usd is None:
                self.unparsed.append((number, f"{sentence} [no US-dollar equivalent]"))
                continue
            place = self._place(segment, sentence, previous, pay.currency, area)
            if place is None:
                self.unparsed.append((number, f"{sentence} [no country or region found]"))
                continue
            if pay.currency not in iso_currencies():
                self.unparsed.append((number, f"{sentence} [unknown currency {pay.currency}]"))
                continue
            if pay.low.value > pay.high.value or usd.low.value > usd.high.value:
                self.unparsed.append((number, f"{sentence} [minimum above maximum]"))
                continue
            tail = sentence[usd_paren_end:next_start].strip(" ,.;")
            tail = re.sub(r"^(?:but|and|while|which)\s+", "", tail)
            note_parts = []
            if place.examples:
                named = " and ".join(country_name(code) for code in place.examples)
                note_parts.append(
                    f"The guide gives {named} as {'examples' if len(place.examples) > 1 else 'an example'}."
                )
            if tail and index + 1 == len(local):
                note_parts.append(_capitalise(tail) + ".")
            self.regional_pay.append(
                RegionalPay(
                    place=place,
                    currency=pay.currency,
                    local_min=pay.low.value,
                    local_max=pay.high.value,
                    usd_min=usd.low.value,
                    usd_max=usd.high.value,
                    usd_is_approximate=approximate,
                    note=_truncate(" ".join(note_parts), 300),
                    symbol=pay.symbol if CURRENCY_SYMBOLS.get(pay.symbol) == pay.currency else "",
                    line=number,
                )
            )

    @staticmethod
    def _place(segment: str, sentence: str, previous: str, currency: str, area: str) -> Place | None:
        """The country or region a salary range is for, from the words before it.

        The country of the currency wins when it is named ("Latin American salaries, such as in Brazil,
        … BRL"); otherwise a named region wins over the countries given as its examples ("Western
        Europe, such as Germany or the UK"); otherwise the last country named; otherwise the country
        whose ISO code begins the currency code (CAD: CA).
        """
        currency_country = ""
        if currency and currency[0] != "X" and currency != "EUR" and pycountry.countries.get(alpha_2=currency[:2]):
            currency_country = currency[:2]
        mentions = _mentions(segment) or _mentions(sentence)
        countries = [m for m in mentions if m.kind == "country"]
        regions = [m for m in mentions if m.kind == "region"]
        if currency_country and any(m.code == currency_country for m in countries):
            return Place("country", currency_country, country_name(currency_country), (), area)
        if regions:
            region = regions[-1]
            examples = tuple(dict.fromkeys(m.code for m in countries if m.start > region.start))
            return Place("region", "", region.name, examples, area)
        if countries:
            return Place("country", countries[-1].code, countries[-1].name, (), area)
        if currency_country:
            return Place("country", currency_country, country_name(currency_country), (), area)
        previous_countries = [m for m in _mentions(previous) if m.kind == "country"]
        if previous_countries:
            return Place("country", previous_countries[-1].code, previous_countries[-1].name, (), area)
        return None

    def _remote_work(self, section: _Section) -> None:
        self._add_prose(section.key, section.lines)
        self._visa_sentences(section.lines)

    def _visa(self, section: _Section) -> None:
        self._add_prose(section.key, section.lines)
        self._visa_sentences(section.lines)

    def _visa_sentences(self, lines) -> None:
        for number, text in lines:
            for sentence in sentences(text):
                nomad = re.search(r"digital nomad visas?", sentence, re.I)
                if nomad:
                    codes = [m.code for m in _mentions(sentence[nomad.end() :]) if m.kind == "country"]
                    for code in codes or [""]:
                        self._add_visa(Visa("digital_nomad", "Digital nomad visa", code, number))
                for match in re.finditer(r"((?:[A-Z][\w.'’-]*)(?:\s+[A-Z][\w.'’-]*)*)\s*\(([^()]{2,150})\)", sentence):
                    words = match.group(1).split()
                    code = ""
                    for first in range(len(words)):
                        code = _country_for_phrase(" ".join(words[first:]))
                        if code:
                            break
                    if not code:
                        continue
                    name = match.group(2).strip()
                    lowered = name.lower()
                    kind = (
                        "digital_nomad"
                        if "nomad" in lowered
                        else "intra_company"
                        if "intra" in lowered
                        else "family"
                        if "family" in lowered or "spouse" in lowered
                        else "skilled_worker"
                    )
                    self._add_visa(Visa(kind, _truncate(name, 150), code, number))
                if re.search(r"\bintra-?company transfers?\b", sentence, re.I):
                    self._add_visa(Visa("intra_company", "Intra-company transfer", "", number))
                if re.search(r"\bfamily visas?\b", sentence, re.I):
                    self._add_visa(Visa("family", "Family visa", "", number))

    def _add_visa(self, visa: Visa) -> None:
        if not any((v.kind, fold(v.name), v.country) == (visa.kind, fold(visa.name), visa.country) for v in self.visas):
            self.visas.append(visa)

    # --- Specialisations, FAQ, related careers, footer ------------------------------------------

    def _specializations(self, section: _Section) -> None:
        """Introductory paragraphs, then a short heading line followed by its text, per specialisation."""
        intro: list[tuple[int, str]] = []
        entries: list[tuple[str, int, list[str]]] = []
        for index, (number, text) in enumerate(section.lines):
            has_next = index + 1 < len(section.lines)
            if _is_heading_like(text) and has_next and not _is_heading_like(section.lines[index + 1][1]):
                entries.append((text, number, []))
            elif entries:
                entries[-1][2].append(text)
            elif _is_heading_like(text):
                self.unparsed.append((number, text))
            else:
                intro.append((number, text))
        self.prose.setdefault("specializations_overview", []).extend(intro)
        for name, number, body in entries:
            self.specializations.append(NamedText(_truncate(name, 150), "\n\n".join(body), number))

    def _faq(self, section: _Section) -> None:
        current: list | None = None
        entries: list[list] = []
        for number, text in section.lines:
            if text.endswith("?") and len(text) <= 300:
                current = [text, number, []]
                entries.append(current)
            elif current is not None:
                current[2].append(text)
            else:
                self.unparsed.append((number, text))
        for question, number, answer in entries:
            if answer:
                self.faqs.append(Question(question, "\n\n".join(answer), number))
            else:
                self.unparsed.append((number, f"{question} [no answer]"))

    def _related(self, section: _Section) -> None:
        current: list | None = None
        entries: list[list] = []
        for number, text in section.lines:
            if text in _FURNITURE or (current is None and text.endswith(":")):
                self.skipped += 1
            elif _is_heading_like(text):
                current = [text, number, []]
                entries.append(current)
            elif current is not None:
                current[2].append(text)
            else:
                self.unparsed.append((number, text))
        for title, number, note in entries:
            if len(title) > 120:
                self.unparsed.append((number, title))
                continue
            self.related.append(Related(title, _truncate(" ".join(note), 300), number))

    def _readiness(self, section: _Section) -> None:
        self.skipped += 1 + len(section.lines)
        texts = [text for _, text in section.lines]
        for index, text in enumerate(texts):
            upgrade = re.search(r"\bUpgrade to (?P<name>[A-Z][\w.&' -]*?) (?:Plus|Pro|Premium)\b", text)
            if upgrade:
                self.publisher = upgrade["name"].strip()
                return
            if index + 1 < len(texts) and texts[index + 1] == f"{text} Plus":
                self.publisher = text
                return

    # --- Prose-wide: certifications, conflicts ----------------------------------------------------

    def _certifications(self) -> None:
        found: list[CertificationMention] = []
        expansions: dict[str, str] = {}
        for field, lines in self.prose.items():
            if field in {"remote_work"}:
                continue
            for number, text in lines:
                for sentence in sentences(text):
                    if not re.search(r"certif|accredit|credential", sentence, re.I):
                        continue
                    for match in re.finditer(r"((?:[A-Z][\w-]*\s+){1,6})\(([A-Z]{2,6})\)", sentence):
                        words = match.group(1).split()
                        if _initials_match(words, match.group(2)):
                            full = " ".join(words[-len(match.group(2)) :])
                            expansions[match.group(2)] = full
                            found.append(CertificationMention(full, match.group(2), number))
                    for match in re.finditer(r"\((?:e\.g\.,?|like|such as|including)\s*([^()]+)\)", sentence):
                        for item in re.split(r",\s*|\s+or\s+|\s+and\s+", match.group(1)):
                            item = item.strip(" .")
                            if self._looks_like_credential(item):
                                found.append(CertificationMention(item, item if item.isupper() else "", number))
                    for match in re.finditer(
                        r"((?:\b[A-Z]{2,6}\b(?:\s*(?:,|or|and)\s*)?)+)\s+certifications?\b", sentence
                    ):
                        for item in re.findall(r"\b[A-Z]{2,6}\b", match.group(1)):
                            found.append(CertificationMention(item, item, number))
        seen: set[str] = set()
        for mention in found:
            name = expansions.get(mention.abbreviation, mention.name) if mention.abbreviation else mention.name
            abbreviation = mention.abbreviation
            key = fold(abbreviation or name)
            if key in seen or fold(name) in seen:
                continue
            seen.update({key, fold(name)})
            self.certifications.append(CertificationMention(_truncate(name, 150), abbreviation, mention.line))

    @staticmethod
    def _looks_like_credential(item: str) -> bool:
        if not item or len(item) > 150 or not item[0].isupper():
            return False
        return bool(
            re.search(r"\b[A-Z]{2,}\b", item)
            or re.search(r"certif|certificate|professional|associate|practitioner|expert", item, re.I)
        )

    def _conflicts(self) -> None:
        official = next((growth for growth in self.growth if growth.source), None)
        editorial = next((growth for growth in self.growth if growth.source is None), None)
        if (
            official
            and editorial
            and not (editorial.pct_min <= official.pct_min and official.pct_max <= editorial.pct_max)
        ):
            source = official.source
            period = (
                f"{official.period_start}–{official.period_end}"
                if official.period_start and official.period_end
                else "its projection period"
            )
            horizon = (
                f"the next {editorial.horizon_years} years"
                if editorial.horizon_years
                else f"{editorial.period_start}–{editorial.period_end}"
                if editorial.period_start
                else "an unstated period"
            )
            self.notes.append(
                Note(
                    "conflict",
                    "outlook",
                    "Growth outlook",
                    f"{source.abbreviation} projects {_pct(official)} growth for {official.occupation} over {period}, "
                    f"while the guide's own market commentary expects {_pct(editorial)} for the {self.title} role "
                    f"over {horizon}. The figures cover different occupations or periods: both are shown, each with "
                    f"its source, and the {source.abbreviation} projection is the headline.",
                    editorial.line,
                )
            )
        facts = self.key_facts
        if facts and facts.median is not None and facts.median_source is not None:
            for pay in self.level_pay:
                if fold(pay.title) != fold(self.title) or pay.median is None or pay.currency != facts.currency:
                    continue
                if pay.median < facts.median:
                    source = facts.median_source
                    self.notes.append(
                        Note(
                            "conflict",
                            "salary",
                            "Median pay",
                            f"The career ladder puts the median for the “{pay.title}” level at "
                            f"{_money(pay.median, pay.currency)}, below the {source.abbreviation} median of "
                            f"{_money(facts.median, facts.currency)} for {source.occupation}. The first is the "
                            "guide's editorial estimate for one rung of the ladder, the second an official median "
                            "for a broader occupation: both are shown, each with its source.",
                            pay.line,
                        )
                    )
                break

    # --- Result -----------------------------------------------------------------------------------

    def result(self) -> ParsedGuide:
        prose = {
            field: Text("\n\n".join(text for _, text in lines), lines[0][0])
            for field, lines in self.prose.items()
            if lines
        }
        return ParsedGuide(
            title=self.title,
            title_line=self.title_line,
            summary=self.summary,
            prose=prose,
            key_facts=self.key_facts,
            growth=tuple(sorted(self.growth, key=lambda growth: growth.source is None)),
            top_industries=tuple(self.top_industries),
            responsibilities=tuple(self.responsibilities),
            tools=tuple(self.tools),
            certifications=tuple(self.certifications),
            skills=tuple(self.skills),
            steps=tuple(self.steps),
            timelines=tuple(self.timelines),
            education=tuple(self.education),
            level_pay=tuple(self.level_pay),
            levels=tuple(self.levels),
            insights=tuple(self.insights),
            regional_pay=tuple(self.regional_pay),
            visas=tuple(sorted(self.visas, key=lambda visa: _VISA_ORDER.index(visa.kind))),
            specializations=tuple(self.specializations),
            pros=tuple(self.pros),
            cons=tuple(self.cons),
            faqs=tuple(self.faqs),
            related=tuple(self.related),
            publisher=self.publisher,
            editorial_year=self.editorial_year,
            notes=tuple(self.notes),
            empty_sections=tuple(sorted(self.empty, key=lambda empty: empty.line)),
            unparsed=tuple(sorted(self.unparsed)),
            skipped_lines=self.skipped,
        )


_VISA_ORDER = ("skilled_worker", "digital_nomad", "intra_company", "family")


def _pct(growth: Growth) -> str:
    low, high = f"{growth.pct_min.normalize():f}", f"{growth.pct_max.normalize():f}"
    return f"{low}%" if low == high else f"{low}–{high}%"


def _money(amount: Decimal, currency: str) -> str:
    prefix = "$" if currency == "USD" else f"{currency} "
    return f"{prefix}{amount:,.0f}"


def _lines(text: str) -> list[tuple[int, str]]:
    """Non-empty lines with their numbers, glued site markers split apart (same number for each part)."""
    found = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.replace("\ufeff", "").strip()
        if not line:
            continue
        for part in _GLUE.sub("\\1\n", line).split("\n"):
            if part.strip():
                found.append((number, part.strip()))
    return found


def parse_guide(text: str) -> ParsedGuide:
    """Parse a guide's text (see the module docstring); raise `GuideFormatError` if it is not a guide."""
    lines = _lines(text)
    if not lines:
        raise GuideFormatError("the file is empty", 1)
    return _Parser(lines).parse()
