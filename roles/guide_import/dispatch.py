"""The section dispatcher: cut a guide into sections, parse each with its function, join the results.

Each section's function is pure: it gets the section and a `Context` (the title and the growth figures of
the sections before it) and returns a `SectionResult`. A heading without a function is a prose section.
"""

from collections.abc import Callable
from itertools import chain

from . import closing, global_pay, key_facts, ladder, lists, market, pathway
from .layout import Section, guide_lines, guide_title, prose, split_sections, summary_text
from .results import Context, EmptySection, GuideFormatError, Line, ParsedGuide, SectionResult, Text
from .text import fold
from .whole_guide import certifications, conflicts

SectionParser = Callable[[Section, Context], SectionResult]

SECTION_PARSERS: dict[str, SectionParser] = {
    "key_facts": key_facts.key_facts,
    "responsibilities": lists.responsibilities,
    "tools": lists.tools,
    "education_requirements": lists.education_requirements,
    "technical_skills": lists.technical_skills,
    "soft_skills": lists.soft_skills,
    "how_to_become": pathway.how_to_become,
    "education": pathway.education,
    "level_table": ladder.level_table,
    "market_commentary": market.market_commentary,
    "career_path": ladder.career_path,
    "global_salaries": global_pay.global_salaries,
    "remote_work": global_pay.visa,
    "visa": global_pay.visa,
    "market_reality": market.market_reality,
    "challenges": market.challenges,
    "opportunities": market.opportunities,
    "trends": market.trends,
    "specializations": closing.specializations,
    "pros_cons": lists.not_stored,
    "pros": lists.pros,
    "cons": lists.cons,
    "faq": closing.faq,
    "related": closing.related,
    "toolkit": lists.furniture,
    "readiness": closing.readiness,
}
# Sections whose empty body is not reported as an empty section (their function decides, or it is expected).
_NOT_REPORTED_EMPTY = {"key_facts", "duties", "pros_cons", "how_to_become"}
UNNAMED_PUBLISHER = "Guide publisher (not named in the file)"
_VISA_ORDER = ("skilled_worker", "digital_nomad", "intra_company", "family")


def prose_section(section: Section, context: Context) -> SectionResult:
    return SectionResult(prose=prose(section.key, section.lines))


def parse_sections(sections: tuple[Section, ...], title: str) -> tuple[SectionResult, ...]:
    """Each section's result in the guide's order, then one for each section with nothing under its heading."""
    results: list[SectionResult] = []
    for section in sections:
        growth = tuple(chain.from_iterable(result.parts.get("growth", ()) for result in results))
        parser = SECTION_PARSERS.get(section.key, prose_section)
        results.append(parser(section, Context(title, growth)))
        if not section.lines and section.key not in _NOT_REPORTED_EMPTY:
            results.append(SectionResult(empty=(EmptySection(section.heading, section.line),)))
    return tuple(results)


def _joined_prose(results: tuple[SectionResult, ...]) -> dict[str, list[Line]]:
    """Role text field -> its lines, fields in the order the guide first reaches them."""
    joined: dict[str, list[Line]] = {}
    for result in results:
        for field, lines in result.prose:
            joined.setdefault(field, []).extend(lines)
    return joined


def _visas(results: tuple[SectionResult, ...]) -> tuple:
    """Each visa route once (the first mention), by kind."""
    unique = {}
    for visa in chain.from_iterable(result.parts.get("visas", ()) for result in results):
        unique.setdefault((visa.kind, fold(visa.name), visa.country), visa)
    return tuple(sorted(unique.values(), key=lambda visa: _VISA_ORDER.index(visa.kind)))


def _joined_parts(results: tuple[SectionResult, ...]) -> dict[str, tuple]:
    """Each part's items from every section, in the guide's order; official growth figures first."""
    joined: dict[str, list] = {}
    for result in results:
        for name, items in result.parts.items():
            joined.setdefault(name, []).extend(items)
    joined.pop("visas", None)  # each route once: `_visas`
    if "growth" in joined:
        joined["growth"].sort(key=lambda growth: growth.source is None)
    return {name: tuple(items) for name, items in joined.items()}


def join_results(title: str, title_line: int, summary: Text | None, results: tuple[SectionResult, ...]) -> ParsedGuide:
    """The parsed guide from its sections' results, with the certifications and conflicts read across them."""
    parts = _joined_parts(results)
    prose = _joined_prose(results)
    facts = next((result.key_facts for result in results if result.key_facts is not None), None)
    notes = tuple(chain.from_iterable(result.notes for result in results))
    notes += conflicts(
        title=title, growth=parts.get("growth", ()), key_facts=facts, level_pay=parts.get("level_pay", ())
    )
    empty = chain.from_iterable(result.empty for result in results)
    return ParsedGuide(
        title=title,
        title_line=title_line,
        summary=summary,
        prose={
            field: Text("\n\n".join(text for _, text in lines), lines[0][0]) for field, lines in prose.items() if lines
        },
        key_facts=facts,
        parts=parts,
        certifications=certifications(prose),
        visas=_visas(results),
        publisher=next((result.publisher for result in results if result.publisher), UNNAMED_PUBLISHER),
        editorial_year=next((result.editorial_year for result in results if result.editorial_year is not None), None),
        notes=notes,
        empty_sections=tuple(sorted(empty, key=lambda section: section.line)),
        unparsed=tuple(sorted(chain.from_iterable(result.unparsed for result in results))),
        skipped_lines=sum(result.skipped for result in results),
    )


def parse_guide(text: str) -> ParsedGuide:
    """Parse a guide's text (see the package docstring); raise `GuideFormatError` if it is not a guide."""
    lines = guide_lines(text)
    title = guide_title(lines)
    summary, sections = split_sections(lines[1:], title)
    if not any(section.key == "key_facts" for section in sections):
        line = sections[0].line if sections else (lines[1][0] if len(lines) > 1 else lines[0][0])
        raise GuideFormatError("no “Key Facts & Statistics” section: this is not a guide in the expected layout", line)
    return join_results(title, lines[0][0], summary_text(summary), parse_sections(sections, title))
