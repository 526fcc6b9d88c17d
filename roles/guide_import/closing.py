"""The closing sections: emerging specialisations, the FAQ, related careers and the site's readiness footer."""

import re

from careerguide.formatting import truncate

from .layout import FURNITURE, Section
from .results import Context, Line, NamedText, Question, Related, SectionResult
from .text import is_heading_like


def specializations(section: Section, context: Context) -> SectionResult:
    """Introductory paragraphs, then a short heading line followed by its text, per specialisation."""
    intro: list[Line] = []
    unparsed: list[Line] = []
    entries: list[tuple[str, int, list[str]]] = []
    lines = section.lines
    for index, (number, text) in enumerate(lines):
        has_next = index + 1 < len(lines)
        if is_heading_like(text) and has_next and not is_heading_like(lines[index + 1][1]):
            entries.append((text, number, []))
        elif entries:
            entries[-1][2].append(text)
        elif is_heading_like(text):
            unparsed.append((number, text))
        else:
            intro.append((number, text))
    return SectionResult(
        prose=(("specializations_overview", tuple(intro)),),
        specializations=tuple(NamedText(truncate(name, 150), "\n\n".join(body), line) for name, line, body in entries),
        unparsed=tuple(unparsed),
    )


def _entries(lines: tuple[Line, ...], starts) -> tuple[list[tuple[str, int, list[str]]], list[Line]]:
    """Entries that begin at a line `starts(text)` accepts, with the lines after it; and the lines before the first."""
    entries: list[tuple[str, int, list[str]]] = []
    before: list[Line] = []
    for number, text in lines:
        if starts(text):
            entries.append((text, number, []))
        elif entries:
            entries[-1][2].append(text)
        else:
            before.append((number, text))
    return entries, before


def faq(section: Section, context: Context) -> SectionResult:
    """A question (a line ending in "?") and the paragraphs of its answer; the paragraphs before the first
    question are the section's introduction (`faq_overview`)."""
    entries, intro = _entries(section.lines, lambda text: text.endswith("?") and len(text) <= 300)
    faqs = tuple(Question(question, "\n\n".join(answer), line) for question, line, answer in entries if answer)
    unparsed = [(line, f"{question} [no answer]") for question, line, answer in entries if not answer]
    return SectionResult(faqs=faqs, unparsed=tuple(unparsed), prose=(("faq_overview", tuple(intro)),))


def related(section: Section, context: Context) -> SectionResult:
    """A related career's title and its note; the site's links and an introduction ending in ":" are skipped."""
    kept: list[Line] = []
    started = False
    for number, text in section.lines:
        if text not in FURNITURE and (started or not text.endswith(":")):
            kept.append((number, text))
            started = started or is_heading_like(text)
    entries, unparsed = _entries(tuple(kept), is_heading_like)
    unparsed += [(line, title) for title, line, _ in entries if len(title) > 120]
    return SectionResult(
        related=tuple(
            Related(title, truncate(" ".join(note), 300), line) for title, line, note in entries if len(title) <= 120
        ),
        unparsed=tuple(unparsed),
        skipped=len(section.lines) - len(kept),
    )


def readiness(section: Section, context: Context) -> SectionResult:
    """The site's "Assess your readiness" footer: skipped, but it names the publisher ("Upgrade to X Plus")."""
    texts = [text for _, text in section.lines]
    publisher = ""
    for index, text in enumerate(texts):
        upgrade = re.search(r"\bUpgrade to (?P<name>[A-Z][\w.&' -]*?) (?:Plus|Pro|Premium)\b", text)
        if upgrade:
            publisher = upgrade["name"].strip()
            break
        if index + 1 < len(texts) and texts[index + 1] == f"{text} Plus":
            publisher = text
            break
    return SectionResult(skipped=1 + len(section.lines), publisher=publisher)
