"""Places in a guide's text: countries (ISO 3166-1 alpha-2 through pycountry), named regions and demonyms.

Countries are found by their names (name, common and official), the initials of multi-word names ("UK",
"UAE"), alpha-3 codes, the demonyms listed in `demonyms.yaml` ("Swiss") and, in salary sentences, the
cities of `cities.yaml` ("in Lyon"). Named regions ("Western Europe",
"Nordic countries") are returned by name: the database decides whether they exist.
"""

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pycountry
import yaml

from .money import iso_currencies
from .results import Place
from .text import fold

DEMONYMS_FILE = Path(__file__).with_name("demonyms.yaml")
CITIES_FILE = Path(__file__).with_name("cities.yaml")


@cache
def _country_index() -> tuple[dict[str, str], dict[str, str]]:
    """(folded names -> code, upper-case abbreviations -> code)."""
    names: dict[str, str] = {}
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
    abbreviations = {country.alpha_3: country.alpha_2 for country in pycountry.countries}
    # Initials of multi-word names (UK, US, UAE, NZ) when they name one country only.
    abbreviations.update({key: codes.pop() for key, codes in initials.items() if len(codes) == 1})
    for code in iso_currencies():
        abbreviations.pop(code, None)
    return names, abbreviations


@cache
def _listed(path: Path) -> dict[str, str]:
    """Folded word -> ISO code, from a data file of this package (`demonyms.yaml`, `cities.yaml`)."""
    listed = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {fold(word): code for word, code in listed.items()}


def country_name(code: str) -> str:
    """The short English name of the country with this ISO 3166-1 alpha-2 code ("United Kingdom")."""
    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        return code
    return getattr(country, "common_name", None) or country.name


def country_found(phrase: str) -> tuple[str, str]:
    """(ISO code, how it was found: "name", "demonym" or "city") for the country `phrase` names ("the UK",
    "Germany", "Swiss", "Lyon"), or ("", "")."""
    names, abbreviations = _country_index()
    bare = re.sub(r"^the\s+", "", phrase.strip(), flags=re.I)
    if bare.replace(".", "").isupper() and bare.replace(".", "") in abbreviations:
        return abbreviations[bare.replace(".", "")], "name"
    if fold(bare) in names:
        return names[fold(bare)], "name"
    for path, how in ((DEMONYMS_FILE, "demonym"), (CITIES_FILE, "city")):
        if fold(bare) in _listed(path):
            return _listed(path)[fold(bare)], how
    return "", ""


def country_for_phrase(phrase: str) -> str:
    """The ISO code of the country `phrase` names ("the UK", "Germany", "Canadian"), or "". Not a city:
    a table's column or a visa route is named by its country."""
    code, how = country_found(phrase)
    return code if how != "city" else ""


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    kind: str  # "country" or "region"
    code: str
    name: str
    how: str = "name"  # for a country: "name", "demonym" or "city"


_REGION = re.compile(
    r"\b(?:(?P<dir>Western|Eastern|Northern|Southern|Central|South[- ]?East(?:ern)?|North[- ]?East(?:ern)?"
    r"|Sub-Saharan)\s+(?P<cont>Europe|Asia|Africa)(?:an|n)?"
    r"|(?P<named>Latin America|North America|South America|Central America|Middle East|Asia[- ]Pacific|APAC"
    r"|Nordic countries|Nordics|Scandinavia|Baltic states|Baltics|Benelux|DACH|Gulf states|Caribbean)n?)\b"
)
_CAPITALISED = re.compile(r"\b[A-Z][\w'’.]*(?:[ -](?:(?:of|and|the|da|de|del|la)[ -])?[A-Z][\w'’.]*)*")


def mentions(text: str) -> list[Mention]:
    """Countries and named regions in `text`, in order. Countries inside a region's name are not counted."""
    found: list[Mention] = []
    for match in _REGION.finditer(text):
        if match["dir"]:
            direction = match["dir"].replace("-", "").replace(" ", "").capitalize()
            direction = {"Southeastern": "South-East", "Northeastern": "North-East"}.get(direction, direction)
            name = f"{direction} {match['cont']}"
        else:
            name = match["named"]
        found.append(Mention(match.start(), match.end(), "region", "", name))
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
                code, how = country_found(phrase)
                if code:
                    hit = (match.start() + span[0].start(), match.start() + span[-1].end(), code, how)
                    break
            if hit:
                break
        if hit:
            found.append(Mention(hit[0], hit[1], "country", hit[2], country_name(hit[2]), hit[3]))
    return sorted(found, key=lambda mention: mention.start)


def area_of(text: str) -> str:
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


def place_for(segment: str, sentence: str, previous: str, currency: str, area: str) -> tuple[Place | None, str]:
    """The country or region a salary range is for, from the words before it; and, when the place is a
    guess rather than named, how it was guessed ("" when named).

    The country of the currency wins when it is named ("Latin American salaries, such as in Brazil,
    … BRL"); otherwise a named region wins over the countries given as its examples ("Western
    Europe, such as Germany or the UK"); otherwise the last country named, by name, adjective ("Swiss")
    or city ("in Lyon"); otherwise the country whose ISO code begins the currency code (CAD: CA);
    otherwise the last country of the sentence before.
    """
    currency_country = ""
    if currency and currency[0] != "X" and currency != "EUR" and pycountry.countries.get(alpha_2=currency[:2]):
        currency_country = currency[:2]
    named = mentions(segment) or mentions(sentence)
    countries = [m for m in named if m.kind == "country"]
    regions = [m for m in named if m.kind == "region"]
    if currency_country and any(m.code == currency_country for m in countries):
        mention = next(m for m in reversed(countries) if m.code == currency_country)
        return Place("country", currency_country, country_name(currency_country), (), area), _city_guess(mention)
    if regions:
        region = regions[-1]
        examples = tuple(dict.fromkeys(m.code for m in countries if m.start > region.start))
        return Place("region", "", region.name, examples, area), ""
    if countries:
        return Place("country", countries[-1].code, countries[-1].name, (), area), _city_guess(countries[-1])
    if currency_country:
        name = country_name(currency_country)
        return Place("country", currency_country, name, (), area), f"{name} guessed from the currency {currency}"
    previous_countries = [m for m in mentions(previous) if m.kind == "country"]
    if previous_countries:
        last = previous_countries[-1]
        return Place("country", last.code, last.name, (), area), f"{last.name} taken from the sentence before"
    return None, ""


def _city_guess(mention: Mention) -> str:
    if mention.how != "city":
        return ""
    return f"{mention.name} guessed from a city the sentence names"
