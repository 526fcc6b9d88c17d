"""The "Key Facts & Statistics" section: median pay and its range, growth outlook, openings, industries.

Each fact sits under its own sub-heading; an official figure is followed by its source in parentheses,
"(U.S. national median for OCCUPATION, May 2023, BLS)", which `official_source` reads.
"""

import calendar
import re
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from careerguide.formatting import truncate
from salaries.models import HOURS_PER_YEAR

from .layout import Section
from .money import HOUR, SMALLEST_YEARLY, YEAR, decimal_amount, money_ranges
from .results import (
    Context,
    EmptySection,
    Growth,
    GuideFormatError,
    Industry,
    KeyFigures,
    Line,
    Note,
    OfficialSource,
    SectionResult,
)
from .text import BULLET, MISSING_CELLS, capitalise

OFFICIAL_PUBLISHERS = {"BLS": "U.S. Bureau of Labor Statistics"}
# The data sets an official median and an official projection come from, by publisher abbreviation.
OFFICIAL_TITLES = {
    "BLS": ("Occupational Employment and Wage Statistics", "Employment Projections"),
}
DEFAULT_OFFICIAL_TITLES = ("Official wage statistics", "Official employment projections")
KEY_FACT_HEADINGS = ("Median Salary", "Growth Outlook", "Annual Openings", "Top Industries", "Typical Education")

_MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}


def _source_date(parts: list[str]) -> tuple[date | None, str, int | None, int | None]:
    """(as of, precision, period start, period end) from the trailing parts of a source; consumes them."""
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
    return as_of, precision, start, end


_SOC = re.compile(r"\b(?:SOC(?:\s+code)?\s*:?\s*)(?P<code>\d{2}-\d{4})\b", re.I)


def _extra_clauses(clauses: list[str]) -> tuple[Decimal | None, bool]:
    """(hourly figure, every clause understood) from the clauses after a source's ";" ("$30.10 per hour")."""
    hourly, understood = None, True
    for clause in clauses:
        pays = money_ranges(clause)
        if len(pays) == 1 and pays[0].period == HOUR and pays[0].low is pays[0].high:
            hourly = pays[0].low.value
        elif clause:
            understood = False
    return hourly, understood


def official_source(text: str, number: int, *, median: bool) -> OfficialSource | None:
    """ "(U.S. national median for OCCUPATION, May 2023, BLS)" or "(projected for OCCUPATION, 2022-2032, BLS)".

    Extra clauses do not lose the source: an SOC code anywhere ("…, SOC 47-2152, …") is taken out of the
    occupation into `soc_code`, and a clause after a ";" may give the hourly figure ("; $30.10 per hour").
    None when the parenthesis is not a source, or has a clause that is neither.
    """
    text = re.sub(r"\s*\((SOC(?:\s+code)?\s*:?\s*\d{2}-\d{4})\)", r", \1", text, flags=re.I)
    inner = re.search(r"\(([^()]*)\)", text)
    if not inner:
        return None
    main, *extra = (clause.strip() for clause in inner.group(1).split(";"))
    soc = _SOC.search(main)
    main = _SOC.sub("", main) if soc else main
    parts = [part.strip() for part in main.split(",") if part.strip()]
    hourly, understood = _extra_clauses(extra)
    if len(parts) < 2 or not re.fullmatch(r"[A-Z][A-Za-z.]{1,9}", parts[-1]) or not understood:
        return None
    abbreviation = parts.pop()
    as_of, precision, start, end = _source_date(parts)
    first = ", ".join(parts)
    occupation = re.search(r"\bfor\s+(.+)$", first)
    titles = OFFICIAL_TITLES.get(abbreviation, DEFAULT_OFFICIAL_TITLES)
    return OfficialSource(
        publisher=OFFICIAL_PUBLISHERS.get(abbreviation, abbreviation),
        abbreviation=abbreviation,
        title=titles[0] if median else titles[1],
        occupation=(occupation.group(1) if occupation else first).strip(" ,"),
        as_of=as_of,
        precision=precision,
        period_start=start,
        period_end=end,
        line=number,
        soc_code=soc["code"] if soc else "",
        hourly=hourly,
    )


def _parts(section: Section) -> tuple[dict[str, list[Line]], dict[str, int], tuple[Line, ...]]:
    """The lines under each sub-heading, each sub-heading's line, and the lines before the first one."""
    parts: dict[str, list[Line]] = {}
    heading_lines: dict[str, int] = {}
    before: list[Line] = []
    current = None
    for number, text in section.lines:
        if text in KEY_FACT_HEADINGS and text not in parts:
            current = text
            parts[current] = []
            heading_lines[current] = number
        elif current:
            parts[current].append((number, text))
        else:
            before.append((number, text))
    if not parts:
        raise GuideFormatError("the “Key Facts & Statistics” section has no key facts", section.line)
    return parts, heading_lines, tuple(before)


