"""The layout of a guide: its lines, its title and its headings, which cut it into sections.

The layout is the one of `shared/seed/000_4bceecc9f1933efc.txt`: a "Complete X Career Guide" title,
a summary, then headed sections in any order, each heading used once.
"""

import re
from dataclasses import dataclass

from careerguide.formatting import truncate

from .results import GuideFormatError, Line, Text

TITLE = re.compile(r"Complete (?P<title>.+?) Career Guide", re.I)
# Markers the site glues to the next line's text ("Explore career guideTechnical Project Manager").
GLUE = re.compile(
    r"(Explore career guide|View examples|See your skills gap|Assess your readiness|years in role"
    r"|years total experience|Key Focus Areas)(?=[A-Z])"
)
FURNITURE = {"Explore career guide", "View examples", "See your skills gap", "Assess your readiness"}

# (section key, heading pattern); "{t}" is the guide's title. Each heading is used once.
HEADINGS = (
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
LATE_SECTIONS = {"faq", "related", "readiness"}
# Role text field each plain prose section fills; a section not named here fills the field of its own key.
PROSE_FIELDS = {
    "description": "description",
    "duties": "description",
    "work_environment": "work_environment",
    "tools": "tools_overview",
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


@dataclass(frozen=True)
class Section:
    """A heading (`key` from `HEADINGS`, the heading's text and line, its match) and the lines under it."""

    key: str
    heading: str
    line: int
    match: re.Match | None
    lines: tuple[Line, ...]


def guide_lines(text: str) -> tuple[Line, ...]:
    """Non-empty lines with their numbers, glued site markers split apart (same number for each part)."""
    found = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.replace("\ufeff", "").strip()
        if not line:
            continue
        for part in GLUE.sub("\\1\n", line).split("\n"):
            if part.strip():
                found.append((number, part.strip()))
    return tuple(found)


def guide_title(lines: tuple[Line, ...]) -> str:
    """The role's title from the first line, "Complete <title> Career Guide"; GuideFormatError otherwise."""
    if not lines:
        raise GuideFormatError("the file is empty", 1)
    number, first = lines[0]
    title_match = TITLE.fullmatch(first)
    if not title_match:
        raise GuideFormatError(
            f"the first line must be the guide's title, “Complete … Career Guide”, not “{truncate(first, 60)}”",
            number,
        )
    return title_match["title"].strip()


def _heading_patterns(title: str) -> list[tuple[str, re.Pattern, re.Pattern | None]]:
    """(key, pattern with this guide's title, pattern with any title or None) for each heading."""
    patterns = []
    title = re.escape(title) + r"(?:e?s)?"
    for key, pattern in HEADINGS:
        exact = re.compile(pattern.replace("{t}", title), re.I)
        loose = re.compile(pattern.replace("{t}", ".+"), re.I) if "{t}" in pattern else None
        patterns.append((key, exact, loose))
    return patterns


def split_sections(lines: tuple[Line, ...], title: str) -> tuple[tuple[Line, ...], tuple[Section, ...]]:
    """The summary's lines (before the first heading) and the sections, in the guide's order."""
    patterns = _heading_patterns(title)
    seen: set[str] = set()
    summary: list[Line] = []
    sections: list[tuple[str, str, int, re.Match, list[Line]]] = []
    for number, text in lines:
        found = None
        for key, exact, loose in patterns:
            if key in seen:
                continue
            match = exact.fullmatch(text)
            if not match and loose and not (seen & LATE_SECTIONS):
                match = loose.fullmatch(text)
            if match:
                found = (key, match)
                break
        if found:
            seen.add(found[0])
            sections.append((found[0], text, number, found[1], []))
        elif sections:
            sections[-1][4].append((number, text))
        else:
            summary.append((number, text))
    return tuple(summary), tuple(Section(*head, tuple(body)) for *head, body in sections)


def summary_text(lines: tuple[Line, ...]) -> Text | None:
    return Text("\n\n".join(text for _, text in lines), lines[0][0]) if lines else None


def prose(key: str, lines: tuple[Line, ...]) -> tuple[tuple[str, tuple[Line, ...]], ...]:
    """A `SectionResult.prose` value: the lines of section `key` for the Role text field it fills."""
    return ((PROSE_FIELDS.get(key, key), tuple(lines)),)
