"""The market sections: the commentary (with the guide's own growth figure), market reality and insights."""

import re
from decimal import Decimal

from careerguide.formatting import truncate

from .layout import Section, prose
from .results import Context, Growth, Insight, SectionResult
from .text import sentences, years

_GROWTH_WORDS = re.compile(r"\b(?:grow|growth|increase|expand|rise|decline|shrink|projected)", re.I)
_PERCENT = re.compile(
    r"(?P<lo>[-−]?\d+(?:\.\d+)?)\s*%?\s*(?:-|–|to)\s*(?P<hi>[-−]?\d+(?:\.\d+)?)\s*%|(?P<one>[-−]?\d+(?:\.\d+)?)\s*%"
)
_COMPARISON = re.compile(
    r"((?:much |slightly |somewhat |a little |about |roughly )?(?:faster|slower) than (?:the )?average[^,.;)]*"
    r"|(?:about )?as fast as (?:the )?average[^,.;)]*)",
    re.I,
)


def commentary_growth(sentence: str, number: int, title: str) -> Growth | None:
    """The guide's own growth figure in a sentence of its commentary ("grow 10-15% over the next five years")."""
    if not _GROWTH_WORDS.search(sentence):
        return None
    pct = _PERCENT.search(sentence)
    if not pct:
        return None
    low = Decimal((pct["lo"] or pct["one"]).replace("−", "-"))
    high = Decimal(pct["hi"].replace("−", "-")) if pct["hi"] else low
    if re.search(r"\b(?:decline|shrink|fall|drop)", sentence, re.I) and low > 0:
        low, high = -high, -low
    horizon = re.search(r"over the (?:next|coming) (?P<n>\w+) years", sentence, re.I)
    period = re.search(r"(?:from|between) (?P<a>\d{4}) (?:and|to) (?P<b>\d{4})", sentence)
    comparison = _COMPARISON.search(sentence)
    return Growth(
        low,
        high,
        int(period["a"]) if period else None,
        int(period["b"]) if period else None,
        years(horizon["n"]) if horizon else None,
        truncate(comparison.group(1).strip(), 200) if comparison else "",
        title,
        None,
        number,
    )


def market_commentary(section: Section, context: Context) -> SectionResult:
    """Each paragraph an outlook insight; the first growth figure, unless the guide gave its own before."""
    growth = None
    has_own = any(figure.source is None for figure in context.growth)
    for number, text in section.lines:
        if growth or has_own:
            break
        growth = next(filter(None, (commentary_growth(s, number, context.title) for s in sentences(text))), None)
    return SectionResult(
        insights=tuple(Insight("outlook", text, number) for number, text in section.lines),
        growth=(growth,) if growth else (),
    )


def market_reality(section: Section, context: Context) -> SectionResult:
    """ "2025 Market Reality for …": prose, and the year the guide's editors wrote it for."""
    year = section.match["year"] if section.match and section.match.groupdict().get("year") else None
    return SectionResult(prose=prose(section.key, section.lines), editorial_year=int(year) if year else None)


def _insights(section: Section, kind: str) -> SectionResult:
    return SectionResult(insights=tuple(Insight(kind, text, number) for number, text in section.lines))


def challenges(section: Section, context: Context) -> SectionResult:
    return _insights(section, "challenge")


def opportunities(section: Section, context: Context) -> SectionResult:
    return _insights(section, "opportunity")


def trends(section: Section, context: Context) -> SectionResult:
    return _insights(section, "trend")
