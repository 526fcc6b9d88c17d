"""Working abroad: salaries by country or region in prose, remote work and visa routes."""

import re
from dataclasses import replace

from careerguide.formatting import truncate

from .layout import Section, prose
from .money import APPROXIMATE, CURRENCY_SYMBOLS, HOUR, SMALLEST_YEARLY, YEAR, MoneyRange, iso_currencies, money_ranges
from .places import area_of, country_for_phrase, country_name, mentions, place_for
from .results import Context, Line, Place, RegionalPay, SectionResult, Visa
from .text import capitalise, sentences

_REFLECTS = re.compile(r"(?:This|These(?: figures| salaries| ranges)?)\s+(?:reflects?|mirrors?)\b")
_NAMED_VISA = re.compile(r"((?:[A-Z][\w.'’-]*)(?:\s+[A-Z][\w.'’-]*)*)\s*\(([^()]{2,150})\)")


def _usd_equivalent(pay: MoneyRange, parens, next_start: int, sentence: str) -> tuple[MoneyRange | None, bool, int]:
    """(US-dollar range, approximate, where it ends) for a local range: the first US-dollar range in a
    parenthesis after it ("CAD 90,000 (about $66,000)"), else the range itself when it is in US dollars."""
    for start, end, content in parens:
        if pay.end <= start < next_start:
            found = [r for r in money_ranges(content, default_currency="") if r.currency == "USD"]
            if found:
                return found[0], bool(APPROXIMATE.search(content[: found[0].start])), end
    if pay.currency == "USD":
        return pay, bool(APPROXIMATE.search(sentence[max(0, pay.start - 20) : pay.start])), pay.end
    return None, False, pay.end


def _pay_note(place: Place, tail: str) -> str:
    """The note of a regional salary: the countries given as examples of a region, and the words after it."""
    parts = []
    if place.examples:
        named = " and ".join(country_name(code) for code in place.examples)
        parts.append(f"The guide gives {named} as {'examples' if len(place.examples) > 1 else 'an example'}.")
    if tail:
        parts.append(capitalise(tail) + ".")
    return truncate(" ".join(parts), 300)


def _period(pay: MoneyRange, usd: MoneyRange | None) -> str:
    """The period a range and its US-dollar equivalent are per: the one either states, else a year;
    "" when they state different periods, or none for figures too small to be a year's pay."""
    periods = {period for period in (pay.period, usd.period if usd else "") if period}
    if len(periods) > 1:
        return ""
    if not periods:
        return YEAR if usd is None or usd.low.value >= SMALLEST_YEARLY else ""
    return periods.pop()


def _guesses(pay: MoneyRange, usd: MoneyRange, place_guess: str) -> tuple[str, ...]:
    """What was guessed rather than read for one range: its place, its currency, its period."""
    guesses = [place_guess] if place_guess else []
    if pay.currency_guessed:
        guesses.append(f"currency {pay.currency} guessed from the sign “{pay.symbol}”")
    if usd.period and not pay.period:  # "NZD 35 to 48 (about $21-$29 per hour)": the local range says none
        guesses.append(f"per {usd.period} taken from the US-dollar equivalent; the local range states no period")
    return tuple(guesses)


def _refusal(pay: MoneyRange, usd: MoneyRange | None, place: Place | None) -> str:
    """Why a salary range cannot be stored, or ""."""
    if usd is None:
        return "no US-dollar equivalent"
    period = _period(pay, usd)
    if not period:
        if pay.period and usd.period:
            return f"the local figures are per {pay.period}, the US-dollar ones per {usd.period}"
        return "no period stated and too small for a year's pay; write “per hour” or “a year”"
    if period == HOUR and usd.high.value >= SMALLEST_YEARLY:
        return f"{usd.high.value:,} US dollars an hour is a year's pay, not an hour's; check the period"
    if place is None:
        return "no country or region found"
    if pay.currency not in iso_currencies():
        return f"unknown currency {pay.currency}"
    if pay.low.value > pay.high.value or usd.low.value > usd.high.value:
        return "minimum above maximum"
    return ""