def _empty_headings(parts, heading_lines) -> SectionResult:
    """An empty sub-heading is an empty section and a gap note."""
    empty, notes = [], []
    for heading in KEY_FACT_HEADINGS:
        if heading not in parts or parts[heading]:
            continue
        line = heading_lines[heading]
        empty.append(EmptySection(heading, line))
        if heading == "Top Industries":
            note = (
                "The guide's key facts have a “Top Industries” heading with nothing under it. "
                "No industries are listed rather than guessed."
            )
            notes.append(Note("gap", "key_facts", "Top industries", note, line))
        else:
            note = f"The guide's key facts have a “{heading}” heading with no figure under it."
            notes.append(Note("gap", "key_facts", heading.capitalize(), note, line))
    return SectionResult(notes=tuple(notes), empty=tuple(empty))


@dataclass(frozen=True)
class _Median:
    currency: str = ""
    median: Decimal | None = None
    source: OfficialSource | None = None
    range_min: Decimal | None = None
    range_max: Decimal | None = None
    open_ended: bool = False
    range_note: str = ""
    period: str = ""  # of the median, "" until one is read
    range_period: str = ""
    currency_guessed: bool = False


def _period_problem(pay) -> str:
    """Why a key figure without a stated period cannot be stored as a year's pay, or ""."""
    if pay.period or pay.low.value >= SMALLEST_YEARLY:
        return ""
    return "no period stated and too small for a year's pay; write “per hour” or “a year”"


def _median(lines: list[Line]) -> tuple[_Median, tuple[Line, ...]]:
    """The median, its source and its range from the "Median Salary" lines; and the lines not understood.

    Median and range keep the period they are stated per; a range per another period than the median
    is refused (the key facts have one period), as is a small figure with no period at all.
    """
    found = _Median()
    unparsed = []
    for number, text in lines:
        if text.startswith("("):
            source = official_source(text, number, median=True) or found.source
            found = replace(found, source=source)
            if source is None:
                unparsed.append((number, text))
        elif text.lower().startswith("range"):
            pays = money_ranges(text)
            problem = _period_problem(pays[0]) if pays else "unreadable"
            if not problem and found.period and (pays[0].period or YEAR) != found.period:
                problem = f"the range is per {pays[0].period or YEAR}, the median per {found.period}"
            if problem:
                unparsed.append((number, text if problem == "unreadable" else f"{text} [{problem}]"))
                continue
            pay = pays[0]
            note = re.search(r"\(([^()]*)\)\s*$", text)
            found = replace(
                found,
                range_min=pay.low.value,
                range_max=pay.high.value,
                open_ended=pay.high.open_ended,
                currency=found.currency or pay.currency,
                range_note=capitalise(note.group(1).strip()) if note else "",
                range_period=pay.period or YEAR,
                currency_guessed=found.currency_guessed or (not found.currency and pay.currency_guessed),
            )
        elif text.strip() in MISSING_CELLS:
            continue
        else:
            pays = money_ranges(text)
            problem = _period_problem(pays[0]) if pays else ""
            if pays and found.median is None and not problem:
                pay = pays[0]
                found = replace(
                    found,
                    median=pay.low.value,
                    currency=pay.currency,
                    period=pay.period or YEAR,
                    currency_guessed=pay.currency_guessed,
                )
            else:
                unparsed.append((number, f"{text} [{problem}]" if problem else text))
    return found, tuple(unparsed)


def _openings(lines: list[Line]) -> tuple[int | None, bool, OfficialSource | None, tuple[Line, ...]]:
    """(openings, approximate, source, lines not understood) from the "Annual Openings" lines."""
    openings = None
    approximate = False
    source = None
    unparsed = []
    for number, text in lines:
        amount = re.fullmatch(r"(?P<approx>[≈~]|about |approximately )?\s*(?P<num>[\d.,]+)\s*(?P<scale>k|K|M)?", text)
        if amount:
            value = decimal_amount(amount["num"], amount["scale"])
            openings = int(value) if value is not None else None
            approximate = bool(amount["approx"])
        elif "(" in text:
            source = official_source(text, number, median=False)
            if source is None:
                unparsed.append((number, text))
        elif text.strip() not in MISSING_CELLS:
            unparsed.append((number, text))
    return openings, approximate, source, tuple(unparsed)