def _salary_sentence(sentence: str, previous: str, number: int, area: str) -> tuple[list[RegionalPay], list[Line]]:
    """The salary ranges of one sentence, each with its place and US-dollar range; and the ones refused."""
    parens = [(match.start(), match.end(), match.group(1)) for match in re.finditer(r"\(([^()]*)\)", sentence)]
    local = [pay for pay in money_ranges(sentence) if not any(start <= pay.start < end for start, end, _ in parens)]
    if not local:
        if re.search(r"\d{1,3}(?:,\d{3})+|\d+\s?k\b", sentence):
            return [], [(number, f"{sentence} [no currency found]")]
        return [], []
    pays, unparsed = [], []
    cursor = 0
    for index, pay in enumerate(local):
        next_start = local[index + 1].start if index + 1 < len(local) else len(sentence)
        usd, approximate, usd_end = _usd_equivalent(pay, parens, next_start, sentence)
        segment = sentence[cursor : pay.start]
        cursor = pay.end
        place, place_guess = place_for(segment, sentence, previous, pay.currency, area) if usd else (None, "")
        refusal = _refusal(pay, usd, place)
        if refusal:
            unparsed.append((number, f"{sentence} [{refusal}]"))
            continue
        tail = re.sub(r"^(?:but|and|while|which)\s+", "", sentence[usd_end:next_start].strip(" ,.;"))
        pays.append(
            RegionalPay(
                place=place,
                currency=pay.currency,
                local_min=pay.low.value,
                local_max=pay.high.value,
                usd_min=usd.low.value,
                usd_max=usd.high.value,
                usd_is_approximate=approximate,
                note=_pay_note(place, tail if index + 1 == len(local) else ""),
                symbol=pay.symbol if CURRENCY_SYMBOLS.get(pay.symbol) == pay.currency else "",
                line=number,
                period=_period(pay, usd),
                sentence=sentence,
                guesses=_guesses(pay, usd, place_guess),
            )
        )
    return pays, unparsed


def global_salaries(section: Section, context: Context) -> SectionResult:
    """Salaries by country or region; "This reflects …" after a salary sentence becomes that salary's note."""
    pays: list[RegionalPay] = []
    unparsed: list[Line] = []
    for number, text in section.lines:
        area = area_of(text)
        previous = ""
        for sentence in sentences(text):
            if _REFLECTS.match(sentence) and previous and pays and pays[-1].line == number:
                pays[-1] = replace(pays[-1], note=truncate(f"{pays[-1].note} {sentence}".strip(), 300))
            found, refused = _salary_sentence(sentence, previous, number, area)
            pays += found
            unparsed += refused
            previous = sentence
    return SectionResult(prose=prose(section.key, section.lines), regional_pay=tuple(pays), unparsed=tuple(unparsed))


def _visa_kind(name: str) -> str:
    lowered = name.lower()
    if "nomad" in lowered:
        return "digital_nomad"
    if "intra" in lowered:
        return "intra_company"
    if "family" in lowered or "spouse" in lowered:
        return "family"
    return "skilled_worker"


def _sentence_visas(sentence: str, number: int) -> list[Visa]:
    """Visa routes a sentence names: digital nomad visas and their countries, "Canada (Express Entry)", …"""
    visas = []
    nomad = re.search(r"digital nomad visas?", sentence, re.I)
    if nomad:
        codes = [m.code for m in mentions(sentence[nomad.end() :]) if m.kind == "country"]
        visas += [Visa("digital_nomad", "Digital nomad visa", code, number) for code in codes or [""]]
    for match in _NAMED_VISA.finditer(sentence):
        words = match.group(1).split()
        code = next(filter(None, (country_for_phrase(" ".join(words[first:])) for first in range(len(words)))), "")
        if code:
            name = match.group(2).strip()
            visas.append(Visa(_visa_kind(name), truncate(name, 150), code, number))
    if re.search(r"\bintra-?company transfers?\b", sentence, re.I):
        visas.append(Visa("intra_company", "Intra-company transfer", "", number))
    if re.search(r"\bfamily visas?\b", sentence, re.I):
        visas.append(Visa("family", "Family visa", "", number))
    return visas


def visa(section: Section, context: Context) -> SectionResult:
    """The remote work or visa section: prose, and the visa routes it names (the guide keeps one of each)."""
    found = [visa for number, text in section.lines for s in sentences(text) for visa in _sentence_visas(s, number)]
    return SectionResult(prose=prose(section.key, section.lines), visas=tuple(found))