def _growth_outlook(lines: list[Line], title: str) -> tuple[tuple[Growth, ...], tuple[Line, ...]]:
    """The growth figures of the "Growth Outlook" lines, each with the source line after it; lines not understood."""
    growth = []
    unparsed = []
    pct = None
    pct_line = 0
    for number, text in lines:
        figure = re.fullmatch(
            r"(?P<lo>[-−]?\d+(?:\.\d+)?)\s*%?\s*(?:(?:-|–|to)\s*(?P<hi>[-−]?\d+(?:\.\d+)?)\s*)?%", text
        )
        if figure:
            low = Decimal(figure["lo"].replace("−", "-"))
            pct = (low, Decimal(figure["hi"].replace("−", "-")) if figure["hi"] else low)
            pct_line = number
        elif pct and "(" in text:
            source = official_source(text, number, median=False)
            comparison = text[: text.index("(")].strip()
            occupation = source.occupation if source else ""
            start, end = (source.period_start, source.period_end) if source else (None, None)
            growth.append(Growth(*pct, start, end, None, comparison, occupation or title, source, pct_line))
            pct = None
        elif text.strip() not in MISSING_CELLS:
            unparsed.append((number, text))
    if pct:  # a figure without its description
        growth.append(Growth(pct[0], pct[1], None, None, None, "", title, None, pct_line))
    return tuple(growth), tuple(unparsed)


def _top_industries(lines: list[Line]) -> tuple[tuple[Industry, ...], tuple[Line, ...]]:
    industries = []
    unparsed = []
    for number, text in lines:
        item = re.fullmatch(
            r"(?P<name>[^():–—]+?)\s*(?:\((?P<a>[^()]*)\)|[:–—]\s*(?P<b>.+)|\s-\s(?P<c>.+))?", BULLET.sub("", text)
        )
        if item and len(item["name"]) <= 150:
            note = (item["a"] or item["b"] or item["c"] or "").strip()
            industries.append(Industry(item["name"].strip(), truncate(note, 300), number))
        else:
            unparsed.append((number, text))
    return tuple(industries), tuple(unparsed)


def _hourly_conflict(median: _Median) -> tuple[Note, ...]:
    """A conflict when the source's hourly figure, times BLS's 2,080 hours, is not the yearly median (±1%)."""
    source = median.source
    if source is None or source.hourly is None or median.median is None or median.period != YEAR:
        return ()
    yearly = source.hourly * HOURS_PER_YEAR
    if abs(yearly - median.median) <= median.median / 100:
        return ()
    note = (
        f"The guide's median is {median.median:,} a year, but its source line says {source.hourly} an hour, "
        f"which is {yearly:,.0f} a year at 2,080 hours. Both are kept as the guide states them."
    )
    return (Note("conflict", "key_facts", "Median pay", note, source.line),)


def key_facts(section: Section, context: Context) -> SectionResult:
    """The key facts; KeyFigures only when the guide gives a figure, an education or growth (here or before)."""
    parts, heading_lines, before = _parts(section)
    empty = _empty_headings(parts, heading_lines)
    median, median_unparsed = _median(parts.get("Median Salary", []))
    openings, approximate, openings_source, openings_unparsed = _openings(parts.get("Annual Openings", []))
    growth, growth_unparsed = _growth_outlook(parts.get("Growth Outlook", []), context.title)
    industries, industries_unparsed = _top_industries(parts.get("Top Industries", []))
    education = " ".join(text for _, text in parts.get("Typical Education", []))
    figures = None
    stated = any(value is not None for value in (median.median, median.range_min, openings))
    if stated or education or growth or context.growth:
        figures = KeyFigures(
            currency=median.currency or "USD",
            median=median.median,
            median_source=median.source,
            range_min=median.range_min,
            range_max=median.range_max,
            range_max_open_ended=median.open_ended,
            range_note=truncate(median.range_note, 300),
            openings=openings,
            openings_approximate=approximate,
            openings_source=openings_source,
            typical_education=education,
            line=section.line,
            period=median.period or median.range_period or YEAR,
            guesses=(f"currency {median.currency} guessed from its sign, no ISO code written",)
            if median.currency_guessed
            else (),
        )
    return SectionResult(
        unparsed=before + median_unparsed + openings_unparsed + growth_unparsed + industries_unparsed,
        notes=empty.notes + _hourly_conflict(median),
        empty=empty.empty,
        key_facts=figures,
        growth=growth,
        top_industries=industries,
    )
